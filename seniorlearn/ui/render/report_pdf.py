"""The study point's report as an A4 PDF, for printing: the figures and three bar charts on
the first page, then the table (by learner, month, course or study point) on as many pages
as it needs, its heading row on each. Text is real text (``pdftotext`` or QtPdf reads it).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.core.reports.figures import ReportData
from seniorlearn.core.reports.tables import Table
from seniorlearn.core.reports.words import figures
from seniorlearn.ui.render.charts import ChartStyle, course_bars, draw_bars, goal_bars, month_bars
from seniorlearn.ui.render.slides import ensure_app, font, keeps_none

DPI = 300
TITLE = N_("Study report")
HEADER = N_("{study_point} · {period}")
MADE = N_("Made on {day} · page {page} of {pages}")
ROWS_PER_PAGE = 32
BLACK, BAR, GREY = "#000000", "#0B3D91", "#666666"


def _mm(value: float) -> float:
    return value * DPI / 25.4


@keeps_none
def write_report(data: ReportData, table: Table, out: Path,
                 today: datetime.date | None = None) -> int:
    """Write the report to ``out``; returns the number of pages."""
    ensure_app()
    writer = QPdfWriter(str(out))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(_(TITLE))
    writer.setCreator("SeniorLearn")
    pages = 1 + max(1, -(-len(table.rows) // ROWS_PER_PAGE))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot draw the report on {out}")
    made = (today or datetime.date.today()).isoformat()
    try:
        _first_page(painter, data, made, pages)
        for page, start in enumerate(range(0, max(1, len(table.rows)), ROWS_PER_PAGE), 2):
            writer.newPage()
            _table_page(painter, data, table, start, made, page, pages)
    finally:
        painter.end()
    return pages


def _header(painter: QPainter, data: ReportData, made: str, page: int, pages: int) -> float:
    """Title, study point and period, the date and page; returns where the page goes on."""
    left, width = _mm(15), _mm(180)
    painter.setPen(QColor(BLACK))
    painter.setFont(font(round(_mm(8)), bold=True))
    painter.drawText(QRectF(left, _mm(12), width, _mm(12)), Qt.AlignmentFlag.AlignLeft,
                     _(TITLE))
    painter.setFont(font(round(_mm(4.5))))
    painter.drawText(QRectF(left, _mm(26), width, _mm(7)), Qt.AlignmentFlag.AlignLeft,
                     _(HEADER).format(study_point=data.rules.study_point,
                                      period=data.period.name(current_language())))
    painter.setFont(font(round(_mm(3.5))))
    painter.setPen(QColor(GREY))
    painter.drawText(QRectF(left, _mm(34), width, _mm(6)), Qt.AlignmentFlag.AlignLeft,
                     _(MADE).format(day=made, page=page, pages=pages))
    painter.setPen(QPen(QColor(BLACK), _mm(0.4)))
    painter.drawLine(QRectF(left, _mm(42), width, 0).topLeft(),
                     QRectF(left, _mm(42), width, 0).topRight())
    return _mm(46)


def _first_page(painter: QPainter, data: ReportData, made: str, pages: int) -> None:
    top = _header(painter, data, made, 1, pages)
    shown = figures(data)
    column_w = _mm(60)
    for index, (_key, number, words) in enumerate(shown):
        x = _mm(15) + index % 3 * column_w
        y = top + index // 3 * _mm(24)
        painter.setPen(QColor(BLACK))
        painter.setFont(font(round(_mm(9)), bold=True))
        painter.drawText(QRectF(x, y, column_w, _mm(12)), Qt.AlignmentFlag.AlignLeft, number)
        painter.setFont(font(round(_mm(4))))
        painter.drawText(QRectF(x, y + _mm(12), column_w, _mm(8)), Qt.AlignmentFlag.AlignLeft,
                         words)
    style = ChartStyle(BLACK, BAR, BLACK, font(round(_mm(3.5))), font(round(_mm(4.5)),
                                                                         bold=True), _mm(0.3))
    charts = top + _mm(52)
    draw_bars(painter, QRectF(_mm(15), charts, _mm(180), _mm(80)), month_bars(data), style)
    draw_bars(painter, QRectF(_mm(15), charts + _mm(95), _mm(85), _mm(85)), course_bars(data),
              style)
    draw_bars(painter, QRectF(_mm(110), charts + _mm(95), _mm(85), _mm(85)), goal_bars(data),
              style)


def _table_page(painter: QPainter, data: ReportData, table: Table, start: int, made: str,
                page: int, pages: int) -> None:
    top = _header(painter, data, made, page, pages)
    widths = _column_widths(table)
    row_h = _mm(6.8)
    rows = [list(table.headings)] + [[_cell(c) for c in row]
                                     for row in table.rows[start:start + ROWS_PER_PAGE]]
    y = top
    for index, row in enumerate(rows):
        height = row_h * (2 if index == 0 else 1)  # headings may wrap to two lines
        painter.setFont(font(round(_mm(3.3)), bold=index == 0))
        painter.setPen(QColor(BLACK))
        x = _mm(15)
        for column, (text, width) in enumerate(zip(row, widths, strict=True)):
            align = (Qt.AlignmentFlag.AlignLeft if index == 0 or column == 0
                     or not _numeric(text) else Qt.AlignmentFlag.AlignRight)
            painter.drawText(QRectF(x, y, width - _mm(2), height),
                             align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                             text)
            x += width
        y += height
        painter.setPen(QPen(QColor(GREY), _mm(0.15)))
        painter.drawLine(QRectF(_mm(15), y, _mm(180), 0).topLeft(),
                         QRectF(_mm(15), y, _mm(180), 0).topRight())
    if not table.rows:
        painter.drawText(QRectF(_mm(15), top + row_h * 1.5, _mm(180), row_h),
                         Qt.AlignmentFlag.AlignLeft, _("No study time is recorded for this "
                                                       "period."))


def _column_widths(table: Table) -> list[float]:
    """Text columns (names, courses) get twice a number's room; all fit 180 mm."""
    weights = [2.0 if table.keys[i] in ("name", "course", "study_point") else 1.0
               for i in range(len(table.keys))]
    return [_mm(180) * w / sum(weights) for w in weights]


def _cell(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()[:7]
    return f"{value:g}" if isinstance(value, float) else str(value)


def _numeric(text: str) -> bool:
    return text.replace(".", "", 1).isdigit()
