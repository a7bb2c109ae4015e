"""One learner watching one lesson: its study seconds and watched stretches, saved as it goes.

The lesson screen's SegmentTracker reports each closed stretch (pause, seek, leaving); every
heartbeat (5 s) the screen also hands over the stretch still playing, so a power cut loses
at most one beat. The tracker runs on a monotonic clock, so a system clock jump neither makes
nor takes study time; the wall clock is read once, to date the session.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from seniorlearn.core.ledger.rules import Span, is_complete
from seniorlearn.core.playback.segments import PlayedSegment
from seniorlearn.core.storage.study import StudyRecord

HEARTBEAT_S = 5.0
Save = Callable[[StudyRecord], object]


class LessonStudy:
    """Implements the player's PlaybackReporter; ``save`` gets the whole state each time."""

    def __init__(self, save: Save, learner: str, course_id: str, lesson_id: str,
                 length_s: float | None, wall: Callable[[], float] = time.time) -> None:
        self._save, self._wall = save, wall
        started = wall()
        self._base = StudyRecord(
            id=str(uuid.uuid4()), learner=learner, kind="lesson",
            day=time.strftime("%Y-%m-%d", time.localtime(started)), started_at=started,
            seconds=0.0, course_id=course_id, lesson_id=lesson_id, length_s=length_s,
            open=True, beat_at=started)
        self._closed_s = 0.0
        self._spans: list[Span] = []
        self._open: PlayedSegment | None = None
        self.closed = False

    @property
    def id(self) -> str:
        return self._base.id

    def segment_did_play(self, segment: PlayedSegment) -> None:
        if self.closed:
            return
        self._closed_s += max(0.0, segment.ended_at - segment.started_at)
        self._spans.append((segment.start_s, segment.end_s))
        self._open = None

    def heartbeat(self, playing: PlayedSegment | None) -> None:
        """Save now, counting the stretch that is still playing up to this moment."""
        if not self.closed:
            self._open = playing
            self._save(self.record())

    def close(self) -> StudyRecord:
        """The session ends (lesson left, finished, idle reset): saved once more, closed."""
        if not self.closed:
            self._open = None
            self.closed = True
            self._save(self.record())
        return self.record()

    def record(self) -> StudyRecord:
        spans = list(self._spans)
        seconds = self._closed_s
        if self._open is not None:
            spans.append((self._open.start_s, self._open.end_s))
            seconds += max(0.0, self._open.ended_at - self._open.started_at)
        base = self._base
        return StudyRecord(
            id=base.id, learner=base.learner, kind=base.kind, day=base.day,
            started_at=base.started_at, seconds=seconds, course_id=base.course_id,
            lesson_id=base.lesson_id, length_s=base.length_s, segments=tuple(spans),
            completed=is_complete(spans, base.length_s), open=not self.closed,
            beat_at=self._wall())
