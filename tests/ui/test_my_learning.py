"""我的学习 shows the lessons this person left unfinished and promises nothing that is not there."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.i18n import po_files
from seniorlearn.core.paths import Paths
from tests.core.courses.packs import make_pack, make_video, write_manifest
from tests.ui import audit

# Sentences that promise a feature instead of showing one.
PROMISES = re.compile(r"上线后|会和学时记录一起|会随.*一起提供|下次更新|敬请期待|即将推出|"
                      r"arrives? (here |with)|coming soon|will appear here", re.IGNORECASE)


@pytest.fixture(scope="module")
def video(tmp_path_factory) -> bytes:
    return make_video(tmp_path_factory.mktemp("video") / "tiny.mp4").read_bytes()


@pytest.fixture
def library(video, tmp_path) -> CourseLibrary:
    """One course of three two-minute lessons (the length the manifest declares)."""
    manifest = make_pack(tmp_path / "pack", video, course_id="phone-pay", lessons=3)
    for lesson in manifest["lessons"]:
        lesson["video"]["duration_s"] = 120.0
    write_manifest(tmp_path / "pack", manifest)
    library = CourseLibrary(Paths.from_env())
    library.import_pack(tmp_path / "pack")
    return library


def open_my_learning(window):
    window.go("my_learning")
    return window.current


def test_with_nothing_started_it_says_what_the_screen_is_for_and_what_to_do(
        make_kiosk, library) -> None:
    window = make_kiosk()
    window.library_did_open(library)
    screen = open_my_learning(window)
    text = " ".join(screen.speech_parts())
    assert "课没看完就离开的话，会列在这里" in text and "选一个主题开始学习" in text
    assert not PROMISES.search(text) and "学时" not in text


def test_lessons_left_unfinished_are_listed_latest_first_and_open_where_they_stopped(
        make_kiosk, library, qtbot) -> None:
    window = make_kiosk()
    window.library_did_open(library)
    window.ctx.positions.remember(None, "phone-pay", "lesson-2", 70.0)
    window.ctx.positions.remember(None, "phone-pay", "lesson-0", 32.0)
    window.ctx.positions.remember(None, "phone-pay", "lesson-1", 3.0)  # too early to offer
    window.ctx.positions.remember(7, "phone-pay", "lesson-1", 50.0)  # someone else's place
    screen = open_my_learning(window)
    assert [card.speech_parts() for card in screen.list.shown] == [
        ["第1课", "《演示课程》· 上次看到 32 秒"],
        ["第3课", "《演示课程》· 上次看到 1 分 10 秒"]]
    qtbot.mouseClick(screen.findChild(type(screen.list.shown[0]), "started_lesson-0"),
                     Qt.MouseButton.LeftButton)
    assert window.current.name == "lesson"


def test_the_list_follows_the_language_and_is_gone_for_the_next_person(
        make_kiosk, library, qtbot) -> None:
    window = make_kiosk()
    window.library_did_open(library)
    window.ctx.positions.remember(None, "phone-pay", "lesson-2", 70.0)
    screen = open_my_learning(window)
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    assert screen.list.shown[0].speech_parts() == [
        "Lesson 3", "Demo course · stopped at 1 min 10 s"]
    window.reset_for_next_person()
    screen = open_my_learning(window)
    assert screen.list.shown == []  # the next person starts in Chinese, with nothing listed
    assert screen.body.plain_text().startswith("课没看完")


@pytest.mark.parametrize("size, text_size, language", [
    ((1280, 800), "xlarge", "zh_CN"), ((1280, 800), "large", "en"),
    ((1280, 800), "xlarge", "en"), ((1920, 1080), "xlarge", "en")])
def test_my_learning_with_lessons_passes_the_audit(make_kiosk, library, size, text_size,
                                                   language) -> None:
    window = make_kiosk(*size, text_size=text_size, language=language)
    window.library_did_open(library)
    for n, place in enumerate((40.0, 70.0, 95.0)):
        window.ctx.positions.remember(None, "phone-pay", f"lesson-{n}", place)
    open_my_learning(window)
    window.layout().activate()
    QApplication.processEvents()
    scale = window.theme.metrics.scale
    problems = (audit.accessible_names(window) + audit.target_sizes(window, scale)
                + audit.text_sizes(window, text_size, scale) + audit.keyboard_reach(window)
                + audit.line_spacing(window) + audit.text_fits(window)
                + audit.window_size(window))
    assert problems == []


def test_no_catalog_entry_promises_a_feature_instead_of_showing_one() -> None:
    for po in po_files():
        found = [line for line in Path(po).read_text(encoding="utf-8").splitlines()
                 if line.startswith(("msgid", "msgstr")) and PROMISES.search(line)]
        assert found == [], po


@pytest.fixture
def ledger(make_kiosk, library, clock):
    """A kiosk with a real database: 王阿姨 has 12 学时 this year (and some last year), one
    lesson learned and one left at 50 s; 李叔叔 has hours of his own."""
    import uuid

    from seniorlearn.core.models import Learner
    from seniorlearn.core.services.hours import HoursService
    from seniorlearn.core.services.learners import LearnerService
    from seniorlearn.core.services.places import PlacesService
    from seniorlearn.core.storage import study
    from seniorlearn.core.storage.study import StudyRecord
    from seniorlearn.core.storage.writer import DatabaseWriter

    clock.now = datetime.datetime(2026, 6, 15, 12, 0).timestamp()  # "today" on the screen
    writer = DatabaseWriter(Paths.from_env().database)
    learners = LearnerService(writer)
    wang, li = Learner("20260001", "王秀英", "王阿姨"), Learner("20260002", "李建国", "李叔叔")
    learners.add(wang)
    learners.add(li)
    hours = HoursService(writer)
    hours.add_in_person(wang.number, 540, "手机课堂", datetime.date(2026, 6, 10))
    hours.add_in_person(wang.number, 90, "去年的课", datetime.date(2025, 12, 20))
    hours.add_in_person(li.number, 450, "手机课堂", datetime.date(2026, 6, 12))
    learned = StudyRecord(id=str(uuid.uuid4()), learner=wang.number, kind="lesson",
                          day="2026-06-05", started_at=0.0, seconds=0.0,
                          course_id="phone-pay", lesson_id="lesson-0", length_s=120.0,
                          segments=((0.0, 120.0),), completed=True)
    writer.write(lambda db: study.save(db, learned))
    PlacesService(writer).save(wang.number, "phone-pay", "lesson-2", 50.0)

    def build(*size: int, **settings: object):
        window = make_kiosk(*size, **settings)
        window.library_did_open(library)
        ctx = window.ctx
        ctx.hours, ctx.learners, ctx.database = hours, learners, writer
        ctx.positions.store = PlacesService(writer)
        return window, wang, li

    yield build
    writer.close()


def test_a_signed_in_learner_hears_their_year_in_words_and_finds_their_lessons(
        ledger, qtbot) -> None:
    window, wang, _li = ledger()
    window.ctx.session.sign_in(wang)  # their kept places come back
    screen = open_my_learning(window)
    assert screen.sentences.plain_text() == ("您今年已经学习了十二个学时，还差三十八个学时。"
                                             "这个月学习了十二个学时。")
    assert screen.ring.isVisible() and screen.ring.share == pytest.approx(12 / 50)
    names = [make().objectName() for make in screen.list.factories]
    assert names == ["started_lesson-2", "next_lesson-1", "learned_lesson-0"]
    spoken = " ".join(screen.speech_parts())
    assert "十二个学时" in spoken and "12" not in spoken.split("学时")[0]
    assert not screen.sign_in.isVisible()
    while screen.list.shown[-1].objectName() != "learned_lesson-0":
        qtbot.mouseClick(screen.list.next, Qt.MouseButton.LeftButton)
    assert screen.list.shown[-1].speech_parts() == ["第1课", "《演示课程》· 6月5日学完"]
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    assert screen.sentences.plain_text() == ("This year you have studied 12 class hours; 38 "
                                             "more to reach the goal. This month: 12 class "
                                             "hours.")


def test_a_first_lesson_shows_its_minutes_not_zero_class_hours(ledger, qtbot) -> None:
    """Under one 学时 the month would read 零个学时 after a learner's first lessons."""
    from seniorlearn.core.models import Learner

    window, _wang, _li = ledger()
    zhang = Learner("20260003", "张桂兰")
    window.ctx.learners.add(zhang)
    window.ctx.session.sign_in(zhang)
    screen = open_my_learning(window)
    assert screen.sentences.plain_text() == ("您今年已经学习了零个学时，还差五十个学时。"
                                             "这个月学习了零个学时。")
    window.ctx.hours.add_in_person(zhang.number, 20, "手机课堂", datetime.date(2026, 6, 15))
    screen = open_my_learning(window)
    assert screen.sentences.plain_text().endswith(
        "这个月学习了二十分钟，每学满四十五分钟算一个学时。")
    assert "二十分钟" in " ".join(screen.speech_parts())
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    assert screen.sentences.plain_text().endswith(
        "This month you have studied 20 minutes; every 45 minutes make one class hour.")
    assert screen.fits()


