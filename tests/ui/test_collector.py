"""Cycles that hold Qt objects are freed on the UI thread, never in a worker."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from seniorlearn.ui.collector import GarbageCollector, collect_due


class Tracked(QObject):
    freed_on: list[int] = []

    def __init__(self) -> None:
        super().__init__()
        self.cycle = self  # only the cycle collector can free it

    def __del__(self) -> None:
        Tracked.freed_on.append(threading.get_ident())


def keep_due() -> int:
    """Cycles made until a young collection is due (counts that fell below the threshold
    were seen in CI runs in other test orders); how many."""
    made = 0
    while gc.get_count()[0] <= gc.get_threshold()[0] + 10:
        Tracked()
        made += 1
    return made


def test_a_worker_that_allocates_does_not_free_widgets_cycles(qtbot) -> None:
    # What earlier tests left to be deleted goes first: freed while this test waits, it would
    # lower the young generation's count below its threshold, so no collection would be due.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()
    collector = GarbageCollector(interval_ms=50)
    try:
        Tracked.freed_on.clear()
        made = gc.get_threshold()[0] + 100  # enough to make a collection due
        for _ in range(made):
            Tracked()

        def churn() -> None:  # what would start a collection here, were it automatic
            keep = [[] for _ in range(50_000)]
            del keep

        worker = threading.Thread(target=churn)
        worker.start()
        worker.join()
        assert Tracked.freed_on == []  # not freed in the worker
        made += keep_due()

        def freed() -> bool:
            nonlocal made
            if not Tracked.freed_on:  # objects freed meanwhile may have lowered the count
                made += keep_due()
            return len(Tracked.freed_on) >= made

        try:
            qtbot.waitUntil(freed, timeout=5000)
        except qtbot.TimeoutError:
            raise AssertionError(f"{len(Tracked.freed_on)} of {made} freed; gc counts "
                                 f"{gc.get_count()}, thresholds {gc.get_threshold()}, "
                                 f"enabled {gc.isenabled()}") from None
        assert set(Tracked.freed_on) == {threading.get_ident()}
    finally:
        collector.stop()
    # The session's collector (conftest) keeps automatic collection off for the suite.
    assert not gc.isenabled()


def test_collect_due_collects_only_when_a_threshold_is_passed() -> None:
    gc.collect()
    assert collect_due() == 0
    Tracked.freed_on.clear()
    for _ in range(gc.get_threshold()[0] + 10):
        Tracked()
    assert collect_due() > 0 and Tracked.freed_on


def test_full_collections_are_rationed_by_time(monkeypatch) -> None:
    from seniorlearn.ui import collector

    monkeypatch.setattr(gc, "get_count", lambda: (800, 20, 20))
    asked: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation) or 0)
    monkeypatch.setattr(collector, "_last_full", 1000.0)
    collect_due(now=1000.0 + collector.FULL_EVERY_S + 1)
    collect_due(now=1000.0 + collector.FULL_EVERY_S + 2)
    assert asked == [2, 1]  # the second, a second later, is a younger generation's


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def full_collections_asked(monkeypatch, clock: FakeClock) -> list[int]:
    """Every threshold passed, the last full collection long ago; which generation the
    collector asks gc for is recorded (gc itself is left alone)."""
    from seniorlearn.ui import collector

    monkeypatch.setattr(gc, "get_count", lambda: (800, 20, 20))
    asked: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation) or 0)
    monkeypatch.setattr(collector, "_last_full", clock.now - collector.FULL_EVERY_S - 1)
    return asked


def test_a_full_collection_waits_until_nobody_has_touched_the_kiosk_for_a_while(
        qapp, qtbot, monkeypatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from seniorlearn.ui import collector as module

    clock = FakeClock(5000.0)
    collector = GarbageCollector(qapp, interval_ms=3_600_000, clock=clock)
    button = QPushButton("学")
    qtbot.addWidget(button)
    button.show()
    try:
        asked = full_collections_asked(monkeypatch, clock)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a real click, through the app
        clock.now += module.QUIET_S - 1
        collector.collect()
        qtbot.keyClick(button, Qt.Key.Key_Space)
        clock.now += module.QUIET_S + 1
        collector.collect()
        assert asked == [1, 2]  # the young generations only, then the full one once quiet
    finally:
        collector.stop()


def test_a_full_collection_waits_for_background_work_but_not_for_ever(
        qapp, qtbot, monkeypatch) -> None:
    from seniorlearn.ui import collector as module
    from seniorlearn.ui.tasks import TaskRunner

    clock = FakeClock(9000.0)
    collector = GarbageCollector(qapp, interval_ms=3_600_000, clock=clock)
    runner = TaskRunner()
    release = threading.Event()
    finished: list[object] = []
    try:
        asked = full_collections_asked(monkeypatch, clock)
        runner.run(lambda: release.wait(10), finished.append)  # a report being saved
        collector.collect()
        clock.now += module.LONGEST_WAIT_S
        collector.collect()  # busy for ten minutes: collected all the same
        assert asked == [1, 2]
        monkeypatch.setattr(module, "_last_full", clock.now - module.FULL_EVERY_S - 1)
        release.set()
        qtbot.waitUntil(lambda: finished == [True], timeout=5000)
        collector.collect()
        assert asked == [1, 2, 2]
    finally:
        release.set()
        collector.stop()
        runner.shutdown()
