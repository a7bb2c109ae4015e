"""The outbox: one row per xAPI statement the county's LRS must receive, exactly once.

Rows are made in the same transaction that closes a study record (study.save and
close_left_open call ``add``), so no closed record is ever without its statements and a crash
cannot make them twice. A statement's id is fixed then (a UUID derived from the record's id and
the verb) and never changes: sending it again is harmless. States: ``pending`` until the LRS
acknowledged it, then ``sent``; ``parked`` when the LRS refused it for a reason a retry cannot
mend (kept, with the LRS's answer, for a person to look at — never dropped).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

import sqlite_utils

# Fixed for ever: changing it would give every record new statement ids.
NAMESPACE = uuid.UUID("6f1c2f0e-7d1a-4d53-9a55-2d5e2b3c1a70")
LESSON_VERBS = ("initialized", "terminated")
IN_PERSON_VERBS = ("attended",)


def create_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE outbox (id TEXT PRIMARY KEY, record_id TEXT NOT NULL"
        " REFERENCES study_sessions(id), verb TEXT NOT NULL,"
        " state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'parked')),"
        " attempts INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '',"
        " sent_at REAL, UNIQUE (record_id, verb))")
    db.execute("CREATE INDEX outbox_pending ON outbox (state)")  # rowid order within
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    # Records closed before the outbox existed get their statements now.
    rows = db.execute("SELECT id, kind, completed FROM study_sessions WHERE open = 0").fetchall()
    for record_id, kind, completed in rows:
        _add(db, record_id, verbs_for(kind, bool(completed)))


def statement_id(record_id: str, verb: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{record_id}/{verb}"))


def verbs_for(kind: str, completed: bool) -> tuple[str, ...]:
    if kind == "in_person":
        return IN_PERSON_VERBS
    return ("initialized", "completed", "terminated") if completed else LESSON_VERBS


def add(db: sqlite_utils.Database, record_id: str, kind: str, completed: bool) -> None:
    """The statements of a record just closed (a second call adds nothing)."""
    _add(db, record_id, verbs_for(kind, completed))


def _add(db: sqlite_utils.Database, record_id: str, verbs: Iterable[str]) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO outbox (id, record_id, verb) VALUES (?, ?, ?)",
        [(statement_id(record_id, verb), record_id, verb) for verb in verbs])


def pending(db: sqlite_utils.Database, limit: int, after_rowid: int = 0
            ) -> list[tuple[int, str, str, str]]:
    """(rowid, statement id, record id, verb) of pending statements, oldest first."""
    return [tuple(row) for row in db.execute(  # type: ignore[misc]
        "SELECT rowid, id, record_id, verb FROM outbox WHERE state = 'pending' AND rowid > ?"
        " ORDER BY rowid LIMIT ?", (after_rowid, limit))]


def mark_sent(db: sqlite_utils.Database, ids: Sequence[str], now: float) -> None:
    db.conn.executemany(
        "UPDATE outbox SET state = 'sent', sent_at = ?, reason = '' WHERE id = ?",
        [(now, statement) for statement in ids])


def park(db: sqlite_utils.Database, statement: str, reason: str) -> None:
    db.execute("UPDATE outbox SET state = 'parked', reason = ? WHERE id = ?",
               (reason[:2000], statement))


def requeue(db: sqlite_utils.Database, ids: Sequence[str]) -> int:
    """Parked statements back to pending (a volunteer's resend); how many were parked."""
    before = db.conn.total_changes
    db.conn.executemany("UPDATE outbox SET state = 'pending', reason = '' WHERE id = ?"
                        " AND state = 'parked'", [(statement,) for statement in ids])
    return db.conn.total_changes - before


def count_attempt(db: sqlite_utils.Database, ids: Sequence[str]) -> None:
    db.conn.executemany("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?",
                        [(statement,) for statement in ids])


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    found = {"pending": 0, "sent": 0, "parked": 0}
    for state, number in db.execute("SELECT state, count(*) FROM outbox GROUP BY state"):
        found[str(state)] = int(number)
    return found


def parked(db: sqlite_utils.Database, limit: int = 100) -> list[tuple[str, str, str]]:
    """(statement id, verb, reason) of parked statements."""
    return [tuple(row) for row in db.execute(  # type: ignore[misc]
        "SELECT id, verb, reason FROM outbox WHERE state = 'parked' ORDER BY rowid LIMIT ?",
        (limit,))]


def get_state(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_state(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("INSERT INTO sync_state VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
               " SET value = excluded.value", (key, value))
