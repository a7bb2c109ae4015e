"""The real kiosk process on a bare X server (no window manager, as on a kiosk machine):
its window covers the screen and comes back when another program hides or destroys it;
SIGTERM and SIGINT stop it cleanly; a data home that is read-only, full or a file does not
stop it. Real processes, real Xvfb, real xdotool."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults import fill, read_only, small_disk

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
                                reason="needs Xvfb and xdotool (installer/debian-packages.txt)")
TITLE = "乐龄学堂 SeniorLearn"


def start_xvfb(size: str) -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    return server, f":{number}"


@pytest.fixture
def display(request) -> Iterator[str]:
    server, name = start_xvfb(getattr(request, "param", "1920x1080"))
    yield name
    server.terminate()
    server.wait(10)


@pytest.fixture
def temp_root(tmp_path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def kiosk_env(display: str, home: Path, temp_root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENIORLEARN_", "QT_"))}
    env.update(DISPLAY=display, SENIORLEARN_HOME=str(home), TMPDIR=str(temp_root), **extra)
    return env


def start_kiosk(display: str, home: Path, temp_root: Path, *args: str,
                **extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "seniorlearn", "kiosk", *args],
                            env=kiosk_env(display, home, temp_root, **extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def xdo(display: str, *args: str) -> str:
    done = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display},
                          capture_output=True, text=True, timeout=10)
    return done.stdout


def kiosk_windows(display: str) -> list[dict[str, str]]:
    """The kiosk's viewable top-level windows, with their geometry (xwininfo)."""
    found = []
    for wid in xdo(display, "search", "--name", TITLE).split():
        info = subprocess.run(["xwininfo", "-id", wid], env={**os.environ, "DISPLAY": display},
                              capture_output=True, text=True).stdout
        fields = {key.strip(): value.strip() for key, value in
                  (line.split(": ", 1) for line in info.splitlines() if ": " in line)}
        if fields.get("Map State") == "IsViewable":
            found.append({"id": wid, **fields})
    return found


