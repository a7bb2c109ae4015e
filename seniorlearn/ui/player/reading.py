"""朗读 on the lesson screen: what it reads, and the pause it makes. The video pauses
while the voice reads and plays on when the reading ends, or at once when the voice cannot
be heard (no sound card: the reading ends straight away)."""

from __future__ import annotations

from typing import Any, cast

from seniorlearn.core.playback import PlayerState
from seniorlearn.core.speech import STOPPED
from seniorlearn.ui.player.widgets import StepRow
from seniorlearn.ui.screens.base import Screen


class LessonReading:
    """Mixed into ``LessonScreen`` before ``Screen`` (``speech_parts`` falls back to it)."""

    pages: Any
    player_page: Any
    player: Any
    pause: Any
    play: Any
    isVisible: Any  # noqa: N815 (Qt's name)
    title_label: Any
    step_label: Any
    left_pages: Any
    steps_list: Any
    to_video_button: Any
    paused_badge: Any
    time_label: Any
    controls: Any
    volume_level: Any
    _resume_after_reading: bool

    def reading_will_start(self) -> None:
        """朗读 on a playing lesson: pause it, so the voice and the narration do not talk
        over each other, and play on when the reading ends."""
        if (self.pages.currentWidget() is self.player_page and self.player is not None
                and self.player.state() in (PlayerState.PLAYING, PlayerState.OPENING)):
            self.pause()
            self._resume_after_reading = True

    def reading_did_end(self, outcome: str) -> None:
        # A reading replaced by a newer one is not the end: the newer one's end resumes.
        # A voice that cannot be heard ends at once, and the lesson plays on at once.
        if outcome == STOPPED or not self._resume_after_reading:
            return
        if self.isVisible() and self.pages.currentWidget() is self.player_page:
            self.play()
        self._resume_after_reading = False

    def speech_parts(self) -> list[str]:
        """The lesson title, the current step, then the buttons (not the subtitles: they
        are the narration itself)."""
        if self.pages.currentWidget() is not self.player_page:
            return Screen.speech_parts(cast(Screen, self))
        parts = [self.title_label.plain_text()]
        if self.step_label.isVisibleTo(self):
            parts.append(self.step_label.plain_text())
        if self.left_pages.currentIndex() == 1:
            parts += [text for row in self.steps_list.shown if isinstance(row, StepRow)
                      for text in row.speech_parts()]
            parts.append(self.to_video_button.plain_text())
        elif self.paused_badge.isVisible() and not self._resume_after_reading:
            parts.append(self.paused_badge.words())
        if self.left_pages.currentIndex() == 0:
            parts.append(self.time_label.plain_text())
        if self.volume_level.isVisibleTo(self):
            parts.append(self.volume_level.words())
        return parts + [button.plain_text() for button in self.controls]
