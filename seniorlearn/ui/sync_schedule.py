"""The kiosk sends study records by itself while it runs: a sync shortly after the database
opens, then every five minutes; after a failure it waits with backoff and full jitter (capped at
15 minutes) and meanwhile a cheap probe every 30 s notices the link coming back and syncs at
once. All network work runs through the task runner, never on the UI thread; one sync at a
time; at shutdown a sync under way stops between batches (what was sent stays sent)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from seniorlearn.core.sync.client import Kind
from seniorlearn.core.sync.schedule import Backoff
from seniorlearn.core.sync.service import SyncReport, SyncService
from seniorlearn.core.tasks import CancelToken

log = logging.getLogger(__name__)
FIRST_DELAY_MS = 20_000
PROBE_MS = 30_000


class SyncSchedule(QObject):
    sync_did_finish = Signal(object)  # the SyncReport, on the UI thread

    def __init__(self, service: SyncService, run_task: Callable[..., None],
                 first_delay_ms: int = FIRST_DELAY_MS, probe_ms: int = PROBE_MS,
                 backoff: Backoff | None = None) -> None:
        super().__init__()
        self.service, self._run_task = service, run_task
        self.backoff = backoff or Backoff()
        self.busy = False
        self.last: SyncReport | None = None
        self.last_at: float | None = None
        self._cancel = CancelToken()
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.timeout.connect(self.sync_now)
        self._first_delay_ms = first_delay_ms
        self._probe = QTimer(self)
        self._probe.setInterval(probe_ms)
        self._probe.timeout.connect(self._look)

    def start(self) -> None:
        self._next.start(self._first_delay_ms)

    def stop(self) -> None:
        self._cancel.cancel()
        self._next.stop()
        self._probe.stop()

    def sync_now(self) -> bool:
        """Start a sync unless one runs (False then)."""
        if self.busy or self._cancel.cancelled:
            return False
        self.busy = True
        self._next.stop()
        cancel = self._cancel
        self._run_task(lambda: self.service.sync_once(cancel), self._done)
        return True

    def _done(self, report: object) -> None:
        self.busy = False
        if not isinstance(report, SyncReport):  # a bug, not the network: logged, retried
            log.error("the sync failed unexpectedly: %s", report)
            report = SyncReport(problem=str(report), pending=-1)
        self.last, self.last_at = report, time.time()
        if report.problem is None:
            delay = self.backoff.succeeded()
            self._probe.stop()
        else:
            delay = self.backoff.failed()
            log.info("sync stopped (%s); next try in %.0f s", report.problem, delay)
            if not report.auth_failed:  # a wrong password does not mend itself
                self._probe.start()
        if not self._cancel.cancelled:
            self._next.start(int(delay * 1000))
        self.sync_did_finish.emit(report)

    def _look(self) -> None:
        """While the link is down: is the LRS back? Then sync now, not at the backoff's end."""
        if self.busy:
            return
        self._run_task(self.service.probe, self._looked)

    def _looked(self, answer: object) -> None:
        kind = getattr(answer, "kind", None)
        if kind is Kind.SENT:
            self._probe.stop()
            self.sync_now()
