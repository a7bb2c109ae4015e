"""The paused sign and the tap on the picture on a real X server, where VLC draws into a
native window of its own and QVideoWidget into an embedded QWindow: offscreen Qt cannot
show whether the sign is painted over the picture or whether a tap reaches the kiosk.

The kiosk runs in a child process on its own Xvfb; xdotool taps the picture as a finger
would (an X button event, not a Qt one), and the X screen is grabbed to see the sign."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_kiosk_process import start_xvfb

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
                                reason="needs Xvfb and xdotool (installer/debian-packages.txt)")
ROOT = Path(__file__).resolve().parents[2]


def main(backend: str) -> None:
    """In the child: play the demo lesson, pause it, look, tap the picture twice."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication, QWidget
    from virtual_screen import silent_kiosk

    from seniorlearn.core.config import Config
    from seniorlearn.core.courses import CourseLibrary, install_bundled
    from seniorlearn.core.paths import BUNDLED_PACKS_DIR, Paths
    from seniorlearn.core.playback import PlayerState
    from seniorlearn.ui.player.overlay import BADGE_BACKGROUND
    from seniorlearn.ui.tasks import run_now

    app = QApplication([sys.argv[0]])
    paths = Paths.from_env()
    config = Config(paths.config_file)
    config.set("player_backend", backend)
    library = CourseLibrary(paths)
    install_bundled(library, BUNDLED_PACKS_DIR)
    _ctx, window = silent_kiosk(config, run_now, 1280, 800, library=library)

    def wait_until(condition, timeout: float = 10.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            app.processEvents()
            if condition():
                return True
            time.sleep(0.02)
        return False

    window.go("lesson", course_id="smartphone-payment", lesson_id="scan-to-pay")
    screen = window.current
    result: dict[str, object] = {"backend": screen.player.backend if screen.player else None}
    result["played"] = wait_until(lambda: screen.player.position() > 1.0)
    screen.pause()
    result["paused"] = wait_until(lambda: screen.player.state() == PlayerState.PAUSED)
    wait_until(lambda: False, 0.8)  # the sign is painted
    badge = screen.paused_badge
    centre = badge.mapToGlobal(badge.rect().center())
    shot = app.primaryScreen().grabWindow(0).toImage()
    result["badge_colour"] = QColor(shot.pixel(centre.x(), badge.mapToGlobal(
        badge.rect().topLeft()).y() + 4)).name()
    result["badge_expected"] = QColor(BADGE_BACKGROUND).name()
    frame = screen.video_frame
    # The picture's own window sits exactly on its frame (a native window Qt placed wrong
    # once showed the picture over the seek bar).
    surface = next(w for w in frame.findChildren(QWidget) if w.objectName() == "VideoSurface")
    info = subprocess.run(["xwininfo", "-id", hex(int(surface.winId()))], capture_output=True,
                          text=True).stdout
    result["surface_at"] = [int(line.split(":")[1]) for line in info.splitlines()
                            if "Absolute upper-left" in line]
    origin = frame.mapToGlobal(frame.rect().topLeft())
    result["frame_at"] = [origin.x(), origin.y()]
    # A corner of the picture, away from the sign: the tap must reach the kiosk there too.
    corner = frame.mapToGlobal(frame.rect().topLeft())
    tap = ["xdotool", "mousemove", str(corner.x() + 20), str(corner.y() + 20), "click", "1"]
    subprocess.Popen(tap)
    result["tap_plays"] = wait_until(lambda: screen.player.state() == PlayerState.PLAYING
                                     and not badge.isVisible(), 5.0)
    wait_until(lambda: False, 0.8)  # past the double-click interval: a new, single tap
    subprocess.Popen(tap)
    result["tap_pauses"] = wait_until(lambda: screen.player.state() == PlayerState.PAUSED
                                      and badge.isVisible(), 5.0)
    window.go("home")
    print("RESULT " + json.dumps(result), flush=True)
    os._exit(0)  # libvlc's threads need not be joined in a test child


@pytest.mark.parametrize("backend", ["vlc", "qt"])
def test_the_paused_sign_shows_over_the_picture_and_a_tap_toggles(backend, tmp_path) -> None:
    server, display = start_xvfb("1280x800")
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "SENIORLEARN_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", f"from tests.ui.test_lesson_on_x import main; "
                                   f"main({backend!r})"],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        server.terminate()
        server.wait(10)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done.stdout[-2000:] + done.stderr[-2000:]
    result = json.loads(lines[0][len("RESULT "):])
    assert result["backend"] == backend and result["played"] and result["paused"], result
    assert result["surface_at"] == result["frame_at"], result
    assert result["badge_colour"] == result["badge_expected"], result
    assert result["tap_plays"] and result["tap_pauses"], result
