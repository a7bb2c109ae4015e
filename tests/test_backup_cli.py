"""``seniorlearn backup`` as a real process: made, already there, refused in a sentence, and
a ``kill -9`` mid-copy that leaves no file looking like a finished backup."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from seniorlearn.core.paths import Paths
from seniorlearn.core.storage import backup
from seniorlearn.core.storage.db import integrity_problems, open_database
from tests.faults import read_only

ROOT = Path(__file__).resolve().parents[1]


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT),
                QT_QPA_PLATFORM="offscreen")


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "seniorlearn", *args], cwd=ROOT,
                          env=_env(home), capture_output=True, text=True, timeout=120)


def _database(home: Path, rows: int, value_bytes: int = 200) -> Path:
    path = Paths(home).database
    db = open_database(path)
    db.execute("CREATE TABLE filler (n INTEGER PRIMARY KEY, data BLOB)")
    with db.conn:
        db.conn.execute("BEGIN")
        db.conn.executemany("INSERT INTO filler (data) VALUES (?)",
                            ((os.urandom(value_bytes),) for _ in range(rows)))
    db.conn.close()
    return path


def test_backup_made_then_already_there(data_home: Path) -> None:
    assert run(data_home, "learners", "add", "--number", "1", "--name", "王秀英").returncode == 0
    made = run(data_home, "backup")
    assert made.returncode == 0 and "备份做好了" in made.stdout, made.stderr
    [(_day, path)] = backup.backups(Paths(data_home).backups)
    assert str(path) in made.stdout and integrity_problems(path) == []
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM learners").fetchall() == [("王秀英",)]
    conn.close()
    again = run(data_home, "backup")
    assert again.returncode == 0 and "今天的备份已经有了" in again.stdout


def test_nothing_to_back_up_and_a_read_only_folder_are_sentences(data_home: Path) -> None:
    nothing = run(data_home, "backup")
    assert nothing.returncode == 2 and "还没有数据库" in nothing.stderr
    assert not data_home.exists()  # a command with nothing to do creates nothing
    _database(data_home, 10)
    folder = Paths(data_home).backups
    folder.mkdir(parents=True)
    with read_only(folder):
        refused = run(data_home, "backup")
    assert refused.returncode == 2 and "写不进去" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr and os.listdir(folder) == []


def test_kill_9_mid_backup_leaves_no_finished_looking_file(data_home: Path) -> None:
    database = _database(data_home, 400_000)  # about 90 MB: the copy takes a moment
    folder = Paths(data_home).backups
    proc = subprocess.Popen([sys.executable, "-m", "seniorlearn", "backup"], cwd=ROOT,
                            env=_env(data_home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    partial: list[str] = []
    while not partial and proc.poll() is None and time.monotonic() < deadline:
        partial = [n for n in os.listdir(folder) if n.startswith(".")] if folder.is_dir() else []
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    assert partial, "the backup finished before it could be killed mid-copy"
    assert backup.backups(folder) == []  # only a hidden temporary name was left
    assert integrity_problems(database) == []
    again = run(data_home, "backup")  # the next backup clears it and makes a whole one
    assert again.returncode == 0, again.stderr
    [(_day, path)] = backup.backups(folder)
    assert os.listdir(folder) == [path.name]
    assert integrity_problems(path) == []
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM filler").fetchone()[0] == 400_000
    conn.close()
