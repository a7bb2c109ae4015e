"""The report's figures from a real database, against sums worked out by hand."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import pytest

from seniorlearn.core.reports import queries
from seniorlearn.core.reports.figures import bucket
from seniorlearn.core.reports.period import Period
from seniorlearn.core.storage.writer import DatabaseWriter
from tests.core.reports.study_year import fill, lesson


@pytest.fixture()
def filled(tmp_path: Path):
    writer, service = fill(tmp_path / "k.db")
    yield writer, service
    writer.close()


def test_a_month_adds_up_as_worked_out_by_hand(filled) -> None:
    _writer, service = filled
    data = service.report(Period.month(2026, 11))
    assert (data.learners, data.sessions, data.seconds, data.completions) == (1, 3, 8700.0, 1)
    assert data.xueshi == 3.22                      # 8,700 s / 2,700 s
    assert data.year_xueshi == 6.22                 # (8,700 + 8,100) s this year
    assert data.reached_goal == 2                   # 8,700 and 8,100 s >= 3 x 2,700 s
    assert data.buckets == (1, 0, 0, 0, 2)          # learner 3 has nothing this year
    assert [(c.key, c.label, c.learners, c.sessions, c.seconds, c.completions)
            for c in data.courses] == [("", "线下课", 1, 2, 8100.0, 0),
                                       ("pay", "智能手机支付", 1, 1, 600.0, 1)]
    by_month = {m.key: (m.learners, m.sessions, m.seconds) for m in data.months if m.sessions}
    assert by_month == {"2026-01": (1, 1, 8100.0), "2026-11": (1, 3, 8700.0)}
    assert len(data.months) == 12
    assert [(p.key, p.learners, p.seconds) for p in data.study_points] == [
        ("东街", 0, 0.0), ("乐龄学堂西街点", 1, 8700.0)]
    one = {line.number: line for line in data.per_learner}
    assert (one["1"].xueshi, one["1"].year_xueshi, one["1"].completions) == (3.22, 3.22, 1)
    assert (one["2"].sessions, one["2"].year_xueshi, one["2"].goal_share) == (0, 3.0, 1.0)


def test_the_year_boundary_splits_a_learners_study(filled) -> None:
    _writer, service = filled
    december = service.report(Period.month(2025, 12))
    assert (december.learners, december.seconds, december.year_xueshi) == (1, 2700.0, 1.0)
    assert december.buckets == (2, 1, 0, 0, 0)      # 1 of 3 学时 in 2025: 33 %
    span = service.report(Period.days(datetime.date(2025, 12, 31), datetime.date(2026, 1, 2)))
    assert (span.learners, span.sessions, span.seconds) == (1, 2, 10800.0)
    assert span.period.year_of == 2026 and span.year_xueshi == 6.22


def test_monthly_totals_agree_with_the_sessions_day_by_day(tmp_path: Path) -> None:
    writer, service = fill(tmp_path / "k.db")
    rng = random.Random(3)
    records = [lesson(str(rng.randrange(1, 4)), f"l{n}", f"2026-{rng.randrange(1, 13):02d}-"
                      f"{rng.randrange(1, 29):02d}", rng.uniform(10, 900), key=f"r{n}",
                      completed=rng.random() < 0.3)
               for n in range(300)]
    for record in records:
        service_hours_save(writer, record)
    db = writer.reader()
    for month in range(1, 13):
        whole = Period.month(2026, month)
        by_days = Period.days(whole.first, whole.last)
        for by in ("learner", "course_id", "month"):
            rollup = [(k, n, s, round(t, 3), c) for k, n, s, t, c in
                      queries.grouped(db, whole, by)]
            scan = [(k, n, s, round(t, 3), c) for k, n, s, t, c in
                    queries.grouped(db, by_days, by)]
            assert rollup == scan, (month, by)
    assert sum(c for *_rest, c in queries.grouped(db, Period.year(2026), "learner")) > 50
    db.conn.close()
    writer.close()


def service_hours_save(writer: DatabaseWriter, record) -> None:
    from seniorlearn.core.services.hours import HoursService

    HoursService(writer).save(record).result(10)


@pytest.mark.parametrize("kind", ["month", "range"])
def test_every_report_query_reads_an_index(filled, kind: str) -> None:
    writer, _service = filled
    period = Period.month(2026, 11)
    if kind == "range":
        period = Period.days(period.first, period.last)
    source = queries.Source.of(period)
    db = writer.reader()
    for by in ("learner", "course_id", "month"):
        plan = queries.plan(db, source.sql(by, learners=by != "learner"),
                            (source.first, source.last))
        if kind == "month":
            assert "study_months" in plan and "study_sessions" not in plan, plan
        else:
            assert "USING COVERING INDEX study_by_" in plan, plan
    learned = queries.plan(db, queries.LEARNED.format(key="learner"), ("2026-11-01", "x"))
    assert "COVERING INDEX completions_by_day" in learned, learned
    db.conn.close()


def test_a_learners_year(filled) -> None:
    _writer, service = filled
    one = service.learner_detail("1", 2026)
    assert one.year_xueshi == 3.22
    assert one.months == [("2026-11", 3, 3.22)]
    assert one.courses == [("", 2, 3.0), ("pay", 1, 0.22)]
    assert one.learned == [("pay", "a", "2026-11-05")]
    assert service.learner_detail("2", 2025).months == [("2025-12", 1, 1.0)]


@pytest.mark.parametrize(("share", "index"), [(0.0, 0), (0.249, 0), (0.25, 1), (0.5, 2),
                                              (0.99, 3), (1.0, 4), (3.0, 4)])
def test_goal_buckets(share: float, index: int) -> None:
    assert bucket(share) == index


def test_periods_step_and_have_names() -> None:
    november = Period.month(2026, 11)
    assert november.step(2) == Period.month(2027, 1)
    assert november.step(-11) == Period.month(2025, 12)
    assert november.name("zh_CN") == "2026年11月" and november.spoken("zh_CN") == "十一月"
    assert Period.year(2026).step(-1).first == datetime.date(2025, 1, 1)
    week = Period.days(datetime.date(2026, 11, 2), datetime.date(2026, 11, 8))
    assert week.step(1).first == datetime.date(2026, 11, 9)
