"""The figures of one report, computed from the database and nothing else (no Qt).

The screen, the spreadsheet, the PDF and ``hours report --by`` all show these same numbers.
A learner's 学时 "this year" is every second of the calendar year the period ends in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.ledger.rules import xueshi
from seniorlearn.core.reports import queries
from seniorlearn.core.reports.period import YEAR, Period, months_of

BUCKETS = ("0–25 %", "25–50 %", "50–75 %", "75–100 %", "≥ 100 %")
IN_PERSON = ""  # the course id of in-person classes
IN_PERSON_NAME = N_("In-person classes")


@dataclass(frozen=True)
class Rules:
    minutes_per_xueshi: int = 45
    goal_xueshi: int = 50
    study_point: str = ""  # the name of this kiosk's study point, for learners without one


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: a month, a course, a study point or a learner."""

    key: str
    label: str
    learners: int
    sessions: int
    seconds: float
    xueshi: float
    completions: int
    year_xueshi: float = 0.0      # learners only
    goal_share: float = 0.0       # learners only: this year's 学时 / the goal
    number: str = ""              # learners only
    study_point: str = ""         # learners only


@dataclass(frozen=True)
class ReportData:
    period: Period
    rules: Rules
    learners: int                 # who studied in the period
    sessions: int
    seconds: float
    xueshi: float
    year_xueshi: float
    completions: int
    reached_goal: int             # learners at or above the yearly goal this year
    registered: int
    months: list[Line] = field(default_factory=list)     # the 12 months of the year
    courses: list[Line] = field(default_factory=list)    # in the period
    buckets: tuple[int, ...] = (0, 0, 0, 0, 0)           # all registered learners
    per_learner: list[Line] = field(default_factory=list)
    study_points: list[Line] = field(default_factory=list)
    period_months: list[Line] = field(default_factory=list)  # months with study in the period


def bucket(share: float) -> int:
    """0..4: 0–25 %, 25–50 %, 50–75 %, 75–100 %, ≥ 100 % of the goal."""
    return 4 if share >= 1.0 else int(max(0.0, share) * 4)


def build(db: sqlite_utils.Database, period: Period, rules: Rules,
          course_title: dict[str, str] | None = None) -> ReportData:
    """Every figure of the report for ``period``."""
    year = Period.year(period.year_of)
    hours = rules.minutes_per_xueshi
    sums = {k: (s, t, c) for k, _n, s, t, c in queries.grouped(db, period, "learner")}
    in_period = {k: (s, t) for k, (s, t, _c) in sums.items()}
    in_year = in_period if period == year else _learner_sums(db, year)
    learned = {k: c for k, (_s, _t, c) in sums.items() if c}
    per_learner = _per_learner(db, rules, in_period, in_year, learned)
    counts = [0] * len(BUCKETS)
    for line in per_learner:
        counts[bucket(line.goal_share)] += 1
    seconds = sum(t for _s, t in in_period.values())
    year_seconds = sum(t for _s, t in in_year.values())
    months = _months(db, year, hours)
    return ReportData(
        period, rules, len(in_period), sum(s for s, _t in in_period.values()), seconds,
        xueshi(seconds, hours), xueshi(year_seconds, hours), sum(learned.values()),
        counts[4], len(per_learner), months,
        _courses(db, period, hours, course_title or {}), tuple(counts), per_learner,
        _study_points(per_learner, rules), _period_months(db, period, hours, months))


def _learner_sums(db: sqlite_utils.Database, period: Period) -> dict[str, tuple[int, float]]:
    return {k: (s, t) for k, _n, s, t, _c in queries.grouped(db, period, "learner")}


def _per_learner(db: sqlite_utils.Database, rules: Rules,
                 in_period: dict[str, tuple[int, float]],
                 in_year: dict[str, tuple[int, float]], learned: dict[str, int]) -> list[Line]:
    """Every registered learner, with or without study in the period."""
    hours = rules.minutes_per_xueshi
    goal_s = rules.goal_xueshi * hours * 60.0
    lines = []
    for number, name, point in queries.roster(db):
        sessions, seconds = in_period.get(number, (0, 0.0))
        year_s = in_year.get(number, (0, 0.0))[1]
        lines.append(Line(number, name, int(sessions > 0), sessions, seconds,
                          xueshi(seconds, hours), learned.get(number, 0),
                          xueshi(year_s, hours), year_s / goal_s, number,
                          point or rules.study_point))
    return lines


def _study_points(per_learner: list[Line], rules: Rules) -> list[Line]:
    sums: dict[str, list[float]] = {}
    for line in per_learner:
        total = sums.setdefault(line.study_point, [0, 0, 0.0, 0])
        for index, value in enumerate((line.learners, line.sessions, line.seconds,
                                       line.completions)):
            total[index] += value
    return [Line(k, k, int(v[0]), int(v[1]), v[2], xueshi(v[2], rules.minutes_per_xueshi),
                 int(v[3])) for k, v in sorted(sums.items())]


def _months(db: sqlite_utils.Database, year: Period, hours: int) -> list[Line]:
    found = {k: (n, s, t, c) for k, n, s, t, c in queries.grouped(db, year, "month")}
    lines = []
    for month in months_of(year.first.year):
        key = month.first.isoformat()[:7]
        n, s, t, c = found.get(key, (0, 0, 0.0, 0))
        lines.append(Line(key, key, n, s, t, xueshi(t, hours), c))
    return lines


def _period_months(db: sqlite_utils.Database, period: Period, hours: int,
                   year: list[Line]) -> list[Line]:
    if period.kind == YEAR:
        return [line for line in year if line.sessions]
    return [Line(k, k, n, s, t, xueshi(t, hours), c)
            for k, n, s, t, c in queries.grouped(db, period, "month")]


def _courses(db: sqlite_utils.Database, period: Period, hours: int,
             titles: dict[str, str]) -> list[Line]:
    return [Line(k, _(IN_PERSON_NAME) if k == IN_PERSON else titles.get(k, k), n, s, t,
                 xueshi(t, hours), c)
            for k, n, s, t, c in queries.grouped(db, period, "course_id")]


@dataclass(frozen=True)
class LearnerDetail:
    """One learner's year: months, courses and the lessons finished (behind the PIN)."""

    number: str
    year: int
    year_xueshi: float
    months: list[tuple[str, int, float]]      # (YYYY-MM, sessions, 学时)
    courses: list[tuple[str, int, float]]     # (course id, sessions, 学时)
    learned: list[tuple[str, str, str]]       # (course id, lesson id, day), latest first


def learner_detail(db: sqlite_utils.Database, number: str, year: int,
                   minutes_per_xueshi: int) -> LearnerDetail:
    from seniorlearn.core.storage import study

    whole = Period.year(year)
    months = queries.one_learner(db, number, whole, "month")
    courses = queries.one_learner(db, number, whole, "course")
    total = sum(t for _k, _s, t in months)
    return LearnerDetail(
        number, year, xueshi(total, minutes_per_xueshi),
        [(k, s, xueshi(t, minutes_per_xueshi)) for k, s, t in months],
        [(k, s, xueshi(t, minutes_per_xueshi)) for k, s, t in courses],
        [row for row in study.learned(db, number) if row[2].startswith(str(year))])
