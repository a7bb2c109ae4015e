"""Shared by the screenshot script and the player benchmark: run on a real X server (start
again under xvfb-run when there is none) and build a silent kiosk window on it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any


def rerun_on_virtual_screen(width: int, height: int, home_prefix: str) -> int | None:
    """With no DISPLAY, run this same command under xvfb-run and return its exit status;
    with one, point Qt at it and give the run a fresh data home, and return None."""
    if not os.environ.get("DISPLAY"):
        if not shutil.which("xvfb-run"):
            print("xvfb-run is missing: sudo apt install xvfb xauth", file=sys.stderr)
            return 1
        return subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24",
                                sys.executable, *sys.argv])
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ["SENIORLEARN_HOME"] = tempfile.mkdtemp(prefix=home_prefix)
    return None


def silent_kiosk(config: Any, run_task: Callable[..., None], width: int, height: int,
                 library: Any = None) -> tuple[Any, Any]:
    """A shown, unlocked kiosk window filling the screen, with no voice and no idle reset.
    Needs a QApplication; returns (context, window)."""
    from PySide6.QtCore import QSize

    from seniorlearn.core.paths import Paths
    from seniorlearn.core.security import PinStore
    from seniorlearn.core.session import KioskSession
    from seniorlearn.core.speech import SilentSpeaker
    from seniorlearn.ui.screens import load_all
    from seniorlearn.ui.screens.base import UiContext
    from seniorlearn.ui.shell import KioskWindow

    load_all()
    ctx = UiContext(config=config, speaker=SilentSpeaker(), session=KioskSession(),
                    pins=PinStore(Paths.from_env().pin_file), clock=time.time,
                    run_task=run_task, library=library)
    window = KioskWindow(ctx, locked_down=False, size=QSize(width, height))
    window.setGeometry(0, 0, width, height)
    window.show()
    window.idle.timer.stop()
    return ctx, window
