"""A notice under the top bar with a symbol beside its words, for what every screen must
say (no sound right now): the symbol is seen at a glance, the words say what to do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from seniorlearn.ui.theme import Theme
from seniorlearn.ui.widgets.common import TrLabel, icon_pixmap, set_role


class SymbolNotice(QWidget):
    """``icon`` and ``_(msgid)`` in one framed row; read aloud as its words."""

    def __init__(self, msgid: str, icon: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.icon_name = icon
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = self.row = QHBoxLayout(self)
        self.symbol = QLabel()
        set_role(self.symbol, "icon")  # the reading order skips it: the words say it all
        row.addWidget(self.symbol, 0, Qt.AlignmentFlag.AlignVCenter)
        self.words = TrLabel(msgid, role="body")
        self.words.setObjectName(f"{name}Words")
        row.addWidget(self.words, 1)
        self.retranslate()

    def plain_text(self) -> str:
        return self.words.plain_text()

    def retranslate(self) -> None:
        self.setAccessibleName(self.plain_text())

    def apply_theme(self, theme: Theme) -> None:
        p, m = theme.palette, theme.metrics
        size = m.icon  # no taller than a line of the words: the screen below needs the room
        self.symbol.setPixmap(icon_pixmap(self.icon_name, p.danger, size))
        self.symbol.setFixedSize(size, size)
        self.row.setContentsMargins(m.margin, m.px(6), m.margin, m.px(6))
        self.row.setSpacing(m.px(16))
        # Bold words in a thick frame: this is the one thing on the screen that is wrong.
        self.setStyleSheet(
            f"QWidget#{self.objectName()} {{ background: {p.surface}; "
            f"border: {m.px(4)}px solid {p.danger}; }}"
            f"QLabel {{ font-weight: bold; border: none; }}")
