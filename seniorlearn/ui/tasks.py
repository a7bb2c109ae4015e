"""Run work off the UI thread and hand the result back on it (Anki's taskman idea).

Workers never touch widgets. ``run(work, on_done)`` hands ``on_done`` the result, or the
exception the work raised (the caller decides what the person is told). ``start`` is the
typed form for long work: the work gets a ``TaskState`` (progress, cancel; core/tasks.py),
and success, failure and progress each arrive on the UI thread through their own callback.

At shutdown, work that writes (``writes=True``: a learner saved, a roster imported) is waited
for, never cancelled; other queued work is dropped and running work is asked to cancel and
given a moment (READS_WAIT_S) to stop: a request the network never answers must not hold
the kiosk past the service's stop timeout. ``shutdown`` says whether anything was left.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from seniorlearn.core.tasks import TaskState

log = logging.getLogger(__name__)

T = TypeVar("T")
Work = Callable[[], object]
Done = Callable[[object], None]
SHUTDOWN_WAIT_S = 10.0
READS_WAIT_S = 2.0
_runners: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


def any_running() -> bool:
    """Whether any runner has work queued or running (the collector waits for quiet)."""
    return any(runner.busy() for runner in list(_runners))


class TaskRunner(QObject):
    task_did_finish = Signal(object, object)
    task_did_progress = Signal(object, object)

    def __init__(self, workers: int = 2) -> None:
        super().__init__()
        self._workers = workers
        # Made at the first task: start-up does not need threads.
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._pending: dict[Future[object], tuple[bool, TaskState | None]] = {}
        self.task_did_finish.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        # Both through methods of this object, queued: progress and the outcome arrive on the
        # UI thread in the order the work sent them (a lambda slot has no thread of its own).
        self.task_did_progress.connect(self._report, Qt.ConnectionType.QueuedConnection)
        _runners.add(self)

    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def run(self, work: Work, on_done: Done, writes: bool = False) -> None:
        self._submit(work, on_done, writes, None)

    def start(self, work: Callable[[TaskState], T], on_success: Callable[[T], None],
              on_failure: Callable[[BaseException], None],
              on_progress: Callable[[object], None] | None = None,
              writes: bool = False) -> TaskState:
        """Run ``work(state)``; its progress and its outcome come back on the UI thread.
        The returned state's ``cancel()`` asks the work to stop."""
        hop = None if on_progress is None else (
            lambda value: self.task_did_progress.emit(on_progress, value))
        state = TaskState(hop)

        def done(result: object) -> None:
            if isinstance(result, BaseException):
                on_failure(result)
            else:
                on_success(result)  # type: ignore[arg-type]

        self._submit(lambda: work(state), done, writes, state)
        return state

    def _submit(self, work: Work, on_done: Done, writes: bool,
                state: TaskState | None) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="task")
        future = self._pool.submit(work)
        with self._lock:
            self._pending[future] = (writes, state)
        future.add_done_callback(lambda f: self._finished(on_done, f))

    def _finished(self, on_done: Done, future: Future[object]) -> None:
        with self._lock:
            self._pending.pop(future, None)
        if not future.cancelled():
            self.task_did_finish.emit(on_done, future)

    def _report(self, on_progress: Callable[[object], None], value: object) -> None:
        on_progress(value)

    def _deliver(self, on_done: Done, future: Future[object]) -> None:
        error = future.exception()
        if error is not None:
            log.error("background task failed", exc_info=error)
            on_done(error)
        else:
            on_done(future.result())

    def shutdown(self, timeout_s: float = SHUTDOWN_WAIT_S) -> bool:
        """Drop queued work that only reads, ask running work to cancel, and wait for work
        that writes; True when nothing was left running."""
        if self._pool is None:
            return True
        with self._lock:
            pending = dict(self._pending)
        writing, reading = [], []
        for future, (writes, state) in pending.items():
            if writes:
                writing.append(future)
            elif not future.cancel():  # running: it stops at its next step (its state, or
                if state is not None:  # a token of its own that its owner cancelled)
                    state.cancel()
                reading.append(future)
        deadline = time.monotonic() + timeout_s
        _done, left = wait(writing, timeout=timeout_s)
        if left:
            log.error("%d background tasks did not finish within %.0f s", len(left), timeout_s)
        _done, left_reading = wait(reading, timeout=max(
            0.0, min(READS_WAIT_S, deadline - time.monotonic())))
        if left_reading:
            log.info("%d background tasks that only read are left running", len(left_reading))
        self._pool.shutdown(wait=False, cancel_futures=True)
        return not (left or left_reading)


def run_now(work: Work, on_done: Done, writes: bool = False) -> None:
    """A synchronous runner for tests where ordering matters."""
    try:
        result = work()
    except Exception as exc:  # noqa: BLE001 - handed to on_done like the real runner does
        result = exc
    on_done(result)


class UiHop(QObject):
    """Hands a call made on any thread (the voice's, a player's) to the UI thread, always
    later, never inside the caller: the same order of events whichever thread calls."""

    call_did_arrive = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.call_did_arrive.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def wrap(self, function: Callable[..., None]) -> Callable[..., None]:
        return lambda *args: self.call_did_arrive.emit(function, args)

    def _deliver(self, function: Callable[..., None], args: tuple[object, ...]) -> None:
        function(*args)
