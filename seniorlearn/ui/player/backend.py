"""Which video backend a lesson uses, and the surface it draws into.

``player_backend = auto`` takes python-vlc when libvlc loads and Qt Multimedia otherwise.
VLC draws into a native child window under a real window system; headless (offscreen Qt,
tests) it gets dummy outputs and the surface is a plain black panel.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from seniorlearn.core.playback.player import Player

log = logging.getLogger(__name__)
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc")


def headless() -> bool:
    return QGuiApplication.platformName() in HEADLESS_PLATFORMS


def has_sound() -> bool:
    """A sound card, or a sound server to talk to (PulseAudio / PipeWire)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return (Path("/dev/snd").exists() or bool(os.environ.get("PULSE_SERVER"))
            or (bool(runtime) and Path(runtime, "pulse", "native").exists()))


def choose_backend(setting: str) -> str:
    if setting in ("vlc", "qt"):
        return setting
    from seniorlearn.adapters.vlc_player import load_vlc

    return "vlc" if load_vlc() is not None else "qt"


class NativeSurface(QWidget):
    """A black native window libvlc draws the picture into."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("VideoSurface")
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)


def make_player(setting: str, parent: QWidget) -> tuple[Player, QWidget]:
    """A player and the widget showing its picture; VLC falls back to Qt if it cannot start."""
    if choose_backend(setting) == "vlc":
        try:
            return _vlc_player(parent)
        except Exception:  # noqa: BLE001 - any libvlc failure: use the other backend
            log.exception("libvlc could not start; using Qt Multimedia")
    from PySide6.QtMultimediaWidgets import QVideoWidget

    from seniorlearn.ui.player.qt_backend import QtPlayer

    video = QVideoWidget(parent)
    video.setObjectName("VideoSurface")
    video.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return QtPlayer(video), video


def _vlc_player(parent: QWidget) -> tuple[Player, QWidget]:
    from seniorlearn.adapters.vlc_player import VlcPlayer

    surface = NativeSurface(parent)
    if headless():
        return VlcPlayer(None, sound=False), surface
    return VlcPlayer(int(surface.winId()), sound=has_sound()), surface
