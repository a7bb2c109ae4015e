"""Certificates as A4 pages: 结业证书 (a course finished) and 学时证明 (a year's class
hours), each with the learner's name, what it is for, the study point, the date and the
number the kiosk recorded (``seniorlearn certificate show NUMBER`` tells what it was for).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPagedPaintDevice, QPainter, QPen

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.storage.certificates import COURSE, Certificate
from seniorlearn.ui.render.slides import font, keeps_none

DPI = 300
COURSE_TITLE = N_("Course certificate")
YEAR_TITLE = N_("Certificate of class hours")
COURSE_BODY = N_("{name} has finished every lesson of the course “{course}”.")
YEAR_BODY = N_("{name} studied {xueshi} class hours in {year}.")
POINT = N_("Study point: {study_point}")
DATE = N_("Date: {day}")
NUMBER = N_("Certificate number: {number}")
DOCUMENT = N_("Certificates")
GOLD, INK = "#8B5A00", "#000000"


def _mm(value: float) -> float:
    return value * DPI / 25.4


def title_of(certificate: Certificate) -> str:
    return _(COURSE_TITLE if certificate.kind == COURSE else YEAR_TITLE)


def body_of(certificate: Certificate) -> str:
    if certificate.kind == COURSE:
        return _(COURSE_BODY).format(name=certificate.name, course=certificate.course_title)
    return _(YEAR_BODY).format(name=certificate.name, xueshi=f"{certificate.xueshi:g}",
                               year=certificate.year)


@keeps_none
def draw_certificates(device: QPagedPaintDevice, certificates: Sequence[Certificate]) -> int:
    """One certificate a page on ``device`` (A4 at ``DPI``); returns the number of pages."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(f"cannot draw the certificates on {type(device).__name__}")
    try:
        for index, certificate in enumerate(certificates):
            if index:
                device.newPage()
            _page(painter, certificate)
    finally:
        painter.end()
    return len(certificates)


def _page(painter: QPainter, certificate: Certificate) -> None:
    painter.setPen(QPen(QColor(GOLD), _mm(1.6)))
    painter.drawRect(QRectF(_mm(12), _mm(12), _mm(186), _mm(273)))
    painter.setPen(QPen(QColor(GOLD), _mm(0.4)))
    painter.drawRect(QRectF(_mm(16), _mm(16), _mm(178), _mm(265)))
    centre = Qt.AlignmentFlag.AlignHCenter
    _text(painter, QRectF(_mm(25), _mm(45), _mm(160), _mm(30)), title_of(certificate),
          _mm(14), centre, bold=True, colour=GOLD)
    _text(painter, QRectF(_mm(30), _mm(100), _mm(150), _mm(60)), body_of(certificate),
          _mm(8), centre | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value))
    left = Qt.AlignmentFlag.AlignLeft
    lines = (_(POINT).format(study_point=certificate.study_point),
             _(DATE).format(day=certificate.issued_day),
             _(NUMBER).format(number=certificate.number))
    for index, line in enumerate(lines):
        _text(painter, QRectF(_mm(35), _mm(200 + index * 14), _mm(140), _mm(10)), line,
              _mm(5), left)


def _text(painter: QPainter, box: QRectF, words: str, px: float, align: Qt.AlignmentFlag,
          bold: bool = False, colour: str = INK) -> None:
    painter.setPen(QColor(colour))
    painter.setFont(font(round(px), bold=bold))
    painter.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, words)
