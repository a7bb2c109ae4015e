"""A power cut mid-lesson, as near as a test gets to one: a real kiosk process signed in as
a learner plays a real lesson on a real X server, and is killed with SIGKILL. At most one
heartbeat (5 s) of study is lost, the next start closes the session at its last beat, the
database passes ``integrity_check``, and ``hours report`` shows what was saved."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from seniorlearn.core.ledger.session import HEARTBEAT_S
from tests.test_kiosk_process import display, kiosk_env, start_kiosk, temp_root, wait_for  # noqa: F401

LEARNER = "20260001"
LESSON = "payment-code"  # 107 s: the kill comes long before its end


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = kiosk_env(":0", home, home.parent)
    return subprocess.run([sys.executable, "-m", "seniorlearn", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def open_row(database: Path) -> tuple[float, float] | None:
    """(seconds, beat_at) of the open session, read the way another program would."""
    if not database.exists():
        return None
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT seconds, beat_at FROM study_sessions WHERE open = 1"
                              ).fetchone()
    except sqlite3.Error:
        return None  # not made yet, or in the middle of its first migration


@pytest.mark.parametrize("backend", ["vlc", "qt"])
def test_kill_9_mid_lesson_loses_at_most_one_heartbeat(display, data_home, temp_root,  # noqa: F811
                                                       backend) -> None:
    added = cli(data_home, "learners", "add", "--number", LEARNER, "--name", "王秀英",
                "--call-name", "王阿姨")
    assert added.returncode == 0, added.stderr
    kiosk = start_kiosk(display, data_home, temp_root, "--windowed", "--learner", LEARNER,
                        "--open", LESSON, SENIORLEARN_SPEECH_ENABLED="false",
                        SENIORLEARN_PLAYER_BACKEND=backend)
    database = data_home / "seniorlearn.db"
    try:
        # The earliest moment playing can have started, from every beat seen: a beat is
        # read a little after it was written, so now - seconds is never before the start.
        started = float("inf")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            row = open_row(database)
            if row is not None:
                started = min(started, time.monotonic() - row[0])
                if row[0] >= 2 * HEARTBEAT_S + 1:
                    break
            time.sleep(0.05)
        assert started != float("inf"), "no open study session was saved"
        time.sleep(HEARTBEAT_S - 1.5)  # most of a beat played and not yet saved
        kiosk.kill()
        killed = time.monotonic()
        kiosk.communicate(timeout=20)
        played = killed - started
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.communicate(timeout=20)

    again = start_kiosk(display, data_home, temp_root, "--windowed", "--quit-after", "6",
                        SENIORLEARN_SPEECH_ENABLED="false")
    assert again.wait(60) == 0, again.stderr.read()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute("SELECT seconds, open, completed, course_id, lesson_id, learner"
                          " FROM study_sessions").fetchall()
    [(saved, still_open, completed, course_id, lesson_id, learner)] = rows
    assert (still_open, completed) == (0, 0)  # closed at its last beat; 107 s not watched
    assert (course_id, lesson_id, learner) == ("smartphone-payment", LESSON, LEARNER)
    lost = played - saved
    assert 0 <= lost <= HEARTBEAT_S + 0.5, f"played {played:.1f} s, saved {saved:.1f} s"
    report = cli(data_home, "hours", "report", "--learner", LEARNER, "--format", "json")
    assert report.returncode == 0, report.stderr
    [line] = json.loads(report.stdout)
    assert line["learner"] == LEARNER and line["sessions"] == 1
    assert line["seconds"] == pytest.approx(saved, abs=1)
    # The logs say what happened to whom by number only: no name in a file a technician
    # copies off the machine.
    logs = [path.read_text(encoding="utf-8") for path in (data_home / "logs").glob("kiosk.log*")]
    assert logs and any(LEARNER in text for text in logs)
    assert not any(name in text for text in logs for name in ("王秀英", "王阿姨"))
