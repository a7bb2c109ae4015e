"""The rules of the ledger, as plain functions over numbers (no storage, no clock).

- Study time is the time a lesson was really playing, in wall seconds on a monotonic clock
  (at 0.75x a second of wall time is a second of study).
- A lesson is learned when the union of the stretches watched covers 90 % of it: seeking to
  the end earns nothing, and the same minute watched twice counts once toward completion
  (and twice as study time).
- A 学时 is a number of minutes a county chooses (45, 50 or 60).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

COMPLETION_SHARE = 0.9

Span = tuple[float, float]


def union(spans: Iterable[Span]) -> list[Span]:
    """The spans merged where they overlap or touch, in order."""
    merged: list[list[float]] = []
    for start, end in sorted((min(a, b), max(a, b)) for a, b in spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def covered_s(spans: Iterable[Span], length_s: float) -> float:
    """Seconds of the lesson (0..length) that some span watched."""
    return sum(max(0.0, min(b, length_s) - max(a, 0.0)) for a, b in union(spans))


def is_complete(spans: Sequence[Span], length_s: float | None) -> bool:
    if not length_s or length_s <= 0:
        return False
    return covered_s(spans, length_s) >= COMPLETION_SHARE * length_s


def xueshi(seconds: float, minutes_per_xueshi: int) -> float:
    """Class hours for ``seconds`` of study, to two decimals."""
    return round(seconds / 60.0 / minutes_per_xueshi, 2)
