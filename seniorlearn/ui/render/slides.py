"""Lesson slides at 1280x720 and course thumbnails at 640x360, drawn with QPainter.

Large text in the kiosk's standard palette (heading 60 px, body 46 px: both well above what
a 1280x720 video needs to stay readable from 60 cm on the kiosk), and a simple drawn phone
screen beside the heading on ``phone`` slides. ``check_layout`` says which text does not fit
before anything is built, so nothing is ever cut off or shrunk.
"""

from __future__ import annotations

import ctypes
import functools
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTextLayout,
    QTextOption,
)

from seniorlearn.core.authoring.script import (
    LessonScript,
    PhoneItem,
    ScriptError,
    Slide,
    slide_error,
)
from seniorlearn.core.i18n import N_
from seniorlearn.ui.theme import CJK_FAMILIES, STANDARD

P = ParamSpec("P")
R = TypeVar("R")
WIDTH, HEIGHT = 1280, 720
MARGIN = 72
HEADING_PX, BODY_PX, TITLE_PX, STEP_PX = 60, 46, 80, 44
LINE = 1.4
PHONE = QRectF(808, 16, 400, 688)
BEZEL, BAR_H, PAD, GAP = 16, 72, 18, 18
LABEL_PX, PHONE_TITLE_PX = 30, 34
QR_PX = 160
ITEM_H = {"button": 72, "field": 68}
WARNING_COLOUR, WARNING_FILL = STANDARD.danger, "#FDECEA"
HIGHLIGHT = STANDARD.focus
LIMITS = {"title": (2, 2), "text": (2, 4), "phone": (3, 4)}  # heading lines, body lines
CATEGORY_WORDS = {"smart_tech": "智能技术应用", "health": "健康管理", "culture": "文化传承",
                  "hobbies": "兴趣特长"}


def keeps_none(function: Callable[P, R]) -> Callable[P, R]:
    """Give back the references to None that PySide6 6.12 takes and never returns.

    Many of its void methods (QTextLayout.beginLayout, QFont setters, ...) return None
    without a reference of their own; on Python < 3.12, where None is not immortal, a few
    thousand calls free None and the process aborts ("none_dealloc"). Decorated functions
    nest: each repays only what was lost inside it and not yet repaid.
    """
    if sys.version_info >= (3, 12):
        return function

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        before = sys.getrefcount(None)
        try:
            return function(*args, **kwargs)
        finally:
            for _ in range(before - sys.getrefcount(None)):
                ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))

    return wrapper


def ensure_app() -> QGuiApplication:
    """Drawing text needs a QGuiApplication; the build command has none, so make one.

    (A process that will show widgets must make its QApplication first: pytest-qt's qapp.)
    """
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["seniorlearn-build"])
    assert isinstance(app, QGuiApplication)
    return app


@keeps_none
def font(px: int, bold: bool = False) -> QFont:
    result = QFont()
    result.setFamilies(list(CJK_FAMILIES))
    result.setPixelSize(px)
    result.setBold(bold)
    result.setStyleHint(QFont.StyleHint.SansSerif)
    return result


@dataclass
class Block:
    """Wrapped text ready to draw: its layout, number of lines and height."""

    layout: QTextLayout
    lines: int
    height: float
    widest: float


@keeps_none
def wrap(text: str, face: QFont, width: float, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
         ) -> Block:
    layout = QTextLayout(text.replace("\n", "\u2028"), face)  # a newline starts a new line
    option = QTextOption(align)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    step = face.pixelSize() * LINE
    layout.beginLayout()
    lines, widest = 0, 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, lines * step + (step - line.height()) / 2))
        widest = max(widest, line.naturalTextWidth())
        lines += 1
    layout.endLayout()
    return Block(layout, lines, lines * step, widest)


def _draw(painter: QPainter, block: Block, x: float, y: float, colour: str) -> None:
    painter.setPen(QColor(colour))
    block.layout.draw(painter, QPointF(x, y))


# ---------------------------------------------------------------- the phone screen


