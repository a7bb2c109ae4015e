"""Doctor's database and backup rows on real files: the full integrity check finds what the
quick one misses, garbage in a copy of a real database is reported with the restore
sentence, and the newest backup's age is said in plain words."""

from __future__ import annotations

import datetime
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from seniorlearn.core import doctor
from seniorlearn.core.i18n import current_language, set_language
from seniorlearn.core.paths import Paths
from seniorlearn.core.storage.backup import make_backup
from seniorlearn.core.storage.writer import DatabaseWriter
from tests.faults import read_only

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    before = current_language()
    set_language("zh_CN")
    yield
    set_language(before)


@pytest.fixture
def paths() -> Paths:
    paths = Paths.from_env()
    writer = DatabaseWriter(paths.database)
    writer.write(lambda db: db["learners"].insert_all(
        {"number": f"{n:05d}", "name": f"学员{n}", "call_name": "", "birth_year": None,
         "phone": "", "study_point": "", "added_at": 0, "changed_at": 0}
        for n in range(3000)))
    writer.close()
    return paths


def _backup(paths: Paths, days_ago: int) -> None:
    make_backup(paths.database, paths.backups, today=TODAY - datetime.timedelta(days_ago))


def test_garbage_written_into_a_copy_of_a_real_database_is_reported(paths: Paths) -> None:
    assert doctor.check_database(paths).ok
    assert "integrity_check" in doctor.check_database(paths).technical
    damaged = Paths(paths.home.parent / "copy")
    damaged.home.mkdir()
    shutil.copy(paths.database, damaged.database)
    with open(damaged.database, "r+b") as fh:
        fh.seek(damaged.database.stat().st_size // 2 // 4096 * 4096)  # three whole pages
        fh.write(b"\xde\xad garbage \xbe\xef" * 1000)
    result = doctor.check_database(damaged)
    assert not result.ok and result.required
    assert "损坏" in result.detail and str(damaged.backups) in result.detail


def test_the_full_check_finds_an_index_the_quick_check_passes(paths: Paths) -> None:
    conn = sqlite3.connect(paths.database)
    conn.execute("PRAGMA writable_schema = ON")  # the index now claims another column
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX learners_by_name ON learners"
                 " (phone)' WHERE type = 'index' AND name = 'learners_by_name'")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(paths.database)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    conn.close()
    result = doctor.check_database(paths)
    assert not result.ok and "missing from index" in result.technical


def test_no_database_needs_no_backup(tmp_path: Path) -> None:
    result = doctor.check_backups(Paths(tmp_path / "empty"), today=TODAY)
    assert result.ok and result.key == "backups" and not result.required


@pytest.mark.parametrize(("days_ago", "ok", "words"), [
    (None, False, "还没有任何备份"), (0, True, "今天"), (1, True, "昨天"),
    (2, True, "2 天前做的（2026-11-18）"), (3, False, "3 天前的了（2026-11-17），说明备份停了")])
def test_the_newest_backups_age_in_plain_words(paths: Paths, days_ago: int | None, ok: bool,
                                               words: str) -> None:
    if days_ago is not None:
        for older in (9, 8, days_ago):
            _backup(paths, older)
    result = doctor.check_backups(paths, today=TODAY)
    assert (result.ok, result.required) == (ok, False)
    assert words in result.detail, result.detail
    assert ("seniorlearn backup" in result.detail) == (not ok)
    if days_ago is not None:
        assert "保留着 3 份" in result.detail or not ok


def test_a_read_only_backups_folder_is_a_warning(paths: Paths) -> None:
    _backup(paths, 0)
    with read_only(paths.backups):
        result = doctor.check_backups(paths, today=TODAY)
    assert (result.ok, result.required) == (False, False)
    assert "写不进去" in result.detail and "今天" in result.detail
