"""A large progress ring toward the year's 学时 goal: the share drawn as an arc, the figures
in the middle. It is silent for read-aloud: the sentence beside it says the same in words."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from seniorlearn.ui.theme import Theme


class ProgressRing(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.share, self.middle, self.below = 0.0, "", ""
        self.theme: Theme | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_progress(self, share: float, middle: str, below: str, name: str) -> None:
        """``share`` of the goal (drawn up to a full ring), the figure in the middle, the
        unit below it, and the sentence a screen reader gets."""
        self.share, self.middle, self.below = max(0.0, share), middle, below
        self.setAccessibleName(name)
        self.update()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        side = theme.metrics.px(106)
        self.setFixedSize(QSize(side, side))
        self.update()

    def speech_parts(self) -> list[str]:
        return []

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.theme is None:
            return
        palette, metrics = self.theme.palette, self.theme.metrics
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = metrics.px(12)
        box = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        track = QPen(QColor(palette.border), width / 4)
        painter.setPen(track)
        painter.drawEllipse(box)
        arc = QPen(QColor(palette.primary), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        painter.setPen(arc)
        painter.drawArc(box, 90 * 16, -round(360 * 16 * min(1.0, self.share)))
        painter.setPen(QColor(palette.text))
        # Sized by the ring, not by the text size: the sentence beside it says the same.
        painter.setFont(self.theme.font(round(box.height() * 0.3), bold=True))
        upper = QRectF(box.left(), box.top(), box.width(), box.height() * 0.6)
        painter.drawText(upper, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                         self.middle)
        painter.setFont(self.theme.font(round(box.height() * 0.2)))
        lower = QRectF(box.left(), upper.bottom(), box.width(), box.height() * 0.3)
        painter.drawText(lower, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                         self.below)
        painter.end()
