"""Run work off the UI thread and hand the result back on it (Anki's taskman idea).

Workers never touch widgets; ``on_done`` runs on the UI thread with the result, or with
the exception the work raised (the caller decides what the person is told).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

Work = Callable[[], object]
Done = Callable[[object], None]


class TaskRunner(QObject):
    task_did_finish = Signal(object, object)

    def __init__(self, workers: int = 2) -> None:
        super().__init__()
        self._workers = workers
        # Made at the first task: start-up does not need threads.
        self._pool: ThreadPoolExecutor | None = None
        self.task_did_finish.connect(self._deliver)

    def run(self, work: Work, on_done: Done) -> None:
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="task")
        future = self._pool.submit(work)
        future.add_done_callback(lambda f: self.task_did_finish.emit(on_done, f))

    def _deliver(self, on_done: Done, future: Future) -> None:
        error = future.exception()
        if error is not None:
            log.error("background task failed", exc_info=error)
            on_done(error)
        else:
            on_done(future.result())

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def run_now(work: Work, on_done: Done) -> None:
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
