"""The study-hour ledger on a real database: seconds while playing, completion by coverage,
heartbeats that survive a power cut, a disk that refuses writes, in-person classes."""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

import pytest

from seniorlearn.core.i18n import set_language
from seniorlearn.core.ledger.rules import covered_s, is_complete, union, xueshi
from seniorlearn.core.models import Learner
from seniorlearn.core.playback.segments import SegmentTracker
from seniorlearn.core.services.hours import HoursError, HoursService
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.storage import study
from seniorlearn.core.storage.writer import DatabaseWriter
from tests.faults import fill, small_disk


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("zh_CN")


@pytest.fixture
def writer(tmp_path: Path):
    writer = DatabaseWriter(tmp_path / "kiosk.db")
    LearnerService(writer).add(Learner("1", "王秀英"))
    yield writer
    writer.close()


def _play(tracker: SegmentTracker, clock: Clock, start: float, seconds: int,
          rate: float = 1.0) -> float:
    """Observe a second at a time, as the screen's timer does; returns the end position."""
    position = start
    for _ in range(seconds + 1):
        tracker.observe(position, True, rate)
        clock.now += 1
        position += rate
    return position - rate


def test_rules_union_coverage_and_xueshi() -> None:
    assert union([(10, 20), (0, 5), (15, 30), (30, 31)]) == [(0, 5), (10, 31)]
    assert covered_s([(0, 60), (30, 90), (-5, 2)], 80) == 80
    assert is_complete([(0, 90)], 100) and not is_complete([(0, 89)], 100)
    assert not is_complete([(0, 50), (0, 50)], 100)  # twice the same half is still a half
    assert not is_complete([(0, 100)], None)
    assert xueshi(45 * 60, 45) == 1.0 and xueshi(30 * 60, 60) == 0.5


def test_a_watched_lesson_counts_its_playing_seconds_and_completes(writer) -> None:
    hours = HoursService(writer)
    clock = Clock()
    session = hours.start_lesson("1", "pay", "code", 100.0)
    tracker = SegmentTracker("code", None, session.segment_did_play, clock)
    end = _play(tracker, clock, 0, 50)
    tracker.observe(end, False, 1.0)  # paused
    clock.now += 300                  # five minutes paused: no study
    _play(tracker, clock, end, 45)
    tracker.close()
    record = session.close()
    assert record.seconds == pytest.approx(95, abs=0.5)
    assert record.completed and not record.open
    writer.submit(lambda db: None).result(5)
    [row] = hours.report()
    assert (row.learner, row.sessions, row.completions) == ("1", 1, 1)
    assert row.seconds == pytest.approx(95, abs=0.5)


def test_seeking_to_the_end_earns_no_completion(writer) -> None:
    hours = HoursService(writer)
    clock = Clock()
    session = hours.start_lesson("1", "pay", "code", 100.0)
    tracker = SegmentTracker("code", None, session.segment_did_play, clock)
    _play(tracker, clock, 0, 10)
    _play(tracker, clock, 95, 5)  # a jump: a new stretch
    tracker.close()
    record = session.close()
    assert not record.completed and record.seconds == pytest.approx(15, abs=1.1)


def test_at_three_quarter_speed_a_wall_second_is_a_study_second(writer) -> None:
    hours = HoursService(writer)
    clock = Clock()
    session = hours.start_lesson("1", "pay", "code", 100.0)
    tracker = SegmentTracker("code", None, session.segment_did_play, clock)
    _play(tracker, clock, 0, 40, rate=0.75)
    tracker.close()
    assert session.close().seconds == pytest.approx(40, abs=0.5)


