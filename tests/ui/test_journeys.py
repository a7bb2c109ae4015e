"""Journeys through the real kiosk window with real input events, interrupted the way a study
point interrupts them: the idle question and 我还在, the idle reset, a language or text-size
switch, a tap before the courses are ready, a double tap. Each test says where the person
must be afterwards and in what state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.paths import Paths
from seniorlearn.core.playback import PlayerState
from seniorlearn.ui.screens import load_all
from seniorlearn.ui.screens.base import SCREENS
from seniorlearn.ui.widgets.paged import PagedList
from tests.conftest import copy_installed
from tests.core.courses.packs import make_pack
from tests.core.playback.packs import Library, make_course, make_lesson, make_video


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def child(window, name: str) -> QWidget:
    found = window.current.findChild(QWidget, name)
    assert found is not None, f"{name} is not on the {window.current.name} screen"
    return found


class Finger:
    """Press and release events with the time stamps a real double tap has (QTest spaces
    every click a double-click interval apart, so it can never make one)."""

    def __init__(self) -> None:
        self.now = 50_000_000

    def tap(self, widget: QWidget, after_ms: int = 600) -> None:
        centre = QPointF(widget.rect().center())
        for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            self.now += after_ms if kind == QEvent.Type.MouseButtonPress else 60
            event = QMouseEvent(kind, centre, widget.mapToGlobal(centre),
                                Qt.MouseButton.LeftButton,
                                Qt.MouseButton.LeftButton if kind.name.endswith("Press")
                                else Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
            event.setTimestamp(self.now)
            QApplication.sendEvent(widget, event)


@pytest.fixture(scope="module")
def video_bytes(tmp_path_factory) -> bytes:
    path = make_video(tmp_path_factory.mktemp("video") / "v.mp4", 1.0)
    return path.read_bytes()


@pytest.fixture(scope="module")
def long_video(tmp_path_factory) -> Path:
    return make_video(tmp_path_factory.mktemp("long") / "long.mp4", 24)


@pytest.fixture(scope="module")
def installed(tmp_path_factory, video_bytes) -> Path:
    """A data home with one six-lesson course installed (its lesson list has two pages)."""
    work = tmp_path_factory.mktemp("journeys")
    make_pack(work / "pack", video_bytes, course_id="phone-pay", lessons=6)
    CourseLibrary(Paths(work / "home")).import_pack(work / "pack")
    return work / "home"


@pytest.fixture
def library(data_home, installed) -> CourseLibrary:
    """A real library of that course, a copy for this test (see copy_installed)."""
    copy_installed(installed, data_home)
    return CourseLibrary(Paths.from_env())


@pytest.fixture
def kiosk(make_kiosk, library):
    window = make_kiosk()
    window.library_did_open(library)
    return window


@pytest.fixture
def lesson_kiosk(make_kiosk, tmp_path, long_video):
    root = tmp_path / "lesson-pack"
    (root / "videos").mkdir(parents=True)
    shutil.copy(long_video, root / "videos" / "lesson1.mp4")
    lessons = [make_lesson(root, "lesson1", root / "videos" / "lesson1.mp4", 24)]
    window = make_kiosk(player_backend="vlc")
    window.library_did_open(Library([make_course(root, lessons)]))
    return window


def paged(window) -> PagedList | None:
    lists = [w for w in window.current.findChildren(PagedList) if w.isVisibleTo(window)]
    return lists[0] if lists else None


def state(window) -> tuple:
    """What a person sees: the screen, its title, and the page of its list."""
    pages = paged(window)
    return (window.current.name, window.current.title_label.plain_text(),
            None if pages is None else (pages.page, pages.pages))


def rows_shown(window) -> list[str]:
    pages = paged(window)
    return [] if pages is None else [row.objectName() for row in pages.shown]


def assert_kept(window, before: tuple, first_row: str) -> None:
    """The same screen, and the row that was first on it still on it (a text-size switch
    may page the list differently: taller rows, fewer a page)."""
    assert state(window)[0] == before[0]
    assert not first_row or first_row in rows_shown(window), (first_row, rows_shown(window))


def ask_and_answer(window, qtbot) -> None:
    window.on_idle()
    assert window.current.name == "idle"
    tap(qtbot, child(window, "StillHere"))


def open_course_page_two(window, qtbot) -> None:
    tap(qtbot, window.current.tiles["topic_pay"])
    tap(qtbot, child(window, "course_phone-pay"))
    tap(qtbot, paged(window).next)
    assert paged(window).page == 1


def open_paused_lesson(window, qtbot) -> float:
    window.go("lesson", course_id="pay-basics", lesson_id="lesson1")
    screen = window.current
    qtbot.waitUntil(lambda: screen.player is not None
                    and screen.player.state() == PlayerState.PLAYING
                    and screen.player.position() > 1.0, timeout=8000)
    tap(qtbot, screen.play_button)
    qtbot.waitUntil(lambda: screen.player.state() == PlayerState.PAUSED, timeout=3000)
    return screen.player.position()


# ---------------------------------------------------------------- 我还在 keeps the screen


def test_still_here_brings_a_paused_lesson_back_paused_at_the_same_second(
        lesson_kiosk, qtbot) -> None:
    window = lesson_kiosk
    place = open_paused_lesson(window, qtbot)
    ask_and_answer(window, qtbot)
    screen = window.current
    assert screen.name == "lesson"
    assert screen.pages.currentWidget() is not screen.error_page
    qtbot.waitUntil(lambda: screen.player is not None
                    and screen.player.state() == PlayerState.PAUSED, timeout=5000)
    assert abs(screen.player.position() - place) < 1.0
    window.go("home")


def test_still_here_keeps_a_course_on_the_page_it_was_on(kiosk, qtbot) -> None:
    open_course_page_two(kiosk, qtbot)
    before = state(kiosk)
    ask_and_answer(kiosk, qtbot)
    assert state(kiosk) == before == ("course", "演示课程", (1, 2))
    assert "课程暂时打不开" not in " ".join(kiosk.current.speech_parts())


def test_every_screen_a_person_can_reach_comes_back_after_still_here(kiosk, qtbot) -> None:
    load_all()
    learner_screens = {"home", "topic_pay", "topic_ride", "topic_hospital", "my_learning",
                       "course", "sign_in", "sign_in_camera", "kind", "topic"}
    args = {"course": {"course_id": "phone-pay"}, "kind": {"kind_id": "smart_tech"},
            "topic": {"topic_id": "pay"}}
    for name in sorted(learner_screens - {"home"}):  # an untouched home is left quiet
        kiosk.go(name, **args.get(name, {}))
        before = state(kiosk)
        ask_and_answer(kiosk, qtbot)
        assert state(kiosk) == before, name
    reached_elsewhere = {"lesson", "idle", "preparing"}
    volunteer = {name for name, cls in SCREENS.items() if cls.volunteer_only} | {"pinpad"}
    missing = set(SCREENS) - learner_screens - reached_elsewhere - volunteer
    assert not missing, f"screens without a journey test: {missing}"


@pytest.mark.parametrize("name", ["pinpad", "volunteer", "settings", "course_admin", "learners",
                                  "learner_edit", "learner_cards", "roster_import", "sync",
                                  "sync_refused", "reports", "learner_report"])
def test_the_idle_question_always_closes_the_volunteer_area(kiosk, qtbot, name) -> None:
    kiosk.ctx.session.volunteer = True
    kiosk.go(name)
    ask_and_answer(kiosk, qtbot)
    assert kiosk.current.name == "home"
    assert not kiosk.ctx.session.volunteer
    kiosk.go("settings")
    assert kiosk.current.name == "pinpad", "settings must need the PIN again"


def test_a_learner_search_is_gone_after_the_idle_reset(kiosk, qtbot) -> None:
    """A volunteer typed a name, then walked away: the next person finds nothing of it."""
    from seniorlearn.core.models import Learner
    from seniorlearn.core.services.learners import LearnerService
    from seniorlearn.core.storage.writer import DatabaseWriter

    writer = DatabaseWriter(Paths.from_env().database)
    try:
        kiosk.ctx.learners = LearnerService(writer)
        kiosk.ctx.learners.add(Learner("20260001", "王秀英", "王阿姨"))
        kiosk.ctx.session.volunteer = True
        kiosk.go("volunteer")
        tap(qtbot, kiosk.current.learners)
        qtbot.keyClicks(kiosk.current.search, "2026")
        assert [row.objectName() for row in rows_shown_widgets(kiosk)] == ["learner_20260001"]
        kiosk.on_idle()
        idle = kiosk.current
        for _ in range(idle.remaining):
            idle._tick()
        assert kiosk.current.name == "home" and not kiosk.ctx.session.volunteer
        screen = kiosk.screen_widget("learners")
        assert screen.search.text() == "" and screen.list.shown == []
        kiosk.go("learners")
        assert kiosk.current.name == "pinpad"
    finally:
        writer.close()


def rows_shown_widgets(window) -> list[QWidget]:
    return [button for row in paged(window).shown for button in row.findChildren(QWidget)
            if button.objectName().startswith("learner_")]


def test_every_volunteer_screen_is_behind_the_pin(kiosk) -> None:
    load_all()
    for name, cls in SCREENS.items():
        if cls.volunteer_only:
            kiosk.go(name)
            assert kiosk.current.name == "pinpad", name


def test_the_idle_reset_clears_the_course_and_goes_home(kiosk, qtbot, clock) -> None:
    open_course_page_two(kiosk, qtbot)
    kiosk.on_idle()
    idle = kiosk.current
    for _ in range(idle.remaining):
        idle._tick()
    assert kiosk.current.name == "home"
    kiosk.go("course", course_id="phone-pay")
    assert paged(kiosk).page == 0


# ---------------------------------------------------------------- language and text size


def test_language_and_size_switches_keep_a_course_page(kiosk, qtbot) -> None:
    open_course_page_two(kiosk, qtbot)
    first = rows_shown(kiosk)[0]
    tap(qtbot, kiosk.language_button)
    assert state(kiosk) == ("course", "Demo course", (1, 2))
    tap(qtbot, kiosk.size_button)
    assert state(kiosk)[1] == "Demo course"
    assert_kept(kiosk, ("course",), first)
    tap(qtbot, kiosk.language_button)
    assert state(kiosk)[1] == "演示课程"
    assert_kept(kiosk, ("course",), first)
    tap(qtbot, kiosk.size_button)
    assert state(kiosk) == ("course", "演示课程", (1, 2))


def test_language_and_size_switches_keep_a_paused_lesson(lesson_kiosk, qtbot) -> None:
    window = lesson_kiosk
    place = open_paused_lesson(window, qtbot)
    screen = window.current
    tap(qtbot, window.language_button)
    tap(qtbot, window.size_button)
    assert window.current is screen
    assert screen.player.state() == PlayerState.PAUSED
    assert abs(screen.player.position() - place) < 1.0
    window.go("home")


# ---------------------------------------------------------------- taps too early or twice


def test_a_topic_tapped_before_the_courses_are_ready_waits_and_then_shows_them(
        make_kiosk, library, qtbot) -> None:
    window = make_kiosk()
    assert window.ctx.library is None
    tap(qtbot, window.current.tiles["topic_pay"])
    assert window.current.name == "preparing"
    assert "正在准备课程" in " ".join(window.current.speech_parts())
    window.library_did_open(library)
    assert window.current.name == "topic_pay"
    assert child(window, "course_phone-pay").isVisible()


def test_a_library_that_cannot_open_says_so_and_offers_home(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    tap(qtbot, window.current.tiles["topic_pay"])
    window.library_did_fail()
    assert "请告诉志愿者" in " ".join(window.current.speech_parts())
    tap(qtbot, child(window, "BackHome"))
    assert window.current.name == "home"


def test_a_double_tap_on_a_course_opens_the_course_not_its_first_lesson(kiosk, qtbot) -> None:
    finger = Finger()
    finger.tap(kiosk.current.tiles["topic_pay"])
    card = child(kiosk, "course_phone-pay")
    finger.tap(card)
    assert kiosk.current.name == "course"
    # The second tap of a double tap lands where the first lesson now is.
    finger.tap(child(kiosk, "lesson_lesson-0"), after_ms=150)
    assert kiosk.current.name == "course"
    finger.tap(child(kiosk, "lesson_lesson-0"), after_ms=600)
    assert kiosk.current.name == "lesson"
    kiosk.go("home")


def test_a_tap_pressed_on_one_screen_does_nothing_on_the_next(kiosk, qtbot) -> None:
    kiosk.go("topic_pay")
    card = child(kiosk, "course_phone-pay")
    qtbot.mousePress(card, Qt.MouseButton.LeftButton)
    kiosk.on_idle()  # the idle question comes between press and release
    assert kiosk.current.name == "idle"
    qtbot.mouseRelease(card, Qt.MouseButton.LeftButton)
    assert kiosk.current.name == "idle"


def test_only_a_primary_press_on_the_logo_opens_the_pin_pad(kiosk, qtbot) -> None:
    qtbot.mousePress(kiosk.logo, Qt.MouseButton.RightButton)
    assert not kiosk.logo._hold.isActive()
    qtbot.mousePress(kiosk.logo, Qt.MouseButton.LeftButton)
    assert kiosk.logo._hold.isActive()
    qtbot.mouseRelease(kiosk.logo, Qt.MouseButton.LeftButton)


def test_a_setting_changed_from_a_terminal_applies_to_the_next_person(kiosk, qtbot) -> None:
    import subprocess
    import sys

    kiosk.go("my_learning")
    subprocess.run([sys.executable, "-m", "seniorlearn", "config", "set", "idle_timeout_seconds",
                    "240"], check=True, capture_output=True)
    kiosk.on_idle()
    idle = kiosk.current
    for _ in range(idle.remaining):
        idle._tick()
    assert kiosk.current.name == "home"
    assert kiosk.idle.timer.interval() == 240_000


def test_a_lesson_that_loads_after_the_learner_left_does_not_play(make_kiosk, tmp_path,
                                                                   long_video, qtbot) -> None:
    """Tap a lesson, then Home before it has loaded (a slow disk): nothing plays unseen."""
    import threading

    from seniorlearn.ui.tasks import TaskRunner

    root = tmp_path / "slow-pack"
    (root / "videos").mkdir(parents=True)
    shutil.copy(long_video, root / "videos" / "lesson1.mp4")
    release = threading.Event()

    class SlowLibrary(Library):
        def find_lesson(self, lesson_id, course_id=None):
            release.wait(10)
            return super().find_lesson(lesson_id, course_id)

        def course(self, course_id):
            release.wait(10)
            return super().course(course_id)

    window = make_kiosk(player_backend="vlc")
    runner = TaskRunner()
    window.ctx.run_task = runner.run
    lessons = [make_lesson(root, "lesson1", root / "videos" / "lesson1.mp4", 24)]
    window.library_did_open(SlowLibrary([make_course(root, lessons)]))
    window.go("lesson", course_id="pay-basics", lesson_id="lesson1")
    screen = window.current
    tap(qtbot, window.home_button)
    release.set()
    qtbot.wait(1500)
    assert window.current.name == "home"
    assert screen.player is None or screen.player.state() == PlayerState.IDLE
    assert not screen.keeps_awake
    runner.shutdown()


def test_every_learner_screen_stays_put_through_language_and_size_switches(kiosk,
                                                                           qtbot) -> None:
    for name in ("home", "topic_pay", "topic_ride", "topic_hospital", "my_learning", "course",
                 "preparing"):
        kiosk.go(name, **({"course_id": "phone-pay"} if name == "course" else {}))
        if name == "course":
            tap(qtbot, paged(kiosk).next)
        before = state(kiosk)
        first = (rows_shown(kiosk) or [""])[0]
        for button in (kiosk.language_button, kiosk.size_button, kiosk.language_button,
                       kiosk.size_button):
            tap(qtbot, button)
            assert_kept(kiosk, before, first)
        assert state(kiosk) == before, name


def test_settings_changed_on_screen_or_from_a_terminal_are_in_the_audit_log(kiosk,
                                                                            qtbot) -> None:
    import subprocess
    import sys

    kiosk.ctx.session.volunteer = True
    kiosk.go("settings")
    tap(qtbot, kiosk.current.steppers[1].plus)
    subprocess.run([sys.executable, "-m", "seniorlearn", "config", "set", "theme",
                    "high_contrast"], check=True, capture_output=True)
    newest, older = kiosk.ctx.pins.audit.recent(2)
    assert (older.who, older.what, older.detail) == ("volunteer", "setting_changed",
                                                     {"key": "speech_rate", "value": 150})
    assert (newest.what, newest.detail["key"], newest.detail["via"]) == (
        "setting_changed", "theme", "terminal")


def test_settings_on_a_small_screen_page_instead_of_growing_past_it(make_kiosk, qtbot) -> None:
    from tests.ui import audit

    window = make_kiosk(1280, 800, text_size="xlarge", language="en")
    window.ctx.session.volunteer = True
    window.go("settings")
    screen = window.current
    assert screen.next_page.isVisible() and not screen.previous_page.isEnabled()
    assert not screen.choices[2].buttons["high_contrast"].isVisible()
    tap(qtbot, screen.next_page)
    tap(qtbot, screen.choices[2].buttons["high_contrast"])
    assert window.ctx.config.get("theme") == "high_contrast"
    window.layout().activate()
    assert audit.window_size(window) == [] and audit.text_fits(window) == []
    big = make_kiosk(1920, 1080)
    big.ctx.session.volunteer = True
    big.go("settings")
    # The five settings fit the first page of a 1080-line screen; the sound test is next.
    first = big.current.settings_page.widget(0)
    assert all(button.isVisibleTo(first) for choice in big.current.choices
               for button in choice.buttons.values())
    assert big.current.settings_page.count() == 2
