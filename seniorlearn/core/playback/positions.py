"""Where each person left each lesson, so coming back offers "continue where you left off".

Keyed by (learner id, course id, lesson id); a learner id of None is whoever is at the kiosk
without signing in. At sign-out (and the idle reset signs out) every place in memory is
forgotten, so the next person is never offered someone else's place; a signed-in learner's
places are kept in the database and come back when they sign in again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

# Not worth asking about the first few seconds, or a place right before the end.
MIN_RESUME_S = 10.0
END_MARGIN_S = 10.0
# A signed-in learner's place is written to the store when it has moved this far.
SAVE_EVERY_S = 5.0


def should_offer_resume(position_s: float | None, duration_s: float) -> bool:
    if position_s is None or position_s < MIN_RESUME_S:
        return False
    return duration_s <= 0 or position_s < duration_s - END_MARGIN_S


@runtime_checkable
class PlaceStore(Protocol):
    """Where a signed-in learner's places are kept between visits (the database)."""

    def save(self, learner: str, course_id: str, lesson_id: str, position_s: float) -> None: ...

    def forget(self, learner: str, course_id: str, lesson_id: str) -> None: ...


@dataclass
class ResumePositions:
    """Places in memory for whoever is at the kiosk; a signed-in learner's are also kept in
    ``store``, written when the place has moved ``SAVE_EVERY_S`` (not five times a second)
    and whenever the lesson is left."""

    store: PlaceStore | None = None
    _places: dict[tuple[str | None, str, str], float] = field(default_factory=dict)
    _saved: dict[tuple[str, str, str], float] = field(default_factory=dict)

    def remember(self, learner_id: str | None, course_id: str, lesson_id: str,
                 position_s: float, final: bool = False) -> None:
        key = (learner_id, course_id, lesson_id)
        self._places.pop(key, None)  # the latest goes last
        self._places[key] = position_s
        if learner_id is None or self.store is None:
            return
        durable = (learner_id, course_id, lesson_id)
        saved = self._saved.get(durable)
        if final or saved is None or abs(position_s - saved) >= SAVE_EVERY_S:
            self._saved[durable] = position_s
            self.store.save(learner_id, course_id, lesson_id, position_s)

    def forget(self, learner_id: str | None, course_id: str, lesson_id: str) -> None:
        self._places.pop((learner_id, course_id, lesson_id), None)
        if learner_id is not None and self.store is not None:
            self._saved.pop((learner_id, course_id, lesson_id), None)
            self.store.forget(learner_id, course_id, lesson_id)

    def get(self, learner_id: str | None, course_id: str, lesson_id: str) -> float | None:
        return self._places.get((learner_id, course_id, lesson_id))

    def started(self, learner_id: str | None) -> list[tuple[str, str, float]]:
        """(course id, lesson id, place) of each lesson this person left unfinished, latest
        first."""
        return [(course, lesson, place) for (who, course, lesson), place
                in reversed(self._places.items()) if who == learner_id]

    def load(self, learner_id: str, places: list[tuple[str, str, float]]) -> None:
        """A learner signed in: their kept places (least recent first) come back, under any
        place already made since they signed in."""
        made_since = {key: value for key, value in self._places.items() if key[0] == learner_id}
        for course, lesson, place in places:
            self._places[(learner_id, course, lesson)] = place
            self._saved[(learner_id, course, lesson)] = place
        for key, value in made_since.items():
            self._places.pop(key, None)
            self._places[key] = value

    def forget_anonymous(self) -> None:
        """At sign-out: nothing of this person stays in memory (a learner's places are kept
        in the store), so the next person is never offered someone else's place."""
        self._places.clear()
        self._saved.clear()
