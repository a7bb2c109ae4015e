"""The Settings row a volunteer setting up a machine looks for: "Sound  [Test the sound]".
The test reads a sentence through the kiosk's own voice and says in words what it found."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from seniorlearn.core.audio import TEST_SENTENCE, SoundTest, run_sound_test
from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.ui.widgets.common import BigButton, TrLabel

if TYPE_CHECKING:
    from seniorlearn.ui.screens.volunteer import SettingsScreen

TEST = N_("Test the sound")
LISTEN = N_("Listen…")
BROKEN = N_("The sound test itself failed ({error}). Run seniorlearn doctor for the details.")


class SoundTestRow:
    """Runs the test off the UI thread; the result goes to ``show(compose)`` as a sentence."""

    def __init__(self, screen: SettingsScreen, grid: QGridLayout, row: int,
                 show: Callable[[Callable[[], str]], None]) -> None:
        self.screen, self.show = screen, show
        grid.addWidget(TrLabel(N_("Sound"), role="body"), row, 0)
        self.button = BigButton(TEST, icon="speaker", kind="primary")
        self.button.setObjectName("TestSoundButton")
        self.button.clicked.connect(self.run)
        line = QHBoxLayout()
        line.addWidget(self.button)
        line.addStretch(1)
        grid.addLayout(line, row, 1)
        self.result: SoundTest | None = None

    def run(self) -> None:
        ctx = self.screen.ctx
        self.button.setEnabled(False)
        self.button.set_message(LISTEN)
        speaker, sound = ctx.speaker, ctx.sound
        text, language = _(TEST_SENTENCE), current_language()
        ctx.run_task(lambda: run_sound_test(speaker, sound, text, language), self.done)

    def done(self, result: object) -> None:
        self.button.setEnabled(True)
        self.button.set_message(TEST)
        if not isinstance(result, SoundTest):
            self.show(lambda: _(BROKEN).format(error=result))
            return
        self.result = result
        window = self.screen.ctx.window
        if result.report is not None and window is not None:
            window.set_sound(result.report)  # the learners' notice follows what was found
        self.show(result.sentence)
