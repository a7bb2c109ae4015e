"""The one database writer: order, transactions, errors, and closing without losing writes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from seniorlearn.core.storage.db import integrity_problems
from seniorlearn.core.storage.writer import DatabaseWriter, WriterClosed


def _count(db) -> int:
    return db.execute("SELECT count(*) FROM meta").fetchone()[0]


def test_writes_run_in_order_on_one_thread(tmp_path: Path) -> None:
    writer = DatabaseWriter(tmp_path / "k.db")
    threads = set()

    def job(n: int):
        def run(db) -> int:
            threads.add(threading.get_ident())
            db["meta"].insert({"key": f"k{n:03d}", "value": str(len(threads))})
            return _count(db)
        return run

    futures = [writer.submit(job(n)) for n in range(100)]
    assert [f.result(10) for f in futures] == list(range(1, 101))
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert writer.close()


def test_a_failing_job_rolls_back_only_itself(tmp_path: Path) -> None:
    writer = DatabaseWriter(tmp_path / "k.db")

    def half_then_fail(db) -> None:
        db["meta"].insert({"key": "half", "value": "x"})
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        writer.write(half_then_fail)
    writer.write(lambda db: db["meta"].insert({"key": "after", "value": "y"}))
    reader = writer.reader()
    assert [r["key"] for r in reader["meta"].rows] == ["after"]
    reader.conn.close()
    writer.close()


def test_close_finishes_every_write_already_asked_for(tmp_path: Path) -> None:
    writer = DatabaseWriter(tmp_path / "k.db")
    gate = threading.Event()
    writer.submit(lambda db: gate.wait(5))
    pending = [writer.submit(lambda db, n=n: db["meta"].insert({"key": str(n), "value": ""}))
               for n in range(50)]
    closer = threading.Thread(target=writer.close)
    closer.start()
    gate.set()
    closer.join(10)
    assert all(f.done() and f.exception() is None for f in pending)
    with pytest.raises(WriterClosed):
        writer.submit(lambda db: None)
    conn = sqlite3.connect(tmp_path / "k.db")
    assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 50
    conn.close()
    assert integrity_problems(tmp_path / "k.db") == []


def test_readers_see_committed_writes_while_the_writer_works(tmp_path: Path) -> None:
    writer = DatabaseWriter(tmp_path / "k.db")
    writer.write(lambda db: db["meta"].insert({"key": "a", "value": "1"}))
    inside = threading.Event()
    release = threading.Event()

    def slow(db) -> None:
        db["meta"].insert({"key": "b", "value": "2"})
        inside.set()
        release.wait(5)

    future = writer.submit(slow)
    assert inside.wait(5)
    reader = writer.reader()
    assert [r["key"] for r in reader["meta"].rows] == ["a"]  # b is not committed yet
    release.set()
    future.result(5)
    assert sorted(r["key"] for r in reader["meta"].rows) == ["a", "b"]
    reader.conn.close()
    writer.close()


def test_a_database_from_every_earlier_schema_is_brought_up_to_date(tmp_path: Path) -> None:
    from seniorlearn.core.storage.db import MIGRATIONS, SCHEMA_VERSION, open_database

    for version in range(SCHEMA_VERSION):
        path = tmp_path / f"v{version}.db"
        conn = sqlite3.connect(path)
        db = __import__("sqlite_utils").Database(conn)
        for step in MIGRATIONS[:version]:
            step(db)
        conn.execute(f"PRAGMA user_version = {version}")
        if version >= 1:
            conn.execute("INSERT INTO meta VALUES ('kiosk', 'kept')")
        conn.commit()
        conn.close()
        writer = DatabaseWriter(path)
        writer.write(lambda db: db.execute(
            "INSERT INTO learners VALUES ('1', '王秀英', '', NULL, '', '', 0, 0)"))
        reader = writer.reader()
        assert reader.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert (version == 0) or reader["meta"].get("kiosk")["value"] == "kept"
        reader.conn.close()
        writer.close()
        open_database(path).conn.close()  # opening again changes nothing
        assert integrity_problems(path) == []
