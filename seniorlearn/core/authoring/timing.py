"""Slide timing and subtitles: how long each slide lasts, where its narration sits, and the
cues of an ``.srt`` split at phrase boundaries with times proportional to characters."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from seniorlearn.core.authoring.phrasing import split_cues

PAUSE_S = 1.0
STEP_MIN_S = 8.0
FPS = 10
LESSON_MIN_S = 60.0
LESSON_MAX_S = 150.0
# One subtitle line the kiosk draws large: about 22 Chinese or 42 Latin characters.
CUE_LIMIT = {"zh_CN": 22, "en": 42}


@dataclass(frozen=True)
class SlideTiming:
    start_s: float
    duration_s: float
    speech_s: float  # the narration's own length; the rest of the slide is silence

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def slide_duration(speech_s: float, min_seconds: float, has_step: bool) -> float:
    """max(narration + pause, min_seconds, 8 s with a step), up to the next video frame."""
    seconds = max(speech_s + PAUSE_S, min_seconds, STEP_MIN_S if has_step else 0.0)
    return math.ceil(round(seconds * FPS, 6)) / FPS


def lay_out(speech: Sequence[float], minimums: Sequence[float],
            steps: Sequence[bool]) -> list[SlideTiming]:
    """Slides one after another; every start falls on a video frame."""
    timings, start = [], 0.0
    for speech_s, minimum, has_step in zip(speech, minimums, steps, strict=True):
        duration = slide_duration(speech_s, minimum, has_step)
        timings.append(SlideTiming(round(start, 3), duration, speech_s))
        start = round(start + duration, 3)
    return timings


def _weight(text: str) -> int:
    return max(1, sum(1 for char in text if not char.isspace()))


def slide_cues(text: str, timing: SlideTiming, language: str) -> list[Cue]:
    """Cues over the slide's narration, each as long as its share of the characters."""
    pieces = split_cues(text, CUE_LIMIT[language])
    total = sum(_weight(p) for p in pieces)
    span = max(timing.speech_s, 0.5)
    cues, start, done = [], timing.start_s, 0
    for piece in pieces:
        done += _weight(piece)
        end = timing.start_s + span * done / total
        cues.append(Cue(round(start, 3), round(min(end, timing.end_s), 3), piece))
        start = end
    return cues


def _clock(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def srt_text(cues: Sequence[Cue]) -> str:
    blocks = [f"{n}\n{_clock(c.start_s)} --> {_clock(c.end_s)}\n{c.text}\n"
              for n, c in enumerate(cues, start=1)]
    return "\n".join(blocks)


def parse_srt(text: str) -> list[Cue]:
    """Read an .srt back (the tests and ``courses verify`` use it)."""
    cues = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip().splitlines()
        match = re.fullmatch(r"(\S+) --> (\S+)", lines[1].strip()) if len(lines) >= 3 else None
        if not match:
            raise ValueError(f"not an srt cue: {block!r}")
        start, end = (_seconds(t) for t in match.groups())
        cues.append(Cue(start, end, "\n".join(lines[2:])))
    return cues


def _seconds(clock: str) -> float:
    hours, minutes, rest = clock.split(":")
    secs, millis = rest.split(",")
    return int(hours) * 3600 + int(minutes) * 60 + int(secs) + int(millis) / 1000
