import sqlite3
from pathlib import Path

import pytest

from seniorlearn.core.storage.db import (
    SCHEMA_VERSION,
    DatabaseError,
    integrity_problems,
    open_database,
    schema_version,
)


def test_new_database_is_wal_and_migrated(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert schema_version(db) == SCHEMA_VERSION
    assert "meta" in db.table_names()
    db.conn.close()
    assert integrity_problems(tmp_path / "a.db") == []


def test_reopening_keeps_data(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.db")
    db["meta"].insert({"key": "k", "value": "v"})
    db.conn.close()
    again = open_database(tmp_path / "a.db")
    assert again["meta"].get("k")["value"] == "v"


def test_a_newer_schema_is_refused_without_change(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer SeniorLearn"):
        open_database(path)
    assert path.read_bytes() == before


def test_garbage_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    path.write_bytes(b"this is not a database" * 100)
    assert integrity_problems(path)
