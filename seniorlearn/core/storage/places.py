"""The resume_places table: where each signed-in learner left each lesson, so that
"continue where you left off" follows the learner from one day (or kiosk start) to the
next. Guests' places never reach the database."""

from __future__ import annotations

import sqlite_utils


def create_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE resume_places (learner TEXT NOT NULL REFERENCES learners(number),"
        " course_id TEXT NOT NULL, lesson_id TEXT NOT NULL, position_s REAL NOT NULL,"
        " updated REAL NOT NULL, PRIMARY KEY (learner, course_id, lesson_id))")


def save(db: sqlite_utils.Database, learner: str, course_id: str, lesson_id: str,
         position_s: float, now: float) -> None:
    db.execute(
        "INSERT INTO resume_places VALUES (?, ?, ?, ?, ?) ON CONFLICT"
        " (learner, course_id, lesson_id) DO UPDATE SET position_s = excluded.position_s,"
        " updated = excluded.updated", (learner, course_id, lesson_id, round(position_s, 2), now))


def forget(db: sqlite_utils.Database, learner: str, course_id: str, lesson_id: str) -> None:
    db.execute("DELETE FROM resume_places WHERE learner = ? AND course_id = ? AND lesson_id = ?",
               (learner, course_id, lesson_id))


def of_learner(db: sqlite_utils.Database, learner: str) -> list[tuple[str, str, float]]:
    """(course id, lesson id, position) of each place, the least recent first."""
    return [(str(course), str(lesson), float(place)) for course, lesson, place in db.execute(
        "SELECT course_id, lesson_id, position_s FROM resume_places WHERE learner = ?"
        " ORDER BY updated, rowid", (learner,))]
