"""A report's breakdown as a table: by learner, month, course or study point, with typed
cells (numbers stay numbers and months dates) so that every format shows the same values.

CSV is UTF-8 with a byte-order mark, which Excel and WPS need to read Chinese right.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.reports.figures import Line, ReportData
from seniorlearn.core.reports.queries import month_start
from seniorlearn.core.text import table_lines

Cell = str | int | float | datetime.date
BY = ("learner", "month", "course", "study-point")
# (JSON key, heading msgid) of each column, by breakdown.
COMMON = (("learners", N_("Learners who studied")), ("sessions", N_("Sessions")),
          ("seconds", N_("Seconds")), ("xueshi", N_("Class hours")),
          ("completions", N_("Lessons learned")))
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "learner": (("learner", N_("Number")), ("name", N_("Name")),
                ("study_point", N_("Study point")), ("sessions", N_("Sessions")),
                ("seconds", N_("Seconds")), ("xueshi", N_("Class hours")),
                ("completions", N_("Lessons learned")),
                ("year_xueshi", N_("Class hours this year")),
                ("goal_percent", N_("Share of the yearly goal (%)"))),
    "month": (("month", N_("Month")), *COMMON),
    "course": (("course", N_("Course")), *COMMON),
    "study-point": (("study_point", N_("Study point")), *COMMON),
}


@dataclass(frozen=True)
class Table:
    by: str
    keys: tuple[str, ...]
    headings: tuple[str, ...]     # translated
    rows: list[list[Cell]]

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.keys, row, strict=True)) for row in self.rows]


def table(data: ReportData, by: str) -> Table:
    """The breakdown ``by`` (one of BY) of the report."""
    columns = COLUMNS[by]
    if by == "learner":
        rows = [_learner_row(line) for line in data.per_learner]
    elif by == "month":
        rows = [[month_start(m.key), *_common(m)] for m in data.period_months]
    else:
        lines = data.courses if by == "course" else data.study_points
        rows = [[line.label, *_common(line)] for line in lines]
    return Table(by, tuple(k for k, _h in columns), tuple(_(h) for _k, h in columns), rows)


def _common(line: Line) -> list[Cell]:
    return [line.learners, line.sessions, round(line.seconds, 1), line.xueshi,
            line.completions]


def _learner_row(line: Line) -> list[Cell]:
    return [line.number, line.label, line.study_point, line.sessions, round(line.seconds, 1),
            line.xueshi, line.completions, line.year_xueshi, round(line.goal_share * 100, 1)]


def _text(cell: Cell) -> str:
    if isinstance(cell, datetime.date):
        return cell.isoformat()[:7]
    return str(cell)


def as_text(t: Table) -> str:
    return "\n".join(table_lines([list(t.headings), *[[_text(c) for c in row]
                                                       for row in t.rows]]))


def as_csv(t: Table) -> bytes:
    """UTF-8 with a BOM, translated headings: what a volunteer opens in Excel or WPS."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(t.headings)
    writer.writerows([_text(c) for c in row] for row in t.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_json(t: Table) -> str:
    records = [{k: _text(v) if isinstance(v, datetime.date) else v for k, v in r.items()}
               for r in t.records()]
    return json.dumps(records, ensure_ascii=False, indent=2)


def write_xlsx(tables: Sequence[Table], titles: Sequence[str], out: Path) -> None:
    """One sheet per table: real number and date cells, the heading row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for t, title in zip(tables, titles, strict=True):
        sheet = book.create_sheet(title[:31])
        sheet.append(list(t.headings))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in t.rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        for index, heading in enumerate(t.headings, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(10, 2 * len(heading) + 2)
            if t.keys[index - 1] == "month":
                for cell in sheet[letter][1:]:
                    cell.number_format = "yyyy-mm"
    book.save(out)


SHEET_TITLES = {"learner": N_("By learner"), "month": N_("By month"),
                "course": N_("By course"), "study-point": N_("By study point")}
