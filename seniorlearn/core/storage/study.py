"""The study_sessions table: one row per lesson session or in-person class, never rewritten
once closed (Anki's review log is the model). An open row is a lesson still playing; its
heartbeat keeps ``seconds`` within a few seconds of the truth."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from seniorlearn.core.ledger.rules import Span
from seniorlearn.core.storage import outbox


@dataclass(frozen=True)
class StudyRecord:
    id: str
    learner: str
    kind: str              # "lesson" or "in_person"
    day: str               # the local date it started, YYYY-MM-DD
    started_at: float      # wall clock, for dates only
    seconds: float         # study time (monotonic clock)
    course_id: str = ""
    lesson_id: str = ""
    activity: str = ""
    length_s: float | None = None
    segments: tuple[Span, ...] = ()
    completed: bool = False
    open: bool = False
    beat_at: float = 0.0


def create_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE study_sessions ("
        " id TEXT PRIMARY KEY,"
        " learner TEXT NOT NULL REFERENCES learners(number),"
        " kind TEXT NOT NULL CHECK (kind IN ('lesson', 'in_person')),"
        " course_id TEXT NOT NULL DEFAULT '', lesson_id TEXT NOT NULL DEFAULT '',"
        " activity TEXT NOT NULL DEFAULT '', day TEXT NOT NULL, started_at REAL NOT NULL,"
        " seconds REAL NOT NULL CHECK (seconds >= 0), length_s REAL,"
        " segments TEXT NOT NULL DEFAULT '[]', completed INTEGER NOT NULL DEFAULT 0,"
        " open INTEGER NOT NULL DEFAULT 0, beat_at REAL NOT NULL)")
    # Covering index for the per-learner reports (FACTS.md: 0.27 s vs 0.9 s for 2 M rows).
    db.execute("CREATE INDEX study_by_learner ON study_sessions (learner, day, seconds)")
    # A lesson is learned once, on the day a session first covered it: counting distinct
    # lessons over every session costs more than the whole scan, so the first is kept here.
    db.execute(
        "CREATE TABLE completions (learner TEXT NOT NULL REFERENCES learners(number),"
        " course_id TEXT NOT NULL, lesson_id TEXT NOT NULL, day TEXT NOT NULL,"
        " session_id TEXT NOT NULL REFERENCES study_sessions(id),"
        " PRIMARY KEY (learner, course_id, lesson_id))")
    db.execute("CREATE INDEX study_open ON study_sessions (open) WHERE open = 1")


def create_report_tables(db: sqlite_utils.Database) -> None:
    """What the study point's reports read (issue 10).

    ``study_months`` keeps each learner's sessions and seconds per month and course, kept up
    to date by triggers as sessions are saved: a year's report then reads about a
    hundredth of the rows a scan of the sessions would. ``study_by_course`` and
    ``completions_by_day`` serve reports over any range of days.
    """
    db.execute(
        "CREATE TABLE study_months (month TEXT NOT NULL, learner TEXT NOT NULL,"
        " course_id TEXT NOT NULL, sessions INTEGER NOT NULL, seconds REAL NOT NULL,"
        " learned INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (month, learner, course_id)) WITHOUT ROWID")
    db.execute(
        "INSERT INTO study_months SELECT substr(day, 1, 7), learner, course_id, COUNT(*),"
        " SUM(seconds), 0 FROM study_sessions GROUP BY 1, 2, 3")
    db.execute(
        "UPDATE study_months SET learned = (SELECT COUNT(*) FROM completions c"
        " WHERE substr(c.day, 1, 7) = study_months.month AND c.learner = study_months.learner"
        " AND c.course_id = study_months.course_id)")
    db.execute(
        "CREATE TRIGGER study_months_add AFTER INSERT ON study_sessions BEGIN"
        " INSERT INTO study_months VALUES (substr(new.day, 1, 7), new.learner, new.course_id,"
        " 1, new.seconds, 0) ON CONFLICT DO UPDATE SET sessions = sessions + 1,"
        " seconds = seconds + excluded.seconds; END")
    # A lesson is learned in the month of the session that covered it (its row is there).
    db.execute(
        "CREATE TRIGGER study_months_learned AFTER INSERT ON completions BEGIN"
        " UPDATE study_months SET learned = learned + 1 WHERE month = substr(new.day, 1, 7)"
        " AND learner = new.learner AND course_id = new.course_id; END")
    db.execute(
        "CREATE TRIGGER study_months_grow AFTER UPDATE OF seconds ON study_sessions BEGIN"
        " UPDATE study_months SET seconds = seconds + new.seconds - old.seconds"
        " WHERE month = substr(new.day, 1, 7) AND learner = new.learner"
        " AND course_id = new.course_id; END")
    db.execute("CREATE INDEX study_by_course ON study_sessions"
               " (course_id, day, learner, seconds)")
    db.execute("CREATE INDEX completions_by_day ON completions (day, course_id, learner)")


def save(db: sqlite_utils.Database, record: StudyRecord) -> None:
    """Insert or bring up to date; a closed row is never changed again."""
    row = _row(record)
    db.execute(
        "INSERT INTO study_sessions (id, learner, kind, course_id, lesson_id, activity, day,"
        " started_at, seconds, length_s, segments, completed, open, beat_at) VALUES"
        " (:id, :learner, :kind, :course_id, :lesson_id, :activity, :day, :started_at,"
        " :seconds, :length_s, :segments, :completed, :open, :beat_at)"
        " ON CONFLICT (id) DO UPDATE SET seconds = excluded.seconds,"
        " segments = excluded.segments, completed = excluded.completed,"
        " open = excluded.open, beat_at = excluded.beat_at WHERE study_sessions.open = 1",
        row)
    if record.completed and record.kind == "lesson":
        db.execute("INSERT OR IGNORE INTO completions VALUES (?, ?, ?, ?, ?)",
                   (record.learner, record.course_id, record.lesson_id, record.day, record.id))
    if not record.open:
        # Its statements, in the same transaction: a closed record always has them. What
        # is stored decides (a closed row is never rewritten, whatever this call said).
        kind, completed = db.execute("SELECT kind, completed FROM study_sessions WHERE id = ?",
                                     (record.id,)).fetchone()
        outbox.add(db, record.id, kind, bool(completed))


def save_all(db: sqlite_utils.Database, records: Sequence[StudyRecord]) -> None:
    for record in records:
        save(db, record)


def close_left_open(db: sqlite_utils.Database) -> int:
    """Sessions a power cut left open end at their last heartbeat; how many there were."""
    left = db.execute("SELECT id, kind, completed FROM study_sessions WHERE open = 1"
                      ).fetchall()
    db.execute("UPDATE study_sessions SET open = 0 WHERE open = 1")
    for record_id, kind, completed in left:
        outbox.add(db, record_id, kind, bool(completed))
    return len(left)


def totals(db: sqlite_utils.Database, learner: str | None = None, first_day: str | None = None,
           last_day: str | None = None, indexed: bool = True, cap_seconds: float = 0.0
           ) -> list[tuple[str, float, int, int, float]]:
    """(learner, seconds, sessions, lessons first learned, seconds over the daily cap) per
    learner, days inclusive. Time above ``cap_seconds`` in one learner-day (the day a session
    started) is counted in ``seconds`` too, and also as over the cap; 0 means no cap.

    ``indexed=False`` makes SQLite scan the sessions table: the benchmark's baseline.
    """
    sql, values = totals_query(learner, first_day, last_day, indexed, cap_seconds)
    return [tuple(row) for row in db.execute(sql, values)]  # type: ignore[misc]


def totals_query(learner: str | None, first_day: str | None, last_day: str | None,
                 indexed: bool = True, cap_seconds: float = 0.0) -> tuple[str, list[object]]:
    """The SQL behind :func:`totals` and its parameters (the benchmark explains its plan)."""
    where, values = ["1 = 1"], list[object]()
    for clause, value in (("learner = ?", learner), ("day >= ?", first_day),
                          ("day <= ?", last_day)):
        if value is not None:
            where.append(clause)
            values.append(value)
    condition = " AND ".join(where)
    source = "study_sessions" if indexed else "study_sessions NOT INDEXED"
    # Only the learner-days over the cap leave the inner GROUP BY (HAVING), so adding them
    # up costs little; the covering index (learner, day, seconds) gives the groups in order.
    over = ("SELECT learner, SUM(over) AS over FROM (SELECT learner, SUM(seconds) - ? AS over"
            f" FROM {source} WHERE {condition} GROUP BY learner, day HAVING SUM(seconds) > ?)"
            " GROUP BY learner") if cap_seconds > 0 else "SELECT NULL AS learner, 0 AS over"
    sql = (
        "SELECT s.learner, s.seconds, s.sessions, COALESCE(c.learned, 0),"
        " COALESCE(o.over, 0.0) FROM"
        f" (SELECT learner, SUM(seconds) AS seconds, COUNT(*) AS sessions FROM {source}"
        f"  WHERE {condition} GROUP BY learner) AS s LEFT JOIN"
        " (SELECT learner, COUNT(*) AS learned FROM completions"
        f"  WHERE {condition} GROUP BY learner) AS c USING (learner)"
        f" LEFT JOIN ({over}) AS o USING (learner) ORDER BY s.learner")
    capped = [cap_seconds, *values, cap_seconds] if cap_seconds > 0 else []
    return sql, [*values, *values, *capped]


def learned(db: sqlite_utils.Database, learner: str) -> list[tuple[str, str, str]]:
    """(course id, lesson id, day first learned) of each lesson, the latest first."""
    return [(str(c), str(lesson), str(d)) for c, lesson, d in db.execute(
        "SELECT course_id, lesson_id, day FROM completions WHERE learner = ?"
        " ORDER BY day DESC, rowid DESC", (learner,))]


def by_ids(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, StudyRecord]:
    found: dict[str, StudyRecord] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        marks = ", ".join("?" * len(chunk))
        for row in db.query(f"SELECT * FROM study_sessions WHERE id IN ({marks})", chunk):
            found[str(row["id"])] = _record(row)
    return found


def of_learner(db: sqlite_utils.Database, learner: str) -> list[StudyRecord]:
    rows = db.query("SELECT * FROM study_sessions WHERE learner = ? ORDER BY started_at",
                    [learner])
    return [_record(row) for row in rows]


def _row(record: StudyRecord) -> dict[str, object]:
    return {"id": record.id, "learner": record.learner, "kind": record.kind,
            "course_id": record.course_id, "lesson_id": record.lesson_id,
            "activity": record.activity, "day": record.day, "started_at": record.started_at,
            "seconds": round(record.seconds, 3), "length_s": record.length_s,
            "segments": json.dumps([[round(a, 3), round(b, 3)] for a, b in record.segments]),
            "completed": int(record.completed), "open": int(record.open),
            "beat_at": record.beat_at}


def _record(row: dict[str, object]) -> StudyRecord:
    spans = tuple((float(a), float(b)) for a, b in json.loads(str(row["segments"])))
    length = row["length_s"]
    return StudyRecord(
        id=str(row["id"]), learner=str(row["learner"]), kind=str(row["kind"]),
        day=str(row["day"]), started_at=float(row["started_at"]),  # type: ignore[arg-type]
        seconds=float(row["seconds"]), course_id=str(row["course_id"]),  # type: ignore[arg-type]
        lesson_id=str(row["lesson_id"]), activity=str(row["activity"]),
        length_s=float(length) if isinstance(length, (int, float)) else None,
        segments=spans, completed=bool(row["completed"]), open=bool(row["open"]),
        beat_at=float(row["beat_at"]))  # type: ignore[arg-type]
