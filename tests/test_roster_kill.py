"""A real ``seniorlearn learners import`` of a big roster, killed with SIGKILL while its
transaction is being written: the database passes integrity_check and holds either none or
all of the roster's learners (and every learner it had before)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from seniorlearn.core.models import Learner
from seniorlearn.core.paths import Paths
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.storage.db import integrity_problems
from seniorlearn.core.storage.writer import DatabaseWriter

ROOT = Path(__file__).resolve().parents[1]
ROWS = 40_000


def _roster(path: Path) -> Path:
    lines = ["学号,姓名,称呼,出生年份,手机"] + [
        f"2026{n:06d},学员{n},阿姨{n},{1940 + n % 20},139{n:08d}" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _learners(database: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT number FROM learners ORDER BY number")]
    finally:
        conn.close()


def _wal_bytes(database: Path) -> int:
    try:
        return os.path.getsize(f"{database}-wal")
    except FileNotFoundError:
        return 0


def test_kill_9_mid_roster_import_leaves_none_or_all(data_home: Path, tmp_path: Path) -> None:
    database = Paths(data_home).database
    writer = DatabaseWriter(database)  # a kiosk that already knows one learner
    LearnerService(writer).add(Learner("1", "王秀英", "王阿姨"))
    writer.close()  # checkpointed: the WAL is empty until the import writes
    before = _learners(database)
    env = dict(os.environ, SENIORLEARN_HOME=str(data_home), PYTHONPATH=str(ROOT),
               QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "seniorlearn", "learners", "import",
                             str(_roster(tmp_path / "big.csv"))], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    # The roster is read and checked first; the kill comes once its transaction writes pages.
    while _wal_bytes(database) < 64 * 1024 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the import finished before it could be killed"
    assert integrity_problems(database) == []
    after = _learners(database)
    assert after in (before, sorted(before + [f"2026{n:06d}" for n in range(ROWS)])), len(after)
