"""Played segments: which stretch of a lesson video was on screen, when, at what rate.

The player does not decide whether a lesson is complete; it reports what was watched and
the study-hour ledger decides (it is the one place that knows the rules for 学时).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

# A position further than this from where the clock says it should be is a seek.
JUMP_TOLERANCE_S = 1.5


@dataclass(frozen=True)
class PlayedSegment:
    lesson_id: str
    learner_id: str | None
    start_s: float          # position in the video
    end_s: float
    started_at: float       # the tracker's clock: monotonic for the ledger
    ended_at: float
    rate: float

    @property
    def length_s(self) -> float:
        return self.end_s - self.start_s


class PlaybackReporter(Protocol):
    """What the ledger implements to receive watched segments."""

    def segment_did_play(self, segment: PlayedSegment) -> None: ...


@dataclass
class MemoryReporter:
    """The default reporter until the ledger lands: keeps segments in memory."""

    segments: list[PlayedSegment] = field(default_factory=list)

    def segment_did_play(self, segment: PlayedSegment) -> None:
        self.segments.append(segment)


@dataclass
class _Open:
    start_s: float
    started_at: float
    last_s: float
    last_at: float
    rate: float


class SegmentTracker:
    """Turns periodic observations (position, playing?, rate) into closed segments.

    A segment ends on pause, on a jump in position (seek, Back 10 s), on a rate change and
    on ``close``. Segments shorter than ``min_length_s`` are dropped.
    """

    def __init__(self, lesson_id: str, learner_id: str | None,
                 report: Callable[[PlayedSegment], None], clock: Callable[[], float],
                 min_length_s: float = 0.2) -> None:
        self.lesson_id, self.learner_id = lesson_id, learner_id
        self._report, self._clock = report, clock
        self._min = min_length_s
        self._open: _Open | None = None

    def observe(self, position_s: float, playing: bool, rate: float) -> None:
        now = self._clock()
        current = self._open
        if not playing:
            self.close()
            return
        if current is not None:
            expected = current.last_s + (now - current.last_at) * current.rate
            if rate != current.rate or abs(position_s - expected) > JUMP_TOLERANCE_S:
                self.close()
                current = None
        if current is None:
            self._open = _Open(position_s, now, position_s, now, rate)
        else:
            current.last_s, current.last_at = position_s, now

    def playing_now(self) -> PlayedSegment | None:
        """The stretch still playing, up to the last observation (for the heartbeat)."""
        current = self._open
        if current is None:
            return None
        return PlayedSegment(self.lesson_id, self.learner_id, current.start_s, current.last_s,
                             current.started_at, current.last_at, current.rate)

    def close(self) -> None:
        """End the open segment at the last position seen (pause, seek, leaving)."""
        current, self._open = self._open, None
        if current is None or current.last_s - current.start_s < self._min:
            return
        self._report(PlayedSegment(self.lesson_id, self.learner_id, current.start_s,
                                   current.last_s, current.started_at, current.last_at,
                                   current.rate))