def _screen() -> QRectF:
    return PHONE.adjusted(BEZEL, BEZEL + 12, -BEZEL, -BEZEL - 12)


def _label_width() -> float:
    return _screen().width() - 2 * PAD - 24


def _item_height(item: PhoneItem) -> float:
    if item.kind == "qr":
        return QR_PX
    if item.kind in ITEM_H:
        return ITEM_H[item.kind]
    assert item.label is not None
    block = wrap(item.label.zh_CN, font(LABEL_PX, item.kind == "warning"), _label_width())
    return block.height + (24 if item.kind == "warning" else 0)


def _item_problem(item: PhoneItem) -> str | None:
    if item.label is None:
        return None
    text = item.label.zh_CN
    if item.kind in ITEM_H:
        fits = wrap(text, font(LABEL_PX, True), 10_000).widest <= _label_width()
    else:
        fits = wrap(text, font(LABEL_PX, item.kind == "warning"), _label_width()).lines <= 2
    return None if fits else text


def _phone_frame(painter: QPainter, title: str) -> QRectF:
    painter.setPen(QPen(QColor(STANDARD.text), 6))
    painter.setBrush(QColor("#2B2B2B"))
    painter.drawRoundedRect(PHONE, 48, 48)
    screen = _screen()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#F4F6FA"))
    painter.drawRoundedRect(screen, 20, 20)
    painter.setBrush(QColor("#555555"))
    painter.drawRoundedRect(QRectF(PHONE.center().x() - 40, PHONE.top() + 14, 80, 10), 5, 5)
    bar = QRectF(screen.left(), screen.top(), screen.width(), BAR_H)
    path = QPainterPath()
    path.addRoundedRect(bar.adjusted(0, 0, 0, 20), 20, 20)
    clip = QPainterPath()
    clip.addRect(bar)
    painter.setBrush(QColor(STANDARD.primary))
    painter.drawPath(path.intersected(clip))
    block = wrap(title, font(PHONE_TITLE_PX, True), bar.width() - 2 * PAD,
                 Qt.AlignmentFlag.AlignHCenter)
    _draw(painter, block, bar.left() + PAD, bar.center().y() - block.height / 2,
          STANDARD.on_primary)
    return QRectF(screen.left() + PAD, bar.bottom() + GAP + 4, screen.width() - 2 * PAD,
                  screen.bottom() - bar.bottom() - GAP)


def _qr(painter: QPainter, box: QRectF) -> None:
    """A QR-like pattern: three finder squares and a fixed scatter of modules (not a code)."""
    cells, size = 21, box.width() / 21
    scatter = random.Random(21)  # the same pattern on every slide and every build
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#FFFFFF"))
    painter.drawRect(box.adjusted(-6, -6, 6, 6))
    painter.setBrush(QColor(STANDARD.text))
    for row in range(cells):
        for col in range(cells):
            finder = _finder(row, col)
            dark = finder if finder is not None else scatter.random() < 0.5
            if dark:
                painter.drawRect(QRectF(box.left() + col * size, box.top() + row * size,
                                        size + 0.5, size + 0.5))


def _finder(row: int, col: int) -> bool | None:
    for top, left in ((0, 0), (0, 14), (14, 0)):
        r, c = row - top, col - left
        if 0 <= r < 7 and 0 <= c < 7:
            return r in (0, 6) or c in (0, 6) or (2 <= r <= 4 and 2 <= c <= 4)
        if -1 <= r <= 7 and -1 <= c <= 7:
            return False
    return None


def _hand(painter: QPainter, tip: QPointF) -> None:
    """A big orange arrow pointing right at ``tip`` (the highlighted button)."""
    x, y = tip.x(), tip.y()
    shape = QPolygonF([QPointF(x, y), QPointF(x - 60, y - 52), QPointF(x - 60, y - 22),
                       QPointF(x - 150, y - 22), QPointF(x - 150, y + 22),
                       QPointF(x - 60, y + 22), QPointF(x - 60, y + 52)])
    painter.setPen(QPen(QColor("#FFFFFF"), 4))
    painter.setBrush(QColor(HIGHLIGHT))
    painter.drawPolygon(shape)


