"""The words for a lesson's steps: the line under the video, a row of the steps list and
the resume question. A lesson's steps are (start second, text in each language); the step
texts of the demo packs already say which step they are ("第二步：…"), so a number is
added only to texts that do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from seniorlearn.core.i18n import LANGUAGES, N_, translate
from seniorlearn.core.playback.timewords import time_words

STEP_OF = N_("Step {number} of {count}: {text}")
# For step texts that already say which step they are ("第二步：…", "Step 2: …").
STEP_COUNTED = N_("{text} ({count} steps in all)")
STEP_TITLE = N_("Step {number}: {text}")
INTRODUCTION = N_("Introduction, then {count} steps")
NUMBERED_STEP = re.compile(r"^\s*(第\S{1,3}步|Step\s+\d+)", re.IGNORECASE)
# Straight quotes in English: the CJK-first font draws “” as wide Chinese marks.
RESUME_AT_STEP = N_('Last time you were watching "{step}". Carry on from there?')
RESUME_AT_INTRODUCTION = N_("Last time you were watching the introduction. "
                            "Carry on from there?")
RESUME_AT_TIME = N_("Last time you stopped at {time}. Carry on from there?")
# A step that starts this close to a position is already showing (the clock moves in steps).
EARLY_S = 0.05


class Step(Protocol):
    at_s: float
    text: Mapping[str, str]


def step_index(steps: Sequence[Step], position_s: float) -> int:
    """The step being shown at ``position_s`` (-1 before the first: the introduction)."""
    index = -1
    for i, step in enumerate(steps):
        if step.at_s <= position_s + EARLY_S:
            index = i
    return index


def _text(step: Step, language: str) -> str:
    return step.text.get(language) or step.text.get("zh_CN") or next(iter(step.text.values()))


def step_title(step: Step, number: int, language: str) -> str:
    """"第二步：点收付款" as the pack has it, or with its number put in front."""
    text = _text(step, language)
    if NUMBERED_STEP.match(text):
        return text
    return translate(STEP_TITLE, language).format(number=number, text=text)


def step_line(steps: Sequence[Step], index: int, language: str) -> str:
    """The line under the video: the step showing and how many there are."""
    if index < 0:
        return translate(INTRODUCTION, language).format(count=len(steps))
    text = _text(steps[index], language)
    msgid = STEP_COUNTED if NUMBERED_STEP.match(text) else STEP_OF
    return translate(msgid, language).format(number=index + 1, count=len(steps), text=text)


def resume_question(steps: Sequence[Step], place_s: float, language: str) -> str:
    """"上次您看到“第二步：点收付款”，要接着看吗？": the step that was showing, the
    introduction before step 1, or the time when the lesson has no steps."""
    if not steps:
        return translate(RESUME_AT_TIME, language).format(time=time_words(place_s, language))
    index = step_index(steps, place_s)
    if index < 0:
        return translate(RESUME_AT_INTRODUCTION, language)
    step = step_title(steps[index], index + 1, language)
    return translate(RESUME_AT_STEP, language).format(step=step)


def in_every_language(words: Callable[[str], str]) -> dict[str, str]:
    """``words(language)`` for each kiosk language (a label switches with the language)."""
    return {language: words(language) for language in LANGUAGES}
