"""``seniorlearn certificate ...``: issue a learner's certificates as a PDF, and tell what a
certificate number was issued for (a number on paper is checked against the kiosk's record).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import Any

from seniorlearn.core.i18n import N_, _

SHOWN_COURSE = N_("Certificate {number}: a course certificate for {name} (learner {learner}), "
                  "for finishing “{course}”, issued on {day} at {study_point}.")
SHOWN_YEAR = N_("Certificate {number}: a certificate of class hours for {name} (learner "
                "{learner}), {xueshi} class hours in {year}, issued on {day} at {study_point}.")
UNKNOWN = N_("No certificate with the number {number} was issued on this kiosk. Check the "
             "number on the paper (it looks like 2026-000001).")
WRITTEN = N_("Saved {count} certificates for {name} as {path}.")
NOTHING = N_("{name} has no class hours this year and has not finished a course yet, so "
             "there is no certificate to make yet.")
UNEXPECTED = N_("The command failed unexpectedly ({cause}); run “seniorlearn doctor” and tell "
                "the support team.")


def add_certificate_commands(subparsers: Any) -> None:
    command = subparsers.add_parser("certificate", help="issue and look up certificates")
    actions = command.add_subparsers(dest="certificate_action", required=True)
    show = actions.add_parser("show", help="what a certificate number was issued for")
    show.add_argument("number")
    make = actions.add_parser("make", help="a learner's certificates as an A4 PDF")
    make.add_argument("--learner", required=True)
    make.add_argument("--out", type=Path, required=True)


def main(args: argparse.Namespace) -> int:
    from seniorlearn.core.config import Config
    from seniorlearn.core.i18n import set_language
    from seniorlearn.core.learner_files import SaveError
    from seniorlearn.core.paths import Paths
    from seniorlearn.core.services.reports import CertificateRefused, for_kiosk
    from seniorlearn.core.storage.db import DatabaseError
    from seniorlearn.core.storage.writer import DatabaseWriter
    from seniorlearn.report_cli import _library

    paths = Paths.from_env()
    writer = None
    try:
        config = Config(paths.config_file)
        set_language(config.get("language"))
        writer = DatabaseWriter(paths.database)
        library = _library(paths)
        service = for_kiosk(writer, config, lambda: library)
        if args.certificate_action == "show":
            return _show(service, args.number)
        return _make(service, args.learner, args.out)
    except (CertificateRefused, DatabaseError, SaveError) as exc:
        _say(str(exc))
        return 2
    except Exception as exc:  # a person must never see a traceback
        _say(_(UNEXPECTED).format(cause=f"{type(exc).__name__}: {exc}"))
        return 1
    finally:
        if writer is not None:
            writer.close()


def _show(service: Any, number: str) -> int:
    found = service.certificate(number)
    if found is None:
        _say(_(UNKNOWN).format(number=number))
        return 2
    print(describe(found))
    return 0


def describe(found: Any) -> str:
    words = SHOWN_COURSE if found.kind == "course" else SHOWN_YEAR
    return _(words).format(number=found.number, name=found.name, learner=found.learner,
                           course=found.course_title, xueshi=f"{found.xueshi:g}",
                           year=found.year, day=found.issued_day,
                           study_point=found.study_point)


def _make(service: Any, learner: str, out: Path) -> int:
    from seniorlearn.core.services.reports import NO_LEARNER
    from seniorlearn.ui.render.certificate_output import write

    certificates = service.certificates_for(learner, datetime.date.today())
    if not certificates:
        person = service.learner(learner)
        if person is None:
            _say(_(NO_LEARNER).format(number=learner))
            return 2
        _say(_(NOTHING).format(name=person.name))
        return 2
    write(certificates, out)
    print(_(WRITTEN).format(count=len(certificates), name=certificates[0].name, path=out))
    for certificate in certificates:
        print(describe(certificate))
    return 0


def _say(sentence: str) -> None:
    print(sentence, file=sys.stderr, flush=True)
