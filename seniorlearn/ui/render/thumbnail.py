"""A course thumbnail at 640x360: the course title, its category word and a simple icon."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from seniorlearn.ui.render.slides import CATEGORY_WORDS, _draw, ensure_app, font, keeps_none, wrap
from seniorlearn.ui.theme import STANDARD

WIDTH, HEIGHT = 640, 360
ICON = QRectF(40, 90, 180, 180)
INK = STANDARD.primary


def _phone_icon(painter: QPainter, box: QRectF) -> None:
    body = QRectF(box.center().x() - 44, box.top() + 18, 88, 144)
    painter.setPen(QPen(QColor(INK), 8))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(body, 16, 16)
    painter.drawLine(QPointF(body.center().x() - 14, body.bottom() - 18),
                     QPointF(body.center().x() + 14, body.bottom() - 18))
    _glyph(painter, "¥", body.adjusted(0, 0, 0, -24), 56)


def _car_icon(painter: QPainter, box: QRectF) -> None:
    painter.setPen(QPen(QColor(INK), 8))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    cx, cy = box.center().x(), box.center().y()
    painter.drawRoundedRect(QRectF(cx - 70, cy - 10, 140, 50), 14, 14)
    painter.drawRoundedRect(QRectF(cx - 42, cy - 50, 84, 44), 12, 12)
    painter.setBrush(QColor(INK))
    for dx in (-40, 40):
        painter.drawEllipse(QPointF(cx + dx, cy + 44), 16, 16)


def _cross_icon(painter: QPainter, box: QRectF) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STANDARD.danger))
    cx, cy = box.center().x(), box.center().y()
    painter.drawRoundedRect(QRectF(cx - 22, cy - 62, 44, 124), 8, 8)
    painter.drawRoundedRect(QRectF(cx - 62, cy - 22, 124, 44), 8, 8)


def _glyph(painter: QPainter, text: str, box: QRectF, px: int) -> None:
    painter.setPen(QColor(INK))
    painter.setFont(font(px, True))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


ICONS = {"pay": _phone_icon, "ride": _car_icon, "hospital": _cross_icon}
CATEGORY_GLYPHS = {"smart_tech": "📱", "health": "+", "culture": "文", "hobbies": "乐"}


def _icon(painter: QPainter, category: str, topics: tuple[str, ...]) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STANDARD.surface))
    painter.drawEllipse(ICON)
    for topic in topics:
        if topic in ICONS:
            ICONS[topic](painter, ICON)
            return
    if category == "smart_tech":
        _phone_icon(painter, ICON)
    elif category == "health":
        _cross_icon(painter, ICON)
    else:
        _glyph(painter, CATEGORY_GLYPHS.get(category, "学"), ICON, 96)


@keeps_none
def render_thumbnail(title: str, category: str, topics: tuple[str, ...], path: Path) -> None:
    """Draw the course thumbnail as a PNG (title in Chinese: the kiosk's first language)."""
    ensure_app()
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(QRectF(0, 0, WIDTH, HEIGHT), QColor(STANDARD.primary))
    painter.fillRect(QRectF(0, HEIGHT - 14, WIDTH, 14), QColor(STANDARD.focus))
    _icon(painter, category, topics)
    left, width = 252, WIDTH - 252 - 32
    word = wrap(CATEGORY_WORDS.get(category, category), font(28, True), width)
    heading = wrap(title, font(52, True), width)
    top = (HEIGHT - 14 - heading.height - word.height - 44) / 2
    pill = QRectF(left, top, word.widest + 36, word.height + 14)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STANDARD.surface))
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    _draw(painter, word, left + 18, top + 7, STANDARD.primary)
    _draw(painter, heading, left, pill.bottom() + 30, STANDARD.on_primary)
    painter.end()
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")


@keeps_none
def thumbnail_problem(title: str) -> bool:
    """True when the title needs more than two lines on the thumbnail."""
    ensure_app()
    return wrap(title, font(52, True), WIDTH - 252 - 32).lines > 2
