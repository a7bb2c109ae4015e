"""The study point's reports in a screen's or a command's words: the figures for a period,
one learner's year, and certificates with a number the kiosk records."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.models import Learner
from seniorlearn.core.reports.figures import LearnerDetail, ReportData, Rules, build
from seniorlearn.core.reports.figures import learner_detail as detail_of
from seniorlearn.core.reports.period import Period
from seniorlearn.core.storage import certificates as certificate_table
from seniorlearn.core.storage import learners as learner_table
from seniorlearn.core.storage import study
from seniorlearn.core.storage.certificates import COURSE, YEAR, Certificate
from seniorlearn.core.storage.writer import DatabaseWriter

if TYPE_CHECKING:
    from seniorlearn.core.config import Config
    from seniorlearn.core.courses import CourseLibrary

THIS_KIOSK = N_("This kiosk")
NO_LEARNER = N_("There is no learner with the number {number}.")
NOT_FINISHED = N_("{name} has not finished every lesson of this course yet, so there is no "
                  "course certificate for it yet.")
NO_XUESHI = N_("{name} has no class hours in {year} yet, so there is no certificate of "
               "class hours yet.")


class CertificateRefused(Exception):
    """No certificate can be issued; the message is a sentence for the volunteer."""


class ReportService:
    def __init__(self, writer: DatabaseWriter, minutes_per_xueshi: int = 45,
                 goal_xueshi: int = 50, study_point: str = "",
                 course_titles: Callable[[], dict[str, str]] = dict,
                 course_lessons: Callable[[str], frozenset[str]] = lambda c: frozenset()
                 ) -> None:
        self._writer = writer
        self.minutes_per_xueshi = minutes_per_xueshi
        self.goal_xueshi = goal_xueshi
        self._study_point = study_point
        self._titles = course_titles
        self._lessons = course_lessons

    @property
    def database(self) -> Path:
        """The database file (a child process that makes an export reads it itself)."""
        return self._writer.path

    @property
    def study_point(self) -> str:
        """The name of this study point (the setting), else "this kiosk" in words."""
        return self._study_point or _(THIS_KIOSK)

    def course_titles(self) -> dict[str, str]:
        return self._titles()

    def rules(self) -> Rules:
        return Rules(self.minutes_per_xueshi, self.goal_xueshi, self.study_point)

    def report(self, period: Period) -> ReportData:
        """Every figure for ``period`` (read on a connection of its own: any thread)."""
        reader = self._writer.reader()
        try:
            return build(reader, period, self.rules(), self._titles())
        finally:
            reader.conn.close()

    def learner_detail(self, number: str, year: int) -> LearnerDetail:
        reader = self._writer.reader()
        try:
            return detail_of(reader, number, year, self.minutes_per_xueshi)
        finally:
            reader.conn.close()

    # ------------------------------------------------------------ certificates

    def certify_course(self, number: str, course_id: str, today: datetime.date
                       ) -> Certificate:
        """A 结业证书 for a course whose every lesson the learner has learned."""
        def job(db: sqlite_utils.Database) -> Certificate:
            learner = self._learner(db, number)
            done = {lesson for course, lesson, _d in study.learned(db, number)
                    if course == course_id}
            wanted = self._lessons(course_id)
            if not wanted or not wanted <= done:
                raise CertificateRefused(_(NOT_FINISHED).format(name=learner.name))
            return certificate_table.issue(db, Certificate(
                "", number, COURSE, learner.name, learner.study_point or self.study_point,
                today.isoformat(), course_id, self._titles().get(course_id, course_id)))
        return self._writer.write(job)

    def certify_year(self, number: str, year: int, today: datetime.date) -> Certificate:
        """A 学时证明: the learner's class hours in ``year``."""
        def job(db: sqlite_utils.Database) -> Certificate:
            learner = self._learner(db, number)
            detail = detail_of(db, number, year, self.minutes_per_xueshi)
            if detail.year_xueshi <= 0:
                raise CertificateRefused(_(NO_XUESHI).format(name=learner.name, year=year))
            return certificate_table.issue(db, Certificate(
                "", number, YEAR, learner.name, learner.study_point or self.study_point,
                today.isoformat(), year=year, xueshi=detail.year_xueshi))
        return self._writer.write(job)

    def finished_courses(self, number: str) -> list[str]:
        """Ids of the courses whose every lesson the learner has learned."""
        reader = self._writer.reader()
        try:
            done = {(c, lesson) for c, lesson, _d in study.learned(reader, number)}
        finally:
            reader.conn.close()
        return sorted(course for course in {c for c, _l in done}
                      if (wanted := self._lessons(course))
                      and all((course, lesson) in done for lesson in wanted))

    def certificates_for(self, number: str, today: datetime.date) -> list[Certificate]:
        """Everything the learner has earned: this year's 学时证明 (when there are any 学时)
        and a 结业证书 for each course finished. Each reprint keeps its number."""
        found = [self.certify_course(number, course, today)
                 for course in self.finished_courses(number)]
        try:
            found.insert(0, self.certify_year(number, today.year, today))
        except CertificateRefused:
            pass  # no 学时 this year yet: the course certificates still stand
        return found

    def certificate(self, number: str) -> Certificate | None:
        reader = self._writer.reader()
        try:
            return certificate_table.get(reader, number)
        finally:
            reader.conn.close()

    def learner(self, number: str) -> Learner | None:
        reader = self._writer.reader()
        try:
            return learner_table.get(reader, number.strip())
        finally:
            reader.conn.close()

    @staticmethod
    def _learner(db: sqlite_utils.Database, number: str) -> Learner:
        learner = learner_table.get(db, number)
        if learner is None:
            raise CertificateRefused(_(NO_LEARNER).format(number=number))
        return learner


def for_kiosk(writer: DatabaseWriter, config: Config,
              library_of: Callable[[], CourseLibrary | None] = lambda: None) -> ReportService:
    """The service as the kiosk's settings and courses make it (course titles in the
    language shown at the time of the report; the library may open later than this)."""
    def titles() -> dict[str, str]:
        library = library_of()
        if library is None:
            return {}
        from seniorlearn.core.i18n import current_language

        return {c.id: c.text(c.title, current_language()) for c in library.courses()}

    def lessons(course_id: str) -> frozenset[str]:
        library = library_of()
        course = library.course(course_id) if library is not None else None
        return frozenset(lesson.id for lesson in course.lessons) if course else frozenset()

    return ReportService(writer, int(config.get("minutes_per_xueshi")),
                         int(config.get("yearly_goal_xueshi")),
                         str(config.get("study_point.name")), titles, lessons)
