"""The lesson screen's widgets: the video with its subtitles and step, the steps list, the
fixed grid of big controls, and the resume, end and error pages. ``LessonScreen`` (in
``ui/screens/lesson.py``) adds what they do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from seniorlearn.core.i18n import N_
from seniorlearn.ui.player.overlay import PausedBadge, SeekBar, VolumeLevel
from seniorlearn.ui.player.widgets import PlayerButton, SubtitleBox
from seniorlearn.ui.widgets.common import TrLabel
from seniorlearn.ui.widgets.paged import PagedList

CANNOT_PLAY = N_("This lesson cannot be played right now. Please tell a volunteer.")
FINISHED = N_("This lesson is finished")
PLAY, PAUSE = N_("Play"), N_("Pause")
VOLUME_STEP = 10


class LessonLayout:
    """Builds the pages into ``self.pages``; the slots are the screen's."""

    pages: QStackedWidget
    choice_boxes: list[QWidget]
    ctx: Any
    toggle_play: Callable[[], None]
    back_10: Callable[[], None]
    toggle_slower: Callable[[], None]
    repeat_step: Callable[[], None]
    change_volume: Callable[[int], None]
    toggle_subtitles: Callable[[], None]
    show_steps: Callable[[], None]
    hide_steps: Callable[[], None]
    continue_lesson: Callable[[], None]
    start_over: Callable[[], None]
    next_lesson: Callable[[], None]
    back_to_course: Callable[[], None]
    seek_to_fraction: Callable[[float], None]
    put_beside_title: Callable[..., None]

    def _build_player_page(self) -> None:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        # The video with its subtitles and step, or the steps list in their place.
        self.left_pages = QStackedWidget()
        watch = QWidget()
        left = QVBoxLayout(watch)
        left.setContentsMargins(0, 0, 0, 0)
        self.video_frame = QWidget()
        self.video_frame.setObjectName("VideoFrame")
        self.video_frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.video_layout = QVBoxLayout(self.video_frame)
        self.video_layout.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.video_frame, 1)
        self.paused_badge = PausedBadge(self.video_frame, host=self.ctx.window)
        left.addLayout(self._build_progress())
        # The volume level shows for a few seconds where the subtitles are: big, right
        # under the picture, and costing no room of its own on a small screen.
        self.under_picture = QStackedWidget()
        self.subtitles = SubtitleBox()
        self.volume_level = VolumeLevel()
        self.under_picture.addWidget(self.subtitles)
        self.under_picture.addWidget(self.volume_level)
        left.addWidget(self.under_picture)
        # The step showing sits beside the lesson title: the row under the picture is
        # the seek bar's, and a 1280x800 screen has no room for one more.
        self.step_label = TrLabel("", role="value")
        self.step_label.setWordWrap(True)
        self.step_label.setObjectName("CurrentStep")
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.put_beside_title(self.step_label)
        self.left_pages.addWidget(watch)
        self.left_pages.addWidget(self._build_steps_page())
        row.addWidget(self.left_pages, 1)
        row.addLayout(self._build_controls())
        self.pages.addWidget(page)
        self.player_page = page

    def _build_progress(self) -> QHBoxLayout:
        """The seek bar with the time in words beside it, under the picture."""
        self.seek_bar = SeekBar()
        self.seek_bar.seek_requested.connect(self.seek_to_fraction)
        self.time_label = TrLabel("", role="value")
        self.time_label.setObjectName("LessonTime")
        row = QHBoxLayout()
        row.addWidget(self.seek_bar, 1)
        row.addWidget(self.time_label)
        return row

    def _build_controls(self) -> QVBoxLayout:
        self.play_button = PlayerButton(PAUSE, icon="pause", kind="primary")
        self.back_button = PlayerButton(N_("Back 10 s"), icon="rewind")
        self.slower_button = PlayerButton(N_("Slower"), icon="slow")
        self.slower_button.setCheckable(True)
        self.repeat_button = PlayerButton(N_("Repeat step"), icon="repeat")
        self.quieter_button = PlayerButton(N_("Quieter"), icon="volume_down")
        self.louder_button = PlayerButton(N_("Louder"), icon="volume_up")
        self.subtitles_button = PlayerButton(N_("Subtitles"), icon="subtitles")
        self.subtitles_button.setCheckable(True)
        self.subtitles_button.setChecked(True)
        self.subtitles_button.retranslate()
        self.steps_button = PlayerButton(N_("Steps"), icon="steps")
        grid = QGridLayout()
        buttons = [
            ("PlayPause", self.play_button, self.toggle_play),
            ("Back10", self.back_button, self.back_10),
            ("Slower", self.slower_button, self.toggle_slower),
            ("RepeatStep", self.repeat_button, self.repeat_step),
            ("Quieter", self.quieter_button, lambda: self.change_volume(-VOLUME_STEP)),
            ("Louder", self.louder_button, lambda: self.change_volume(VOLUME_STEP)),
            ("SubtitlesToggle", self.subtitles_button, self.toggle_subtitles),
            ("Steps", self.steps_button, self.show_steps),
        ]
        self.controls = [button for _name, button, _slot in buttons]
        for i, (name, button, slot) in enumerate(buttons):
            button.setObjectName(name)
            button.clicked.connect(slot)
            grid.addWidget(button, i // 2, i % 2)
        column = QVBoxLayout()
        column.addLayout(grid)
        column.addStretch(1)
        return column

    def _build_steps_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        # At most eight a page; fewer where they do not fit (see show_steps).
        self.steps_list = PagedList(per_page=8)
        column.addWidget(self.steps_list, 1)
        self.to_video_button = PlayerButton(N_("Back to the video"), icon="back")
        self.to_video_button.setObjectName("BackToVideo")
        self.to_video_button.clicked.connect(self.hide_steps)
        column.addWidget(self.to_video_button)
        return page

    def _choice_page(self, heading: TrLabel, choices: list[tuple[str, str, str, Any]]
                     ) -> tuple[QWidget, list[PlayerButton]]:
        page = QWidget()
        outer = QHBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        box = QWidget()
        box.setObjectName("ChoiceBox")
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        self.choice_boxes.append(box)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addStretch(1)
        # Centred by its own text alignment: a layout alignment would stop a wrapped
        # question from getting the height its lines need (it was cut off at 1920x1080).
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(heading)
        made: list[PlayerButton] = []
        for name, msgid, icon, slot in choices:
            button = PlayerButton(msgid, icon=icon, kind="primary" if not made else "secondary")
            button.setObjectName(name)
            button.clicked.connect(slot)
            column.addWidget(button)
            made.append(button)
        column.addStretch(2)
        self.pages.addWidget(page)
        return page, made

    def _build_resume_page(self) -> None:
        self.resume_label = TrLabel("", role="heading")
        self.resume_label.setWordWrap(True)
        self.resume_page, (self.continue_button, self.restart_button) = self._choice_page(
            self.resume_label,
            [("Continue", N_("Continue where you left off"), "play", self.continue_lesson),
             ("StartOver", N_("Start from the beginning"), "repeat", self.start_over)])

    def _build_end_page(self) -> None:
        self.end_label = TrLabel(FINISHED, role="heading")
        self.end_page, buttons = self._choice_page(
            self.end_label,
            [("NextLesson", N_("Next lesson"), "next", self.next_lesson),
             ("WatchAgain", N_("Watch again"), "repeat", self.start_over),
             ("EndHome", N_("Home"), "home", self.ctx.go_home),
             ("EndSignOut", N_("Sign out"), "exit", self._sign_out)])
        (self.next_button, self.again_button, self.end_home_button,
         self.end_sign_out_button) = buttons
        self.end_sign_out_button.hide()  # only ever in place of 回首页: see _lead_end_page

    def _lead_end_page(self, has_next: bool) -> None:
        """下一课 first (most prominent, first read, first in focus) when there is a next
        lesson; otherwise 再看一遍 leads and 回到课程列表 comes second."""
        first, second = ((self.next_button, self.again_button) if has_next
                         else (self.again_button, self.next_button))
        box = self.next_button.parentWidget()
        column = box.layout() if box is not None else None
        assert isinstance(column, QVBoxLayout)
        for button in (second, first):  # inserted under the heading: first ends on top
            column.removeWidget(button)
            column.insertWidget(column.indexOf(self.end_label) + 1, button)
        for button, kind in ((first, "primary"), (second, "secondary")):
            if button.property("kind") != kind:
                button.setProperty("kind", kind)
                button.style().unpolish(button)
                button.style().polish(button)
                button.set_icon(str(button.icon_name))
        QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(second, self.end_home_button)
        QWidget.setTabOrder(self.end_home_button, self.end_sign_out_button)
        # A signed-in learner is offered 退出 in place of 回首页 (which stays in the top bar):
        # a fourth button would not fit a 1280x800 screen in 特大. A guest has no card.
        signed_in = self.ctx.session.learner is not None
        self.end_sign_out_button.setVisible(signed_in)
        self.end_home_button.setVisible(not signed_in)

    def _sign_out(self) -> None:
        from seniorlearn.ui.screens.signin import sign_out

        sign_out(self.ctx)

    def _build_error_page(self) -> None:
        self.error_label = TrLabel(CANNOT_PLAY, role="heading")
        self.error_label.setWordWrap(True)
        self.error_page, (self.error_back_button,) = self._choice_page(
            self.error_label,
            [("BackToList", N_("Back to the lesson list"), "back", self.back_to_course)])
