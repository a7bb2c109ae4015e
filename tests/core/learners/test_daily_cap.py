"""The daily cap on a real database: time above it in one learner-day is kept in seconds and
学时 and flagged beside them; the report still reads the covering index."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from seniorlearn.core.config import ConfigError, setting
from seniorlearn.core.models import Learner
from seniorlearn.core.services.hours import HoursService
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.storage import study
from seniorlearn.core.storage.writer import DatabaseWriter

NOV = datetime.date(2026, 11, 3)


@pytest.fixture
def writer(tmp_path: Path):
    writer = DatabaseWriter(tmp_path / "kiosk.db")
    learners = LearnerService(writer)
    for number, name in (("1", "王秀英"), ("2", "李建国")):
        learners.add(Learner(number, name))
    yield writer
    writer.close()


def _classes(hours: HoursService) -> None:
    # learner 1: 50 + 50 minutes on 3 Nov, 30 on 4 Nov, 61 on 5 Nov; learner 2: 20 on 3 Nov
    for learner, minutes, day in (("1", 50, 0), ("1", 50, 0), ("1", 30, 1), ("1", 61, 2),
                                  ("2", 20, 0)):
        hours.add_in_person(learner, minutes, "课", NOV + datetime.timedelta(day))


def test_time_over_the_cap_is_kept_and_flagged_per_learner_day(writer) -> None:
    _classes(HoursService(writer))
    uncapped = HoursService(writer).report()
    capped = HoursService(writer, daily_cap_minutes=60).report()
    assert [(r.learner, r.seconds, r.xueshi, r.sessions) for r in capped] == [
        (r.learner, r.seconds, r.xueshi, r.sessions) for r in uncapped] == [
        ("1", 191 * 60.0, 4.24, 4), ("2", 20 * 60.0, 0.44, 1)]
    assert [r.over_cap_seconds for r in uncapped] == [0.0, 0.0]
    assert [r.over_cap_seconds for r in capped] == [(40 + 1) * 60.0, 0.0]
    [one_day] = HoursService(writer, daily_cap_minutes=60).report(
        first_day="2026-11-04", last_day="2026-11-04")
    assert (one_day.seconds, one_day.over_cap_seconds) == (30 * 60.0, 0.0)
    assert [r.over_cap_seconds for r in HoursService(writer, daily_cap_minutes=30).report(
        learner="1")] == [(70 + 0 + 31) * 60.0]


def test_the_index_gives_the_same_answer_as_a_scan_and_is_used(writer) -> None:
    _classes(HoursService(writer))
    reader = writer.reader()
    try:
        for cap in (0.0, 3600.0):
            args = (None, "2026-01-01", "2026-12-31")
            assert study.totals(reader, *args, cap_seconds=cap) == study.totals(
                reader, *args, indexed=False, cap_seconds=cap)
            sql, values = study.totals_query(*args, cap_seconds=cap)
            plan = [row[3] for row in reader.execute(f"EXPLAIN QUERY PLAN {sql}", values)
                    if "study_sessions" in row[3]]
            assert plan and all("COVERING INDEX study_by_learner" in step for step in plan), plan
    finally:
        reader.conn.close()


def test_the_cap_setting_documents_its_range() -> None:
    spec = setting("daily_cap_minutes")
    assert spec.default == 0 and spec.describe_range() == "0..720"
    assert "0" in spec.description and "720" in spec.description
    for bad in ("-1", "721", "1.5"):
        with pytest.raises(ConfigError):
            spec.parse(bad)
