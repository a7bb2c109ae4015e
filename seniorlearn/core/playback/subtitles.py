"""SubRip (.srt) subtitles: a forgiving parser and the lookup of the cue on screen.

Course authors make these files with many tools; the parser accepts a byte-order mark,
CRLF line ends, missing or wrong cue numbers, '.' or ',' before the milliseconds, extra
blank lines and simple <i>/<b>/<font> tags, and skips blocks it cannot read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_TIME = r"(\d+):(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def _seconds(h: str, m: str, s: str, ms: str | None) -> float:
    fraction = int((ms or "0").ljust(3, "0")) / 1000
    return int(h) * 3600 + int(m) * 60 + int(s) + fraction


def parse_srt(text: str) -> list[Cue]:
    """The cues of an .srt text, sorted by start time."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues: list[Cue] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        for i, line in enumerate(lines):
            match = _TIMING.match(line)
            if match is None:
                continue
            g = match.groups()
            start, end = _seconds(*g[:4]), _seconds(*g[4:])
            body = "\n".join(_TAG.sub("", t).strip() for t in lines[i + 1:]).strip()
            if body and end > start:
                cues.append(Cue(start, end, body))
            break
    cues.sort(key=lambda cue: (cue.start_s, cue.end_s))
    return cues


def read_srt(path: Path) -> list[Cue]:
    """Parse a file; text that is not UTF-8 is read as GB18030 (older Chinese tools)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    return parse_srt(text)


def cue_at(cues: Sequence[Cue], seconds: float) -> Cue | None:
    """The cue showing at ``seconds``: of overlapping cues, the one that started last."""
    starts = [cue.start_s for cue in cues]
    index = bisect.bisect_right(starts, seconds) - 1
    while index >= 0:
        cue = cues[index]
        if cue.end_s > seconds:
            return cue
        # An earlier, longer cue may still be on screen under a finished short one.
        index -= 1
        if index >= 0 and seconds - cues[index].start_s > 60:
            break
    return None
