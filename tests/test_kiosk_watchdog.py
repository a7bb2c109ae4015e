"""A real kiosk under a real notify socket, as systemd would run it: READY=1 comes once the
home screen is painted, WATCHDOG=1 keeps coming from the UI thread, and when that thread is
frozen the pings stop (systemd would then restart the kiosk). A second start of the same
kiosk brings the first forward and exits 0. Real processes, real Xvfb, real sockets."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.test_kiosk_process import (  # noqa: F401 (fixtures)
    display,
    kiosk_env,
    pytestmark,
    temp_root,
    wait_for,
)

WATCHDOG_USEC = 1_000_000  # pings every 0.5 s
# The kiosk, plus one thing a test needs: when the file FREEZE appears, the UI thread
# sleeps for 30 s on a timer of its own (what a wedged screen or a deadlock looks like),
# after writing FREEZE.seen: on a loaded machine the timer may come late.
FROZEN_KIOSK = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
def look():
    if os.path.exists(sys.argv[1]):
        open(sys.argv[1] + ".seen", "w").close()
        time.sleep(30)
timer = QTimer(); timer.timeout.connect(look); timer.start(100)
from seniorlearn.cli import main
raise SystemExit(main(["kiosk", "--windowed"]))
"""


def notify_socket(tmp_path: Path) -> tuple[socket.socket, Path]:
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(0.2)
    return sock, path


def messages(sock: socket.socket, seconds: float) -> list[tuple[float, str]]:
    """Every datagram received in the next SECONDS, with its arrival time."""
    got, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            got.append((time.monotonic(), sock.recv(4096).decode()))
        except TimeoutError:
            pass
    return got


def test_ready_after_paint_then_pings_that_stop_when_the_ui_freezes(
        display, data_home, temp_root, tmp_path) -> None:  # noqa: F811
    sock, path = notify_socket(tmp_path)
    freeze = tmp_path / "FREEZE"
    env = kiosk_env(display, data_home, temp_root, SENIORLEARN_SPEECH_ENABLED="false",
                    NOTIFY_SOCKET=str(path), WATCHDOG_USEC=str(WATCHDOG_USEC))
    started = time.monotonic()
    kiosk = subprocess.Popen([sys.executable, "-c", FROZEN_KIOSK, str(freeze)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = messages(sock, 0)
        while not any(m.startswith("READY=1") for _, m in first) and \
                time.monotonic() - started < 60:
            first += messages(sock, 1)
        ready = [t for t, m in first if m.startswith("READY=1")]
        assert ready, f"no READY=1 from the kiosk: {first}"
        print(f"start to READY: {ready[0] - started:.2f} s")
        alive = messages(sock, 3)
        pings = [t for t, m in alive if m == "WATCHDOG=1"]
        assert len(pings) >= 4, f"too few pings in 3 s: {alive}"
        freeze.touch()
        wait_for(lambda: Path(f"{freeze}.seen").exists(), timeout=30,
                 what="the UI thread to freeze")
        messages(sock, 0.3)  # a ping sent just before may still be on its way
        frozen = messages(sock, 3)
        assert [m for _, m in frozen if m == "WATCHDOG=1"] == [], \
            "pings kept coming from a frozen UI thread"
        assert kiosk.poll() is None, "the frozen kiosk should still be running (systemd kills it)"
    finally:
        kiosk.kill()
        _out, err = kiosk.communicate(timeout=20)
        sock.close()
    assert "Traceback" not in err


def test_a_second_start_brings_the_running_kiosk_forward(  # noqa: F811
        display, data_home, temp_root, tmp_path) -> None:  # noqa: F811
    sock, path = notify_socket(tmp_path)
    env = kiosk_env(display, data_home, temp_root, SENIORLEARN_SPEECH_ENABLED="false",
                    NOTIFY_SOCKET=str(path))
    cmd = [sys.executable, "-m", "seniorlearn", "kiosk", "--windowed"]
    first = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        wait_for(lambda: any(m.startswith("READY=1") for _, m in messages(sock, 0.5)),
                 timeout=60, what="the first kiosk's READY=1")
        second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert "已经" in second.stdout, second.stdout  # said in the kiosk's language
        assert first.poll() is None, "the running kiosk must keep running"
        time.sleep(1)
        log = (data_home / "logs" / "kiosk.log").read_text(encoding="utf-8")
        assert "asked it to come forward" in log
    finally:
        first.kill()
        _out, err = first.communicate(timeout=20)
        sock.close()
    assert "Traceback" not in err
