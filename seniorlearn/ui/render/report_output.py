"""The report out of the kiosk: the XLSX (a sheet per breakdown) and the PDF, each written
in a scratch folder and then copied safely, so a full or pulled stick never keeps half a
file under the report's name. Runs off the UI thread; returns a sentence."""

from __future__ import annotations

import logging
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from seniorlearn.core.courses.stick import STICK_REMOVED, stick_removed
from seniorlearn.core.i18n import N_, _
from seniorlearn.core.learner_files import SaveError, save_copy
from seniorlearn.core.reports.figures import ReportData
from seniorlearn.core.reports.period import MONTH, YEAR, Period
from seniorlearn.core.reports.tables import BY, SHEET_TITLES, Table, table, write_xlsx
from seniorlearn.core.services.reports import ReportService
from seniorlearn.ui.render.card_output import NO_STICK
from seniorlearn.ui.render.printing import on_stick

log = logging.getLogger(__name__)
NOT_MADE = N_("The report could not be made just now. Please try again, or tell a "
              "technician.")
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


def draw_file(data: ReportData, tables: list[Table], out: Path, fmt: str) -> None:
    """The XLSX (a sheet per table) or the PDF (charts and the first table) at ``out``."""
    if fmt == "xlsx":
        write_xlsx(tables, [_(SHEET_TITLES[t.by]) for t in tables], out)
    else:
        from seniorlearn.ui.render.report_pdf import write_report

        write_report(data, tables[0], out)


def save_file(data: ReportData, tables: list[Table], out: Path, fmt: str) -> None:
    """The XLSX or the PDF at ``out``, whole or not at all (SaveError says why)."""
    write_safely(out, lambda scratch: draw_file(data, tables, scratch, fmt))


def save_to_stick(reports: ReportService, period: Period, stick: Path | None) -> str:
    """The period's XLSX and PDF into the stick's SENIORLEARN folder, made in a child
    process (the kiosk's UI thread never waits on them), and what happened in a sentence."""
    from seniorlearn.ui.render.export_job import export_in_child

    if stick is None:
        return _(NO_STICK)
    names = {fmt: f"report-{slug(period)}.{fmt}" for fmt in ("xlsx", "pdf")}
    with tempfile.TemporaryDirectory(prefix="seniorlearn-report-") as folder:
        drawn = {fmt: Path(folder) / name for fmt, name in names.items()}
        try:
            export_in_child(reports.database, period, reports.rules(),
                            reports.course_titles(), drawn)
        except (OSError, subprocess.SubprocessError) as exc:
            log.error("the report could not be made: %s", exc)
            return _(NOT_MADE)
        for fmt, scratch in drawn.items():
            try:
                save_copy(scratch, stick / names[fmt])
            except SaveError as exc:
                return _(STICK_REMOVED) if stick_removed(stick) else str(exc)
    return _(SAVED_BOTH).format(xlsx=on_stick(stick / names["xlsx"]),
                                pdf=on_stick(stick / names["pdf"]))
