"""The learners table: one row per card, keyed on the learner number."""

from __future__ import annotations

import time
from collections.abc import Iterable

import sqlite_utils

from seniorlearn.core.models import Learner

TABLE = "learners"
_FIELDS = ("number", "name", "call_name", "birth_year", "phone", "study_point")


def create_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE learners ("
        " number TEXT PRIMARY KEY, name TEXT NOT NULL, call_name TEXT NOT NULL DEFAULT '',"
        " birth_year INTEGER, phone TEXT NOT NULL DEFAULT '', study_point TEXT NOT NULL"
        " DEFAULT '', added_at REAL NOT NULL, changed_at REAL NOT NULL)")
    db.execute("CREATE INDEX learners_by_name ON learners (name)")


def _row(learner: Learner, now: float) -> dict[str, object]:
    row: dict[str, object] = {field: getattr(learner, field) for field in _FIELDS}
    row["changed_at"] = now
    return row


def insert(db: sqlite_utils.Database, learners: Iterable[Learner],
           now: float | None = None) -> int:
    """Add new learners; an existing number raises sqlite3.IntegrityError (nothing added)."""
    stamp = time.time() if now is None else now
    rows = [{**_row(learner, stamp), "added_at": stamp} for learner in learners]
    db.table(TABLE).insert_all(rows)  # type: ignore[union-attr]
    return len(rows)


def update(db: sqlite_utils.Database, learner: Learner, now: float | None = None) -> bool:
    """Change an existing learner's details; False if there is no such number."""
    stamp = time.time() if now is None else now
    row = _row(learner, stamp)
    cursor = db.execute(
        "UPDATE learners SET name=:name, call_name=:call_name, birth_year=:birth_year,"
        " phone=:phone, study_point=:study_point, changed_at=:changed_at"
        " WHERE number=:number", row)
    return cursor.rowcount == 1


def get(db: sqlite_utils.Database, number: str) -> Learner | None:
    rows = list(db.query(f"SELECT {', '.join(_FIELDS)} FROM learners WHERE number = ?",
                         [number]))
    return _learner(rows[0]) if rows else None


def numbers(db: sqlite_utils.Database) -> set[str]:
    return {row[0] for row in db.execute("SELECT number FROM learners")}


def find(db: sqlite_utils.Database, text: str, limit: int = 50) -> list[Learner]:
    """Learners whose number or name starts with ``text`` (all of them for no text)."""
    prefix = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = db.query(
        f"SELECT {', '.join(_FIELDS)} FROM learners WHERE number LIKE :p ESCAPE '\\'"
        " OR name LIKE :p ESCAPE '\\' OR call_name LIKE :p ESCAPE '\\'"
        " ORDER BY number LIMIT :limit", {"p": prefix, "limit": limit})
    return [_learner(row) for row in rows]


def every(db: sqlite_utils.Database) -> list[Learner]:
    return [_learner(row) for row in
            db.query(f"SELECT {', '.join(_FIELDS)} FROM learners ORDER BY number")]


def _learner(row: dict[str, object]) -> Learner:
    year = row["birth_year"]
    return Learner(number=str(row["number"]), name=str(row["name"]),
                   call_name=str(row["call_name"] or ""),
                   birth_year=int(year) if isinstance(year, int) else None,
                   phone=str(row["phone"] or ""), study_point=str(row["study_point"] or ""))
