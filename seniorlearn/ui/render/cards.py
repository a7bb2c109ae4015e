"""Learners' study cards as an A4 PDF: ten credit-card-size cards a sheet, ready to cut.

Each card has the name in large type (what a 75-year-old recognises as theirs), the learner
number, and a QR code of the number that the kiosk's scanner or camera reads. The QR code is
drawn as vector squares, so it stays sharp on any printer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import segno
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from seniorlearn.core.i18n import _
from seniorlearn.core.models import Learner
from seniorlearn.ui.render.slides import ensure_app, font, keeps_none

CARD_MM = QSizeF(85.6, 54.0)  # ISO/IEC 7810 ID-1, a bank card
COLUMNS, ROWS = 2, 5
DPI = 600
CARD_TITLE = "SeniorLearn 学习卡"


def _mm(value: float) -> float:
    return value * DPI / 25.4


@keeps_none
def write_cards(learners: Sequence[Learner], out: Path, study_point: str = "") -> int:
    """Write the cards to ``out`` (a PDF); returns the number of A4 pages."""
    ensure_app()
    writer = QPdfWriter(str(out))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(_("Study cards"))
    writer.setCreator("SeniorLearn")
    return draw_cards(writer, learners, study_point, str(out))


@keeps_none
def draw_cards(device: QPagedPaintDevice, learners: Sequence[Learner], study_point: str = "",
               name: str = "") -> int:
    """Draw the cards on ``device`` (a PDF writer, or a printer set to A4 at ``DPI`` with
    its whole page usable); returns the number of pages."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(f"cannot draw the cards on {name or type(device).__name__}")
    per_page = COLUMNS * ROWS
    pages = max(1, -(-len(learners) // per_page))
    left = (_mm(210) - COLUMNS * _mm(CARD_MM.width())) / 2
    top = (_mm(297) - ROWS * _mm(CARD_MM.height())) / 2
    try:
        for index, learner in enumerate(learners):
            if index and index % per_page == 0:
                device.newPage()
            slot = index % per_page
            box = QRectF(left + slot % COLUMNS * _mm(CARD_MM.width()),
                         top + slot // COLUMNS * _mm(CARD_MM.height()),
                         _mm(CARD_MM.width()), _mm(CARD_MM.height()))
            _card(painter, box, learner, study_point or learner.study_point)
    finally:
        painter.end()
    return pages


def _card(painter: QPainter, box: QRectF, learner: Learner, study_point: str) -> None:
    painter.setPen(QPen(QColor("#999999"), _mm(0.2), Qt.PenStyle.DashLine))  # where to cut
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(box)
    inner = box.adjusted(_mm(4), _mm(4), -_mm(4), -_mm(4))
    qr_side = _mm(34)
    qr = QRectF(inner.right() - qr_side, inner.center().y() - qr_side / 2, qr_side, qr_side)
    text = QRectF(inner.left(), inner.top(), inner.width() - qr_side - _mm(3), inner.height())
    painter.setPen(QColor("#000000"))
    painter.setFont(font(round(_mm(3.2))))
    painter.drawText(QRectF(text.left(), text.top(), text.width(), _mm(6)),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, CARD_TITLE)
    _fitted(painter, QRectF(text.left(), text.top() + _mm(9), text.width(), _mm(16)),
            learner.name, _mm(11))
    painter.setFont(font(round(_mm(3.6))))
    painter.drawText(QRectF(text.left(), text.top() + _mm(28), text.width(), _mm(7)),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     _("Number {number}").format(number=learner.number))
    if study_point:
        painter.setFont(font(round(_mm(3.0))))
        painter.drawText(QRectF(text.left(), text.top() + _mm(36), text.width(), _mm(10)),
                         Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, study_point)
    _qr(painter, qr, learner.number)


def _fitted(painter: QPainter, box: QRectF, words: str, px: float) -> None:
    """The name as large as fits on one line; a long one on two lines, never cut."""
    size = px
    while size > _mm(6):
        painter.setFont(font(round(size), bold=True))
        if painter.fontMetrics().horizontalAdvance(words) <= box.width():
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             words)
            return
        size *= 0.9
    painter.setFont(font(round(_mm(5.5)), bold=True))
    painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                     | Qt.TextFlag.TextWordWrap, words)


def _qr(painter: QPainter, box: QRectF, number: str) -> None:
    code = segno.make_qr(number, error="m")
    matrix = code.matrix
    quiet = 2  # modules of white around it, as scanners need
    module = box.width() / (len(matrix) + 2 * quiet)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#000000"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(QRectF(box.left() + (x + quiet) * module,
                                        box.top() + (y + quiet) * module, module, module))
