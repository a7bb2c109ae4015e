"""The package's session command (what seniorlearn-kiosk.service runs) on a virtual display:
it starts the X server (Xvfb standing in for Xorg on the console), the kiosk covers the whole
screen with no window manager and a playing lesson's picture shows on it, only a client with
the session's cookie may connect, the kiosk is the session's own process (so systemd hears its
READY=1 and WATCHDOG=1), and when the kiosk ends, or is killed, the X server goes too."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.test_kiosk_process import TITLE, pytestmark, wait_for  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SIZE = "1280x800"


def geometry(display: str, xauthority: str) -> str | None:
    env = {**os.environ, "DISPLAY": display, "XAUTHORITY": xauthority}
    ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", TITLE], env=env,
                         capture_output=True, text=True).stdout.split()
    for wid in ids:
        info = subprocess.run(["xwininfo", "-id", wid], env=env, capture_output=True,
                              text=True).stdout
        if "Width: 1280" in info and "Height: 800" in info and "Absolute upper-left X:  0" \
                in info and "Absolute upper-left Y:  0" in info:
            return wid
    return None


def start_session(data_home: Path, tmp_path: Path,
                  *kiosk_args: str) -> tuple[subprocess.Popen, Path]:
    kiosk = tmp_path / "seniorlearn"
    kiosk.write_text(f"#!/bin/sh\nexec {sys.executable} -m seniorlearn \"$@\"\n")
    kiosk.chmod(0o755)
    run = tmp_path / "run"  # the unit's RuntimeDirectory, which systemd makes and removes
    run.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DISPLAY"))}
    env.update(SENIORLEARN_X_SERVER=f"Xvfb -screen 0 {SIZE}x24", SENIORLEARN_KIOSK=str(kiosk),
               SENIORLEARN_HOME=str(data_home), SENIORLEARN_SPEECH_ENABLED="false",
               PYTHONPATH=str(ROOT), TMPDIR=str(tmp_path), RUNTIME_DIRECTORY=str(run))
    session = subprocess.Popen([str(ROOT / "packaging" / "bin" / "kiosk-session"), *kiosk_args],
                               env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return session, run


def x_socket(display: str) -> Path:
    return Path(f"/tmp/.X11-unix/X{display.lstrip(':')}")


def test_the_session_starts_x_and_the_kiosk_covers_the_screen(data_home, tmp_path) -> None:
    session, run = start_session(data_home, tmp_path)
    display = xauthority = ""
    try:
        display, xauthority = wait_for(lambda: _display_of(session), timeout=30,
                                       what="the X server")
        assert Path(xauthority).parent.parent == run
        wait_for(lambda: geometry(display, xauthority), timeout=60,
                 what=f"a kiosk window of {SIZE} at 0,0")
        for stranger in ("/nonexistent", str(tmp_path / "empty")):  # no cookie, or none here
            (tmp_path / "empty").write_bytes(b"")
            refused = subprocess.run(["xwininfo", "-root"], capture_output=True, text=True,
                                     env={**os.environ, "DISPLAY": display,
                                          "XAUTHORITY": stranger})
            assert refused.returncode != 0 and "unable to open display" in refused.stderr
    finally:
        session.terminate()  # the kiosk itself, as systemd's SIGTERM is
        _out, err = session.communicate(timeout=30)
    assert "Traceback" not in err
    assert session.returncode == 0, err  # the kiosk closed cleanly on SIGTERM
    wait_for(lambda: not x_socket(display).exists(), timeout=5, what="the X server gone")
    assert not list(tmp_path.glob("seniorlearn-x.*")), "a cookie outside the runtime folder"


def test_a_killed_kiosk_takes_its_x_server_with_it(data_home, tmp_path) -> None:
    """kill -9 and a watchdog kill reach only the main process: X must not outlive it, or
    the restarted kiosk finds the console taken."""
    session, _run = start_session(data_home, tmp_path)
    try:
        display, xauthority = wait_for(lambda: _display_of(session), timeout=30,
                                       what="the X server")
        wait_for(lambda: geometry(display, xauthority), timeout=60, what="the kiosk window")
        assert x_socket(display).exists()
    finally:
        session.send_signal(signal.SIGKILL)
        session.communicate(timeout=30)
    wait_for(lambda: not x_socket(display).exists(), timeout=10, what="the X server gone")


# Colour bars and a moving pattern (ffmpeg's testsrc): colours the kiosk itself never paints,
# changing every frame, so a grab of the screen shows whether the picture is really there.
PATTERN_SECONDS = 30


def pattern_pack(folder: Path) -> None:
    from tests.core.courses.packs import make_pack, write_manifest

    video = folder.parent / "pattern.mp4"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc=d={PATTERN_SECONDS}:s=320x240:r=25", "-c:v", "libx264",
                    "-pix_fmt", "yuv420p", str(video)], check=True)
    manifest = make_pack(folder, video.read_bytes(), course_id="pattern", lessons=1)
    manifest["lessons"][0]["id"] = "pattern-lesson"
    manifest["lessons"][0]["video"]["duration_s"] = float(PATTERN_SECONDS)
    write_manifest(folder, manifest)


# Run on the session's display with its cookie: two grabs of the whole screen 1 s apart,
# counted: the pattern's pure green and magenta, and the pixels that changed between them.
LOOK = """
import json, sys, time
from PySide6.QtGui import QGuiApplication, QImage
app = QGuiApplication(sys.argv[:1])
def grab():
    image = app.primaryScreen().grabWindow(0).toImage().convertToFormat(QImage.Format.Format_RGB888)
    return image.width(), image.height(), bytes(image.constBits())[:image.sizeInBytes()]
