"""The report screen's figures (big numbers with words) and its bar chart.

Both speak for themselves in read-aloud, in words rather than digits: the figures as the
summary sentences, the chart as its text alternative."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from seniorlearn.core.reports.figures import ReportData
from seniorlearn.core.reports.words import figures, summary
from seniorlearn.ui.render.charts import Bars, ChartStyle, draw_bars, text_alternative
from seniorlearn.ui.theme import Theme
from seniorlearn.ui.widgets.common import TrLabel

COLUMNS = 6  # one row: 1280x800 in 特大 text has room for one row of them


class Figure(QWidget):
    """A big number and, below it, what it counts."""

    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.number = TrLabel("", role="heading")
        self.number.setObjectName("FigureNumber")
        self.words = TrLabel("", role="body")
        column.addWidget(self.number)
        column.addWidget(self.words)

    def show_figure(self, number: str, words: str) -> None:
        self.number.set_plain(number)
        self.words.set_plain(words)


class FigureGrid(QWidget):
    """The period's figures in a row; read aloud as sentences with numbers in words."""

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setRowStretch(1, 1)  # the figures keep to the top: number above its words
        self.figures: list[Figure] = []
        self.data: ReportData | None = None

    def show_data(self, data: ReportData | None) -> None:
        self.data = data
        self.retranslate()

    def retranslate(self) -> None:
        shown = figures(self.data) if self.data is not None else []
        while len(self.figures) < len(shown):
            figure = Figure()
            index = len(self.figures)
            self.grid.addWidget(figure, index // COLUMNS, index % COLUMNS)
            self.figures.append(figure)
        for figure, (_key, number, words) in zip(self.figures, shown, strict=False):
            figure.show_figure(number, words)
        for index, figure in enumerate(self.figures):
            figure.setVisible(index < len(shown))

    def plain_text(self) -> str:
        return " ".join(self.speech_parts())

    def speech_parts(self) -> list[str]:
        return summary(self.data) if self.data is not None else []


class ChartView(QWidget):
    """One bar chart, drawn with the theme's colours and sizes."""

    def __init__(self) -> None:
        super().__init__()
        self.theme: Theme | None = None
        self.make_bars: Callable[[], Bars | None] = lambda: None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_bars(self, make_bars: Callable[[], Bars | None]) -> None:
        """``make_bars`` is called at each paint and reading: the words follow the language."""
        self.make_bars = make_bars
        bars = make_bars()
        self.setAccessibleName(" ".join(text_alternative([bars])) if bars else "")
        self.update()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        # A line of values above the bars, one of labels below, and a plot as tall.
        self.setMinimumHeight(round(theme.metrics.small * 1.45 * 3))
        self.update()

    def speech_parts(self) -> list[str]:
        bars = self.make_bars()
        return text_alternative([bars]) if bars is not None else []

    def plain_text(self) -> str:
        """What read-aloud finds the chart by (it reads ``speech_parts``)."""
        return " ".join(self.speech_parts())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        bars = self.make_bars()
        if self.theme is None or bars is None:
            return
        palette, metrics = self.theme.palette, self.theme.metrics
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(palette.surface))
        style = ChartStyle(palette.text, palette.primary, palette.border,
                           self.theme.font(metrics.small), self.theme.font(metrics.body, True),
                           max(2.0, metrics.px(3)), title=False, wrap_labels=False)
        edge = metrics.px(12)
        draw_bars(painter, QRectF(self.rect()).adjusted(edge, edge / 2, -edge, -edge), bars,
                  style)
        painter.end()

    def sizeHint(self):  # noqa: N802 (Qt override)
        hint = super().sizeHint()
        return hint.expandedTo(self.minimumSize())

