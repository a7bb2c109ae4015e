"""Who is at the kiosk right now: a signed-in learner, a guest, or a volunteer.

The idle reset and 退出 sign out through here, so nothing of a learner's stays on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from seniorlearn.core.models import Learner


@dataclass
class KioskSession:
    learner: Learner | None = None
    volunteer: bool = False
    _listeners: list[Callable[[], None]] = field(default_factory=list)
    _sign_in_listeners: list[Callable[[Learner], None]] = field(default_factory=list)

    @property
    def learner_id(self) -> str | None:
        """The signed-in learner's number (what records are kept under); None for a guest."""
        return self.learner.number if self.learner else None

    def sign_in(self, learner: Learner) -> None:
        """A card was shown or a number typed: the previous person's screens are cleared."""
        if self.learner is not None and self.learner.number != learner.number:
            self.sign_out()
        already = self.learner is not None
        self.learner = learner
        if not already:
            for listener in list(self._sign_in_listeners):
                listener(learner)

    def sign_out(self) -> None:
        """Forget the learner and leave volunteer mode; listeners clear their screens."""
        self.learner = None
        self.volunteer = False
        for listener in list(self._listeners):
            listener()

    def on_sign_out(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def on_sign_in(self, listener: Callable[[Learner], None]) -> None:
        self._sign_in_listeners.append(listener)
