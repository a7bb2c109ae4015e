"""The daily backup on real SQLite files: a whole copy, one a day, seven kept, only ours
deleted, the writer never held up, and a full or read-only folder said in a sentence."""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from seniorlearn.core.i18n import set_language
from seniorlearn.core.storage import backup
from seniorlearn.core.storage.backup import BackupCancelled, BackupError, make_backup
from seniorlearn.core.storage.db import integrity_problems
from seniorlearn.core.storage.writer import DatabaseWriter
from tests.faults import fill, read_only, small_disk

DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "seniorlearn.db"
    writer = DatabaseWriter(path)
    writer.write(lambda db: db["meta"].insert_all(
        {"key": f"k{n}", "value": "学" * 100} for n in range(4000)))
    writer.close()
    return path


def _count(path: Path, table: str = "meta") -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def _names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_a_backup_is_a_whole_sound_copy_in_one_file(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    result = make_backup(database, folder, today=DAY)
    assert result.made and result.path == folder / "seniorlearn-2026-11-20.db"
    assert _names(folder) == ["seniorlearn-2026-11-20.db"]  # no -wal, no temporary file
    assert integrity_problems(result.path) == []
    assert _count(result.path) == 4000
    conn = sqlite3.connect(result.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_at_most_one_a_day(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    first = make_backup(database, folder, today=DAY)
    before = first.path.read_bytes()
    conn = sqlite3.connect(database)
    conn.execute("DELETE FROM meta")
    conn.commit()
    conn.close()
    again = make_backup(database, folder, today=DAY)
    assert not again.made and again.path == first.path
    assert first.path.read_bytes() == before  # the morning's copy is not replaced
    assert make_backup(database, folder, today=DAY + datetime.timedelta(days=1)).made


def test_seven_kept_of_ten_days_and_nothing_else_deleted(database: Path,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    strangers = ["notes.txt", "seniorlearn-copy.db", "seniorlearn-2026-13-45.db",
                 "seniorlearn-2020-01-01.db.bak", "my-seniorlearn-2020-01-01.db"]
    for name in strangers:
        (folder / name).write_text("not a backup of ours")
    removed = []
    for offset in range(10):
        removed += make_backup(database, folder, today=DAY + datetime.timedelta(offset)).removed
    ours = [f"seniorlearn-2026-11-{day}.db" for day in range(23, 30)]
    assert _names(folder) == sorted(ours + strangers)
    assert sorted(p.name for p in removed) == [f"seniorlearn-2026-11-{d}.db" for d in (20, 21, 22)]
    assert [day for day, _p in backup.backups(folder)] == [
        DAY + datetime.timedelta(offset) for offset in range(9, 2, -1)]


def test_the_writer_commits_between_the_steps_and_the_copy_is_one_moment(
        database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 16)  # many steps for a small file
    writer = DatabaseWriter(database)
    steps = []

    def between_steps() -> bool:
        # Waited for: a backup holding the writer up would time out here.
        writer.write(lambda db: db["meta"].insert({"key": f"new{len(steps)}", "value": "v"}),
                     timeout_s=5)
        steps.append(1)
        return False

    result = make_backup(database, tmp_path / "backups", today=DAY, stop=between_steps)
    writer.close()
    assert len(steps) > 10
    assert _count(result.path) == 4000  # the database as it was when the backup began
    assert _count(database) == 4000 + len(steps)


def test_stopping_mid_copy_leaves_nothing(database: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 16)
    folder = tmp_path / "backups"
    steps = []

    def stop() -> bool:
        steps.append(1)
        return len(steps) >= 3

    with pytest.raises(BackupCancelled):
        make_backup(database, folder, today=DAY, stop=stop)
    assert _names(folder) == []


def test_what_a_killed_backup_left_is_cleared_but_not_a_running_ones(database: Path,
                                                                     tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (folder / f".seniorlearn-2026-11-19.db.partial-{gone}").write_bytes(b"half")
        (folder / f".seniorlearn-2026-11-20.db.partial-{running.pid}").write_bytes(b"half")
        make_backup(database, folder, today=DAY)
        assert _names(folder) == [f".seniorlearn-2026-11-20.db.partial-{running.pid}",
                                  "seniorlearn-2026-11-20.db"]
    finally:
        running.kill()
        running.wait()


def test_no_database_and_a_damaged_one_say_so(tmp_path: Path) -> None:
    set_language("zh_CN")
    folder = tmp_path / "backups"
    with pytest.raises(BackupError, match="还没有数据库"):
        make_backup(tmp_path / "none.db", folder, today=DAY)
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not SQLite at all" * 400)
    with pytest.raises(BackupError, match="可能已经损坏"):
        make_backup(damaged, folder, today=DAY)
    assert _names(folder) == []


def test_a_full_disk_mid_copy_says_so_and_keeps_the_old_backups(database: Path,
                                                                tmp_path: Path,
                                                                monkeypatch) -> None:
    set_language("zh_CN")
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 16)
    with small_disk(tmp_path / "backups", "4m") as folder:
        old = folder / "seniorlearn-2026-11-19.db"
        make_backup(database, folder, today=DAY - datetime.timedelta(1))
        filled = []

        def fill_once() -> bool:  # the disk fills up while the copy is being written
            if not filled:
                fill(folder)
                filled.append(1)
            return False

        with pytest.raises(BackupError) as raised:
            make_backup(database, folder, today=DAY, stop=fill_once)
        assert "磁盘满了" in str(raised.value) and str(folder) in str(raised.value)
        assert _names(folder) == ["filler", "filler-tail", old.name]
        assert integrity_problems(old) == []


def test_no_room_left_for_the_live_database_is_full_without_writing(database: Path,
                                                                    tmp_path: Path) -> None:
    set_language("zh_CN")
    folder = tmp_path / "backups"
    with pytest.raises(BackupError, match="磁盘满了"):
        make_backup(database, folder, today=DAY, reserve_bytes=1 << 60)
    assert _names(folder) == []
    assert "磁盘满了" in (backup.folder_problem(database, folder, reserve_bytes=1 << 60) or "")
    assert backup.folder_problem(database, folder) is None


def test_a_read_only_folder_says_so_and_changes_nothing(database: Path,
                                                        tmp_path: Path) -> None:
    set_language("zh_CN")
    folder = tmp_path / "backups"
    make_backup(database, folder, today=DAY - datetime.timedelta(1))
    with read_only(folder):
        with pytest.raises(BackupError, match="写不进去"):
            make_backup(database, folder, today=DAY)
        assert "写不进去" in (backup.folder_problem(database, folder) or "")
        assert _names(folder) == ["seniorlearn-2026-11-19.db"]
