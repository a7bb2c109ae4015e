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

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500
# A full collection walks every object (about 20 ms for the kiosk's heap here, more than a
# frame); automatic gc rations them by how many objects survived, which Python does not
# expose, so here they are rationed by time. What start-up made is frozen out of them.
FULL_EVERY_S = 60.0
_last_full = time.monotonic()


def collect_due(now: float | None = None) -> int:
    """Collect the oldest generation whose count is past its threshold (a full collection
    at most every FULL_EVERY_S); how many unreachable objects gc found."""
    global _last_full
    now = time.monotonic() if now is None else now
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            if generation == 2:
                if now - _last_full < FULL_EVERY_S:
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
    """While alive, cycles are freed on the UI thread, every ``CHECK_MS`` when due."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(collect_due)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
