"""QMediaPlayer's stop and setSource, called with Python's GIL released.

PySide6 calls these holding the GIL. Qt Multimedia's FFmpeg backend tears its playback engine
down on its own threads, and there a PySide wrapper's virtual needs the GIL while holding a
QObject lock that ``stop()`` waits for on the UI thread: both wait for ever (seen here in
PySide6 6.11, leaving a lesson; the kiosk froze and even pytest-timeout could not run). A
function called through ctypes runs with the GIL released, so the engine's thread can finish.
Where the symbols cannot be found the plain PySide calls are used.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import QMediaPlayer

log = logging.getLogger(__name__)
_LIBRARY = "libQt6Multimedia.so.6"
Calls = tuple[Callable[..., None] | None, Callable[..., None] | None]
_calls: Calls | None = None


def _load() -> Calls:
    global _calls
    if _calls is None:
        import PySide6

        bundled = Path(PySide6.__file__).parent / "Qt" / "lib" / _LIBRARY
        try:
            library = ctypes.CDLL(str(bundled) if bundled.exists() else _LIBRARY)
            stop = library._ZN12QMediaPlayer4stopEv
            set_source = library._ZN12QMediaPlayer9setSourceERK4QUrl
        except (OSError, AttributeError) as exc:
            log.warning("Qt Multimedia calls keep the GIL (%s)", exc)
            _calls = (None, None)
            return _calls
        stop.argtypes, stop.restype = [ctypes.c_void_p], None
        set_source.argtypes, set_source.restype = [ctypes.c_void_p, ctypes.c_void_p], None
        _calls = (stop, set_source)
    return _calls


def stop(player: QMediaPlayer) -> None:
    call = _load()[0]
    if call is None:
        player.stop()
    else:
        call(shiboken6.getCppPointer(player)[0])


def set_source(player: QMediaPlayer, url: QUrl) -> None:
    call = _load()[1]
    if call is None:
        player.setSource(url)
    else:
        call(shiboken6.getCppPointer(player)[0], shiboken6.getCppPointer(url)[0])
