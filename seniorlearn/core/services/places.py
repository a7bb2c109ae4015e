"""A signed-in learner's places in lessons, kept in the database through the one writer."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future

from seniorlearn.core.storage import places as table
from seniorlearn.core.storage.writer import DatabaseWriter

log = logging.getLogger(__name__)


class PlacesService:
    """The ``PlaceStore`` of core.playback.positions: writes are queued (the screen never
    waits for them); one that fails is logged, and the place is still in memory."""

    def __init__(self, writer: DatabaseWriter, clock: Callable[[], float] = time.time) -> None:
        self._writer, self._clock = writer, clock

    def save(self, learner: str, course_id: str, lesson_id: str, position_s: float) -> None:
        now = self._clock()
        self._queue(lambda db: table.save(db, learner, course_id, lesson_id, position_s, now))

    def forget(self, learner: str, course_id: str, lesson_id: str) -> None:
        self._queue(lambda db: table.forget(db, learner, course_id, lesson_id))

    def of_learner(self, learner: str) -> list[tuple[str, str, float]]:
        """(course id, lesson id, place), least recent first; read on its own connection."""
        reader = self._writer.reader()
        try:
            return table.of_learner(reader, learner)
        finally:
            reader.conn.close()

    def _queue(self, job: Callable[..., None]) -> None:
        try:
            self._writer.submit(job).add_done_callback(_log_failure)
        except RuntimeError as exc:  # the writer has been closed: the kiosk is stopping
            log.warning("a lesson place was not kept: %s", exc)


def _log_failure(done: Future[None]) -> None:
    problem = done.exception()
    if problem is not None:
        log.warning("a lesson place was not kept: %s", problem)
