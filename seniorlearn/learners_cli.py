"""``seniorlearn learners ...``: add, list and import learners; save their cards as a PDF.

The volunteer's screens do the same through the same service; this is the way for
technicians and scripts. A problem is one translated sentence on stderr and exit status 2;
a roster with bad rows lists every one of them by line and imports nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import Any

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.text import table_lines

UNEXPECTED = N_("The command failed unexpectedly ({cause}); run “seniorlearn doctor” and tell "
                "the support team.")
ADDED = N_("Added learner {number}: {name}.")
NO_LEARNERS = N_("No learners yet. Add one with “seniorlearn learners add” or import a roster.")
IMPORTED = N_("Roster imported: {added} new, {updated} updated, {unchanged} already up to date.")
NOT_IMPORTED = N_("Nothing was imported: {count} rows need fixing. Correct them in the file and "
                  "import it again.")
ROW_PROBLEM = N_("Line {line}: {problem}")
NO_SUCH_LEARNER = N_("There is no learner with the number {number}.")
CARDS_SAVED = N_("Saved {count} cards on {pages} pages to {path}.")
CANNOT_SAVE = N_("The file {path} cannot be written. Check the folder or USB stick and try "
                 "again.")
COLUMNS = (N_("Number"), N_("Name"), N_("Call name"), N_("Birth year"), N_("Phone"))


def add_learner_commands(subparsers: Any) -> None:
    learners = subparsers.add_parser("learners", help="add, list and import learners; cards")
    actions = learners.add_subparsers(dest="learners_action", required=True)
    add = actions.add_parser("add", help="add one learner")
    add.add_argument("--number", required=True, help="the learner number on the card")
    add.add_argument("--name", required=True)
    add.add_argument("--call-name", default="", help="how to address them, e.g. 王阿姨")
    add.add_argument("--birth-year", default="")
    add.add_argument("--phone", default="")
    add.add_argument("--study-point", default="")
    listing = actions.add_parser("list", help="every learner")
    listing.add_argument("--json", action="store_true", help="print them as JSON")
    imp = actions.add_parser("import", help="import a roster (.csv or .xlsx), all or nothing")
    imp.add_argument("file", type=Path)
    card = actions.add_parser("card", help="save one learner's card as a PDF")
    card.add_argument("number")
    card.add_argument("--out", type=Path, required=True)
    cards = actions.add_parser("cards", help="save every learner's card as an A4 PDF")
    cards.add_argument("--out", type=Path, required=True)


def main(args: argparse.Namespace) -> int:
    from seniorlearn.core.config import Config
    from seniorlearn.core.i18n import set_language
    from seniorlearn.core.paths import Paths
    from seniorlearn.core.roster import RosterError
    from seniorlearn.core.services.learners import LearnerError, LearnerService
    from seniorlearn.core.storage.db import DatabaseError
    from seniorlearn.core.storage.writer import DatabaseWriter

    paths = Paths.from_env()
    writer = None
    try:
        set_language(Config(paths.config_file).get("language"))
        writer = DatabaseWriter(paths.database)
        return HANDLERS[args.learners_action](LearnerService(writer), args)
    except (LearnerError, RosterError) as exc:
        _say(str(exc))
        return 2
    except DatabaseError as exc:
        _say(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a person must never see a traceback
        _say(_(UNEXPECTED).format(cause=f"{type(exc).__name__}: {exc}"))
        return 1
    finally:
        if writer is not None:
            writer.close()


def _add(service: Any, args: argparse.Namespace) -> int:
    from seniorlearn.core.roster import check_learner

    learner, problems = check_learner(args.number, args.name, args.call_name,
                                      str(args.birth_year), args.phone, args.study_point)
    if learner is None:
        for problem in problems:
            _say(problem)
        return 2
    service.add(learner)
    print(_(ADDED).format(number=learner.number, name=learner.name))
    return 0


def _list(service: Any, args: argparse.Namespace) -> int:
    learners = service.every()
    if args.json:
        print(json.dumps([dataclasses.asdict(x) for x in learners], ensure_ascii=False,
                         indent=2))
        return 0
    if not learners:
        print(_(NO_LEARNERS))
        return 0
    rows = [[_(c) for c in COLUMNS]] + [
        [x.number, x.name, x.call_name, str(x.birth_year or ""), x.phone] for x in learners]
    print("\n".join(table_lines(rows)))
    return 0


def _import(service: Any, args: argparse.Namespace) -> int:
    result = service.import_roster(args.file)
    if not result.imported:
        for line, problem in result.problems:
            _say(_(ROW_PROBLEM).format(line=line, problem=problem))
        _say(_(NOT_IMPORTED).format(count=len({line for line, _p in result.problems})))
        return 2
    print(_(IMPORTED).format(added=result.added, updated=result.updated,
                             unchanged=result.unchanged))
    return 0


def _card(service: Any, args: argparse.Namespace) -> int:
    learner = service.get(args.number)
    if learner is None:
        _say(_(NO_SUCH_LEARNER).format(number=args.number))
        return 2
    return _save_cards([learner], args.out)


def _cards(service: Any, args: argparse.Namespace) -> int:
    learners = service.every()
    if not learners:
        _say(_(NO_LEARNERS))
        return 2
    return _save_cards(learners, args.out)


def _save_cards(learners: list[Any], out: Path) -> int:
    """Draw into a scratch file, then copy with Python: Qt's PDF writer does not report a
    full disk, a copy does, and a half-written card file never takes the target's name."""
    import shutil
    import tempfile

    from seniorlearn.ui.render.cards import write_cards

    target = out if out.suffix.lower() == ".pdf" else out.with_suffix(".pdf")
    partial = target.with_name(f".{target.name}.partial")
    with tempfile.TemporaryDirectory(prefix="seniorlearn-cards-") as scratch:
        drawn = Path(scratch) / "cards.pdf"
        pages = write_cards(learners, drawn)
        try:
            with drawn.open("rb") as source, partial.open("wb") as copy:
                shutil.copyfileobj(source, copy)
                copy.flush()
                os.fsync(copy.fileno())
            partial.replace(target)
        except OSError:
            with contextlib.suppress(OSError):  # a read-only stick refuses even this
                partial.unlink(missing_ok=True)
            _say(_(CANNOT_SAVE).format(path=target))
            return 2
    print(_(CARDS_SAVED).format(count=len(learners), pages=pages, path=target))
    return 0


def _say(sentence: str) -> None:
    print(sentence, file=sys.stderr, flush=True)


HANDLERS = {"add": _add, "list": _list, "import": _import, "card": _card, "cards": _cards}
