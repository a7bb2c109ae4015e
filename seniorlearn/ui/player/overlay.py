"""What the lesson screen shows about the video besides the picture: the seek bar with its
time in words, the volume level, and the paused sign over the picture; plus the filter
that turns a tap on the picture into play / pause on either backend."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QWindow
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from seniorlearn.core.i18n import N_, _
from seniorlearn.ui.player.widgets import player_icon
from seniorlearn.ui.theme import Theme
from seniorlearn.ui.widgets.common import TrLabel

VOLUME_LEVEL = N_("Volume {level} of {most}")
PAUSED = N_("Paused. Tap to play.")
PROGRESS_NAME = N_("How far the lesson is: {words}")
VOLUME_STEPS = 10
BADGE_BACKGROUND = "#1B1B1B"  # near black: the sign stands out on any picture


class SeekBar(QWidget):
    """How far the video is, as a thick bar as tall as a button: a tap anywhere on it
    jumps there (no thumb to grab: a tap is all a shaky hand can do reliably)."""

    seek_requested = Signal(float)  # the fraction of the video tapped, 0 to 1

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("SeekBar")
        self.fraction = 0.0
        self.theme: Theme | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_fraction(self, fraction: float) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        if abs(fraction - self.fraction) > 0.001:
            self.fraction = fraction
            self.update()

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setFixedHeight(theme.metrics.target)

    def _track(self) -> QRectF:
        thick = self.theme.metrics.px(28) if self.theme else 28
        knob = thick  # room at each end for the knob
        return QRectF(knob, (self.height() - thick) / 2, max(1.0, self.width() - 2 * knob),
                      thick)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            track = self._track()
            fraction = (event.position().x() - track.left()) / track.width()
            self.seek_requested.emit(min(max(fraction, 0.0), 1.0))
            event.accept()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.theme is None:
            return
        p = self.theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = self._track()
        radius = track.height() / 2
        painter.setPen(QPen(QColor(p.text), self.theme.metrics.px(3)))
        painter.setBrush(QColor(p.surface))
        painter.drawRoundedRect(track, radius, radius)
        done = QRectF(track.left(), track.top(), track.width() * self.fraction, track.height())
        painter.setBrush(QColor(p.primary))
        painter.drawRoundedRect(done, radius, radius)
        # The knob marks "you are here" in shape as well as colour.
        centre = QPointF(done.right(), track.center().y())
        painter.drawEllipse(centre, track.height(), track.height())
        painter.end()


class VolumeLevel(QWidget):
    """The volume as ten bars rising like a staircase, and in words ("音量 7/10"), in the
    subtitle box's place and size: light on dark, as large as the subtitles."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("VolumeLevel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.level = 0
        self.bars = _Bars()
        self.label = TrLabel(VOLUME_LEVEL, role="subtitle", level=0, most=VOLUME_STEPS)
        self.label.setWordWrap(False)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Bars above the words: side by side they would widen the picture's column past
        # what a 1280 px screen leaves for it in English with 特大.
        self.column = QVBoxLayout(self)
        self.column.addWidget(self.bars, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.label)

    def set_percent(self, percent: int) -> None:
        self.level = round(percent * VOLUME_STEPS / 100)
        self.bars.level = self.level
        self.bars.update()
        self.label.set_message(VOLUME_LEVEL, level=self.level, most=VOLUME_STEPS)
        self.setAccessibleName(self.words())

    def words(self) -> str:
        return self.label.plain_text()

    def retranslate(self) -> None:
        self.setAccessibleName(self.words())

    def apply_theme(self, theme: Theme) -> None:
        m = theme.metrics
        self.column.setContentsMargins(m.px(8), m.px(8), m.px(8), 0)
        self.column.setSpacing(0)
        self.setStyleSheet(f"QWidget#VolumeLevel {{ background: #000000; "
                           f"border-radius: {m.radius}px; }}")


