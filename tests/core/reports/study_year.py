"""A small year of study, filled through the ledger's own services, and what it adds up to
by hand (45 minutes a 学时, a goal of 3 学时)."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

from seniorlearn.core.models import Learner
from seniorlearn.core.services.hours import HoursService
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.services.reports import ReportService
from seniorlearn.core.storage.study import StudyRecord
from seniorlearn.core.storage.writer import DatabaseWriter

LESSONS = {"pay": frozenset({"a", "b"})}
TITLES = {"pay": "智能手机支付"}


def lesson(learner: str, lesson_id: str, day: str, seconds: float, *, open_: bool = False,
           completed: bool = False, key: str = "") -> StudyRecord:
    started = time.mktime(datetime.date.fromisoformat(day).timetuple()) + 10 * 3600
    return StudyRecord(id=key or f"{learner}-{lesson_id}-{day}", learner=learner,
                       kind="lesson", day=day, started_at=started, seconds=seconds,
                       course_id="pay", lesson_id=lesson_id, length_s=100.0,
                       segments=((0.0, 95.0),) if completed else (), completed=completed,
                       open=open_, beat_at=started + seconds)


def fill(path: Path) -> tuple[DatabaseWriter, ReportService]:
    """Learner 1: two classes and a lesson in November 2026 (8,700 s, 1 lesson learned).
    Learner 2: a class on 2025-12-31 (2,700 s) and one on 2026-01-02 (8,100 s).
    Learner 3 (at 东街): nothing."""
    writer = DatabaseWriter(path)
    people = LearnerService(writer)
    for learner in (Learner("1", "王秀英", "王阿姨"), Learner("2", "李建国"),
                    Learner("3", "张桂兰", study_point="东街")):
        people.add(learner)
    hours = HoursService(writer)
    hours.add_in_person("1", 90, "手机课", datetime.date(2026, 11, 3))
    hours.add_in_person("1", 45, "太极拳", datetime.date(2026, 11, 20))
    hours.add_in_person("2", 45, "手机课", datetime.date(2025, 12, 31))
    hours.add_in_person("2", 135, "手机课", datetime.date(2026, 1, 2))
    # A lesson saved by its heartbeat while open, then closed: counted once, at its end.
    hours.save(lesson("1", "a", "2026-11-05", 300.0, open_=True, key="s1")).result(10)
    hours.save(lesson("1", "a", "2026-11-05", 600.0, completed=True, key="s1")).result(10)
    service = ReportService(writer, 45, 3, "乐龄学堂西街点", lambda: dict(TITLES),
                            lambda course: LESSONS.get(course, frozenset()))
    return writer, service
