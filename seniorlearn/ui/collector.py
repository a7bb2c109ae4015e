"""Python's cycle collector, run on the UI thread only.

Left automatic, the collector runs in whichever thread happens to allocate: a worker, the
database writer, the voice's thread. A cycle it frees there can hold a widget, and a widget
deleted off the UI thread crashes Qt (the suite saw segfaults at random places, always with
worker threads alive). Anki does the same: automatic collection off, and a timer on the UI
thread collects the generations the thresholds say are due.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QEvent, QObject, QTimer

# Imported here, not at the first check: that import, on the UI thread in the middle of a
# sync, was a 50 ms stall (bench/sync.py's (c) measured it as the sync's).
from seniorlearn.ui.tasks import any_running

CHECK_MS = 500
# A full collection walks every object: about 20 ms for the kiosk's heap here, and 20-50 ms
# while a report of 10,000 learners is held, more than a frame. Automatic gc rations them by
# how many objects survived, which Python does not expose, so here they are rationed by time
# (FULL_EVERY_S), and they wait until nobody is using the kiosk: no touch, click or key for
# QUIET_S and no background task running (a report being saved). A kiosk in use all day
# still gets one every LONGEST_WAIT_S. What start-up made is frozen out of them.
FULL_EVERY_S = 60.0
QUIET_S = 10.0
LONGEST_WAIT_S = 600.0
_last_full = time.monotonic()


def collect_due(now: float | None = None, in_use: bool = False) -> int:
    """Collect the oldest generation whose count is past its threshold (a full collection
    at most every FULL_EVERY_S, and while ``in_use`` only once LONGEST_WAIT_S have passed);
    how many unreachable objects gc found."""
    global _last_full
    now = time.monotonic() if now is None else now
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            if generation == 2:
                waited = now - _last_full
                if waited < FULL_EVERY_S or (in_use and waited < LONGEST_WAIT_S):
                    generation = 1
                else:
                    _last_full = now
            return gc.collect(generation)
    return 0


def freeze_startup() -> None:
    """Move everything alive now (modules, widgets of the first screen) out of reach of later
    collections: after the first paint, full collections walk only what came since."""
    gc.collect()
    gc.freeze()


class GarbageCollector(QObject):
    """While alive, cycles are freed on the UI thread, every ``CHECK_MS`` when due. Given
    the application, it watches its input to keep full collections for quiet moments."""

    INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
             QEvent.Type.MouseMove, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
             QEvent.Type.TouchUpdate, QEvent.Type.Wheel}

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_MS,
                 clock=time.monotonic) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.clock = clock
        self.last_input = float("-inf")
        if parent is not None:
            parent.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def in_use(self, now: float) -> bool:
        return now - self.last_input < QUIET_S or any_running()

    def collect(self) -> int:
        now = self.clock()
        return collect_due(now, self.in_use(now))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() in self.INPUT:
            self.last_input = self.clock()
        return False

    def stop(self) -> None:
        self.timer.stop()
        parent = self.parent()
        if parent is not None:
            parent.removeEventFilter(self)
        gc.collect()
        if self._was_enabled:
            gc.enable()
