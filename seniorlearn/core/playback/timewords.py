"""Times said the way a person says them: "1 分 10 秒", "32 秒", "1 min 10 s".

One place for the words, so the progress line under a lesson video, its read-aloud and
the resume question all say a time the same way. Clock notation (1:10) is left out on
purpose: many older learners read "1:10" as a time of day.
"""

from __future__ import annotations

from seniorlearn.core.i18n import N_, current_language, translate

MINUTES_SECONDS = N_("{minutes} min {seconds} s")
SECONDS_ONLY = N_("{seconds} s")
PROGRESS = N_("{elapsed} of {total}")


def time_words(seconds: float, language: str | None = None) -> str:
    """``seconds`` rounded to whole seconds, in words: under a minute only the seconds."""
    minutes, rest = divmod(max(0, round(seconds)), 60)
    language = language or current_language()
    if minutes == 0:
        return translate(SECONDS_ONLY, language).format(seconds=rest)
    return translate(MINUTES_SECONDS, language).format(minutes=minutes, seconds=rest)


def progress_words(elapsed_s: float, total_s: float, language: str | None = None) -> str:
    """How far into a video and how long it is: "1 分 10 秒 / 共 1 分 48 秒"."""
    language = language or current_language()
    # Never past the end: the clock of some decoders runs a little beyond the last frame.
    elapsed_s = min(max(0.0, elapsed_s), max(0.0, total_s))
    return translate(PROGRESS, language).format(elapsed=time_words(elapsed_s, language),
                                                total=time_words(total_s, language))
