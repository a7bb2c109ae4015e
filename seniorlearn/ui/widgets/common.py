"""Big, named, translatable widgets every screen is built from.

Each keeps its message id and re-reads ``_()`` in ``retranslate()``, and redraws its icon
in ``apply_theme()``, so a language or text-size change reaches every widget without
per-screen code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from seniorlearn.core.i18n import _, current_language
from seniorlearn.core.paths import ASSETS_DIR
from seniorlearn.ui.theme import Theme

ICON_DIR = ASSETS_DIR / "icons"


def icon_pixmap(name: str, colour: str, size: int) -> QPixmap:
    return svg_pixmap(ICON_DIR / f"{name}.svg", colour, size)


@lru_cache(maxsize=256)
def svg_pixmap(path: Path, colour: str, size: int) -> QPixmap:
    """An SVG icon drawn in ``colour`` (its strokes say currentColor) at ``size`` px."""
    svg = path.read_text(encoding="utf-8").replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap


def localized(texts: dict[str, str]) -> str:
    """The current language's text, else the Chinese one (every pack has Chinese)."""
    return texts.get(current_language()) or texts.get("zh_CN") or next(iter(texts.values()), "")


def set_role(widget: QWidget, role: str) -> None:
    widget.setProperty("role", role)


class TrLabel(QLabel):
    """A label showing ``_(msgid)``; body text wraps."""

    def __init__(self, msgid: str = "", role: str = "body", parent: QWidget | None = None,
                 **format_args: object) -> None:
        super().__init__(parent)
        self.msgid = msgid
        self.format_args = format_args
        self.texts: dict[str, str] | None = None
        set_role(self, role)
        self.setWordWrap(role in ("body", "small", "notice"))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.retranslate()

    def set_message(self, msgid: str, **format_args: object) -> None:
        self.msgid, self.format_args, self.texts = msgid, format_args, None
        self.retranslate()

    def set_plain(self, text: str) -> None:
        """Show a sentence that is already in the learner's language (an error from core)."""
        self.set_texts({"zh_CN": text})

    def set_texts(self, texts: dict[str, str]) -> None:
        """Show content that carries its own languages (a course title, a lesson step)."""
        self.texts = texts
        self.retranslate()

    def plain_text(self) -> str:
        if self.texts is not None:
            return localized(self.texts)
        if not self.msgid:
            return ""
        text = _(self.msgid)
        return text.format(**self.format_args) if self.format_args else text

    def retranslate(self) -> None:
        text = self.plain_text()
        self.setAccessibleName(text)
        # Plain text: the CJK sans font's own line height is about 1.45, above the 1.3
        # rule (the audit measures it), and rich text would cost start-up time.
        self.setText(text)


class BigButton(QPushButton):
    """A large button: always a word, optionally an icon beside it."""

    def __init__(self, msgid: str, icon: str | None = None, kind: str = "secondary",
                 parent: QWidget | None = None, translate: bool = True,
                 **format_args: object) -> None:
        super().__init__(parent)
        self.translate = translate
        self.msgid = msgid
        self.format_args = format_args
        self.icon_name = icon
        self.setProperty("kind", kind)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def set_message(self, msgid: str, **format_args: object) -> None:
        self.msgid, self.format_args = msgid, format_args
        self.retranslate()

    def plain_text(self) -> str:
        text = _(self.msgid) if self.translate else self.msgid
        return text.format(**self.format_args) if self.format_args else text

    def retranslate(self) -> None:
        text = self.plain_text()
        # A checked choice says so in words too: colour is never the only signal.
        marked = f"✓ {text}" if self.isCheckable() and self.isChecked() else text
        self.setText(marked)
        self.setAccessibleName(text)

    def apply_theme(self, theme: Theme) -> None:
        if not self.icon_name:
            return
        p = theme.palette
        kind = self.property("kind")
        colour = {"primary": p.on_primary, "hero": p.on_primary,
                  "danger": p.on_danger}.get(kind, p.on_secondary)
        if self.isCheckable() and self.isChecked():
            colour = p.on_primary
        size = theme.metrics.icon
        icon = QIcon(icon_pixmap(self.icon_name, colour, size))
        # Qt's own greying of a white icon is near-white: out of use, it takes the words' grey.
        icon.addPixmap(icon_pixmap(self.icon_name, p.disabled, size), QIcon.Mode.Disabled)
        self.setIcon(icon)
        self.setIconSize(QSize(size, size))


class Tile(QPushButton):
    """A home-screen tile: icon, title and a one-line explanation, all one big target.

    The title always shows, wrapped. Whether the explanation shows is the screen's call
    (``show_explanation``), from ``explanation_fits``: cut-off lines are worse than a
    tile that names its topic alone. Read-aloud reads what is shown."""

    # Its size, words or font changed: whether the explanation fits may have too.
    tile_did_change = Signal()

    def __init__(self, title: str, subtitle: str, icon: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon_name = icon
        self.compact = False  # a smaller picture, where home has three rows of tiles
        self.setProperty("kind", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        row = self.row = QHBoxLayout(self)
        self.icon_label = QLabel()
        self.icon_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        column = self.column = QVBoxLayout()
        self.title = TrLabel(title, role="heading")
        self.title.setWordWrap(True)  # "Booking a hospital visit" in 特大 on a 1280 px screen
        self.subtitle = TrLabel(subtitle, role="body")
        self.subtitle.setWordWrap(True)  # never wider than its tile: the window must not grow
        column.addStretch(1)
        for label in (self.title, self.subtitle):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(label)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.retranslate()

    def speech_parts(self) -> list[str]:
        shown = [self.title]
        if not self.subtitle.isHidden():
            shown.append(self.subtitle)
        return [label.plain_text() for label in shown]

    def retranslate(self) -> None:
        self.setAccessibleName(self.title.plain_text())
        self.setAccessibleDescription(self.subtitle.plain_text())
        self.tile_did_change.emit()

    def apply_theme(self, theme: Theme) -> None:
        size = round(theme.metrics.icon * (1.2 if self.compact else 2.4))
        self.icon_label.setPixmap(icon_pixmap(self.icon_name, theme.palette.on_secondary, size))
        self.icon_label.setFixedSize(size, size)
        margin, edge = theme.metrics.gap, theme.metrics.px(16)
        # A thinner edge above and below: a two-line English title in 特大 then fits a
        # 1280x800 tile.
        self.row.setContentsMargins(margin, edge, margin, edge)
        self.row.setSpacing(margin)
        self.tile_did_change.emit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.tile_did_change.emit()

    def explanation_fits(self) -> bool:
        """Whether title and explanation both fit the tile's height at the width the text
        gets beside the icon."""
        margins = self.row.contentsMargins()
        width = (self.width() - margins.left() - margins.right()
                 - self.icon_label.width() - self.row.spacing())
        room = self.height() - margins.top() - margins.bottom()
        needed = (self.title.heightForWidth(width) + self.column.spacing()
                  + self.subtitle.heightForWidth(width))
        return needed <= room

    def show_explanation(self, shown: bool) -> None:
        if self.subtitle.isHidden() == shown:
            self.subtitle.setVisible(shown)