def _item(painter: QPainter, item: PhoneItem, area: QRectF, y: float) -> float:
    height = _item_height(item)
    box = QRectF(area.left(), y, area.width(), height)
    if item.kind == "qr":
        _qr(painter, QRectF(area.center().x() - QR_PX / 2, y, QR_PX, QR_PX))
        return height
    assert item.label is not None
    text = item.label.zh_CN
    if item.kind == "button":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STANDARD.primary))
        painter.drawRoundedRect(box, 16, 16)
        block = wrap(text, font(LABEL_PX, True), box.width(), Qt.AlignmentFlag.AlignHCenter)
        _draw(painter, block, box.left(), box.center().y() - block.height / 2,
              STANDARD.on_primary)
        if item.highlight:
            painter.setPen(QPen(QColor(HIGHLIGHT), 8))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(-9, -9, 9, 9), 22, 22)
            _hand(painter, QPointF(PHONE.left() - 12, box.center().y()))
    elif item.kind == "field":
        painter.setPen(QPen(QColor("#6B6B6B"), 3))
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawRoundedRect(box, 10, 10)
        block = wrap(text, font(LABEL_PX, True), box.width() - 24)
        _draw(painter, block, box.left() + 12, box.center().y() - block.height / 2, STANDARD.text)
    elif item.kind == "warning":
        painter.setPen(QPen(QColor(WARNING_COLOUR), 4))
        painter.setBrush(QColor(WARNING_FILL))
        painter.drawRoundedRect(box, 10, 10)
        block = wrap(text, font(LABEL_PX, True), _label_width())
        _draw(painter, block, box.left() + 12, y + 12, WARNING_COLOUR)
    else:
        _draw(painter, wrap(text, font(LABEL_PX), _label_width()), box.left() + 12, y,
              STANDARD.text)
    return height


def _phone(painter: QPainter, slide: Slide) -> None:
    assert slide.phone is not None
    area = _phone_frame(painter, slide.phone.title.zh_CN)
    y = area.top()
    for item in slide.phone.items:
        y += _item(painter, item, area, y) + GAP


def _phone_height(slide: Slide) -> float:
    assert slide.phone is not None
    return sum(_item_height(item) + GAP for item in slide.phone.items) - GAP


# ---------------------------------------------------------------- slides


def _text_width(slide: Slide) -> float:
    return (PHONE.left() - 2 * MARGIN + 16) if slide.kind == "phone" else WIDTH - 2 * MARGIN


def _step(painter: QPainter, slide: Slide) -> None:
    assert slide.step is not None
    block = wrap(slide.step.zh_CN, font(STEP_PX, True), _text_width(slide) - 48)
    box = QRectF(MARGIN, HEIGHT - MARGIN + 8 - block.height - 24, block.widest + 48,
                 block.height + 24)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STANDARD.primary))
    painter.drawRoundedRect(box, 18, 18)
    _draw(painter, block, box.left() + 24, box.top() + 12, STANDARD.on_primary)


def _title_slide(painter: QPainter, slide: Slide) -> None:
    painter.fillRect(QRectF(0, 0, WIDTH, HEIGHT), QColor(STANDARD.primary))
    heading = wrap(slide.heading.zh_CN, font(TITLE_PX, True), WIDTH - 2 * MARGIN,
                   Qt.AlignmentFlag.AlignHCenter)
    body = (wrap(slide.body.zh_CN, font(BODY_PX), WIDTH - 2 * MARGIN,
                 Qt.AlignmentFlag.AlignHCenter) if slide.body else None)
    total = heading.height + (body.height + 56 if body else 0)
    y = (HEIGHT - total) / 2
    _draw(painter, heading, MARGIN, y, STANDARD.on_primary)
    y += heading.height + 20
    painter.fillRect(QRectF(WIDTH / 2 - 90, y, 180, 8), QColor(HIGHLIGHT))
    if body:
        _draw(painter, body, MARGIN, y + 36, STANDARD.on_primary)