def test_signing_in_from_my_learning_lists_the_lessons_they_had_started(ledger, qtbot) -> None:
    """Through the real task runner: the learner is found, the screen comes back, and only
    then do their places arrive from the database; the started lesson must still appear
    (it did not, until the learner left and came back)."""
    from seniorlearn.ui.tasks import TaskRunner

    window, _wang, _li = ledger()
    runner = TaskRunner()
    window.ctx.run_task = runner.run
    qtbot.mouseClick(open_my_learning(window).sign_in, Qt.MouseButton.LeftButton)
    pad = window.current
    assert pad.name == "sign_in" and pad.then == "my_learning"
    for digit in "20260001":
        pad.add_digit(digit)
    pad.submit_pin(pad.digits)
    qtbot.waitUntil(lambda: window.current.name == "my_learning", timeout=5000)
    screen = window.current
    qtbot.waitUntil(lambda: "started_lesson-2" in
                    [make().objectName() for make in screen.list.factories], timeout=5000)
    assert runner.shutdown()


def test_nothing_of_one_learner_is_shown_to_the_next(ledger, qtbot) -> None:
    window, wang, li = ledger()
    window.ctx.session.sign_in(wang)
    open_my_learning(window)
    window.reset_for_next_person()  # the idle reset signs out
    screen = open_my_learning(window)
    assert not screen.ring.isVisible() and screen.list.shown == []
    assert screen.body.plain_text().startswith("想让学习的时间记成学时")
    assert screen.sign_in.isVisible()
    window.ctx.session.sign_in(li)
    screen = open_my_learning(window)
    assert screen.sentences.plain_text().startswith("您今年已经学习了十个学时")
    assert screen.list.shown == []  # 王阿姨's lessons are hers alone
    assert screen.body.plain_text().startswith("还没有学完的课")


