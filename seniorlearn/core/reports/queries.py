"""The SQL behind the reports; each reads a table or index made for it (tests EXPLAIN them).

Whole months and years are read from ``study_months`` (a learner's sessions and seconds per
month and course, kept by triggers); any other range of days from ``study_sessions``
through its covering indexes. Lessons learned come from ``completions_by_day``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import sqlite_utils

from seniorlearn.core.reports.period import RANGE, Period


@dataclass(frozen=True)
class Source:
    """Where one period's study is summed: the table, its day or month column, the bounds."""

    table: str
    column: str
    first: str
    last: str
    sessions: str  # the SQL that counts sessions there

    @classmethod
    def of(cls, period: Period) -> Source:
        if period.kind == RANGE:
            return cls("study_sessions", "day", period.first.isoformat(),
                       period.last.isoformat(), "COUNT(*)")
        return cls("study_months", "month", period.first.isoformat()[:7],
                   period.last.isoformat()[:7], "SUM(sessions)")

    def month(self) -> str:
        return "month" if self.table == "study_months" else "substr(day, 1, 7)"

    def index(self, by: str) -> str:
        """The index a GROUP BY ``by`` reads when summing sessions by day."""
        if self.table == "study_months":
            return "study_months"
        return ("study_sessions INDEXED BY study_by_course" if by == "course_id"
                else "study_sessions INDEXED BY study_by_learner")

    def sql(self, by: str, learners: bool = True) -> str:
        """(key, learners, sessions, seconds, lessons learned) grouped by ``by``; lessons
        learned are 0 over ``study_sessions`` (they come from ``completions`` there)."""
        key = self.month() if by == "month" else by
        counted = "COUNT(DISTINCT learner)" if learners else "1"
        learned = "SUM(learned)" if self.table == "study_months" else "0"
        return (f"SELECT {key} AS key, {counted}, {self.sessions}, SUM(seconds), {learned}"
                f" FROM {self.index(by)} WHERE {self.column} BETWEEN ? AND ?"
                " GROUP BY key ORDER BY key")


Row = tuple[str, int, int, float, int]


def grouped(db: sqlite_utils.Database, period: Period, by: str) -> list[Row]:
    """(month, course id or learner; learners; sessions; seconds; lessons first learned) of
    the period. In-person classes have the course id ''. By learner, ``learners`` is 1."""
    source = Source.of(period)
    rows = [(str(k), int(n), int(s), float(t), int(c)) for k, n, s, t, c in
            db.execute(source.sql(by, learners=by != "learner"), (source.first, source.last))]
    if source.table == "study_months":
        return rows
    learned = learned_by(db, period, by)
    return [(k, n, s, t, learned.get(k, 0)) for k, n, s, t, _c in rows]


LEARNED = ("SELECT {key} AS key, COUNT(*) FROM completions INDEXED BY completions_by_day"
           " WHERE day BETWEEN ? AND ? GROUP BY key")


def learned_by(db: sqlite_utils.Database, period: Period, by: str) -> dict[str, int]:
    """Lessons first learned in the period, by "learner", "course_id" or "month"."""
    key = "substr(day, 1, 7)" if by == "month" else by
    return {str(k): int(n) for k, n in db.execute(
        LEARNED.format(key=key), (period.first.isoformat(), period.last.isoformat()))}


ONE_LEARNER = ("SELECT {key} AS key, COUNT(*), SUM(seconds) FROM study_sessions"
               " INDEXED BY study_by_learner WHERE learner = ? AND day BETWEEN ? AND ?"
               " GROUP BY key ORDER BY key")


def one_learner(db: sqlite_utils.Database, learner: str, period: Period,
                by: str) -> list[tuple[str, int, float]]:
    """(month or course id, sessions, seconds) of one learner in the period."""
    key = "substr(day, 1, 7)" if by == "month" else "course_id"
    return [(str(k), int(s), float(t)) for k, s, t in db.execute(
        ONE_LEARNER.format(key=key), (learner, period.first.isoformat(),
                                      period.last.isoformat()))]


def roster(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """Every learner's (number, name, study point), by number."""
    return [(str(n), str(name), str(point or "")) for n, name, point in
            db.execute("SELECT number, name, study_point FROM learners ORDER BY number")]


def plan(db: sqlite_utils.Database, sql: str, values: tuple[object, ...]) -> str:
    """SQLite's EXPLAIN QUERY PLAN for ``sql``, one step a line."""
    return "\n".join(str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", values))


def month_start(key: str) -> datetime.date:
    return datetime.date.fromisoformat(key + "-01")
