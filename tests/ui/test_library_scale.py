"""Hundreds of courses (issue 13): generated real packs, a home that still shows four kinds,
every topic reachable, and a USB stick of 200 packs listed while the screen keeps ticking."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.courses.catalogue import catalogue_of
from seniorlearn.core.paths import Paths
from tests.core.courses.many import PER_TOPIC, write_packs


def test_three_hundred_courses_arrange_into_four_kinds_and_every_topic_opens(
        tmp_path, make_kiosk, clock) -> None:
    library = CourseLibrary(Paths.from_env(), video_check=None)
    for pack in write_packs(tmp_path / "packs", 300):
        library.import_pack(pack)
    clock.now = time.time()
    window = make_kiosk()
    window.library_did_open(library)
    assert list(window.current.tiles) == ["kind_smart_tech", "kind_health", "kind_culture",
                                          "kind_hobbies", "my_learning"]
    catalogue = catalogue_of(library, clock.now)
    assert sum(len(t.courses) for k in catalogue.kinds for t in k.topics) == 300
    assert len(catalogue.new) == 300
    for kind in catalogue.kinds:
        window.go("kind", kind_id=kind.id)
        assert window.current.kind == kind
        for topic in kind.topics:
            assert len(topic.courses) <= PER_TOPIC
            window.go("topic", topic_id=topic.id)
            assert window.current.title_label.plain_text() == topic.title["zh_CN"]
            assert len(window.current.courses) == len(topic.courses)


def test_a_stick_of_200_packs_is_listed_without_freezing_the_screen(tmp_path, make_kiosk,
                                                                    qtbot) -> None:
    from seniorlearn.ui.tasks import TaskRunner

    mount = tmp_path / "media"
    list(write_packs(mount / "stick" / "SENIORLEARN", 200, prefix="stick"))
    window = make_kiosk()
    runner = TaskRunner()
    window.ctx.run_task = runner.run
    window.library_did_open(CourseLibrary(Paths.from_env(), video_check=None))
    window.ctx.session.volunteer = True
    screen = window.screen_widget("course_import")
    screen.mount_roots = (mount,)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    window.go("course_import")
    qtbot.waitUntil(lambda: len(screen.list.factories) == 200, timeout=20_000)
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert ticks and max(gaps, default=0) < 0.25, f"the screen froze for {max(gaps):.2f} s"
    runner.shutdown()
