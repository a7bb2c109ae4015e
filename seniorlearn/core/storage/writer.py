"""The database's one writer: every write runs on one thread, in the order it was asked for.

SQLite allows one writer at a time; with several, a heartbeat can wait on a report's
transaction and the UI thread on both. As Anki does with its single-worker executor, one
thread owns the write connection and runs each job in its own transaction; reads open their
own connections (WAL lets them run beside the writer). At shutdown the writer finishes what
was asked of it before it stops: a study session handed over just before closing is kept.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from seniorlearn.core.storage.db import open_database

log = logging.getLogger(__name__)
T = TypeVar("T")
Job = tuple[Callable[[sqlite_utils.Database], Any], "Future[Any]"]


class WriterClosed(RuntimeError):
    """The writer was closed; nothing more can be written through it."""


class DatabaseWriter:
    """Owns the database file: migrates it at start, writes through one thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_database(path)  # migrates; raises DatabaseError on a bad file
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="db-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[sqlite_utils.Database], T]) -> Future[T]:
        """Run ``job(db)`` in one transaction on the writer thread; its result or error."""
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise WriterClosed("the database writer is closed")
            self._jobs.put((job, future))
        return future

    def write(self, job: Callable[[sqlite_utils.Database], T], timeout_s: float = 30.0) -> T:
        """Submit and wait: for command-line tools and tests, never the UI thread."""
        return self.submit(job).result(timeout=timeout_s)

    def reader(self) -> sqlite_utils.Database:
        """A connection of its own for reading (the caller closes it)."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 5000")
        return sqlite_utils.Database(conn)

    def close(self, timeout_s: float = 30.0) -> bool:
        """Finish every write already asked for, then stop. True if all finished in time."""
        with self._lock:
            if self._closed:
                return True
            self._closed = True
            self._jobs.put(None)
        self._thread.join(timeout_s)
        finished = not self._thread.is_alive()
        if finished:
            self._db.conn.close()
        else:
            log.error("the database writer did not finish within %.0f s", timeout_s)
        return finished

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            job, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                with self._db.conn:
                    self._db.conn.execute("BEGIN IMMEDIATE")
                    result = job(self._db)
            except BaseException as exc:  # the caller sees it; the writer goes on
                future.set_exception(exc)
            else:
                future.set_result(result)
