"""The lesson screen's tie to the study-hour ledger, for a signed-in learner only.

A guest learns without credit, so nothing is recorded for them. For a learner, the segment
tracker runs on the monotonic clock (a system clock jump neither makes nor takes study time),
its stretches go to the ledger's LessonStudy as well as the usual reporter, and every 5 s the
stretch still playing is saved, so a power cut loses at most one beat.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from seniorlearn.core.ledger.session import HEARTBEAT_S, LessonStudy
from seniorlearn.core.playback.segments import PlayedSegment, SegmentTracker


class StudyLink:
    def __init__(self, study: LessonStudy, monotonic: Callable[[], float],
                 also: Callable[[PlayedSegment], None]) -> None:
        self.study, self.monotonic, self._also = study, monotonic, also
        self._beat_at = monotonic()

    def report(self, segment: PlayedSegment) -> None:
        self._also(segment)
        self.study.segment_did_play(segment)

    def tick(self, tracker: SegmentTracker) -> None:
        now = self.monotonic()
        if now - self._beat_at >= HEARTBEAT_S:
            self._beat_at = now
            self.study.heartbeat(tracker.playing_now())

    def close(self) -> None:
        self.study.close()


class Tracking:
    """What a playing lesson counts: the segment tracker and, for a signed-in learner, the
    ledger session it feeds. Made again when the person at the kiosk changes mid-lesson, so
    a card shown during a lesson counts from then on, and 退出 stops the counting."""

    def __init__(self, ctx: Any, course_id: str, lesson_id: str,
                 length_s: float | None) -> None:
        self.ctx, self.course_id, self.lesson_id, self.length_s = (ctx, course_id, lesson_id,
                                                                   length_s)
        self._begin()

    def _begin(self) -> None:
        self.learner = self.ctx.session.learner_id
        self.study = link_for(self.ctx, self.course_id, self.lesson_id, self.length_s,
                              self.learner)
        if self.study is None:
            self.tracker = SegmentTracker(self.lesson_id, self.learner,
                                          self.ctx.reporter.segment_did_play, self.ctx.clock)
        else:
            self.tracker = SegmentTracker(self.lesson_id, self.learner, self.study.report,
                                          self.ctx.monotonic)

    def observe(self, position_s: float, playing: bool, rate: float) -> None:
        if self.ctx.session.learner_id != self.learner:
            self.close()
            self._begin()
        self.tracker.observe(position_s, playing, rate)
        if self.study is not None:
            self.study.tick(self.tracker)

    def cut(self) -> None:
        """A pause or a seek: the stretch playing until now ends here."""
        self.tracker.close()

    def close(self) -> None:
        self.tracker.close()  # the last stretch belongs to the session it was in
        if self.study is not None:
            self.study.close()
            self.study = None


def link_for(ctx: Any, course_id: str, lesson_id: str, length_s: float | None,
             learner_id: str | None) -> StudyLink | None:
    """A link when a learner is signed in and the ledger is open; None for a guest."""
    hours = getattr(ctx, "hours", None)
    if hours is None or learner_id is None:
        return None
    study = hours.start_lesson(learner_id, course_id, lesson_id, length_s)
    return StudyLink(study, ctx.monotonic, ctx.reporter.segment_did_play)
