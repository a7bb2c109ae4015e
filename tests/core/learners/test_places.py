"""A signed-in learner's places in lessons survive a restart: written through the one writer,
not five times a second, read back in order, forgotten when the lesson is finished."""

from __future__ import annotations

from pathlib import Path

from seniorlearn.core.models import Learner
from seniorlearn.core.playback import ResumePositions
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.services.places import PlacesService
from seniorlearn.core.session import KioskSession
from seniorlearn.core.storage.writer import DatabaseWriter


def kiosk_db(tmp_path: Path) -> DatabaseWriter:
    writer = DatabaseWriter(tmp_path / "k.db")
    for number in ("1", "2"):
        LearnerService(writer).add(Learner(number, f"学员{number}"))
    return writer


def flushed(writer: DatabaseWriter) -> None:
    writer.submit(lambda db: None).result(10)


def test_places_come_back_after_a_restart_per_learner_and_course(tmp_path: Path) -> None:
    writer = kiosk_db(tmp_path)
    ticks = iter(range(100))
    places = ResumePositions(store=PlacesService(writer, clock=lambda: float(next(ticks))))
    places.remember("1", "pay", "lesson1", 30.0, final=True)
    places.remember("1", "ride", "lesson1", 40.0, final=True)  # same lesson id, other course
    places.remember("2", "pay", "lesson1", 50.0, final=True)
    places.remember(None, "pay", "lesson1", 60.0, final=True)  # a guest: memory only
    flushed(writer)
    writer.close()

    again = PlacesService(DatabaseWriter(tmp_path / "k.db"))
    assert again.of_learner("1") == [("pay", "lesson1", 30.0), ("ride", "lesson1", 40.0)]
    assert again.of_learner("2") == [("pay", "lesson1", 50.0)]
    fresh = ResumePositions(store=again)
    fresh.load("1", again.of_learner("1"))
    assert fresh.started("1") == [("ride", "lesson1", 40.0), ("pay", "lesson1", 30.0)]
    assert fresh.get("2", "pay", "lesson1") is None  # only who signed in


def test_a_playing_lesson_writes_its_place_every_five_seconds_not_every_tick(
        tmp_path: Path) -> None:
    writer = kiosk_db(tmp_path)
    saves: list[float] = []
    service = PlacesService(writer)

    class Counting:
        def save(self, learner, course_id, lesson_id, position_s):
            saves.append(position_s)
            service.save(learner, course_id, lesson_id, position_s)

        def forget(self, learner, course_id, lesson_id):
            service.forget(learner, course_id, lesson_id)

    places = ResumePositions(store=Counting())
    for tick in range(101):  # 20 s at 5 Hz
        places.remember("1", "pay", "lesson1", tick / 5)
    places.remember("1", "pay", "lesson1", 20.1, final=True)  # leaving the lesson
    assert saves == [0.0, 5.0, 10.0, 15.0, 20.0, 20.1]
    flushed(writer)
    assert service.of_learner("1") == [("pay", "lesson1", 20.1)]
    places.forget("1", "pay", "lesson1")  # finished: nothing to offer next time
    flushed(writer)
    assert service.of_learner("1") == []


def test_sign_out_clears_memory_and_a_place_made_before_loading_wins(tmp_path: Path) -> None:
    writer = kiosk_db(tmp_path)
    service = PlacesService(writer)
    session, places = KioskSession(), ResumePositions(store=service)
    session.on_sign_out(places.forget_anonymous)
    places.remember("1", "pay", "lesson1", 30.0, final=True)
    places.remember("1", "pay", "lesson2", 45.0, final=True)
    flushed(writer)
    session.sign_in(Learner("1", "学员1"))
    session.sign_out()
    assert places.started("1") == []
    places.remember("1", "pay", "lesson2", 80.0)  # before the kept places arrived
    places.load("1", service.of_learner("1"))
    assert places.get("1", "pay", "lesson1") == 30.0
    assert places.get("1", "pay", "lesson2") == 80.0


def test_a_closed_writer_loses_the_place_quietly(tmp_path: Path) -> None:
    writer = kiosk_db(tmp_path)
    places = ResumePositions(store=PlacesService(writer))
    writer.close()
    places.remember("1", "pay", "lesson1", 30.0, final=True)  # no exception
    assert places.get("1", "pay", "lesson1") == 30.0
