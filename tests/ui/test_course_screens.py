"""Course screens and the volunteer's course screens with a real library and real packs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.paths import Paths
from tests.core.courses.packs import make_pack, make_video, tree_digest


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture(scope="module")
def video(tmp_path_factory) -> bytes:
    return make_video(tmp_path_factory.mktemp("video") / "tiny.mp4").read_bytes()


@pytest.fixture
def kiosk(make_kiosk, video, tmp_path):
    library = CourseLibrary(Paths.from_env())
    make_pack(tmp_path / "pack", video, course_id="phone-pay", lessons=3)
    library.import_pack(tmp_path / "pack")
    window = make_kiosk()
    window.ctx.library = library
    return window


def child(window, name):
    from PySide6.QtWidgets import QWidget

    found = window.current.findChild(QWidget, name)
    assert found is not None, f"{name} not on {window.current.name}"
    return found


def test_topic_lists_its_courses_and_a_course_lists_its_lessons(kiosk, qtbot, speaker) -> None:
    tap(qtbot, kiosk.current.tiles["topic_pay"])
    card = child(kiosk, "course_phone-pay")
    assert card.speech_parts() == ["演示课程", "共 3 节课，一共 1 分钟"]
    tap(qtbot, card)
    assert kiosk.current.name == "course"
    assert kiosk.current.title_label.plain_text() == "演示课程"
    lesson = child(kiosk, "lesson_lesson-1")
    assert lesson.speech_parts() == ["2. 第2课", "1 秒 · 还没学"]
    tap(qtbot, kiosk.read_button)
    parts, _ = speaker.spoken[-1]
    assert parts[:2] == ["演示课程", "用来测试的课程。"] and "1. 第1课" in parts
    tap(qtbot, lesson)
    assert kiosk.current.name == "lesson"


def test_a_topic_without_courses_says_what_to_do(kiosk, qtbot) -> None:
    tap(qtbot, kiosk.current.tiles["topic_ride"])
    assert "请志愿者帮忙导入课程包" in " ".join(kiosk.current.speech_parts())
    tap(qtbot, kiosk.current.back)
    assert kiosk.current.name == "home"


def test_learned_lessons_are_marked_in_words(kiosk, qtbot) -> None:
    kiosk.ctx.learned_lessons = lambda course_id: frozenset({"lesson-0"})
    kiosk.go("course", course_id="phone-pay")
    assert child(kiosk, "lesson_lesson-0").speech_parts()[1].endswith("✓ 已学完")
    assert child(kiosk, "lesson_lesson-2").speech_parts()[1].endswith("还没学")


def test_course_screen_follows_the_language_button(kiosk, qtbot) -> None:
    kiosk.go("course", course_id="phone-pay")
    tap(qtbot, kiosk.language_button)
    assert kiosk.current.title_label.plain_text() == "Demo course"
    assert child(kiosk, "lesson_lesson-0").speech_parts() == [
        "1. Lesson 1", "1 s · Not learned yet"]


def test_volunteer_checks_then_removes_a_course_after_a_question_below(kiosk, qtbot) -> None:
    kiosk.ctx.session.volunteer = True
    kiosk.go("course_admin")
    screen = kiosk.current
    tap(qtbot, screen.verify_all)
    assert screen.message.plain_text() == "所有课程的文件都完好。"
    course = kiosk.ctx.library.course("phone-pay")
    (course.root / course.lessons[0].video.path).write_bytes(b"broken")
    tap(qtbot, screen.verify_all)
    assert screen.message.plain_text().startswith("有 1 个文件损坏或丢失")
    remove = child(kiosk, "remove_phone-pay")
    tap(qtbot, remove)
    assert screen.confirm.isVisible() and "要删除《演示课程》吗" in screen.confirm_text.plain_text()
    yes, keep = child(kiosk, "yes_remove"), child(kiosk, "keep_course")
    assert yes.plain_text() == "确定删除" and keep.plain_text() == "不删，保留这门课"
    assert yes.mapTo(kiosk, yes.rect().center()).y() > remove.mapTo(
        kiosk, remove.rect().center()).y() + remove.height()
    assert keep.width() > yes.width()
    tap(qtbot, keep)
    assert not screen.confirm.isVisible()
    assert screen.message.plain_text() == "《演示课程》没有删除。"
    tap(qtbot, child(kiosk, "remove_phone-pay"))
    tap(qtbot, child(kiosk, "yes_remove"))
    assert screen.message.plain_text() == "《演示课程》已经删除。"
    assert kiosk.ctx.library.courses() == []
    last = kiosk.ctx.pins.audit.recent(1)[0]
    assert (last.who, last.what, last.detail["course"]) == ("volunteer", "course_removed",
                                                             "演示课程")


def test_a_double_tap_on_remove_never_removes(kiosk, qtbot) -> None:
    kiosk.ctx.session.volunteer = True
    kiosk.go("course_admin")
    remove = child(kiosk, "remove_phone-pay")
    tap(qtbot, remove)
    tap(qtbot, remove)  # the second tap of a double tap lands on the same place
    qtbot.mouseDClick(remove, Qt.MouseButton.LeftButton)
    assert kiosk.ctx.library.course("phone-pay") is not None
    assert kiosk.current.confirm.isVisible()


def test_yes_acts_only_when_pressed_on_the_question_shown(kiosk, qtbot) -> None:
    kiosk.ctx.session.volunteer = True
    kiosk.go("course_admin")
    screen = kiosk.current
    tap(qtbot, child(kiosk, "remove_phone-pay"))
    yes = child(kiosk, "yes_remove")
    qtbot.mousePress(yes, Qt.MouseButton.LeftButton)
    screen.reset()  # the question went away (idle reset) while the finger was down
    screen.ask_remove(kiosk.ctx.library.course("phone-pay"))
    qtbot.mouseRelease(yes, Qt.MouseButton.LeftButton)
    assert kiosk.ctx.library.course("phone-pay") is not None


def test_a_course_whose_files_are_gone_is_shown_and_can_be_removed(kiosk, qtbot) -> None:
    import shutil

    shutil.rmtree(kiosk.ctx.library.course("phone-pay").root)
    kiosk.ctx.session.volunteer = True
    kiosk.go("course_admin")
    texts = " ".join(kiosk.current.speech_parts())
    assert "《演示课程》（第 1 版）的文件不见了。请重新导入这门课程的课程包，或者删除它。" in texts
    tap(qtbot, child(kiosk, "remove_phone-pay"))
    tap(qtbot, child(kiosk, "yes_remove"))
    assert kiosk.ctx.library.missing() == []
    assert kiosk.current.message.plain_text() == "《演示课程》已经删除。"


def usb_stick(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    (root / "volunteer" / "STICK" / "SENIORLEARN").mkdir(parents=True)
    return root


def test_import_from_a_usb_stick_with_progress(kiosk, qtbot, video, tmp_path) -> None:
    root = usb_stick(tmp_path)
    make_pack(root / "volunteer" / "STICK" / "SENIORLEARN" / "ride", video,
              course_id="ride-course", lessons=2)
    kiosk.ctx.session.volunteer = True
    kiosk.go("course_admin")
    tap(qtbot, kiosk.current.import_button)
    screen = kiosk.current
    assert screen.name == "course_import"
    screen.mount_roots = (root,)
    tap(qtbot, screen.look_again)
    seen = []
    screen.relay.progress_did_change.connect(lambda p: seen.append(p.done_bytes))
    tap(qtbot, child(kiosk, "import_ride"))
    assert seen and seen[-1] == max(seen)
    assert kiosk.ctx.library.course("ride-course") is not None
    assert screen.progress.value() == 100
    assert not screen.busy.isVisible()
    # The stick is looked at again: its row says so now, the sentence of what happened stays.
    assert [row.label.plain_text() for row in screen.list.shown] == [
        "《演示课程》第 1 版：和已装的一样"]
    assert "已安装完成" in screen.message.plain_text()


def test_cancelled_import_leaves_the_library_as_it_was(kiosk, qtbot, video, tmp_path) -> None:
    root = usb_stick(tmp_path)
    make_pack(root / "volunteer" / "STICK" / "SENIORLEARN" / "ride", video,
              course_id="ride-course", lessons=2)
    before = tree_digest(Paths.from_env().home / "courses")
    kiosk.ctx.session.volunteer = True
    kiosk.go("course_import")
    screen = kiosk.current
    screen.mount_roots = (root,)
    screen.scan()
    screen.relay.progress_did_change.connect(lambda p: screen.cancel_import())
    tap(qtbot, child(kiosk, "import_ride"))
    assert screen.message.plain_text() == "已取消导入。学习机上的课程没有变化。"
    assert kiosk.ctx.library.course("ride-course") is None
    kiosk.ctx.library.clean_staging()
    assert tree_digest(Paths.from_env().home / "courses") == before


def test_a_pack_that_cannot_be_read_gets_a_line_and_no_import_button(
        kiosk, qtbot, video, tmp_path) -> None:
    root = usb_stick(tmp_path)
    bad = root / "volunteer" / "STICK" / "SENIORLEARN" / "hospital-booking-broken"
    make_pack(bad, video, course_id="bad-course")
    (bad / "manifest.json").write_text("{not json", encoding="utf-8")
    kiosk.ctx.session.volunteer = True
    kiosk.go("course_import")
    screen = kiosk.current
    screen.mount_roots = (root,)
    screen.scan()
    parts = screen.speech_parts()
    assert any(part.startswith("hospital-booking-broken：这个课程包读不出来。课程包的内容清单")
               for part in parts), parts
    assert "导入" not in parts and "Traceback" not in " ".join(parts)
    assert kiosk.ctx.library.course("bad-course") is None


def test_the_usb_list_shows_titles_versions_and_how_they_compare(
        kiosk, qtbot, video, tmp_path) -> None:
    root = usb_stick(tmp_path)
    folder = root / "volunteer" / "STICK" / "SENIORLEARN"
    make_pack(folder / "ride-hailing", video, course_id="ride-course")
    make_pack(folder / "phone-pay-again", video, course_id="phone-pay", lessons=3)
    kiosk.ctx.session.volunteer = True
    kiosk.go("course_import")
    screen = kiosk.current
    screen.mount_roots = (root,)
    screen.scan()
    parts = screen.speech_parts()
    assert "《演示课程》第 1 版：新课程" in parts
    assert "《演示课程》第 1 版：和已装的一样" in parts
    assert not any("ride-hailing" in part for part in parts)
    tap(qtbot, kiosk.language_button)  # the lines follow the language, like everything else
    assert "Demo course, version 1: a new course" in screen.speech_parts()


def test_a_stick_pulled_out_after_listing_says_so(kiosk, qtbot, video, tmp_path) -> None:
    root = usb_stick(tmp_path)
    make_pack(root / "volunteer" / "STICK" / "SENIORLEARN" / "ride", video,
              course_id="ride-course")
    kiosk.ctx.session.volunteer = True
    kiosk.go("course_import")
    screen = kiosk.current
    screen.mount_roots = (root,)
    screen.scan()
    button = child(kiosk, "import_ride")
    shutil.rmtree(root / "volunteer" / "STICK")  # the stick's files go with it
    tap(qtbot, button)
    assert screen.message.plain_text() == "U盘已经拔出。请重新插上U盘再试。"
    assert kiosk.ctx.library.course("ride-course") is None
    assert not any(part.startswith("《") for part in screen.speech_parts())  # no stale rows


def test_no_stick_says_where_packs_go(kiosk, qtbot, tmp_path) -> None:
    kiosk.ctx.session.volunteer = True
    kiosk.go("course_import")
    kiosk.current.mount_roots = (tmp_path / "nothing-here",)
    kiosk.current.scan()
    assert "SENIORLEARN" in kiosk.current.message.plain_text()


@pytest.mark.parametrize("size, text_size, language", [
    ((1920, 1080), "large", "zh_CN"), ((1280, 800), "xlarge", "en")])
def test_course_screens_with_content_pass_the_audit(make_kiosk, video, tmp_path, size,
                                                     text_size, language) -> None:
    """The audit of every registered screen runs without courses; these are the same
    screens full: cards, lesson rows, admin rows and a found USB pack."""
    from tests.ui import audit

    library = CourseLibrary(Paths.from_env())
    for n in range(3):  # enough for a second page of rows and of lessons
        make_pack(tmp_path / f"p{n}", video, course_id=f"course-{n}", lessons=5)
        library.import_pack(tmp_path / f"p{n}")
    root = usb_stick(tmp_path)
    make_pack(root / "volunteer" / "STICK" / "SENIORLEARN" / "ride", video, course_id="ride")
    window = make_kiosk(*size, text_size=text_size, language=language)
    window.library_did_open(library)
    for name, args in [("topic_pay", {}), ("course", {"course_id": "course-0"}),
                       ("course_admin", {}), ("confirm_remove", {}), ("course_import", {})]:
        window.ctx.session.volunteer = name not in ("topic_pay", "course")
        if name == "course_import":
            window.screen_widget(name).mount_roots = (root,)
        if name == "confirm_remove":  # the question row shown below the course rows
            window.current.ask_remove(library.course("course-0"))
        else:
            window.go(name, **args)
        window.layout().activate()
        QApplication.processEvents()  # a window grown for a moment is given back its screen
        window.layout().activate()
        scale = window.theme.metrics.scale
        problems = (audit.accessible_names(window) + audit.target_sizes(window, scale)
                    + audit.text_sizes(window, text_size, scale)
                    + audit.keyboard_reach(window) + audit.line_spacing(window)
                    + audit.text_fits(window) + audit.window_size(window))
        assert problems == [], name


@pytest.mark.parametrize("text_size", ["large", "xlarge"])
def test_the_course_list_shows_as_many_courses_a_page_as_fit_at_1280x800(
        make_kiosk, video, tmp_path, qtbot, text_size) -> None:
    """Two a page in 大 (one a page, the empty message line took the second's room); a
    sentence that comes (a check's result) takes its room back and the page still fits."""
    library = CourseLibrary(Paths.from_env())
    for n in range(4):
        make_pack(tmp_path / f"p{n}", video, course_id=f"course-{n}")
        library.import_pack(tmp_path / f"p{n}")
    window = make_kiosk(1280, 800, text_size=text_size)
    window.library_did_open(library)
    window.ctx.session.volunteer = True
    window.go("course_admin")
    screen = window.current
    assert screen.fits() and not screen.message.isVisibleTo(window)
    if text_size == "large":
        assert len(screen.list.shown) == 2 and screen.list.pages == 2
    tap(qtbot, screen.verify_all)
    assert screen.message.isVisibleTo(window) and screen.message.plain_text()
    assert screen.fits()
