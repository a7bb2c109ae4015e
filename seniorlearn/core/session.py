"""Who is at the kiosk right now. Learners and card sign-in arrive with the ledger issue;
the idle reset already signs out through here so nothing of theirs stays on screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class KioskSession:
    learner_id: int | None = None
    volunteer: bool = False
    _listeners: list[Callable[[], None]] = field(default_factory=list)

    def sign_out(self) -> None:
        """Forget the learner and leave volunteer mode; listeners clear their screens."""
        self.learner_id = None
        self.volunteer = False
        for listener in list(self._listeners):
            listener()

    def on_sign_out(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)
