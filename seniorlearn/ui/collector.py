"""Python's cycle collector, run on the UI thread only.

Left automatic, the collector runs in whichever thread happens to allocate: a worker, the
database writer, the voice's thread. A cycle it frees there can hold a widget, and a widget
deleted off the UI thread crashes Qt (the suite saw segfaults at random places, always with
worker threads alive). Anki does the same: automatic collection off, and a timer on the UI
thread collects the generations the thresholds say are due.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500


def collect_due() -> int:
    """Collect the oldest generation whose count is past its threshold; what gc found."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            return gc.collect(generation)
    return 0


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