def test_a_power_cut_loses_at_most_one_heartbeat(tmp_path: Path, writer) -> None:
    hours = HoursService(writer)
    clock = Clock()
    session = hours.start_lesson("1", "pay", "code", 100.0)
    tracker = SegmentTracker("code", None, session.segment_did_play, clock)
    for beat in range(6):  # 30 s of playing, a heartbeat every 5 s
        _play(tracker, clock, beat * 5.0, 4)
        session.heartbeat(tracker.playing_now())
    writer.submit(lambda db: None).result(5)
    # The process dies here: the session is open in the file, at its last heartbeat.
    conn = sqlite3.connect(tmp_path / "kiosk.db")
    seconds, still_open = conn.execute("SELECT seconds, open FROM study_sessions").fetchone()
    conn.close()
    assert still_open == 1 and seconds == pytest.approx(29, abs=1)
    assert hours.close_left_open() == 1
    reader = writer.reader()
    [record] = study.of_learner(reader, "1")
    reader.conn.close()
    assert not record.open and record.seconds == pytest.approx(seconds)


def test_a_closed_session_is_never_rewritten(writer) -> None:
    hours = HoursService(writer)
    session = hours.start_lesson("1", "pay", "code", 100.0)
    record = session.close()
    hours.save(record.__class__(**{**record.__dict__, "seconds": 9999.0})).result(5)
    reader = writer.reader()
    assert study.of_learner(reader, "1")[0].seconds == 0
    reader.conn.close()


def test_a_full_disk_keeps_the_session_and_saves_it_later(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "2m") as disk:
        writer = DatabaseWriter(disk / "kiosk.db")
        LearnerService(writer).add(Learner("1", "王秀英"))
        hours = HoursService(writer)
        clock = Clock()
        session = hours.start_lesson("1", "pay", "code", 100.0)
        tracker = SegmentTracker("code", None, session.segment_did_play, clock)
        fill(disk)
        for beat in range(3):
            _play(tracker, clock, beat * 5.0, 4)
            session.heartbeat(tracker.playing_now())
            writer.submit(lambda db: None).result(5)
            assert hours.problem and "disk" in hours.problem
        for filler in disk.glob("filler*"):
            filler.unlink()
        hours.retry().result(5)
        assert hours.problem is None
        reader = writer.reader()
        [record] = study.of_learner(reader, "1")
        reader.conn.close()
        assert record.seconds == pytest.approx(14, abs=1)
        writer.close()


def test_in_person_classes_and_a_sign_in_sheet(tmp_path: Path, writer) -> None:
    hours = HoursService(writer)
    hours.add_in_person("1", 90, "手机课", datetime.date(2026, 11, 3))
    with pytest.raises(HoursError, match="no learner"):
        hours.add_in_person("404", 30, "手机课")
    with pytest.raises(HoursError, match="future"):
        hours.add_in_person("1", 30, "手机课", datetime.date.today() + datetime.timedelta(2))
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("learner,date,minutes,activity\n1,2026-11-10,45,太极拳\n"
                     "2,2026-11-10,45,太极拳\n1,11/10/2026,45,太极拳\n1,2026-11-11,0,太极拳\n",
                     encoding="utf-8")
    added, problems = hours.import_sheet(sheet)
    assert added == 0 and [line for line, _ in problems] == [3, 4, 5]
    sheet.write_text("learner,date,minutes,activity\n1,2026-11-10,45,太极拳\n", encoding="utf-8")
    assert hours.import_sheet(sheet) == (1, [])
    [row] = hours.report(first_day="2026-11-01", last_day="2026-11-30")
    assert row.seconds == 135 * 60 and row.xueshi == 3.0 and row.completions == 0
    assert hours.report(first_day="2026-12-01") == []


def test_a_clock_jump_of_an_hour_changes_nothing(writer) -> None:
    from seniorlearn.core.ledger.session import LessonStudy

    hours = HoursService(writer)
    monotonic, wall = Clock(), Clock()
    wall.now = 1_795_000_000.0
    session = LessonStudy(hours.save, "1", "pay", "code", 100.0, wall=wall)
    tracker = SegmentTracker("code", None, session.segment_did_play, monotonic)
    _play(tracker, monotonic, 0, 20)
    wall.now += 3600   # the system clock is set an hour forward...
    _play(tracker, monotonic, 20, 20)
    wall.now -= 7200   # ...and two hours back
    tracker.close()
    record = session.close()
    assert record.seconds == pytest.approx(40, abs=1)
    assert record.day == datetime.date.fromtimestamp(1_795_000_000.0).isoformat()
