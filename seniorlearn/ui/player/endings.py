"""How a lesson ends: the resume question's two answers, the end page (下一课 first when
there is a next lesson), the error page; and the loading of a lesson off the UI thread."""

from __future__ import annotations

import logging
from typing import Any

from seniorlearn.core.i18n import N_
from seniorlearn.core.playback.subtitles import Cue, read_srt

log = logging.getLogger("seniorlearn.ui.screens.lesson")  # one logger for the lesson screen


class LessonEndings:
    """Mixed into ``LessonScreen``: the widgets and the playback calls are its own."""

    ctx: Any
    course: Any
    lesson: Any
    course_id: str
    resume_place: float
    start: Any
    _stop_playback: Any
    _lead_end_page: Any
    _show_page: Any
    next_button: Any
    again_button: Any
    end_page: Any
    error_page: Any
    error_back_button: Any
    error_return: Any

    def continue_lesson(self) -> None:
        self.start(self.resume_place)

    def start_over(self) -> None:
        if self.lesson is not None:
            self.ctx.positions.forget(self.ctx.session.learner_id, self.course_id,
                                      self.lesson.id)
            self.start(0.0)

    def finish(self) -> None:
        """The video reached its end: the calm end page, read aloud."""
        self._stop_playback()
        self.ctx.positions.forget(self.ctx.session.learner_id, self.course_id, self.lesson.id)
        has_next = self._next_lesson() is not None
        self.next_button.set_message(N_("Next lesson") if has_next
                                     else N_("Back to the lesson list"))
        self.next_button.set_icon("next" if has_next else "back")
        self._lead_end_page(has_next)
        self._show_page(self.end_page, self.next_button if has_next else self.again_button,
                        speak=True)

    def _next_lesson(self) -> Any:
        lessons = list(self.course.lessons) if self.course is not None else []
        ids = [lesson.id for lesson in lessons]
        if self.lesson is None or self.lesson.id not in ids:
            return None
        index = ids.index(self.lesson.id)
        return lessons[index + 1] if index + 1 < len(lessons) else None

    def next_lesson(self) -> None:
        following = self._next_lesson()
        if following is None:
            self.back_to_course()
        else:
            self.ctx.go("lesson", course_id=self.course_id, lesson_id=following.id)

    def fail(self, cause: str) -> None:
        """Any failure to play: logged with its cause, a spoken sentence, then the list."""
        lesson_id = self.lesson.id if self.lesson is not None else "?"
        log.error("lesson %s cannot be played: %s", lesson_id, cause)
        self._stop_playback()
        self._show_page(self.error_page, self.error_back_button, speak=True)
        self.error_return.start()

    def back_to_course(self) -> None:
        self.error_return.stop()
        if self.course_id:
            self.ctx.go("course", course_id=self.course_id)
        else:
            self.ctx.go_home()


def load_lesson(library: Any, lesson_id: str, course_id: str | None = None,
                ) -> tuple[Any, Any, dict[str, list[Cue]]]:
    """Off the UI thread: the lesson (of ``course_id`` when given) and its subtitles in
    every language the pack has."""
    found = library.find_lesson(lesson_id, course_id)
    if found is None:
        raise LookupError(f"there is no lesson {lesson_id!r} in the library")
    course, lesson = found
    cues = {}
    for language, media in lesson.subtitles.items():
        try:
            cues[language] = read_srt(course.root / media.path)
        except (OSError, ValueError) as exc:
            log.warning("subtitles %s of lesson %s unreadable: %s", language, lesson_id, exc)
    return course, lesson, cues

