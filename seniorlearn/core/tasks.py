"""Long work as a plain function that reports progress and honours cancel through a small
state object (Orange's ``run(data, state)``): testable without any widget, and the same
object whether a screen, a command or a test runs the work."""

from __future__ import annotations

import threading
from collections.abc import Callable


class CancelToken:
    """Set from any thread (a Cancel button, shutdown); the work checks it between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class TaskState(CancelToken):
    """What running work is given: ``report(progress)`` (any value the caller understands:
    a share, an ImportProgress) and ``cancelled``."""

    def __init__(self, on_progress: Callable[[object], None] | None = None) -> None:
        super().__init__()
        self._on_progress = on_progress

    def report(self, progress: object) -> None:
        if self._on_progress is not None:
            self._on_progress(progress)
