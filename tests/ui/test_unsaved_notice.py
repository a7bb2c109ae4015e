"""Study time a full disk refuses: the kiosk keeps it, shows "cannot save" on every screen,
tries again by itself, and the notice goes once it is saved (a real full tmpfs)."""

from __future__ import annotations

import time

from seniorlearn import app
from seniorlearn.core.models import Learner
from seniorlearn.core.services.hours import HoursService
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.storage import study
from seniorlearn.core.storage.study import StudyRecord
from seniorlearn.core.storage.writer import DatabaseWriter
from tests.faults import fill, small_disk


def test_a_refused_session_is_shown_retried_and_saved(make_kiosk, qtbot, tmp_path,
                                                      monkeypatch) -> None:
    monkeypatch.setattr(app, "UNSAVED_CHECK_MS", 100)
    with small_disk(tmp_path / "disk", "2m") as disk:
        writer = DatabaseWriter(disk / "kiosk.db")
        try:
            LearnerService(writer).add(Learner("1", "王秀英"))
            window = make_kiosk()
            window.ctx.hours = hours = HoursService(writer)
            app._watch_unsaved(window.ctx)
            fill(disk)
            record = StudyRecord(id="s1", learner="1", kind="lesson", day="2026-11-30",
                                 started_at=time.time(), seconds=600.0, course_id="pay",
                                 lesson_id="code", length_s=100.0)
            hours.save(record)
            qtbot.waitUntil(lambda: window.home_notice.isVisible(), timeout=5000)
            assert window.home_notice.plain_text().startswith("这台学习机现在")
            for filler in disk.glob("filler*"):
                filler.unlink()
            qtbot.waitUntil(lambda: not window.home_notice.isVisible(), timeout=5000)
            reader = writer.reader()
            [kept] = study.of_learner(reader, "1")
            reader.conn.close()
            assert kept.seconds == 600.0
        finally:
            writer.close()
