"""The certificates table: every certificate the kiosk issued, under the number printed on
it, so that ``seniorlearn certificate show NUMBER`` can say what it was issued for."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

COURSE, YEAR = "course", "year"


@dataclass(frozen=True)
class Certificate:
    # Printed on the certificate: 2026-000123. Digits only: Qt's PDF writer draws digits that
    # follow Latin letters in a font whose text cannot be read back (pdftotext, QtPdf).
    number: str
    learner: str
    kind: str              # COURSE (结业证书) or YEAR (学时证明)
    name: str              # the learner's name as printed
    study_point: str
    issued_day: str        # YYYY-MM-DD
    course_id: str = ""
    course_title: str = ""
    year: int = 0
    xueshi: float = 0.0


def create_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE certificates (number TEXT PRIMARY KEY,"
        " learner TEXT NOT NULL REFERENCES learners(number),"
        " kind TEXT NOT NULL CHECK (kind IN ('course', 'year')), name TEXT NOT NULL,"
        " study_point TEXT NOT NULL, issued_day TEXT NOT NULL,"
        " course_id TEXT NOT NULL DEFAULT '', course_title TEXT NOT NULL DEFAULT '',"
        " year INTEGER NOT NULL DEFAULT 0, xueshi REAL NOT NULL DEFAULT 0)")
    db.execute("CREATE INDEX certificates_by_learner ON certificates (learner)")


def issue(db: sqlite_utils.Database, draft: Certificate) -> Certificate:
    """Record ``draft`` under the next number of its year (the draft's number is ignored);
    the same certificate asked for again keeps the number it was given."""
    earlier = same(db, draft)
    if earlier is not None:
        return earlier
    year = draft.issued_day[:4]
    prefix = f"{year}-"
    row = db.execute("SELECT MAX(number) FROM certificates WHERE number LIKE ?",
                     (prefix + "%",)).fetchone()
    serial = int(row[0][len(prefix):]) + 1 if row and row[0] else 1
    number = f"{prefix}{serial:06d}"
    db.execute(
        "INSERT INTO certificates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (number, draft.learner, draft.kind, draft.name, draft.study_point, draft.issued_day,
         draft.course_id, draft.course_title, draft.year, round(draft.xueshi, 2)))
    return get(db, number) or draft


def same(db: sqlite_utils.Database, draft: Certificate) -> Certificate | None:
    """The certificate already issued for exactly this (a reprint keeps its number)."""
    rows = list(db.query(
        "SELECT * FROM certificates WHERE learner = ? AND kind = ? AND course_id = ?"
        " AND year = ? AND xueshi = ? AND name = ? ORDER BY number DESC LIMIT 1",
        [draft.learner, draft.kind, draft.course_id, draft.year, round(draft.xueshi, 2),
         draft.name]))
    return _certificate(rows[0]) if rows else None


def get(db: sqlite_utils.Database, number: str) -> Certificate | None:
    rows = list(db.query("SELECT * FROM certificates WHERE number = ?",
                         [number.strip().upper()]))
    return _certificate(rows[0]) if rows else None


def _certificate(row: dict[str, object]) -> Certificate:
    return Certificate(
        number=str(row["number"]), learner=str(row["learner"]), kind=str(row["kind"]),
        name=str(row["name"]), study_point=str(row["study_point"]),
        issued_day=str(row["issued_day"]), course_id=str(row["course_id"]),
        course_title=str(row["course_title"]), year=int(str(row["year"])),
        xueshi=float(str(row["xueshi"])))
