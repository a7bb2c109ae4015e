"""What the lesson screen needs from a video backend (python-vlc or Qt Multimedia).

Every call returns at once: opening a file happens in the backend's own threads, and the
screen polls ``state()`` and ``position()`` a few times a second instead of waiting.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Protocol

# Never faster than normal: older learners recall less from sped-up video.
RATES = (0.75, 1.0)


class PlayerState(enum.Enum):
    IDLE = "idle"          # nothing opened, or closed
    OPENING = "opening"    # opened, the first picture is not out yet
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"
    ERROR = "error"


class Player(Protocol):
    """One video at a time; ``close`` stops it and frees everything the file held."""

    backend: str

    def open(self, path: Path, start_s: float = 0.0) -> None:
        """Start playing ``path`` from ``start_s``; returns before the file is read."""

    def play(self) -> None: ...

    def pause(self) -> None: ...

    def seek(self, seconds: float) -> None: ...

    def position(self) -> float:
        """Seconds into the video (0 before the first picture)."""

    def duration(self) -> float | None:
        """Length in seconds once the backend knows it."""

    def set_rate(self, rate: float) -> None: ...

    def rate(self) -> float: ...

    def set_volume(self, percent: int) -> None: ...

    def state(self) -> PlayerState: ...

    def error(self) -> str | None:
        """Why the state is ERROR, in words for the log."""

    def close(self) -> None: ...


def ended_early(last_position: float, expected_s: float) -> bool:
    """True when a video "ended" well before its known length: a truncated or damaged file
    that the decoder gave up on quietly, which must be treated as an error."""
    if expected_s <= 0:
        return False
    slack = max(2.0, 0.1 * expected_s)
    return last_position < expected_s - slack


def clamp_rate(rate: float) -> float:
    """The nearest allowed rate (never above 1x)."""
    return min(RATES, key=lambda allowed: abs(allowed - rate))
