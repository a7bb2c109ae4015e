"""Where each person left each lesson, so coming back offers "continue where you left off".

Keyed by (learner id, lesson id); a learner id of None is whoever is at the kiosk without
signing in. Those anonymous places are forgotten at sign-out (and the idle reset signs out),
so the next person is never offered someone else's place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Not worth asking about the first few seconds, or a place right before the end.
MIN_RESUME_S = 10.0
END_MARGIN_S = 10.0


def should_offer_resume(position_s: float | None, duration_s: float) -> bool:
    if position_s is None or position_s < MIN_RESUME_S:
        return False
    return duration_s <= 0 or position_s < duration_s - END_MARGIN_S


@dataclass
class ResumePositions:
    _places: dict[tuple[str | None, str], float] = field(default_factory=dict)

    def remember(self, learner_id: str | None, lesson_id: str, position_s: float) -> None:
        self._places.pop((learner_id, lesson_id), None)  # the latest goes last
        self._places[(learner_id, lesson_id)] = position_s

    def forget(self, learner_id: str | None, lesson_id: str) -> None:
        self._places.pop((learner_id, lesson_id), None)

    def get(self, learner_id: str | None, lesson_id: str) -> float | None:
        return self._places.get((learner_id, lesson_id))

    def started(self, learner_id: str | None) -> list[tuple[str, float]]:
        """(lesson id, place) of each lesson this person left unfinished, latest first."""
        return [(lesson_id, place) for (who, lesson_id), place in reversed(self._places.items())
                if who == learner_id]

    def forget_anonymous(self) -> None:
        for key in [key for key in self._places if key[0] is None]:
            del self._places[key]