class _Bars(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.level = 0

    def apply_theme(self, theme: Theme) -> None:
        self.setFixedSize(theme.metrics.px(VOLUME_STEPS * 34), theme.metrics.px(60))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        step = self.width() / VOLUME_STEPS
        for i in range(VOLUME_STEPS):
            height = self.height() * (i + 1) / VOLUME_STEPS
            bar = QRectF(i * step + step * 0.15, self.height() - height, step * 0.7, height)
            # Bars above the level are outlined only: shape, not colour alone, says "off".
            painter.setPen(QColor("#FFFFFF"))
            painter.setBrush(QColor("#FFD54F") if i < self.level else Qt.BrushStyle.NoBrush)
            painter.drawRect(bar)
        painter.end()


class PausedBadge(QWidget):
    """A big play sign and "paused" over the middle of the picture.

    Both backends show the picture in a native window: VLC's inside the surface, and
    QVideoWidget's (Qt 6) directly under the kiosk window, above every widget. Only a
    native window stacked above it shows over the picture, so the sign is a native child
    of the kiosk window itself (``host``), raised to the top and placed over the picture's
    frame (measured: a child of the frame was hidden under the Qt Multimedia picture).

    Its native window is made at once, before any picture's: a native child makes Qt turn
    its siblings native too, and a VLC surface made before that was left 134 px too low
    (measured on Xvfb, Qt 6.11), so reparenting later is not safe."""

    def __init__(self, frame: QWidget, host: QWidget | None = None) -> None:
        super().__init__(host if host is not None else frame)
        self.frame = frame
        self.setObjectName("PausedBadge")
        self.theme: Theme | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"QWidget#PausedBadge {{ background: {BADGE_BACKGROUND}; }}"
                           "QWidget#PausedBadge QLabel { color: #FFFFFF; }")
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = TrLabel(PAUSED, role="value")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.column = QVBoxLayout(self)
        self.column.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.label)
        self.hide()
        frame.installEventFilter(self)
        self.winId()  # the native window now: see the class comment

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._size_sign()
        if self.isVisible():
            self.place()

    def _size_sign(self) -> None:
        """The sign as big as a third of the picture's height allows."""
        if self.theme is None:
            return
        m = self.theme.metrics
        size = max(m.px(40), min(m.px(120), self.frame.height() // 3))
        if self.icon.pixmap().isNull() or self.icon.pixmap().width() != size:
            self.icon.setPixmap(player_icon("play", "#FFFFFF", size))
            self.icon.setFixedSize(size, size)
            self.column.invalidate()

    def place(self) -> None:
        """In the middle of the picture, as wide as the words need (at most the picture)."""
        self._size_sign()
        self.column.activate()
        frame = self.frame.rect()
        host = self.parentWidget()
        assert host is not None
        width = min(frame.width(), max(self.sizeHint().width(), frame.width() // 2))
        height = min(frame.height(), self.heightForWidth(width)
                     if self.hasHeightForWidth() else self.sizeHint().height())
        centre = self.frame.mapTo(host, frame.center())
        self.setGeometry(QRect(centre.x() - width // 2, centre.y() - height // 2,
                               width, height))

    def show_over(self) -> None:
        self.place()
        self.show()
        self.raise_()
        # QWidget.raise_ keeps Qt's own order of children; the X server's order of the
        # native windows is set here (measured: without it the sign stayed underneath).
        handle = self.windowHandle()
        if handle is not None:
            handle.raise_()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move) and self.isVisible():
            self.place()
        return False

    def words(self) -> str:
        return _(PAUSED)


class PictureTaps(QObject):
    """Calls ``tapped`` for a press on the picture, whichever window gets it: VLC's
    native window passes presses to the surface's window (mouse input is off in libvlc),
    and QVideoWidget shows its picture in an embedded QWindow of its own. One press
    reaches several receivers as it propagates: it is judged once, by its time stamp."""

    def __init__(self, frame: QWidget, tapped: Callable[[], None]) -> None:
        super().__init__(frame)
        self.frame, self.tapped = frame, tapped
        self._last_stamp: int | None = None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.MouseButtonPress or not isinstance(
                watched, (QWidget, QWindow)):
            return False
        if event.button() != Qt.MouseButton.LeftButton or not self.frame.isVisible():
            return False
        stamp = event.timestamp()
        if stamp == self._last_stamp or self._guarded(stamp):
            return False
        origin = self.frame.mapToGlobal(self.frame.rect().topLeft())
        inside = QRect(origin, self.frame.size()).contains(event.globalPosition().toPoint())
        if inside:
            self._last_stamp = stamp
            self.tapped()
        return False

    def _guarded(self, stamp: int) -> bool:
        """The second tap of the double tap that opened the lesson: the shell's tap guard
        swallows it for buttons, and the picture must not take it as "pause" either."""
        guard = getattr(self.frame.window(), "tap_guard", None)
        changed = getattr(guard, "changed_at", None)
        interval = getattr(guard, "interval_ms", 0)
        return changed is not None and 0 <= stamp - changed < interval
