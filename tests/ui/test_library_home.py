"""Home from the library (issue 13): packs of the plan's four kinds reach a learner from home
by real taps in at most four, topics that packs declare or join, the 新课 mark, and a kind
that loses its last course leaving home. Packs are real, imported by the real CLI or library."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.paths import Paths
from tests.core.courses.packs import make_pack, make_video, write_manifest
from tests.ui import audit

ROOT = Path(__file__).resolve().parents[2]
LONG_ZH = "认识和使用电子血压计：在家里每天早晚各量一次血压的方法和注意事项"
LONG_EN = "Using an electronic blood pressure monitor at home, every day"


def kind_pack(folder: Path, video: bytes, course_id: str, category: str,
              topic: object = None, topics: tuple[str, ...] = (),
              title: tuple[str, str] | None = None, lessons: int = 2) -> Path:
    """A real pack of ``category``; ``topic`` makes it format 2 (declared or joined)."""
    manifest = make_pack(folder, video, course_id=course_id, lessons=lessons)
    manifest.update(category=category, topics=list(topics))
    if title is not None:
        manifest["title"] = {"zh_CN": title[0], "en": title[1]}
    if topic is not None:
        manifest.update(schema_version=2, topic=topic)
    write_manifest(folder, manifest)
    return folder


def declared(topic_id: str, zh: str, en: str, order: int = 1) -> dict:
    return {"id": topic_id, "title": {"zh_CN": zh, "en": en}, "order": order}


@pytest.fixture(scope="module")
def video(tmp_path_factory) -> bytes:
    return make_video(tmp_path_factory.mktemp("video") / "tiny.mp4").read_bytes()


def tap(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def visible(window, prefix: str) -> list[QWidget]:
    return [w for w in window.current.findChildren(QWidget)
            if w.objectName().startswith(prefix) and w.isVisibleTo(window)]


def find(window, name: str) -> QWidget | None:
    """A visible widget on the current screen, turning list pages until it shows."""
    for _ in range(20):
        found = [w for w in visible(window, name) if w.objectName() == name]
        if found:
            return found[0]
        pages = [p for p in window.current.findChildren(QWidget, "")
                 if hasattr(p, "next") and hasattr(p, "factories") and p.isVisibleTo(window)]
        if not pages or not pages[0].next.isEnabled():
            return None
        tap_next = pages[0].next
        tap_next.click()
    return None


def open_kiosk(make_kiosk, clock, *size: int, **settings):
    window = make_kiosk(*size, **settings)
    clock.now = time.time()
    window.library_did_open(CourseLibrary(Paths.from_env(), video_check=None))
    return window


def walk_to_lesson(window, qtbot, course_id: str, lesson_id: str) -> int:
    """From home, tap what leads to the lesson (kind, topic, course, lesson); the taps."""
    window.go("home")
    taps = 0
    for _ in range(6):
        if window.current.name == "lesson":
            return taps
        target = _next_target(window, course_id, lesson_id)
        assert target is not None, f"no way on from {window.current.name} to {lesson_id}"
        tap(qtbot, target)
        taps += 1
    raise AssertionError(f"{lesson_id} not reached in 6 taps")


def _next_target(window, course_id: str, lesson_id: str) -> QWidget | None:
    screen = window.current
    if screen.name == "course":
        return find(window, f"lesson_{lesson_id}")
    if screen.name == "home":
        for key, tile in screen.tiles.items():
            if _leads_to(window, key, course_id):
                return tile
        return None
    course = find(window, f"course_{course_id}")
    if course is not None:
        return course
    library = window.ctx.library
    from seniorlearn.core.courses.catalogue import catalogue_of

    catalogue = catalogue_of(library, window.ctx.clock())
    kind = catalogue.kind(str(window.place.args.get("kind_id")))
    for topic in kind.topics if kind else ():
        if any(c.id == course_id for c in topic.courses):
            return find(window, f"topic_{topic.id}")
    return None


def _leads_to(window, key: str, course_id: str) -> bool:
    from seniorlearn.core.courses.catalogue import catalogue_of

    catalogue = catalogue_of(window.ctx.library, window.ctx.clock())
    kind_id, _, rest = key.partition("_")
    if kind_id == "kind":
        kind = catalogue.kind(rest)
        return kind is not None and any(c.id == course_id for t in kind.topics
                                        for c in t.courses)
    if kind_id == "topic":
        topic = catalogue.topic(rest)
        return topic is not None and any(c.id == course_id for c in topic.courses)
    return False


# ---------------------------------------------------------------- through the real CLI


def test_a_pack_of_each_kind_imported_by_the_cli_is_reached_from_home(
        tmp_path, video, make_kiosk, clock, qtbot, data_home) -> None:
    packs = {"smart_tech": ("phone-pay", (), None), "health": ("blood-pressure", (), None),
             "culture": ("calligraphy", (), declared("brush-work", "书法", "Calligraphy")),
             "hobbies": ("singing", (), None)}
    env = dict(os.environ, SENIORLEARN_HOME=str(data_home), PYTHONPATH=str(ROOT))
    for category, (course_id, topics, topic) in packs.items():
        folder = kind_pack(tmp_path / course_id, video, course_id, category, topic=topic,
                           topics=("pay",) if category == "smart_tech" else topics)
        done = subprocess.run([sys.executable, "-m", "seniorlearn", "courses", "import",
                               str(folder)], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
    window = open_kiosk(make_kiosk, clock)
    home = window.current
    assert list(home.tiles) == ["kind_smart_tech", "kind_health", "kind_culture",
                                "kind_hobbies", "my_learning"]
    spoken = home.speech_parts()
    for title in ("智能技术应用", "健康管理", "文化传承", "兴趣特长", "我的学习"):
        assert title in spoken
    for course_id, *_ in packs.values():
        for lesson in ("lesson-0", "lesson-1"):
            assert walk_to_lesson(window, qtbot, course_id, lesson) <= 4
            assert window.current.lesson.id == lesson
            assert window.current.course.id == course_id
    window.go("home")


# ---------------------------------------------------------------- format 1 and 2 topics


def install(tmp_path, video, *packs) -> CourseLibrary:
    library = CourseLibrary(Paths.from_env(), video_check=None)
    for args in packs:
        library.import_pack(kind_pack(tmp_path / args[0], video, *args[:2], **args[2]))
    return library


def test_the_three_demo_topics_stay_on_home_as_they_were(tmp_path, video, make_kiosk,
                                                           clock) -> None:
    install(tmp_path, video, ("pay-a", "smart_tech", {"topics": ("pay",)}),
            ("ride-a", "smart_tech", {"topics": ("ride",)}),
            ("hospital-a", "smart_tech", {"topics": ("hospital",)}))
    window = open_kiosk(make_kiosk, clock)
    home = window.current
    assert list(home.tiles) == ["topic_pay", "topic_ride", "topic_hospital", "my_learning"]
    assert home.tiles["topic_pay"].speech_parts() == ["智能手机支付",
                                                      "付款码、扫码付款、防止上当受骗"]


def test_a_v1_pack_with_no_topic_is_under_more_courses_of_its_kind(tmp_path, video,
                                                                      make_kiosk, clock,
                                                                      qtbot) -> None:
    install(tmp_path, video, ("pay-a", "smart_tech", {"topics": ("pay",)}),
            ("tai-chi", "health", {}))
    window = open_kiosk(make_kiosk, clock)
    assert list(window.current.tiles) == ["kind_smart_tech", "kind_health", "my_learning"]
    tap(qtbot, window.current.tiles["kind_health"])  # its one topic opens at once
    assert (window.current.name, window.place.args) == ("topic", {"topic_id": "other-health"})
    assert window.current.title_label.plain_text() == "健康管理"  # not "more" than nothing
    assert [w.objectName() for w in visible(window, "course_")] == ["course_tai-chi"]


def test_a_v2_pack_declares_a_topic_and_a_second_pack_joins_it(tmp_path, video, make_kiosk,
                                                               clock, qtbot) -> None:
    install(tmp_path, video,
            ("blood-pressure", "health", {"topic": declared("heart", "心脏和血压",
                                                            "Heart and blood pressure", 2)}),
            ("pulse", "health", {"topic": "heart"}),
            ("walking", "health", {"topic": declared("exercise", "锻炼", "Exercise", 1)}),
            ("lonely", "health", {"topic": "nobody-declared-this"}),
            ("pay-a", "smart_tech", {"topics": ("pay",)}))
    window = open_kiosk(make_kiosk, clock)
    tap(qtbot, window.current.tiles["kind_health"])
    assert window.current.name == "kind"
    topics = [w.objectName() for w in visible(window, "topic_")]
    assert topics == ["topic_exercise", "topic_heart", "topic_other-health"]  # by their order
    heart = find(window, "topic_heart")
    assert heart.speech_parts() == ["心脏和血压", "共 2 门课"]
    tap(qtbot, heart)
    assert window.current.title_label.plain_text() == "心脏和血压"
    assert sorted(w.objectName() for w in visible(window, "course_")) == [
        "course_blood-pressure", "course_pulse"]
    tap(qtbot, window.language_button)
    assert window.current.title_label.plain_text() == "Heart and blood pressure"


def test_removing_the_last_course_of_a_kind_takes_its_tile_off_home(tmp_path, video,
                                                                     make_kiosk, clock) -> None:
    library = install(tmp_path, video, ("pay-a", "smart_tech", {"topics": ("pay",)}),
                      ("tai-chi", "health", {}), ("opera", "culture", {}))
    window = open_kiosk(make_kiosk, clock)
    assert "kind_culture" in window.current.tiles
    library.remove("opera")
    window.go("home")
    assert list(window.current.tiles) == ["kind_smart_tech", "kind_health", "my_learning"]
    library.remove("tai-chi")
    window.go("home")  # one kind left: its topics come onto home again
    assert list(window.current.tiles) == ["topic_pay", "my_learning"]
    window.go("kind", kind_id="culture")  # a place kept from before (the idle question)
    assert "这台学习机上现在没有这一类的课程" in " ".join(window.current.speech_parts())


def test_a_course_installed_in_the_last_30_days_says_new_in_words(tmp_path, video, make_kiosk,
                                                                   clock, data_home) -> None:
    from seniorlearn.core.courses import install_bundled

    bundled = tmp_path / "bundled"
    kind_pack(bundled / "demo", video, "demo-pay", "smart_tech", topics=("pay",))
    library = CourseLibrary(Paths.from_env(), video_check=None)
    install_bundled(library, bundled)
    library.import_pack(kind_pack(tmp_path / "fresh", video, "fresh-pay", "smart_tech",
                                  topics=("pay",)))
    window = open_kiosk(make_kiosk, clock)
    window.go("topic_pay")
    said = {w.objectName(): w.speech_parts()[1] for w in visible(window, "course_")}
    assert said["course_fresh-pay"].startswith("新课 · ")
    assert not said["course_demo-pay"].startswith("新课"), "a demo pack is not news"
    clock.now = time.time() + 31 * 86400
    window.go("topic_pay")
    assert not any(w.speech_parts()[1].startswith("新课") for w in visible(window, "course_"))


# ---------------------------------------------------------------- audit, long titles


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_kind_and_topic_screens_pass_the_audit_with_long_titles(tmp_path, video, make_kiosk,
                                                                clock, language) -> None:
    long_topic = declared("home-health", LONG_ZH, LONG_EN)
    install(tmp_path, video, ("pay-a", "smart_tech", {"topics": ("pay",)}),
            *[(f"long-{i}", "health", {"topic": long_topic if i == 0 else "home-health",
                                        "title": (LONG_ZH, LONG_EN)}) for i in range(5)],
            ("opera", "culture", {"title": (LONG_ZH, LONG_EN)}),
            ("music-a", "hobbies", {}))
    problems = []
    for size, text_size in (((1920, 1080), "large"), ((1280, 800), "xlarge")):
        window = open_kiosk(make_kiosk, clock, *size, language=language, text_size=text_size)
        for name, args in (("kind", {"kind_id": "health"}),
                           ("topic", {"topic_id": "home-health"}),
                           ("topic", {"topic_id": "other-culture"})):
            window.go(name, **args)
            audit.settle(window)
            scale = window.theme.metrics.scale
            found = (audit.accessible_names(window) + audit.target_sizes(window, scale)
                     + audit.text_sizes(window, text_size, scale) + audit.keyboard_reach(window)
                     + audit.home_and_read_aloud(window) + audit.text_fits(window)
                     + audit.window_size(window))
            problems += [f"{size} {text_size} {name} {args}: {p}" for p in found]
            spoken = window.current.speech_parts()
            assert spoken and all(spoken), name
            assert (LONG_ZH if language == "zh_CN" else LONG_EN) in spoken, name
        window.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_home_with_four_kinds_fits_a_small_screen_in_xlarge(tmp_path, video, make_kiosk,
                                                            clock, language) -> None:
    install(tmp_path, video, ("pay-a", "smart_tech", {"topics": ("pay",)}),
            ("tai-chi", "health", {}), ("opera", "culture", {}), ("music-a", "hobbies", {}))
    window = open_kiosk(make_kiosk, clock, 1280, 800, language=language, text_size="xlarge")
    audit.settle(window)
    assert len(window.current.tiles) == 5  # three rows
    assert audit.text_fits(window) == []
    assert audit.window_size(window) == []


def test_a_course_card_says_how_far_the_learner_is(tmp_path, video, make_kiosk, clock) -> None:
    """The hook for "where the learner is": lessons learned (from the ledger) on the card."""
    install(tmp_path, video, ("pay-a", "smart_tech", {"topics": ("pay",), "lessons": 3}),
            ("pay-b", "smart_tech", {"topics": ("pay",), "lessons": 3}))
    window = open_kiosk(make_kiosk, clock)
    learned = {"pay-a": frozenset({"lesson-0"}),
               "pay-b": frozenset({"lesson-0", "lesson-1", "lesson-2"})}
    window.ctx.learned_lessons = lambda course_id: learned.get(course_id, frozenset())
    window.go("topic_pay")
    said = {w.objectName(): w.speech_parts()[1] for w in visible(window, "course_")}
    assert said == {"course_pay-a": "3 节课已学完 1 节 · 一共 1 分钟",
                    "course_pay-b": "✓ 3 节课都学完了"}


def test_every_lesson_of_the_demo_courses_is_four_taps_from_home(make_kiosk, clock,
                                                                qtbot) -> None:
    """The four demo courses as shipped (built by setup): every lesson, walked by taps."""
    from seniorlearn.core.courses import install_bundled
    from seniorlearn.core.paths import BUNDLED_PACKS_DIR

    library = CourseLibrary(Paths.from_env(), video_check=None)
    installed = install_bundled(library, BUNDLED_PACKS_DIR)
    assert {r.course.id for r in installed} >= {"smartphone-payment", "ride-hailing",
                                                 "hospital-booking", "blood-pressure"}
    window = make_kiosk()
    clock.now = time.time()
    window.library_did_open(library)
    assert list(window.current.tiles) == ["kind_smart_tech", "kind_health", "my_learning"]
    for course in library.courses():
        for lesson in course.lessons:
            assert walk_to_lesson(window, qtbot, course.id, lesson.id) <= 4, lesson.id
            assert (window.current.course.id, window.current.lesson.id) == (course.id,
                                                                             lesson.id)
    window.go("home")


def test_a_volunteer_imports_health_and_culture_from_a_stick_and_a_learner_plays_each(
        tmp_path, video, make_kiosk, clock, qtbot) -> None:
    """The issue's journey: two kinds new to the kiosk come on a USB stick through the import
    screen; home then shows both kinds, and each lesson plays after at most four taps."""
    stick = tmp_path / "media" / "volunteer" / "STICK" / "SENIORLEARN"
    kind_pack(stick / "bp", video, "bp-monitor", "health",
              topic=declared("heart", "心脏和血压", "Heart and blood pressure"))
    kind_pack(stick / "brush", video, "brush-writing", "culture")
    install(tmp_path, video, ("pay-a", "smart_tech", {"topics": ("pay",)}))
    window = open_kiosk(make_kiosk, clock)
    assert list(window.current.tiles) == ["topic_pay", "my_learning"]
    window.ctx.session.volunteer = True
    window.go("course_import")
    screen = window.current
    screen.mount_roots = (tmp_path / "media",)
    tap(qtbot, screen.look_again)
    for folder in ("bp", "brush"):
        tap(qtbot, find(window, f"import_{folder}"))
        assert "已安装完成" in screen.message.plain_text()
    window.ctx.session.volunteer = False
    window.go("home")
    assert list(window.current.tiles) == ["kind_smart_tech", "kind_health", "kind_culture",
                                          "my_learning"]
    for course_id in ("bp-monitor", "brush-writing"):
        assert walk_to_lesson(window, qtbot, course_id, "lesson-0") <= 4
        lesson = window.current
        assert lesson.course.id == course_id and lesson.player is not None
        qtbot.waitUntil(lambda s=lesson: s.player.position() > 0.3, timeout=8000)
    window.go("home")
