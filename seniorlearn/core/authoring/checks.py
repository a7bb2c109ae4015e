"""Checks that need the built pieces: the voice's pronunciation and the lesson's length."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from seniorlearn.core.authoring.script import LessonScript, ScriptError, file_error, slide_error
from seniorlearn.core.authoring.timing import LESSON_MAX_S, LESSON_MIN_S, SlideTiming
from seniorlearn.core.i18n import N_

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
Phonemiser = Callable[[str], str]


def chinese_texts(lesson: LessonScript) -> Iterator[tuple[int, str]]:
    """(slide number, text) for every Chinese text the voice or the screen carries."""
    yield 0, lesson.title.zh_CN
    for slide in lesson.slides:
        texts = [slide.heading, slide.narration, slide.body, slide.step]
        if slide.phone:
            texts += [slide.phone.title] + [item.label for item in slide.phone.items]
        for text in texts:
            if text is not None:
                yield slide.number, text.zh_CN


def check_pronunciation(lesson: LessonScript, phonemise: Phonemiser) -> None:
    """Refuse a script whose Chinese the voice would read as English pinyin ("(en)")."""
    cache: dict[str, bool] = {}
    for number, text in chinese_texts(lesson):
        for run in CJK_RUN.findall(text):
            if run not in cache:
                spoken = phonemise(run)
                cache[run] = bool(spoken.strip()) and "(en)" not in spoken
            if not cache[run]:
                raise _pronunciation_error(lesson, number, run, text)


def _pronunciation_error(lesson: LessonScript, number: int, run: str,
                         text: str) -> ScriptError:
    message = N_("the voice cannot read \"{run}\" in \"{text}\" as Mandarin; "
                 "write it another way.")
    if number:
        return slide_error(lesson.path, number, message, run=run, text=text)
    return file_error(lesson.path, message, run=run, text=text)


def check_length(lesson: LessonScript, timings: Sequence[SlideTiming]) -> None:
    total = timings[-1].end_s
    if not LESSON_MIN_S <= total <= LESSON_MAX_S:
        raise file_error(lesson.path, N_("the lesson lasts {seconds} seconds; it must last "
                                         "{low} to {high} seconds."),
                         seconds=f"{total:.1f}", low=int(LESSON_MIN_S), high=int(LESSON_MAX_S))
