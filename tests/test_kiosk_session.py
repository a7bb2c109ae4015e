"""The package's session command (what seniorlearn-kiosk.service runs) on a virtual display:
it starts the X server (Xvfb standing in for Xorg on the console), the kiosk covers the whole
screen with no window manager, only a client with the session's cookie may connect, and
when the kiosk ends the X server goes too."""

from __future__ import annotations

import os
import subprocess
import sys
import time
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


def test_the_session_starts_x_and_the_kiosk_covers_the_screen(data_home, tmp_path) -> None:
    kiosk = tmp_path / "seniorlearn"
    kiosk.write_text(f"#!/bin/sh\nexec {sys.executable} -m seniorlearn \"$@\"\n")
    kiosk.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DISPLAY"))}
    env.update(SENIORLEARN_X_SERVER=f"Xvfb -screen 0 {SIZE}x24", SENIORLEARN_KIOSK=str(kiosk),
               SENIORLEARN_HOME=str(data_home), SENIORLEARN_SPEECH_ENABLED="false",
               PYTHONPATH=str(ROOT), TMPDIR=str(tmp_path))
    display = xauthority = ""
    session = subprocess.Popen([str(ROOT / "packaging" / "bin" / "kiosk-session")], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        display, xauthority = wait_for(lambda: _display_of(session), timeout=30,
                                       what="the X server")
        wait_for(lambda: geometry(display, xauthority), timeout=60,
                 what=f"a kiosk window of {SIZE} at 0,0")
        for stranger in ("/nonexistent", str(tmp_path / "empty")):  # no cookie, or none here
            (tmp_path / "empty").write_bytes(b"")
            refused = subprocess.run(["xwininfo", "-root"], capture_output=True, text=True,
                                     env={**os.environ, "DISPLAY": display,
                                          "XAUTHORITY": stranger})
            assert refused.returncode != 0 and "unable to open display" in refused.stderr
    finally:
        session.terminate()  # the script passes it on to the kiosk, then stops X
        _out, err = session.communicate(timeout=30)
    assert "Traceback" not in err
    assert session.returncode == 0, err  # the kiosk closed cleanly on SIGTERM
    time.sleep(0.5)
    socket = Path(f"/tmp/.X11-unix/X{display.lstrip(':')}")
    assert not socket.exists(), "the X server was left running"
    assert not list(tmp_path.glob("seniorlearn-x.*")), "the session left its cookie and fifo"
    assert not Path(xauthority).exists()


def _display_of(session: subprocess.Popen) -> tuple[str, str] | None:
    """The display the session's X server took and the kiosk's cookie file, read from the
    kiosk's environment."""
    children = [stat.parent.name for stat in Path("/proc").glob("[0-9]*/stat")
                if _parent(stat) == session.pid]  # (no pgrep: procps is not in minbase)
    for pid in children:
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        found = dict(item.decode().split("=", 1) for item in environ if b"=" in item)
        if "DISPLAY" in found:
            return found["DISPLAY"], found.get("XAUTHORITY", "")
    return None


def _parent(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