def wait_for(condition, timeout: float = 20.0, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def covers(display: str, size: str) -> dict[str, str] | None:
    width, height = size.split("x")
    for window in kiosk_windows(display):
        if (window["Width"], window["Height"]) == (width, height) and \
                (window["Absolute upper-left X"], window["Absolute upper-left Y"]) == ("0", "0"):
            return window
    return None


def stop(process: subprocess.Popen) -> tuple[int, str]:
    if process.poll() is None:
        process.kill()
    _out, err = process.communicate(timeout=20)
    return process.returncode, err


@pytest.mark.parametrize("display", ["1920x1080", "1280x800"], indirect=True)
def test_the_kiosk_covers_a_screen_with_no_window_manager(display, data_home, temp_root,
                                                         request) -> None:
    size = request.node.callspec.params["display"]
    kiosk = start_kiosk(display, data_home, temp_root, SENIORLEARN_SPEECH_ENABLED="false")
    try:
        wait_for(lambda: covers(display, size), what=f"a kiosk window of {size} at 0,0")
    finally:
        code, err = stop(kiosk)
    assert "Traceback" not in err


def test_a_window_hidden_or_destroyed_by_another_program_comes_back(display, data_home,
                                                                   temp_root) -> None:
    kiosk = start_kiosk(display, data_home, temp_root, SENIORLEARN_SPEECH_ENABLED="false")
    try:
        window = wait_for(lambda: covers(display, "1920x1080"), what="the kiosk window")
        xdo(display, "windowunmap", window["id"])
        wait_for(lambda: not covers(display, "1920x1080"), 5, "the window to be unmapped")
        wait_for(lambda: covers(display, "1920x1080"), 10, "the unmapped window to return")
        window = covers(display, "1920x1080")
        xdo(display, "windowclose", window["id"])  # XDestroyWindow from another client
        wait_for(lambda: not covers(display, "1920x1080"), 5, "the window to be destroyed")
        wait_for(lambda: covers(display, "1920x1080"), 15, "a new kiosk window")
        assert kiosk.poll() is None
    finally:
        code, err = stop(kiosk)
    assert "Traceback" not in err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_kiosk_cleanly_and_leaves_no_speech_folder(
        display, data_home, temp_root, signum) -> None:
    kiosk = start_kiosk(display, data_home, temp_root)
    wait_for(lambda: covers(display, "1920x1080"), what="the kiosk window")
    wait_for(lambda: list(temp_root.glob("seniorlearn-speech-*")), 30, "the speech folder")
    kiosk.send_signal(signum)
    code, err = kiosk.wait(30), kiosk.stderr.read()
    assert code == 0, err
    assert "Traceback" not in err
    assert not list(temp_root.glob("seniorlearn-speech-*"))
    assert "stopping on " + signal.Signals(signum).name in (data_home / "logs" / "kiosk.log"
                                                           ).read_text(encoding="utf-8")
    from seniorlearn.core.audit import AuditLog
    from seniorlearn.core.paths import Paths

    last = AuditLog(Paths(data_home)).recent(1)[0]
    assert (last.who, last.what, last.detail["signal"]) == ("system", "kiosk_stopped",
                                                             signal.Signals(signum).name)


def test_what_a_killed_kiosk_left_in_tmp_is_removed_at_the_next_start(display, data_home,
                                                                     temp_root) -> None:
    kiosk = start_kiosk(display, data_home, temp_root)
    left = wait_for(lambda: list(temp_root.glob("seniorlearn-speech-*")), 30, "speech folder")
    kiosk.kill()
    kiosk.wait(10)
    assert all(folder.exists() for folder in left)
    again = start_kiosk(display, data_home, temp_root)
    try:
        wait_for(lambda: not any(folder.exists() for folder in left), 30,
                 "the killed kiosk's speech folder to be removed")
    finally:
        stop(again)


def run_briefly(display: str, home: Path, temp_root: Path) -> tuple[int, str]:
    kiosk = start_kiosk(display, home, temp_root, "--quit-after", "6",
                        SENIORLEARN_SPEECH_ENABLED="false")
    try:
        wait_for(lambda: covers(display, "1920x1080"), what="the kiosk window")
        kiosk.wait(40)
    finally:
        code, err = stop(kiosk)
    return code, err


def test_a_read_only_data_home_still_starts_and_says_so(display, data_home, temp_root) -> None:
    data_home.mkdir()
    (data_home / "config.toml").write_text('language = "zh_CN"\n', encoding="utf-8")
    with read_only(data_home):
        code, err = run_briefly(display, data_home, temp_root)
    assert code == 0, err
    assert "Traceback" not in err
    assert "cannot be written to" in err or "不能写入" in err


def test_a_data_home_that_is_a_file_still_starts_and_says_so(display, data_home,
                                                            temp_root) -> None:
    data_home.write_text("not a folder", encoding="utf-8")
    code, err = run_briefly(display, data_home, temp_root)
    assert code == 0, err
    assert "Traceback" not in err
    assert data_home.read_text(encoding="utf-8") == "not a folder"


def test_a_full_data_home_still_starts(display, tmp_path, temp_root) -> None:
    with small_disk(tmp_path / "full", "1m") as home:
        fill(home)
        code, err = run_briefly(display, home, temp_root)
    assert code == 0, err
    assert "Traceback" not in err


def test_everything_in_the_data_home_is_for_the_kiosk_user_alone(display, data_home,
                                                                 temp_root) -> None:
    code, err = run_briefly(display, data_home, temp_root)
    assert code == 0, err
    subprocess.run([sys.executable, "-m", "seniorlearn", "config", "set", "speech_rate", "150"],
                   env=kiosk_env(display, data_home, temp_root), check=True, capture_output=True)
    loose = []
    for path in [data_home, *data_home.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            loose.append(f"{path.relative_to(data_home.parent)} {mode:o}")
    assert not loose
