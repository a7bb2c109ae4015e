"""Cycles that hold Qt objects are freed on the UI thread, never in a worker."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from seniorlearn.ui.collector import GarbageCollector, collect_due


class Tracked(QObject):
    freed_on: list[int] = []

    def __init__(self) -> None:
        super().__init__()
        self.cycle = self  # only the cycle collector can free it

    def __del__(self) -> None:
        Tracked.freed_on.append(threading.get_ident())


def test_a_worker_that_allocates_does_not_free_widgets_cycles(qtbot) -> None:
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
        qtbot.waitUntil(lambda: len(Tracked.freed_on) == made, timeout=5000)
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
