"""``seniorlearn hours ...``: add an in-person class, import a sign-in sheet, report 学时.

A problem is one translated sentence on stderr and exit status 2; a sheet with bad rows
lists every one of them by line and records nothing.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.text import table_lines

ADDED = N_("Recorded {minutes} minutes of “{activity}” for learner {number} on {day}.")
IMPORTED = N_("Sign-in sheet imported: {count} records.")
NOT_IMPORTED = N_("Nothing was recorded: {count} rows need fixing. Correct them in the file and "
                  "import it again.")
ROW_PROBLEM = N_("Line {line}: {problem}")
BAD_DATE = N_("The date {text} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-03.")
BAD_RANGE = N_("The day after --to ({last}) is before the day after --from ({first}); "
               "swap them.")
NO_HOURS = N_("No study time is recorded for this period.")
UNEXPECTED = N_("The command failed unexpectedly ({cause}); run “seniorlearn doctor” and tell "
                "the support team.")
HEADINGS = (N_("Number"), N_("Seconds"), N_("Class hours"), N_("Sessions"),
            N_("Lessons learned"), N_("Seconds over the daily cap"))
FIELDS = ("learner", "seconds", "xueshi", "sessions", "completions", "over_cap_seconds")


def add_hours_commands(subparsers: Any) -> None:
    hours = subparsers.add_parser("hours", help="in-person classes, sign-in sheets, reports")
    actions = hours.add_subparsers(dest="hours_action", required=True)
    add = actions.add_parser("add", help="record an in-person class for one learner")
    add.add_argument("--learner", required=True)
    add.add_argument("--minutes", required=True, type=int)
    add.add_argument("--activity", required=True)
    add.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    imp = actions.add_parser("import", help="a sign-in sheet: learner,date,minutes,activity")
    imp.add_argument("file", type=Path)
    report = actions.add_parser("report", help="学时 per learner, or the study point's report "
                                "with --by")
    report.add_argument("--learner", default=None)
    report.add_argument("--from", dest="first", default=None, help="YYYY-MM-DD")
    report.add_argument("--to", dest="last", default=None, help="YYYY-MM-DD")
    report.add_argument("--by", choices=("learner", "month", "course", "study-point"),
                        default=None, help="the study point's report (no dates: this year)")
    report.add_argument("--format", choices=("table", "csv", "xlsx", "json", "pdf"),
                        default="table")
    report.add_argument("--out", type=Path, default=None, help="the file to write")


def main(args: argparse.Namespace) -> int:
    from seniorlearn import report_cli
    from seniorlearn.core.config import Config
    from seniorlearn.core.i18n import set_language
    from seniorlearn.core.learner_files import SaveError
    from seniorlearn.core.paths import Paths
    from seniorlearn.core.roster import RosterError
    from seniorlearn.core.services.hours import HoursError, HoursService
    from seniorlearn.core.storage.db import DatabaseError
    from seniorlearn.core.storage.writer import DatabaseWriter

    paths = Paths.from_env()
    writer = None
    try:
        config = Config(paths.config_file)
        set_language(config.get("language"))
        writer = DatabaseWriter(paths.database)
        service = HoursService(writer, int(config.get("minutes_per_xueshi")),
                               int(config.get("daily_cap_minutes")))
        if args.hours_action == "report" and report_cli.wants_report(args):
            first, last = _day(args.first), _day(args.last)
            if first and last and last < first:
                raise _BadDate(_(BAD_RANGE).format(first=args.first, last=args.last))
            period = report_cli.period_of(first, last)
            return report_cli.report(writer, config, paths, args, period)
        return HANDLERS[args.hours_action](service, args)
    except (HoursError, RosterError, DatabaseError, _BadDate, SaveError) as exc:
        _say(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 141
    except Exception as exc:  # a person must never see a traceback
        _say(_(UNEXPECTED).format(cause=f"{type(exc).__name__}: {exc}"))
        return 1
    finally:
        if writer is not None:
            writer.close()


class _BadDate(Exception):
    pass


def _day(text: str | None) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise _BadDate(_(BAD_DATE).format(text=text)) from None


def _add(service: Any, args: argparse.Namespace) -> int:
    record = service.add_in_person(args.learner, args.minutes, args.activity, _day(args.date))
    print(_(ADDED).format(minutes=args.minutes, activity=record.activity, number=record.learner,
                          day=record.day))
    return 0


def _import(service: Any, args: argparse.Namespace) -> int:
    count, problems = service.import_sheet(args.file)
    if problems:
        for line, problem in problems:
            _say(_(ROW_PROBLEM).format(line=line, problem=problem))
        _say(_(NOT_IMPORTED).format(count=len({line for line, _p in problems})))
        return 2
    print(_(IMPORTED).format(count=count))
    return 0


def _report(service: Any, args: argparse.Namespace) -> int:
    first, last = _day(args.first), _day(args.last)
    rows = service.report(args.learner, first and first.isoformat(), last and last.isoformat())
    if args.format == "json":
        print(json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2))
    elif args.format == "csv":
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(FIELDS)
        out.writerows([getattr(row, name) for name in FIELDS] for row in rows)
    elif not rows:
        print(_(NO_HOURS))
    else:
        table = [[_(h) for h in HEADINGS]] + [[str(getattr(row, n)) for n in FIELDS]
                                             for row in rows]
        print("\n".join(table_lines(table)))
    sys.stdout.flush()
    return 0


def _say(sentence: str) -> None:
    print(sentence, file=sys.stderr, flush=True)


HANDLERS = {"add": _add, "import": _import, "report": _report}
