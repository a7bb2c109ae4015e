"""The task runner with real threads: typed outcomes and progress on the UI thread, cancel,
and a shutdown that waits for work that writes (a real SQLite write) and drops the rest."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from seniorlearn.core.storage.writer import DatabaseWriter
from seniorlearn.ui.tasks import TaskRunner


def test_start_hands_success_failure_and_progress_to_the_ui_thread(qtbot) -> None:
    runner, ui = TaskRunner(), threading.get_ident()
    seen: list[tuple[str, object, bool]] = []

    def work(state) -> int:
        for step in range(3):
            state.report(step)
        return 42

    runner.start(work, lambda value: seen.append(("ok", value, threading.get_ident() == ui)),
                 lambda error: seen.append(("failed", error, False)),
                 on_progress=lambda step: seen.append(("step", step,
                                                       threading.get_ident() == ui)))
    qtbot.waitUntil(lambda: any(kind == "ok" for kind, *_ in seen)
                    and sum(kind == "step" for kind, *_ in seen) == 3, timeout=5000)
    assert [entry for entry in seen if entry[0] == "step"] == [
        ("step", 0, True), ("step", 1, True), ("step", 2, True)]
    assert seen[-1] == ("ok", 42, True)

    def broken(state) -> None:
        raise ValueError("the stick went away")

    failures: list[BaseException] = []
    runner.start(broken, lambda value: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], ValueError)
    assert runner.shutdown()


def test_cancel_stops_work_between_steps(qtbot) -> None:
    runner, steps = TaskRunner(), []
    results: list[object] = []

    def work(state) -> str:
        while not state.cancelled:
            steps.append(1)
            time.sleep(0.01)
        return "stopped"

    state = runner.start(work, results.append, results.append)
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5000)
    state.cancel()
    qtbot.waitUntil(lambda: results == ["stopped"], timeout=5000)
    assert runner.shutdown()


def test_shutdown_waits_for_a_queued_write_and_drops_a_queued_read(tmp_path: Path) -> None:
    writer = DatabaseWriter(tmp_path / "k.db")
    runner = TaskRunner(workers=1)
    release, ran = threading.Event(), []
    runner.run(lambda: release.wait(5), lambda result: None)  # keeps the one worker busy
    runner.run(lambda: ran.append("read"), lambda result: None)
    runner.run(lambda: writer.write(lambda db: db["meta"].insert({"key": "saved",
                                                                  "value": "1"})),
               lambda result: None, writes=True)
    threading.Timer(0.3, release.set).start()
    assert runner.shutdown(timeout_s=10)
    writer.close()
    reopened = DatabaseWriter(tmp_path / "k.db")
    reader = reopened.reader()
    assert [row["key"] for row in reader["meta"].rows] == ["saved"]
    assert ran == []  # the read was dropped, not run after the window closed
    reader.conn.close()
    reopened.close()


def test_shutdown_says_when_work_that_only_reads_is_still_running() -> None:
    """A sync waiting on a request the network never answers: not waited for longer than
    READS_WAIT_S, and reported, so the kiosk leaves it behind instead of hanging."""
    from seniorlearn.ui import tasks

    runner = TaskRunner(workers=1)
    release, started = threading.Event(), threading.Event()
    runner.run(lambda: started.set() or release.wait(30), lambda result: None)
    assert started.wait(5)
    began = time.monotonic()
    assert not runner.shutdown(timeout_s=10)
    assert time.monotonic() - began < tasks.READS_WAIT_S + 1
    release.set()
