"""The kiosk sends by itself: with the LRS away it backs off, a cheap probe notices the LRS
coming back and the sync runs at once; all of it on worker threads (real TaskRunner)."""

from __future__ import annotations

import threading

import pytest

from seniorlearn.core.models import Learner
from seniorlearn.core.paths import Paths
from seniorlearn.core.services.hours import HoursService
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.storage.writer import DatabaseWriter
from seniorlearn.core.sync.client import LrsClient
from seniorlearn.core.sync.schedule import Backoff
from seniorlearn.core.sync.service import SyncService
from seniorlearn.core.sync.statements import Origin
from seniorlearn.ui.sync_schedule import SyncSchedule
from seniorlearn.ui.tasks import TaskRunner
from tests.sync.ralph import PASSWORD, USER, Ralph, free_port, ralph_available

pytestmark = pytest.mark.skipif(not ralph_available(), reason="needs Ralph in .ralph-venv")
ORIGIN = Origin("https://xuexi.example.cn", "sp", "学习点", "kiosk", 45)


def test_the_probe_notices_the_lrs_coming_back_and_sends_at_once(data_home, tmp_path,
                                                                 qtbot) -> None:
    writer = DatabaseWriter(Paths.from_env().database)
    LearnerService(writer).add(Learner("20260001", "王秀英"))
    HoursService(writer).add_in_person("20260001", 45, "手机课堂")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}/xAPI/"
    threads: set[str] = set()

    def client() -> LrsClient:
        threads.add(threading.current_thread().name)
        return LrsClient(endpoint, USER, PASSWORD, timeout_s=2)

    runner = TaskRunner()
    # A backoff far longer than the test: only the probe can bring the next sync.
    schedule = SyncSchedule(SyncService(writer, ORIGIN, client), runner.run,
                            first_delay_ms=0, probe_ms=300,
                            backoff=Backoff(first_s=3600, random=lambda low, high: high))
    reports = []
    schedule.sync_did_finish.connect(reports.append)
    schedule.start()
    qtbot.waitUntil(lambda: len(reports) == 1, timeout=10000)
    assert reports[0].problem is not None and reports[0].pending == 1
    lrs = Ralph(tmp_path / "lrs", port).start()
    try:
        qtbot.waitUntil(lambda: len(reports) == 2, timeout=15000)
        assert reports[1].problem is None and reports[1].sent == 1
        assert len(lrs.statements()) == 1
        assert "MainThread" not in threads  # never on the UI thread
    finally:
        schedule.stop()
        runner.shutdown()
        lrs.kill()
        writer.close()