width, height, first = grab()
time.sleep(1.0)
_w, _h, second = grab()
green = magenta = changed = 0
for i in range(0, len(first), 3):
    r, g, b = first[i], first[i + 1], first[i + 2]
    if g > 180 and r < 90 and b < 90:
        green += 1
    elif r > 180 and b > 180 and g < 90:
        magenta += 1
    if first[i:i + 3] != second[i:i + 3]:
        changed += 1
print(json.dumps({"size": [width, height], "green": green, "magenta": magenta,
                  "changed": changed}))
"""


def look_at_screen(display: str, xauthority: str) -> dict:
    env = {**os.environ, "DISPLAY": display, "XAUTHORITY": xauthority, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run([sys.executable, "-c", LOOK], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_the_session_shows_a_playing_lessons_picture(data_home, tmp_path) -> None:
    """The picture of a playing lesson on the session's bare X server: VLC draws into a
    window of its own inside the kiosk's, which a covering kiosk must not hide."""
    from seniorlearn.core.courses import CourseLibrary
    from seniorlearn.core.paths import Paths

    pattern_pack(tmp_path / "pack")
    CourseLibrary(Paths.from_env(), video_check=None).import_pack(tmp_path / "pack")
    session, _run = start_session(data_home, tmp_path, "--open", "pattern-lesson")
    try:
        display, xauthority = wait_for(lambda: _display_of(session), timeout=30,
                                       what="the X server")
        wait_for(lambda: geometry(display, xauthority), timeout=60, what="the kiosk window")

        looks: list[dict] = []

        def pattern_playing() -> dict | None:
            looks.append(look_at_screen(display, xauthority))
            seen = looks[-1]
            return seen if seen["green"] > 500 and seen["magenta"] > 500 \
                and seen["changed"] > 2000 else None

        try:
            seen = wait_for(pattern_playing, timeout=60, what="the lesson's picture, moving")
        except AssertionError as timed_out:
            raise AssertionError(f"{timed_out}; the screen as last seen: {looks[-1:]}") from None
        assert seen["size"] == [1280, 800]
    finally:
        session.terminate()
        _out, err = session.communicate(timeout=30)
    assert "Traceback" not in err


def _display_of(session: subprocess.Popen) -> tuple[str, str] | None:
    """The display the session's X server took and the kiosk's cookie file, read from the
    environment of the session's own process once it has become the kiosk (exec)."""
    try:
        environ = Path(f"/proc/{session.pid}/environ").read_bytes().split(b"\0")
        command = Path(f"/proc/{session.pid}/cmdline").read_bytes()
    except OSError:
        return None
    found = dict(item.decode().split("=", 1) for item in environ if b"=" in item)
    if b"seniorlearn\0kiosk" in command and "DISPLAY" in found:
        return found["DISPLAY"], found.get("XAUTHORITY", "")
    return None
