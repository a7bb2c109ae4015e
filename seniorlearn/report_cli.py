"""``seniorlearn hours report --by learner|month|course|study-point``: the study point's
report for a month, a year or any range of days, as a table, CSV, XLSX, JSON or a PDF.

With no dates it covers this calendar year; ``--from 2026-11-01 --to 2026-11-30`` is that
month. XLSX and PDF go to ``--out`` (by default a file named after the period, here).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from seniorlearn.core.config import Config
from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.i18n import N_, _
from seniorlearn.core.paths import Paths
from seniorlearn.core.reports.period import Period
from seniorlearn.core.reports.tables import (
    as_csv,
    as_json,
    as_text,
)
from seniorlearn.core.reports.tables import table as make_table
from seniorlearn.core.storage.writer import DatabaseWriter

SAVED = N_("The report was saved as {path}.")
FORMATS = ("table", "csv", "xlsx", "json", "pdf")


def wants_report(args: argparse.Namespace) -> bool:
    """Whether ``hours report`` was asked for this report (else its first, per-learner
    read-out, which stays as it was)."""
    return args.by is not None or args.format in ("xlsx", "pdf") or args.out is not None


def report(writer: DatabaseWriter, config: Config, paths: Paths, args: argparse.Namespace,
           period: Period) -> int:
    from seniorlearn.core.services.reports import for_kiosk

    library = _library(paths)
    service = for_kiosk(writer, config, lambda: library)
    data = service.report(period)
    by = args.by or "learner"
    table = make_table(data, by)
    if args.format in ("xlsx", "pdf"):
        from seniorlearn.ui.render.report_output import save_file, slug, tables_of

        out = args.out or Path(f"report-{slug(period)}.{args.format}")
        save_file(data, tables_of(data, by), out, args.format)
        print(_(SAVED).format(path=out))
        return 0
    text = (as_csv(table) if args.format == "csv" else
            (as_json(table) if args.format == "json" else as_text(table)) + "\n")
    if args.out is not None:
        data_bytes = text if isinstance(text, bytes) else text.encode("utf-8")
        from seniorlearn.ui.render.report_output import write_safely

        write_safely(args.out, lambda scratch: scratch.write_bytes(data_bytes))
        print(_(SAVED).format(path=args.out))
    elif isinstance(text, bytes):
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text)
    sys.stdout.flush()
    return 0


def _library(paths: Paths) -> CourseLibrary | None:
    """The course library, for course titles and lessons; None if it cannot be read."""
    try:
        return CourseLibrary(paths)
    except Exception:  # titles are a nicety: the report uses course ids instead
        return None


def period_of(first: datetime.date | None, last: datetime.date | None) -> Period:
    return Period.between(first, last, datetime.date.today())
