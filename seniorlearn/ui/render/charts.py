"""Bar charts drawn with QPainter, the same on the report screen and in the PDF.

Sizes and colours come from the caller (the theme on screen, print sizes in the PDF): bars
in one solid colour on the background with a 7:1 contrast, every value written above its
bar, every label below it, and nothing conveyed by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.core.numberwords import MONTHS_EN, amount, chinese_integer
from seniorlearn.core.reports.figures import BUCKETS, ReportData
from seniorlearn.ui.render.slides import keeps_none

MONTHS_TITLE = N_("Class hours by month, {year}")
COURSES_TITLE = N_("Learners by course")
GOAL_TITLE = N_("Learners by share of the yearly goal")
NO_STUDY = N_("No study in this period.")
SPOKEN_BAR = N_("{label}, {value}")
SPOKEN_CHART = N_("{title}: {bars}.")


def list_separator() -> str:
    """Between the items of a spoken list: punctuation, not words, so not a message (espeak
    has nothing to say for a bare "; " in English)."""
    from seniorlearn.core.i18n import current_language

    return "；" if current_language().startswith("zh") else "; "
SPOKEN_BUCKETS = (N_("below a quarter of the goal"), N_("a quarter to half of the goal"),
                  N_("half to three quarters of the goal"),
                  N_("three quarters of the goal or more, not yet all"),
                  N_("the whole goal or more"))
MONTH_LABEL = N_("{month}")
HOURS_UNIT = N_("{value} class hours")
LEARNERS_UNIT = N_("{value} learners")


@dataclass(frozen=True)
class Bars:
    title: str
    labels: list[str]
    values: list[float]
    texts: list[str]          # each value as written above its bar
    unit: str = HOURS_UNIT    # a msgid: how a value is said aloud
    spoken_labels: list[str] | None = None  # labels as said (Chinese numbers in words)


@dataclass(frozen=True)
class ChartStyle:
    text: str
    bar: str
    line: str
    font: QFont
    title_font: QFont
    stroke: float = 2.0
    title: bool = True         # a screen's chart is named by the button that shows it
    wrap_labels: bool = True   # else a long label ends in "…" on one line


def month_bars(data: ReportData, compact: bool = False) -> Bars:
    """学时 of each month of the year; ``compact``: month numbers alone under the bars."""
    values = [m.xueshi for m in data.months]
    months = [int(m.key[5:]) for m in data.months]
    return Bars(_(MONTHS_TITLE).format(year=data.period.year_of),
                [str(n) if compact else _(MONTH_LABEL).format(month=n) for n in months],
                values, [f"{v:g}" if v else "" for v in (round(v, 1) for v in values)],
                HOURS_UNIT, [spoken_month(n) for n in months])


def course_bars(data: ReportData) -> Bars:
    courses = data.courses
    return Bars(_(COURSES_TITLE), [c.label for c in courses],
                [float(c.learners) for c in courses], [str(c.learners) for c in courses],
                LEARNERS_UNIT)


def goal_bars(data: ReportData) -> Bars:
    return Bars(_(GOAL_TITLE), list(BUCKETS), [float(n) for n in data.buckets],
                [str(n) for n in data.buckets], LEARNERS_UNIT,
                [_(SPOKEN_BUCKETS[i]) for i in range(len(BUCKETS))])


@keeps_none
def draw_bars(painter: QPainter, box: QRectF, bars: Bars, style: ChartStyle) -> None:
    """The chart inside ``box``: title on top, labels below the bars, values above them."""
    painter.save()
    title_h = 0.0
    painter.setPen(QColor(style.text))
    if style.title:
        painter.setFont(style.title_font)
        title_h = painter.fontMetrics().height() * 1.4
        painter.drawText(QRectF(box.left(), box.top(), box.width(), title_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         bars.title)
    painter.setFont(style.font)
    metrics = painter.fontMetrics()
    line_h = metrics.height() * 1.2
    lines = _label_lines(bars, box.width(), metrics.horizontalAdvance) if style.wrap_labels else 1
    labels_h = line_h * lines
    plot = QRectF(box.left(), box.top() + title_h + line_h, box.width(),
                  box.height() - title_h - line_h - labels_h)
    painter.setPen(QPen(QColor(style.line), style.stroke))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    if not bars.values or max(bars.values) <= 0:
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, _(NO_STUDY))
        painter.restore()
        return
    slot = plot.width() / len(bars.values)
    top = max(bars.values)
    for index, (label, value, text) in enumerate(zip(bars.labels, bars.values, bars.texts,
                                                     strict=True)):
        x = plot.left() + index * slot
        height = plot.height() * value / top
        width = min(slot * 0.7, plot.width() / 8)  # one course is a bar, not a wall
        bar = QRectF(x + (slot - width) / 2, plot.bottom() - height, width, height)
        painter.fillRect(bar, QColor(style.bar))
        painter.setPen(QColor(style.text))
        painter.drawText(QRectF(x, bar.top() - line_h, slot, line_h),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)
        if not style.wrap_labels:
            label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, round(slot))
        painter.drawText(QRectF(x, plot.bottom() + style.stroke, slot, labels_h),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                         | Qt.TextFlag.TextWordWrap, label)
    painter.restore()


def _label_lines(bars: Bars, width: float, advance: object) -> int:
    """Lines the longest label needs in its slot (a long course title wraps to two)."""
    if not bars.labels:
        return 1
    slot = width / len(bars.labels)
    widest = max(advance(label) for label in bars.labels)  # type: ignore[operator]
    return 1 if widest <= slot else 2


def text_alternative(charts: Sequence[Bars]) -> list[str]:
    """What read-aloud says for the charts: each title, then every bar with a value, its
    number in words in Chinese ("十一月，八十六个学时")."""
    language = current_language()
    sentences = []
    for bars in charts:
        said = [_(SPOKEN_BAR).format(label=label, value=_(bars.unit).format(
                    value=amount(value, language)))
                for label, value in zip(bars.spoken_labels or bars.labels, bars.values,
                                        strict=True) if value > 0]
        sentences.append(_(SPOKEN_CHART).format(title=bars.title, bars=list_separator()
                                                .join(said) or _(NO_STUDY)))
    return sentences


def spoken_month(month: int) -> str:
    """A month as read aloud: 十一月 (in words in Chinese), November."""
    if current_language().startswith("zh"):
        return chinese_integer(month) + "月"
    return MONTHS_EN[month - 1]
