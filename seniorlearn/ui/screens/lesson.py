"""The lesson screen: the video with large subtitles, the current step beside it, and a
fixed bar of big controls; plus the resume question, the end page and the error page.

One tap on a lesson starts it. The screen polls the player five times a second (the UI
thread never waits for the video to open) and reports what was watched to
``ctx.reporter``; whether the lesson counts as learned is the ledger's decision.

Reading aloud pauses the video: the voice and the lesson's narration must not talk over
each other. When the reading ends (or cannot be heard) the video plays on by itself.
Leaving the screen (another screen, the idle question, sign-out) stops the video and frees
it; the place is remembered for "continue where you left off".
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.core.playback import (
    Player,
    PlayerState,
    cue_at,
    ended_early,
    should_offer_resume,
)
from seniorlearn.core.playback.steps import (
    in_every_language,
    resume_question,
    step_index,
    step_line,
    step_title,
)
from seniorlearn.core.playback.subtitles import Cue
from seniorlearn.core.playback.timewords import progress_words
from seniorlearn.ui.player.endings import LessonEndings, load_lesson
from seniorlearn.ui.player.layout import PAUSE, PLAY, VOLUME_STEP, LessonLayout
from seniorlearn.ui.player.overlay import PROGRESS_NAME, PictureTaps
from seniorlearn.ui.player.reading import LessonReading
from seniorlearn.ui.player.study import Tracking
from seniorlearn.ui.player.widgets import StepRow
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.theme import Theme

log = logging.getLogger(__name__)

OPENING = N_("The video is starting…")
TICK_MS = 200
OPEN_TIMEOUT_S = 20.0
ERROR_RETURN_MS = 20_000
DEFAULT_VOLUME = 80
VOLUME_SHOWN_MS = 3000  # the volume level stands in for the subtitles this long


@register
class LessonScreen(LessonEndings, LessonReading, LessonLayout, Screen):
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
        self.tracking: Tracking | None = None
        self.last_position = 0.0
        self.volume = DEFAULT_VOLUME
        self._opened_at = 0.0
        self._ticks = 0
        self._pause_when_playing = False
        self._resume_after_reading = False
        self._resume_on_show = False
        self._current_step = -1
        self.picture_taps = PictureTaps(self.video_frame, self.toggle_play)
        self.volume_level.set_percent(self.volume)
        self._request = 0  # which enter() a loaded lesson belongs to
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.error_return = QTimer(self)
        self.error_return.setSingleShot(True)
        self.error_return.setInterval(ERROR_RETURN_MS)
        self.error_return.timeout.connect(self.back_to_course)
        self.volume_shown = QTimer(self)
        self.volume_shown.setSingleShot(True)
        self.volume_shown.setInterval(VOLUME_SHOWN_MS)
        self.volume_shown.timeout.connect(self._hide_volume)
        for key, slot in ((Qt.Key.Key_Space, self.toggle_play),
                          (Qt.Key.Key_Left, self.back_10),
                          (Qt.Key.Key_Up, lambda: self.change_volume(VOLUME_STEP)),
                          (Qt.Key.Key_Down, lambda: self.change_volume(-VOLUME_STEP))):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------------ opening a lesson

    def enter(self, **kwargs: object) -> None:
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
        course_id = self.course_id or None
        self.ctx.run_task(lambda: load_lesson(library, lesson_id, course_id),
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
        place = self.ctx.positions.get(self.ctx.session.learner_id, self.course.id,
                                       self.lesson.id)
        if should_offer_resume(place, self.lesson.duration_s):
            assert place is not None
            steps = self.lesson.steps
            self.resume_label.set_texts(in_every_language(
                lambda language: resume_question(steps, place, language)))
            self.resume_place = place
            self._show_page(self.resume_page, self.continue_button, speak=True)
            return
        self.start(0.0)

    def _step_factory(self, index: int, step: Any):
        def make() -> StepRow:
            titles = in_every_language(lambda language: step_title(step, index + 1, language))
            row = StepRow(titles, step.at_s, current=index == self._current_step)
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
        self._end_tracking()
        self.tracking = Tracking(self.ctx, self.course.id, lesson.id, lesson.duration_s)
        self.last_position = from_s
        self._opened_at = self.ctx.clock()
        self._pause_when_playing = paused
        player.set_rate(0.75 if self.slower_button.isChecked() else 1.0)
        player.set_volume(self.volume)
        player.open(self.course.root / lesson.video.path, from_s)
        self.subtitles.setText(_(OPENING))
        self._set_playing_look(True)
        self._update_step(from_s)
        self._show_time(from_s)
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
            self.ctx.positions.remember(self.ctx.session.learner_id, self.course_id,
                                        self.lesson.id, position)
            self._show_cue(position)
            self._update_step(position)
            self._show_time(position)
        if self.tracking is not None:
            self.tracking.observe(position, playing, self.player.rate() if self.player else 1.0)
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
        index = self._current_step = step_index(steps, position)
        self._show_step_line()
        if not steps:
            return
        texts = in_every_language(lambda language: step_line(steps, index, language))
        if texts != self.step_label.texts:
            self.step_label.set_texts(texts)

    def _show_step_line(self) -> None:
        wanted = bool(self.lesson is not None and self.lesson.steps
                      and self.pages.currentWidget() is self.player_page)
        if self.step_label.isHidden() == wanted:
            self.step_label.setVisible(wanted)

    def _duration(self) -> float:
        known = self.lesson.duration_s if self.lesson is not None else 0.0
        return known or (self.player.duration() if self.player else None) or 0.0

    def _show_time(self, position: float) -> None:
        """The seek bar and "1 分 10 秒 / 共 1 分 48 秒" beside it (whole seconds: the
        words change once a second, not at every poll)."""
        total = self._duration()
        self.seek_bar.set_fraction(position / total if total > 0 else 0.0)
        texts = in_every_language(lambda language: progress_words(position, total, language))
        if texts != self.time_label.texts:
            self.time_label.set_texts(texts)
            self.seek_bar.setAccessibleName(_(PROGRESS_NAME).format(words=texts[
                current_language()]))

    def seek_to_fraction(self, fraction: float) -> None:
        """A tap on the seek bar: go there, and keep playing or stay paused as before."""
        total = self._duration()
        if total > 0 and self.pages.currentWidget() is self.player_page:
            self.seek(fraction * total)

    def _video_path(self) -> Any:
        return self.course.root / self.lesson.video.path

    # ------------------------------------------------------------------ controls

    def toggle_play(self) -> None:
        if self.player is None or self.pages.currentWidget() is not self.player_page:
            return
        self._resume_after_reading = False  # the learner decides now, not the voice
        if self.player.state() in (PlayerState.PLAYING, PlayerState.OPENING):
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        self._resume_after_reading = False
        if self.player is not None and self.player.state() == PlayerState.PAUSED:
            self._show_left(0)
            self.player.play()
            self._set_playing_look(True)

    def pause(self) -> None:
        self._resume_after_reading = False
        if self.player is not None:
            self.player.pause()
            self._set_playing_look(False)
            if self.tracking is not None:
                self.tracking.cut()
            setattr(self, "keeps_awake", False)  # noqa: B010

    def seek(self, seconds: float) -> None:
        if self.player is None:
            return
        if self.tracking is not None:
            self.tracking.cut()
        self.player.seek(max(0.0, seconds))
        self.last_position = max(0.0, seconds)
        self._show_cue(self.last_position)
        self._update_step(self.last_position)
        self._show_time(self.last_position)

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
        """Louder / quieter in steps of one bar; the level is shown and said at once."""
        self.volume = max(0, min(100, self.volume + delta))
        if self.player is not None:
            self.player.set_volume(self.volume)
        self.volume_level.set_percent(self.volume)
        self.under_picture.setCurrentWidget(self.volume_level)
        self.volume_shown.start()
        self.ctx.say([self.volume_level.words()])

    def _hide_volume(self) -> None:
        self.under_picture.setCurrentWidget(self.subtitles)

    def toggle_subtitles(self) -> None:
        self.subtitles_button.retranslate()
        self.subtitles_button.set_icon("subtitles")
        self._show_cue(self.last_position)

    def show_steps(self) -> None:
        """The steps list, opened at the page of the step playing now (marked 正在看),
        with as many steps a page as fit the screen."""
        self.pause()
        self._resume_after_reading = False
        self._show_left(1)
        self.steps_list.anchor = max(self._current_step, 0)
        self.steps_list.fit(self.fits)
        current = [row for row in self.steps_list.shown
                   if isinstance(row, StepRow) and row.current]
        self._focus(current[0] if current else self.to_video_button)

    def hide_steps(self) -> None:
        self._show_left(0)
        self._focus(self.play_button)

    def _show_left(self, index: int) -> None:
        self.left_pages.setCurrentIndex(index)
        self._show_paused_sign()

    def apply_theme(self, theme: Theme) -> None:
        for box in self.choice_boxes:
            box.setFixedWidth(theme.metrics.px(1100))
        # A child of the window, not of this screen (see PausedBadge): themed from here.
        self.paused_badge.apply_theme(theme)

    def refit(self) -> None:
        """Text size changed: as many steps a page as fit now."""
        if self.left_pages.currentIndex() == 1:
            self.steps_list.fit(self.fits)

    def jump_to_step(self, at_s: float) -> None:
        self.hide_steps()
        self.seek(at_s)
        self.play()

    def _set_playing_look(self, playing: bool) -> None:
        msgid, icon = (PAUSE, "pause") if playing else (PLAY, "play")
        if self.play_button.msgid != msgid:
            self.play_button.set_message(msgid)
            self.play_button.set_icon(icon)
            self._show_paused_sign()

    def is_paused(self) -> bool:
        return self.player is not None and self.player.state() == PlayerState.PAUSED

    def _show_paused_sign(self) -> None:
        """The big play sign over the picture while a lesson on screen is paused."""
        wanted = (self.play_button.msgid == PLAY and self.lesson is not None
                  and self.isVisible()
                  and self.pages.currentWidget() is self.player_page
                  and self.left_pages.currentIndex() == 0)
        if wanted and not self.paused_badge.isVisible():
            self.paused_badge.show_over()
        elif not wanted and self.paused_badge.isVisible():
            self.paused_badge.hide()

    # ------------------------------------------------------------------ leaving

    def _stop_playback(self) -> None:
        self.timer.stop()
        self._end_tracking()
        if self.player is not None:
            if self.lesson is not None and self.player.state() in (PlayerState.PLAYING,
                                                                   PlayerState.PAUSED):
                self.last_position = self.player.position()
                self.ctx.positions.remember(self.ctx.session.learner_id, self.course_id,
                                            self.lesson.id, self.last_position, final=True)
            self.player.close()
        setattr(self, "keeps_awake", False)  # noqa: B010

    def _end_tracking(self) -> None:
        if self.tracking is not None:
            self.tracking.close()
            self.tracking = None

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Another screen took over (or the idle question): stop and free the video."""
        if self.player is not None and self.timer.isActive():
            self._stop_playback()
            self._resume_on_show = True
        _app().removeEventFilter(self.picture_taps)
        self.paused_badge.hide()  # a child of the window (see PausedBadge), not of this screen
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        _app().installEventFilter(self.picture_taps)
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
        # The next person starts at the usual volume, not at the last one's.
        self.volume = DEFAULT_VOLUME
        self.volume_level.set_percent(self.volume)
        self._hide_volume()
        self._current_step = -1
        self._show_paused_sign()

    def _show_page(self, page: QWidget, focus: QWidget, speak: bool = False) -> None:
        self.pages.setCurrentWidget(page)
        self._show_step_line()
        self._show_paused_sign()
        self._focus(focus)
        if speak:
            self.ctx.say(self.speech_parts())

    def _focus(self, widget: QWidget) -> None:
        if self.isVisible():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the lesson screen needs a QApplication"
    return app
