"""The idle warning: asked aloud and on screen, with a countdown and one big answer."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from seniorlearn.core.i18n import N_
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.widgets.common import BigButton, TrLabel

COUNTDOWN = N_("The kiosk will go back to the home screen in {seconds} seconds.")


@register
class IdleScreen(Screen):
    name = "idle"
    title_msgid = N_("Are you still there?")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = TrLabel(N_("If you are still learning, tap “I'm still here”."), role="body")
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.column.addWidget(self.explain)
        self.countdown = TrLabel(COUNTDOWN, role="display", seconds=0)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setWordWrap(True)
        self.column.addWidget(self.countdown)
        self.column.addStretch(1)
        self.still_here = BigButton(N_("I'm still here"), icon="hand", kind="hero")
        self.still_here.setObjectName("StillHere")
        self.still_here.clicked.connect(self._still_here)
        self.column.addWidget(self.still_here)
        self.column.addStretch(1)
        self.remaining = 0
        self.return_to = "home"
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)

    def enter(self, **kwargs: object) -> None:
        self.return_to = str(kwargs.get("return_to", "home"))
        self.remaining = int(self.ctx.config.get("idle_warning_seconds"))
        self._show()
        self.ticker.start()
        self.ctx.say(self.speech_parts())

    def reset(self) -> None:
        self.ticker.stop()

    def _show(self) -> None:
        self.countdown.set_message(COUNTDOWN, seconds=self.remaining)

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.ticker.stop()
            assert self.ctx.window is not None
            self.ctx.window.reset_for_next_person()
        else:
            self._show()

    def _still_here(self) -> None:
        self.ticker.stop()
        assert self.ctx.window is not None
        self.ctx.window.resume(self.return_to)
