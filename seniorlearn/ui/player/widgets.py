"""The lesson player's own widgets: control buttons with the player's icons, the subtitle
box, and a step row for the steps list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy

from seniorlearn.core.i18n import N_, current_language
from seniorlearn.core.paths import ASSETS_DIR
from seniorlearn.ui.theme import Theme
from seniorlearn.ui.widgets.common import BigButton, TrLabel, set_role, svg_pixmap

ICONS = Path(__file__).with_name("icons")
NOW_PLAYING = N_("Now playing")


def player_icon(name: str, colour: str, size: int) -> QPixmap:
    path = ICONS / f"{name}.svg"
    if not path.exists():  # the kiosk's own icons (home, ...) look the same everywhere
        path = ASSETS_DIR / "icons" / f"{name}.svg"
    return svg_pixmap(path, colour, size)


class PlayerButton(BigButton):
    """A BigButton drawn with the player's icons; Enter presses it too (Space is play/pause
    on the lesson screen)."""

    def __init__(self, msgid: str, icon: str, kind: str = "secondary") -> None:
        super().__init__(msgid, icon=icon, kind=kind)
        set_role(self, "player")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_icon(self, name: str) -> None:
        self.icon_name = name
        window = self.window()
        theme = getattr(window, "theme", None)
        if isinstance(theme, Theme):
            self.apply_theme(theme)

    def apply_theme(self, theme: Theme) -> None:
        p = theme.palette
        on = p.on_primary if self.property("kind") in ("primary", "hero") else p.on_secondary
        if self.isCheckable() and self.isChecked():
            on = p.on_primary
        size = theme.metrics.icon
        self.setIcon(QIcon(player_icon(str(self.icon_name), on, size)))
        self.setIconSize(QSize(size, size))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.animateClick()
            return
        super().keyPressEvent(event)


class SubtitleBox(QLabel):
    """Subtitles drawn by the app, the same on both backends: large light text in a dark box
    under the picture (never over it, so nothing the video demonstrates is hidden)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Subtitles")
        set_role(self, "subtitle")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

    def apply_theme(self, theme: Theme) -> None:
        # Two lines always have room, so the picture does not jump when a cue wraps.
        px = subtitle_px(theme)
        self.setFixedHeight(round(px * 1.45 * 2 + theme.metrics.px(24)))


def subtitle_px(theme: Theme) -> int:
    return theme.metrics.px(40 if theme.metrics.text_size == "large" else 48)


class StepRow(QPushButton):
    """One step in the steps list: its words (which say its number) and, for the step
    playing now, "正在看" in words beside it (not a colour alone); one big target."""

    def __init__(self, titles: dict[str, str], at_s: float, current: bool = False) -> None:
        super().__init__()
        self.setProperty("kind", "step")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.at_s = at_s
        self.current = current
        row = self.row = QHBoxLayout(self)
        self.label = TrLabel("", role="value" if current else "body")
        self.label.setWordWrap(True)  # a long step wraps beside 正在看, never clipped
        self.label.set_texts(titles)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row.addWidget(self.label, 1)
        self.tag: TrLabel | None = None
        if current:
            self.setProperty("current", True)
            self.tag = TrLabel(NOW_PLAYING, role="value")
            self.tag.setObjectName("NowPlaying")
            self.tag.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            row.addWidget(self.tag)
        self.retranslate()

    def speech_parts(self) -> list[str]:
        parts = [self.label.plain_text()]
        return parts + [self.tag.plain_text()] if self.tag is not None else parts

    def retranslate(self) -> None:
        self.setAccessibleName("，".join(self.speech_parts()) if current_language() == "zh_CN"
                               else ", ".join(self.speech_parts()))

    def apply_theme(self, theme: Theme) -> None:
        m = theme.metrics
        self.row.setContentsMargins(m.gap, m.px(8), m.gap, m.px(8))
        self.setMinimumHeight(m.px(96))

    # A button sizes itself by its own text, which is empty here: as tall as the words
    # in its row need instead, so a wrapped step is never cut off.
    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return max(self.minimumHeight(), self.row.totalHeightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = self.row.totalSizeHint()
        return QSize(hint.width(), self.heightForWidth(self.width() or hint.width()))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.animateClick()
            return
        super().keyPressEvent(event)
