"""Resume positions: who is offered what, and anonymous places forgotten at sign-out."""

from seniorlearn.core.playback import ResumePositions, should_offer_resume
from seniorlearn.core.session import KioskSession


def test_offer_rules() -> None:
    assert not should_offer_resume(None, 100)
    assert not should_offer_resume(5, 100)       # barely started
    assert should_offer_resume(30, 100)
    assert not should_offer_resume(95, 100)      # as good as finished
    assert should_offer_resume(30, 0)            # unknown length


def test_places_are_per_person_and_lesson() -> None:
    places = ResumePositions()
    places.remember(None, "c", "a", 30)
    places.remember(7, "c", "a", 40)
    places.remember(7, "c", "b", 50)
    assert [places.get(who, "c", "a") for who in (None, 7, 8)] == [30, 40, None]
    assert places.get(7, "other-course", "a") is None  # lesson ids are per course
    places.forget(7, "c", "b")
    assert places.get(7, "c", "b") is None


def test_anonymous_places_are_forgotten_at_sign_out() -> None:
    from seniorlearn.core.config import Config
    from seniorlearn.core.paths import Paths
    from seniorlearn.core.security import PinStore
    from seniorlearn.core.speech import SilentSpeaker

    session = KioskSession()
    places = ResumePositions()
    session.on_sign_out(places.forget_anonymous)
    places.remember(None, "c", "a", 30)
    places.remember(7, "c", "a", 40)
    session.sign_out()
    # Nothing stays in memory for the next person; a learner's places are in the database.
    assert places.get(None, "c", "a") is None and places.get(7, "c", "a") is None
    # The kiosk's context wires the same thing up by itself.
    from seniorlearn.ui.screens.base import UiContext

    paths = Paths.from_env()
    ctx = UiContext(config=Config(paths.config_file), speaker=SilentSpeaker(),
                    session=KioskSession(), pins=PinStore(paths.pin_file), clock=lambda: 0.0,
                    run_task=lambda work, done: done(work()))
    ctx.positions.remember(None, "c", "a", 30)
    ctx.session.sign_out()
    assert ctx.positions.get(None, "c", "a") is None
