"""Played-segment tracking with a fake clock: pauses, seeks, rate changes, tiny segments."""

from seniorlearn.core.playback import MemoryReporter, SegmentTracker
from tests.conftest import FakeClock


def tracker() -> tuple[SegmentTracker, MemoryReporter, FakeClock]:
    clock, reporter = FakeClock(now=1000.0), MemoryReporter()
    return SegmentTracker("l1", 7, reporter.segment_did_play, clock), reporter, clock


def play(t: SegmentTracker, clock: FakeClock, start: float, seconds: float,
         rate: float = 1.0, step: float = 0.2) -> None:
    position = start
    for _ in range(round(seconds / step) + 1):
        t.observe(position, True, rate)
        clock.now += step
        position += step * rate


def test_continuous_play_then_pause_is_one_segment() -> None:
    t, reporter, clock = tracker()
    play(t, clock, 0.0, 4.0)
    t.observe(4.0, False, 1.0)
    [seg] = reporter.segments
    assert (seg.start_s, round(seg.end_s, 3), seg.rate, seg.learner_id) == (0.0, 4.0, 1.0, 7)
    assert (seg.started_at, round(seg.ended_at, 3)) == (1000.0, 1004.0)


def test_seek_back_splits_and_rate_change_splits() -> None:
    t, reporter, clock = tracker()
    play(t, clock, 10.0, 2.0)
    play(t, clock, 2.2, 1.0)               # Back 10 s: a jump without a close()
    play(t, clock, 3.4, 2.0, rate=0.75)    # slower
    t.close()
    spans = [(round(s.start_s, 1), round(s.end_s, 1), s.rate) for s in reporter.segments]
    assert spans == [(10.0, 12.0, 1.0), (2.2, 3.2, 1.0), (3.4, 4.9, 0.75)]


def test_small_position_jitter_is_not_a_seek() -> None:
    t, reporter, clock = tracker()
    for i in range(10):                    # VLC's clock moves in 0.25-0.5 s steps
        t.observe([0, 0, 0.5, 0.5, 1.0, 1.0, 1.5, 1.5, 2.0, 2.0][i], True, 1.0)
        clock.now += 0.2
    t.close()
    assert len(reporter.segments) == 1


def test_tiny_segments_and_double_close_report_nothing() -> None:
    t, reporter, clock = tracker()
    t.observe(5.0, True, 1.0)
    t.close()
    t.close()
    t.observe(5.0, False, 1.0)
    assert reporter.segments == []