def _content_slide(painter: QPainter, slide: Slide) -> None:
    painter.fillRect(QRectF(0, 0, WIDTH, HEIGHT), QColor(STANDARD.background))
    painter.fillRect(QRectF(0, 0, 16, HEIGHT), QColor(STANDARD.primary))
    width = _text_width(slide)
    heading = wrap(slide.heading.zh_CN, font(HEADING_PX, True), width)
    _draw(painter, heading, MARGIN, MARGIN - 16, STANDARD.primary)
    y = MARGIN - 16 + heading.height + 14
    painter.fillRect(QRectF(MARGIN, y, 140, 8), QColor(HIGHLIGHT))
    if slide.body:
        _draw(painter, wrap(slide.body.zh_CN, font(BODY_PX), width), MARGIN, y + 36,
              STANDARD.text)
    if slide.step:
        _step(painter, slide)
    if slide.kind == "phone":
        _phone(painter, slide)


@keeps_none
def render_slide(slide: Slide, path: Path) -> None:
    """Draw one slide as a 1280x720 PNG."""
    ensure_app()
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    if slide.kind == "title":
        _title_slide(painter, slide)
    else:
        _content_slide(painter, slide)
    painter.end()
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")


# ---------------------------------------------------------------- fit checks


def _step_top(slide: Slide) -> float:
    if not slide.step:
        return HEIGHT - MARGIN + 24
    block = wrap(slide.step.zh_CN, font(STEP_PX, True), _text_width(slide) - 48)
    return HEIGHT - MARGIN + 8 - block.height - 24 - 20


def _text_problem(path: Path, slide: Slide) -> ScriptError | None:
    width = _text_width(slide)
    title = slide.kind == "title"
    heading = wrap(slide.heading.zh_CN, font(TITLE_PX if title else HEADING_PX, True), width)
    most_heading, most_body = LIMITS[slide.kind]
    if heading.lines > most_heading:
        return slide_error(path, slide.number,
                           N_("the heading takes {lines} lines on the slide; shorten it to "
                              "{most}."), lines=heading.lines, most=most_heading)
    body = wrap(slide.body.zh_CN, font(BODY_PX), width) if slide.body else None
    if body and body.lines > most_body:
        return slide_error(path, slide.number,
                           N_("the body takes {lines} lines on the slide; shorten it to "
                              "{most}."), lines=body.lines, most=most_body)
    bottom = MARGIN - 16 + heading.height + 58 + (body.height if body else 0)
    if not title and bottom > _step_top(slide):
        return slide_error(path, slide.number,
                           N_("the heading, body and step do not fit on the slide together; "
                              "shorten them."))
    return None


def _phone_problem(path: Path, slide: Slide) -> ScriptError | None:
    if slide.phone is None:
        return None
    for item in slide.phone.items:
        label = _item_problem(item)
        if label is not None:
            return slide_error(path, slide.number,
                               N_("the phone label \"{label}\" does not fit on the drawn "
                                  "screen; shorten it."), label=label)
    title = wrap(slide.phone.title.zh_CN, font(PHONE_TITLE_PX, True), 10_000)
    if title.widest > _screen().width() - 2 * PAD:
        return slide_error(path, slide.number,
                           N_("the phone label \"{label}\" does not fit on the drawn "
                              "screen; shorten it."), label=slide.phone.title.zh_CN)
    available = _screen().bottom() - _screen().top() - BAR_H - 2 * GAP
    if _phone_height(slide) > available:
        return slide_error(path, slide.number,
                           N_("the phone screen's items do not fit on it together; use fewer "
                              "or shorter items."))
    return None


@keeps_none
def check_layout(lesson: LessonScript) -> None:
    """Raise ScriptError for the first text that would not fit on its slide."""
    ensure_app()
    for slide in lesson.slides:
        problem = _text_problem(lesson.path, slide) or _phone_problem(lesson.path, slide)
        if problem is not None:
            raise problem
