"""The report out of the kiosk: the XLSX (a sheet per breakdown) and the PDF, each written
in a scratch folder and then copied safely, so a full or pulled stick never keeps half a
file under the report's name. Runs off the UI thread; returns a sentence."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from seniorlearn.core.courses.stick import STICK_REMOVED, stick_removed
from seniorlearn.core.i18n import N_, _
from seniorlearn.core.learner_files import SaveError, save_copy
from seniorlearn.core.reports.figures import ReportData
from seniorlearn.core.reports.period import MONTH, YEAR, Period
from seniorlearn.core.reports.tables import BY, SHEET_TITLES, Table, table, write_xlsx
from seniorlearn.ui.render.card_output import NO_STICK
from seniorlearn.ui.render.printing import on_stick

SAVED_BOTH = N_("The report was saved to the USB stick as {xlsx} (for Excel or WPS) and "
                "{pdf} (for printing).")


def slug(period: Period) -> str:
    if period.kind == MONTH:
        return period.first.isoformat()[:7]
    if period.kind == YEAR:
        return str(period.first.year)
    return f"{period.first.isoformat()}-{period.last.isoformat()}"


def tables_of(data: ReportData, first: str = "learner") -> list[Table]:
    """Every breakdown, ``first`` first (the PDF prints that one)."""
    return [table(data, first), *(table(data, by) for by in BY if by != first)]


def write_safely(out: Path, draw: Callable[[Path], object]) -> None:
    with tempfile.TemporaryDirectory(prefix="seniorlearn-report-") as folder:
        scratch = Path(folder) / out.name
        draw(scratch)
        save_copy(scratch, out)


def save_file(data: ReportData, tables: list[Table], out: Path, fmt: str) -> None:
    """The XLSX or the PDF at ``out``, whole or not at all (SaveError says why)."""
    def draw(scratch: Path) -> None:
        if fmt == "xlsx":
            write_xlsx(tables, [_(SHEET_TITLES[t.by]) for t in tables], scratch)
        else:
            from seniorlearn.ui.render.report_pdf import write_report

            write_report(data, tables[0], scratch)
    write_safely(out, draw)


def save_to_stick(data: ReportData, stick: Path | None) -> str:
    """Both files into the stick's SENIORLEARN folder, and what happened in a sentence."""
    if stick is None:
        return _(NO_STICK)
    tables = tables_of(data)
    saved = []
    for fmt in ("xlsx", "pdf"):
        out = stick / f"report-{slug(data.period)}.{fmt}"
        try:
            save_file(data, tables, out, fmt)
        except SaveError as exc:
            return _(STICK_REMOVED) if stick_removed(stick) else str(exc)
        saved.append(on_stick(out))
    return _(SAVED_BOTH).format(xlsx=saved[0], pdf=saved[1])
