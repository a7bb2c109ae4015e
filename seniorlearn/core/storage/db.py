"""The one SQLite database: WAL mode, a schema version, and forward-only migrations.

Later issues (learners, the study-hour ledger, the sync outbox) add a migration each; a
kiosk with an older database is brought up to date when it opens it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


def _v1_meta(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)


def _v2_learners(db: sqlite_utils.Database) -> None:
    from seniorlearn.core.storage.learners import create_tables

    create_tables(db)


def _v3_study_sessions(db: sqlite_utils.Database) -> None:
    from seniorlearn.core.storage.study import create_tables

    create_tables(db)


def _v4_resume_places(db: sqlite_utils.Database) -> None:
    from seniorlearn.core.storage.places import create_tables

    create_tables(db)


def _v5_outbox(db: sqlite_utils.Database) -> None:
    from seniorlearn.core.storage.outbox import create_tables

    create_tables(db)


def _v6_reports_and_certificates(db: sqlite_utils.Database) -> None:
    from seniorlearn.core.storage.certificates import create_tables
    from seniorlearn.core.storage.study import create_report_tables

    create_report_tables(db)
    create_tables(db)


MIGRATIONS: tuple[Migration, ...] = (_v1_meta, _v2_learners, _v3_study_sessions,
                                     _v4_resume_places, _v5_outbox,
                                     _v6_reports_and_certificates)
SCHEMA_VERSION = len(MIGRATIONS)


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says why and what to do."""


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    db = sqlite_utils.Database(conn)
    _refuse_newer(db)  # before anything below writes to the file
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _refuse_newer(db: sqlite_utils.Database) -> None:
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        db.conn.close()
        raise DatabaseError(
            f"the database is from a newer SeniorLearn (schema {current}, this one knows "
            f"{SCHEMA_VERSION}); install the newer version"
        )


def migrate(db: sqlite_utils.Database) -> None:
    _refuse_newer(db)
    current = schema_version(db)
    for number, step in enumerate(MIGRATIONS[current:], start=current + 1):
        with db.conn:
            db.conn.execute("BEGIN IMMEDIATE")
            step(db)
            db.conn.execute(f"PRAGMA user_version = {number}")


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` reports; an empty list means the file is sound.

    Opens the file read-only so a check never changes it.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows
