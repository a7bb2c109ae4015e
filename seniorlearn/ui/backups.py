"""The kiosk's daily backup: once shortly after the database opens, then every hour a look
whether today's backup is there (so once a day one is made, also across midnight).

The work runs through the task runner, never on the UI thread. A backup that cannot be made
(a full disk, a read-only folder) is a sentence in the log and the kiosk goes on; doctor says
the same to the volunteer. Stopping sets a flag the copy checks between its steps.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from seniorlearn.core.paths import Paths
from seniorlearn.core.storage.backup import (
    BackupCancelled,
    BackupError,
    BackupResult,
    make_backup,
)

log = logging.getLogger(__name__)
FIRST_DELAY_MS = 30_000
EVERY_MS = 3_600_000
RunTask = Callable[[Callable[[], object], Callable[[object], None]], None]


class BackupSchedule(QObject):
    def __init__(self, paths: Paths, run_task: RunTask, first_delay_ms: int = FIRST_DELAY_MS,
                 every_ms: int = EVERY_MS,
                 today: Callable[[], datetime.date] = datetime.date.today) -> None:
        super().__init__()
        self._paths, self._run_task, self._today = paths, run_task, today
        self._stopping = threading.Event()
        self._busy = False
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(first_delay_ms)
        self._first.timeout.connect(self.backup_now)
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self.backup_now)
        self.last: object = None  # the last outcome: a BackupResult or the error

    def start(self) -> None:
        self._first.start()
        self._timer.start()

    def stop(self) -> None:
        """No new backup; one being copied stops at its next step."""
        self._stopping.set()
        self._first.stop()
        self._timer.stop()

    def backup_now(self) -> None:
        if self._busy or self._stopping.is_set():
            return
        self._busy = True
        self._run_task(self._work, self._done)

    def _work(self) -> object:
        try:
            return make_backup(self._paths.database, self._paths.backups, today=self._today(),
                               stop=self._stopping.is_set)
        except (BackupError, BackupCancelled) as exc:  # expected: said in the log, no trace
            return exc

    def _done(self, outcome: object) -> None:
        self._busy = False
        self.last = outcome
        if isinstance(outcome, BackupResult):
            if outcome.made:
                log.info("backup made: %s (%d older removed)", outcome.path,
                         len(outcome.removed))
        elif isinstance(outcome, BackupError):
            log.warning("%s [%s]", outcome, outcome.cause)
        elif isinstance(outcome, BackupCancelled):
            log.info("the backup was stopped because the kiosk is closing")
        else:
            log.error("the backup failed unexpectedly: %s", outcome)
