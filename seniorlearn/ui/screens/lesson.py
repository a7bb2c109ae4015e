"""The lesson screen: the video with large subtitles, the current step beside it, and a
fixed bar of big controls; plus the resume question, the end page and the error page.

One tap on a lesson starts it. The screen polls the player five times a second (the UI
thread never waits for the video to open) and reports what was watched to
``ctx.reporter``; whether the lesson counts as learned is the ledger's decision.

Reading aloud pauses the video: the voice and the lesson's narration must not talk over
each other, and a learner who asked to hear the screen is not watching. Play continues.
Leaving the screen (another screen, the idle question, sign-out) stops the video and frees
it; the place is remembered for "continue where you left off".
"""

from __future__ import annotations

import logging
import re
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QWidget

from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.core.playback import (
    Player,
    PlayerState,
    SegmentTracker,
    cue_at,
    ended_early,
    should_offer_resume,
)
from seniorlearn.core.playback.subtitles import Cue, read_srt
from seniorlearn.ui.player.layout import (
    PAUSE,
    PLAY,
    RESUME_QUESTION,
    VOLUME_STEP,
    LessonLayout,
)
from seniorlearn.ui.player.widgets import StepRow
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.theme import Theme

log = logging.getLogger(__name__)

STEP_OF = N_("Step {number} of {count}: {text}")
# For step texts that already say which step they are ("第二步：…", "Step 2: …").
STEP_COUNTED = N_("{text} ({count} steps in all)")
NUMBERED_STEP = re.compile(r"^\s*(第\S{1,3}步|Step\s+\d+)", re.IGNORECASE)
OPENING = N_("The video is starting…")
TICK_MS = 200
OPEN_TIMEOUT_S = 20.0
ERROR_RETURN_MS = 20_000


def step_index(steps: tuple[Any, ...], position_s: float) -> int:
    """The step being shown at ``position_s`` (-1 before the first)."""
    index = -1
    for i, step in enumerate(steps):
        if step.at_s <= position_s + 0.05:
            index = i
    return index


