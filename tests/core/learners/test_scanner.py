"""Scanner bursts against typing, with the timings each really has."""

from __future__ import annotations

import random

from seniorlearn.core.scanner import ScanDetector


def _type(detector: ScanDetector, text: str, gaps_ms, start: float = 1000.0) -> str | None:
    now = start
    for char in text:
        detector.key(char, now)
        now += next(gaps_ms)
    return detector.enter(now)  # Enter comes one gap after the last key


def _steady(ms: float):
    while True:
        yield ms


def test_a_scanner_burst_is_a_scan() -> None:
    detector = ScanDetector()
    assert _type(detector, "20260001", _steady(8)) == "20260001"
    rng = random.Random(3)
    jitter = (rng.uniform(2, 30) for _ in iter(int, 1))
    assert _type(detector, "A-17", jitter) == "A-17"


def test_typing_even_fast_typing_is_not() -> None:
    detector = ScanDetector()
    assert _type(detector, "20260001", _steady(90)) is None
    assert _type(detector, "20260001", _steady(60)) is None


def test_a_slow_start_then_a_burst_scans_only_the_burst() -> None:
    detector = ScanDetector()
    now = 0.0
    for char in "ab":          # someone pressed two keys by hand
        detector.key(char, now)
        now += 400
    for char in "20260001":    # then showed a card to the scanner
        detector.key(char, now)
        now += 6
    assert detector.enter(now) == "20260001"


def test_short_runs_a_late_enter_and_control_keys_are_not_scans() -> None:
    detector = ScanDetector()
    assert _type(detector, "12", _steady(5)) is None
    for char in "20260001":
        detector.key(char, 0.0)
    assert detector.enter(500.0) is None            # Enter pressed by hand afterwards
    for char in "2026":
        detector.key(char, 0.0)
    detector.key("\b", 1.0)                        # a control key breaks the run
    for char in "01":
        detector.key(char, 2.0)
    assert detector.enter(3.0) is None
    assert detector.in_burst(3.0) is False
