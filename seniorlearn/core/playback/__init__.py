"""Lesson playback without Qt: the Player protocol the video backends implement, subtitle
parsing and lookup, played-segment tracking for the study-hour ledger, resume positions."""

from seniorlearn.core.playback.player import (
    RATES,
    Player,
    PlayerState,
    ended_early,
)
from seniorlearn.core.playback.positions import ResumePositions, should_offer_resume
from seniorlearn.core.playback.segments import (
    MemoryReporter,
    PlaybackReporter,
    PlayedSegment,
    SegmentTracker,
)
from seniorlearn.core.playback.subtitles import Cue, cue_at, parse_srt

__all__ = [
    "RATES", "Cue", "MemoryReporter", "PlaybackReporter", "PlayedSegment", "Player",
    "PlayerState", "ResumePositions", "SegmentTracker", "cue_at", "ended_early", "parse_srt",
    "should_offer_resume",
]
