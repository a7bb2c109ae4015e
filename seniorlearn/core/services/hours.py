"""Study hours in a screen's or a command's words: start a lesson's record, add a class,
import a sign-in sheet, report the hours.

Saving never blocks and never loses a session: each save hands the session's whole state to
the database writer; if the disk is full or the file locked, the latest state is kept in
memory and saved again with the next save or ``retry``. ``problem`` says so in a sentence.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import threading
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.ledger.rules import xueshi
from seniorlearn.core.ledger.session import LessonStudy
from seniorlearn.core.roster import RosterError
from seniorlearn.core.storage import learners as learner_table
from seniorlearn.core.storage import study
from seniorlearn.core.storage.study import StudyRecord
from seniorlearn.core.storage.writer import DatabaseWriter

log = logging.getLogger(__name__)
NOT_SAVED = N_("Study time cannot be saved just now (the disk may be full); it is kept and "
               "saved again by itself. Please tell the volunteer.")
SHEET_HEADER = ("learner", "date", "minutes", "activity")
MAX_MINUTES = 12 * 60


@dataclass(frozen=True)
class HoursRow:
    learner: str
    seconds: float
    xueshi: float
    sessions: int
    completions: int
    over_cap_seconds: float = 0.0  # of ``seconds``: study above the daily cap, kept but flagged


@dataclass(frozen=True)
class LearnerYear:
    """What 我的学习 shows a signed-in learner: their own figures only."""

    year_xueshi: float
    month_xueshi: float
    goal_xueshi: int
    learned: list[tuple[str, str, str]]  # (course id, lesson id, day), the latest first
    month_seconds: float = 0.0
    minutes_per_xueshi: int = 45

    @property
    def still_to_go(self) -> float:
        return max(0.0, self.goal_xueshi - self.year_xueshi)


class HoursError(Exception):
    """An in-person record cannot be added; the message says why."""


class HoursService:
    def __init__(self, writer: DatabaseWriter, minutes_per_xueshi: int = 45,
                 daily_cap_minutes: int = 0) -> None:
        self._writer = writer
        self.minutes_per_xueshi = minutes_per_xueshi
        self.daily_cap_minutes = daily_cap_minutes  # 0: no cap
        self._lock = threading.Lock()
        self._unsaved: dict[str, StudyRecord] = {}

    # ------------------------------------------------------------ lessons

    def start_lesson(self, learner: str, course_id: str, lesson_id: str,
                     length_s: float | None) -> LessonStudy:
        return LessonStudy(self.save, learner, course_id, lesson_id, length_s)

    def save(self, record: StudyRecord) -> Future[None]:
        """Hand the record to the writer, with any earlier ones that could not be saved."""
        with self._lock:
            self._unsaved[record.id] = record
            batch = list(self._unsaved.values())
        future = self._writer.submit(lambda db: study.save_all(db, batch))
        future.add_done_callback(lambda done: self._saved(done, batch))
        return future

    def retry(self) -> Future[None] | None:
        with self._lock:
            waiting = next(iter(self._unsaved.values()), None)
        return self.save(waiting) if waiting is not None else None

    @property
    def problem(self) -> str | None:
        with self._lock:
            return _(NOT_SAVED) if self._unsaved else None

    def _saved(self, done: Future[None], batch: list[StudyRecord]) -> None:
        if done.exception() is not None:
            log.warning("study time not saved, kept for the next try: %s", done.exception())
            return
        with self._lock:
            for record in batch:
                if self._unsaved.get(record.id) is record:
                    del self._unsaved[record.id]

    def close_left_open(self) -> int:
        """At start-up: sessions a power cut left open end at their last heartbeat."""
        return self._writer.write(study.close_left_open)

    # ------------------------------------------------------------ in-person classes

    def add_in_person(self, learner: str, minutes: int, activity: str,
                      day: datetime.date | None = None) -> StudyRecord:
        record = _in_person(learner, minutes, activity, day or datetime.date.today())

        def job(db: sqlite_utils.Database) -> None:
            if learner_table.get(db, learner) is None:
                raise HoursError(_("There is no learner with the number {number}.")
                                 .format(number=learner))
            study.save(db, record)
        self._writer.write(job)
        return record

    def import_sheet(self, path: Path) -> tuple[int, list[tuple[int, str]]]:
        """A sign-in sheet (learner,date,minutes,activity): all rows, or none and why."""
        rows, problems = _read_sheet(path)

        def job(db: sqlite_utils.Database) -> tuple[int, list[tuple[int, str]]]:
            known = learner_table.numbers(db)
            found = list(problems) + [
                (line, _("There is no learner with the number {number}.").format(
                    number=record.learner)) for line, record in rows if record.learner not in known]
            if found:
                return 0, sorted(found)
            study.save_all(db, [record for _line, record in rows])
            return len(rows), []
        return self._writer.write(job)

    # ------------------------------------------------------------ reading

    def learner_year(self, learner: str, today: datetime.date, goal_xueshi: int) -> LearnerYear:
        """This calendar year's and month's 学时 of one learner, and the lessons learned."""
        reader = self._writer.reader()
        try:
            year = study.totals(reader, learner, f"{today.year}-01-01", today.isoformat())
            month = study.totals(reader, learner, today.replace(day=1).isoformat(),
                                 today.isoformat())
            learned = study.learned(reader, learner)
        finally:
            reader.conn.close()
        seconds = [rows[0][1] if rows else 0.0 for rows in (year, month)]
        return LearnerYear(xueshi(seconds[0], self.minutes_per_xueshi),
                           xueshi(seconds[1], self.minutes_per_xueshi), goal_xueshi, learned,
                           seconds[1], self.minutes_per_xueshi)

    def learned_in(self, learner: str | None, course_id: str) -> frozenset[str]:
        """The lessons of ``course_id`` this learner has learned (none for a guest)."""
        if learner is None:
            return frozenset()
        reader = self._writer.reader()
        try:
            return frozenset(lesson for course, lesson, _day in study.learned(reader, learner)
                             if course == course_id)
        finally:
            reader.conn.close()

    def report(self, learner: str | None = None, first_day: str | None = None,
               last_day: str | None = None) -> list[HoursRow]:
        """One row per learner who studied in the period (days as YYYY-MM-DD, inclusive).

        Seconds and 学时 count every second studied; ``over_cap_seconds`` says how many of
        them lie above the daily cap (per learner-day), for a person to look at.
        """
        reader = self._writer.reader()
        try:
            rows = study.totals(reader, learner, first_day, last_day,
                                cap_seconds=self.daily_cap_minutes * 60.0)
        finally:
            reader.conn.close()
        return [HoursRow(r[0], round(r[1], 1), xueshi(r[1], self.minutes_per_xueshi), r[2],
                         r[3], round(r[4], 1)) for r in rows]


def _in_person(learner: str, minutes: int, activity: str, day: datetime.date) -> StudyRecord:
    if not 1 <= minutes <= MAX_MINUTES:
        raise HoursError(_("The minutes must be a whole number from 1 to {most}.")
                         .format(most=MAX_MINUTES))
    if not activity.strip():
        raise HoursError(_("Say what the class was (the activity)."))
    if day > datetime.date.today():
        raise HoursError(_("The date {day} is in the future.").format(day=day.isoformat()))
    started = time.mktime(day.timetuple()) + 12 * 3600  # noon: the day, in any time zone here
    return StudyRecord(id=str(uuid.uuid4()), learner=learner.strip(), kind="in_person",
                       day=day.isoformat(), started_at=started, seconds=minutes * 60.0,
                       activity=" ".join(activity.split()), beat_at=started)


def _read_sheet(path: Path) -> tuple[list[tuple[int, StudyRecord]], list[tuple[int, str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise RosterError(_("The file {name} cannot be found. Check the USB stick and try "
                            "again.").format(name=path.name)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(_("The file {name} cannot be opened.").format(name=path.name)) from exc
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if tuple(header) != SHEET_HEADER:
        raise RosterError(_("The first row must be: learner,date,minutes,activity"))
    rows, problems = [], []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        line = reader.line_num
        try:
            learner, day, minutes, activity = (cell.strip() for cell in cells)
            date = datetime.date.fromisoformat(day)
        except ValueError:
            problems.append((line, _("The row needs a learner, a date as YYYY-MM-DD, minutes "
                                     "and an activity.")))
            continue
        try:
            rows.append((line, _in_person(learner, int(minutes) if minutes.isdigit() else 0,
                                          activity, date)))
        except HoursError as exc:
            problems.append((line, str(exc)))
    return rows, problems