@register
class LessonScreen(LessonLayout, Screen):
    name = "lesson"
    title_msgid = N_("Lesson")
    needs_library = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        # A long lesson title wraps instead of widening the screen past a small display.
        self.title_label.setWordWrap(True)
        self.pages = QStackedWidget()
        self.column.addWidget(self.pages, 1)
        self.choice_boxes: list[QWidget] = []
        self._build_player_page()
        self._build_resume_page()
        self._build_end_page()
        self._build_error_page()
        self.player: Player | None = None
        self.course: Any = None
        self.lesson: Any = None
        self.course_id = ""
        self.cues: dict[str, list[Cue]] = {}
        self.tracker: SegmentTracker | None = None
        self.last_position = 0.0
        self.volume = 80
        self._opened_at = 0.0
        self._ticks = 0
        self._pause_when_playing = False
        self._read_hooked = False
        self._resume_on_show = False
        self._request = 0  # which enter() a loaded lesson belongs to
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.error_return = QTimer(self)
        self.error_return.setSingleShot(True)
        self.error_return.setInterval(ERROR_RETURN_MS)
        self.error_return.timeout.connect(self.back_to_course)
        for key, slot in ((Qt.Key.Key_Space, self.toggle_play),
                          (Qt.Key.Key_Left, self.back_10),
                          (Qt.Key.Key_Up, lambda: self.change_volume(VOLUME_STEP)),
                          (Qt.Key.Key_Down, lambda: self.change_volume(-VOLUME_STEP))):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------------ opening a lesson

    def enter(self, **kwargs: object) -> None:
        self._hook_read_aloud()
        self._resume_on_show = False
        self._stop_playback()
        self.error_return.stop()
        self.course_id = str(kwargs.get("course_id", ""))
        lesson_id = str(kwargs.get("lesson_id", ""))
        self.course = self.lesson = None
        self.title_label.set_message(self.title_msgid)
        library = self.ctx.library
        self._request += 1
        if library is None or not lesson_id:
            self.fail(f"no lesson to open (lesson id {lesson_id!r}, library {library!r})")
            return
        request = self._request
        self.ctx.run_task(lambda: _load_lesson(library, lesson_id),
                          lambda result: self._lesson_loaded(result, request))

    def _lesson_loaded(self, result: object, request: int | None = None) -> None:
        if request is not None and (request != self._request or not self.isVisible()):
            return  # the learner has moved on: a late lesson must not start playing
        if not isinstance(result, tuple):
            self.fail(f"the lesson could not be loaded: {result!r}")
            return
        self.course, self.lesson, self.cues = result
        self.course_id = self.course.id
        self.title_label.set_texts(self.lesson.title)
        self.steps_list.set_rows([self._step_factory(i, step)
                                  for i, step in enumerate(self.lesson.steps)])
        place = self.ctx.positions.get(self.ctx.session.learner_id, self.lesson.id)
        if should_offer_resume(place, self.lesson.duration_s):
            assert place is not None
            minutes, seconds = divmod(round(place), 60)
            self.resume_label.set_message(RESUME_QUESTION, minutes=minutes, seconds=seconds)
            self.resume_place = place
            self._show_page(self.resume_page, self.continue_button, speak=True)
            return
        self.start(0.0)

    def _step_factory(self, index: int, step: Any):
        def make() -> StepRow:
            row = StepRow(index + 1, step.text, step.at_s)
            row.setObjectName(f"step_{index + 1}")
            row.clicked.connect(lambda: self.jump_to_step(step.at_s))
            return row

        return make

    def start(self, from_s: float, paused: bool = False) -> None:
        """Play the lesson from ``from_s`` seconds (returns before the video opens)."""
        lesson = self.lesson
        if lesson is None:
            return
        self._show_left(0)
        self._show_page(self.player_page, self.play_button)
        player = self._ensure_player()
        self.tracker = SegmentTracker(lesson.id, self.ctx.session.learner_id,
                                      self.ctx.reporter.segment_did_play, self.ctx.clock)
        self.last_position = from_s
        self._opened_at = self.ctx.clock()
        self._pause_when_playing = paused
        player.set_rate(0.75 if self.slower_button.isChecked() else 1.0)
        player.set_volume(self.volume)
        player.open(self.course.root / lesson.video.path, from_s)
        self.subtitles.setText(_(OPENING))
        self._set_playing_look(True)
        self._update_step(from_s)
        self.timer.start()
        self._tick()

    def _ensure_player(self) -> Player:
        if self.player is None:
            from seniorlearn.ui.player.backend import make_player

            setting = self.ctx.config.get("player_backend")
            self.player, surface = make_player(setting, self.video_frame)
            self.video_layout.addWidget(surface)
            log.info("lesson player backend: %s", self.player.backend)
        return self.player

    # ------------------------------------------------------------------ the 5 Hz poll

    def _tick(self) -> None:
        player = self.player
        if player is None or self.lesson is None:
            self.timer.stop()
            return
        self._ticks += 1
        state = player.state()
        position = player.position()
        if state == PlayerState.ERROR:
            self.fail(player.error() or "the player reported an error")
        elif state == PlayerState.ENDED:
            expected = self.lesson.duration_s or player.duration() or 0.0
            if ended_early(self.last_position, expected):
                self.fail(f"the video stopped at {self.last_position:.1f} s of "
                          f"{expected:.1f} s (damaged or cut short)")
            else:
                self.finish()
        elif state == PlayerState.OPENING and (
                self.ctx.clock() - self._opened_at > OPEN_TIMEOUT_S):
            self.fail(f"the video did not start within {OPEN_TIMEOUT_S:.0f} s")
        elif self._ticks % 5 == 0 and not self._video_path().exists():
            self.fail(f"the video file {self._video_path()} was removed while playing")
        else:
            self._follow(state, position)

    def _follow(self, state: PlayerState, position: float) -> None:
        playing = state == PlayerState.PLAYING
        if playing and self._pause_when_playing:
            self._pause_when_playing = False
            self.pause()
            return
        if playing or state == PlayerState.PAUSED:
            self.last_position = position
            self.ctx.positions.remember(self.ctx.session.learner_id, self.lesson.id, position)
            self._show_cue(position)
            self._update_step(position)
        if self.tracker is not None:
            self.tracker.observe(position, playing, self.player.rate() if self.player else 1.0)
        # Only a playing lesson holds off the idle reset; a paused one may be reset.
        setattr(self, "keeps_awake", state in (PlayerState.PLAYING, PlayerState.OPENING))  # noqa: B010
        if state != PlayerState.OPENING:
            self._set_playing_look(playing)

    def _show_cue(self, position: float) -> None:
        text = ""
        if self.subtitles_button.isChecked():
            cues = self.cues.get(current_language()) or self.cues.get("zh_CN") or []
            cue = cue_at(cues, position)
            text = cue.text if cue else ""
        # Only on change: this runs five times a second for the whole lesson.
        if text != self.subtitles.text():
            self.subtitles.setText(text)

    def _update_step(self, position: float) -> None:
        steps = self.lesson.steps if self.lesson is not None else ()
        index = step_index(steps, position)
        if self.step_label.isHidden() == bool(steps):
            self.step_label.setVisible(bool(steps))
        if not steps:
            return
        step = steps[max(index, 0)]
        texts = {lang: _translated(
            STEP_COUNTED if NUMBERED_STEP.match(text) else STEP_OF, lang).format(
            number=max(index, 0) + 1, count=len(steps), text=text)
            for lang, text in step.text.items()}
        if texts != self.step_label.texts:
            self.step_label.set_texts(texts)

    def _video_path(self) -> Any:
        return self.course.root / self.lesson.video.path

    # ------------------------------------------------------------------ controls

    def toggle_play(self) -> None:
        if self.player is None or self.pages.currentWidget() is not self.player_page:
            return
        if self.player.state() in (PlayerState.PLAYING, PlayerState.OPENING):
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self.player is not None and self.player.state() == PlayerState.PAUSED:
            self._show_left(0)
            self.player.play()
            self._set_playing_look(True)

    def pause(self) -> None:
        if self.player is not None:
            self.player.pause()
            self._set_playing_look(False)
            if self.tracker is not None:
                self.tracker.close()
            setattr(self, "keeps_awake", False)  # noqa: B010

    def seek(self, seconds: float) -> None:
        if self.player is None:
            return
        if self.tracker is not None:
            self.tracker.close()
        self.player.seek(max(0.0, seconds))
        self.last_position = max(0.0, seconds)
        self._show_cue(self.last_position)
        self._update_step(self.last_position)

    def back_10(self) -> None:
        if self.player is not None and self.pages.currentWidget() is self.player_page:
            self.seek(self.player.position() - 10)

    def repeat_step(self) -> None:
        if self.player is None or self.lesson is None:
            return
        index = step_index(self.lesson.steps, self.player.position())
        self.seek(self.lesson.steps[index].at_s if index >= 0 else 0.0)
        self.play()

    def toggle_slower(self) -> None:
        self.slower_button.retranslate()
        self.slower_button.set_icon("slow")
        if self.player is not None:
            self.player.set_rate(0.75 if self.slower_button.isChecked() else 1.0)

    def change_volume(self, delta: int) -> None:
        self.volume = max(0, min(100, self.volume + delta))
        if self.player is not None:
            self.player.set_volume(self.volume)

    def toggle_subtitles(self) -> None:
        self.subtitles_button.retranslate()
        self.subtitles_button.set_icon("subtitles")
        self._show_cue(self.last_position)

    def show_steps(self) -> None:
        self.pause()
        self._show_left(1)
        self._focus(self.to_video_button)

    def hide_steps(self) -> None:
        self._show_left(0)
        self._focus(self.play_button)

    def _show_left(self, index: int) -> None:
        self.left_pages.setCurrentIndex(index)

    def apply_theme(self, theme: Theme) -> None:
        for box in self.choice_boxes:
            box.setFixedWidth(theme.metrics.px(1100))
        # Three steps a page fit beside the controls on a 1080-line screen, two on 800.
        target = getattr(self.window(), "target_size", None)
        per_page = 3 if target is None or target.height() >= 1000 * theme.metrics.scale else 2
        if per_page != self.steps_list.per_page:
            self.steps_list.per_page = per_page
            self.steps_list.show_page(0)

    def jump_to_step(self, at_s: float) -> None:
        self.hide_steps()
        self.seek(at_s)
        self.play()

    def _set_playing_look(self, playing: bool) -> None:
        msgid, icon = (PAUSE, "pause") if playing else (PLAY, "play")
        if self.play_button.msgid != msgid:
            self.play_button.set_message(msgid)
            self.play_button.set_icon(icon)

    # ------------------------------------------------------------------ endings

    def continue_lesson(self) -> None:
        self.start(self.resume_place)

    def start_over(self) -> None:
        if self.lesson is not None:
            self.ctx.positions.forget(self.ctx.session.learner_id, self.lesson.id)
            self.start(0.0)

    def finish(self) -> None:
        """The video reached its end: the calm end page, read aloud."""
        self._stop_playback()
        self.ctx.positions.forget(self.ctx.session.learner_id, self.lesson.id)
        has_next = self._next_lesson() is not None
        self.next_button.set_message(N_("Next lesson") if has_next
                                     else N_("Back to the lesson list"))
        self.next_button.set_icon("next" if has_next else "back")
        self._show_page(self.end_page, self.again_button, speak=True)

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

    # ------------------------------------------------------------------ leaving

    def _stop_playback(self) -> None:
        self.timer.stop()
        if self.tracker is not None:
            self.tracker.close()
            self.tracker = None
        if self.player is not None:
            if self.lesson is not None and self.player.state() in (PlayerState.PLAYING,
                                                                   PlayerState.PAUSED):
                self.last_position = self.player.position()
                self.ctx.positions.remember(self.ctx.session.learner_id, self.lesson.id,
                                            self.last_position)
            self.player.close()
        setattr(self, "keeps_awake", False)  # noqa: B010

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Another screen took over (or the idle question): stop and free the video."""
        if self.player is not None and self.timer.isActive():
            self._stop_playback()
            self._resume_on_show = True
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # After go() the shell calls enter(), which cancels this; only a plain return
        # (the idle question answered) gets here with the flag still set.
        QTimer.singleShot(0, self._resume_after_idle)

    def _resume_after_idle(self) -> None:
        if self._resume_on_show and self.lesson is not None and self.isVisible():
            self._resume_on_show = False
            # The same place, paused until Play.
            self.start(self.last_position, paused=True)

    def reset(self) -> None:
        self._request += 1
        self._stop_playback()
        self._resume_on_show = False
        self.error_return.stop()
        self.lesson = self.course = None
        self.cues = {}
        self.steps_list.set_rows([])
        self.subtitles.setText("")
        self.title_label.set_message(self.title_msgid)

    # ------------------------------------------------------------------ reading aloud

    def _hook_read_aloud(self) -> None:
        window = self.ctx.window
        if window is not None and not self._read_hooked:
            window.read_button.clicked.connect(self._read_aloud_pressed)
            self._read_hooked = True

    def _read_aloud_pressed(self) -> None:
        if self.isVisible() and self.pages.currentWidget() is self.player_page:
            self.pause()

    def speech_parts(self) -> list[str]:
        """The lesson title, the current step, then the buttons (not the subtitles: they
        are the narration itself)."""
        if self.pages.currentWidget() is not self.player_page:
            return super().speech_parts()
        parts = [self.title_label.plain_text()]
        if self.step_label.isVisibleTo(self):
            parts.append(self.step_label.plain_text())
        if self.left_pages.currentIndex() == 1:
            parts += [text for row in self.steps_list.shown if isinstance(row, StepRow)
                      for text in row.speech_parts()]
            parts.append(self.to_video_button.plain_text())
        return parts + [button.plain_text() for button in self.controls]

    def _show_page(self, page: QWidget, focus: QWidget, speak: bool = False) -> None:
        self.pages.setCurrentWidget(page)
        self._focus(focus)
        if speak:
            self.ctx.say(self.speech_parts())

    def _focus(self, widget: QWidget) -> None:
        if self.isVisible():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)


def _translated(msgid: str, language: str) -> str:
    from seniorlearn.core.i18n import translate

    return translate(msgid, language)


def _load_lesson(library: Any, lesson_id: str) -> tuple[Any, Any, dict[str, list[Cue]]]:
    """Off the UI thread: the lesson and its subtitles in every language the pack has."""
    found = library.find_lesson(lesson_id)
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