@pytest.mark.parametrize("size, text_size, language", [
    ((1280, 800), "xlarge", "zh_CN"), ((1280, 800), "xlarge", "en"),
    ((1920, 1080), "large", "en")])
def test_a_learners_page_passes_the_audit(ledger, size, text_size, language) -> None:
    window, wang, _li = ledger(*size, text_size=text_size, language=language)
    window.ctx.session.sign_in(wang)
    open_my_learning(window)
    window.layout().activate()
    audit.settle(window)
    scale = window.theme.metrics.scale
    problems = (audit.accessible_names(window) + audit.target_sizes(window, scale)
                + audit.text_sizes(window, text_size, scale) + audit.keyboard_reach(window)
                + audit.line_spacing(window) + audit.text_fits(window)
                + audit.window_size(window))
    assert problems == []


def test_the_course_screen_marks_what_this_learner_learned(ledger, qtbot) -> None:
    window, wang, li = ledger()
    hours = window.ctx.hours
    window.ctx.learned_lessons = lambda course_id: hours.learned_in(
        window.ctx.session.learner_id, course_id)  # as app.py wires it
    window.ctx.session.sign_in(wang)
    window.go("course", course_id="phone-pay")
    details = [make().detail.plain_text() for make in window.current.list.factories]
    assert "已学完" in details[0] and "还没学" in details[1]
    window.reset_for_next_person()
    window.ctx.session.sign_in(li)
    window.go("course", course_id="phone-pay")
    assert all("还没学" in make().detail.plain_text() for make in window.current.list.factories)
