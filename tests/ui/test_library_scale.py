"""Hundreds of courses (issue 13): generated real packs, a home that still shows four kinds,
every topic reachable, and a USB stick of 200 packs listed while the screen keeps ticking."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.courses.catalogue import catalogue_of
from seniorlearn.core.paths import Paths
from seniorlearn.ui.screens.courses import MOST_CARDS
from tests.core.courses.many import PER_TOPIC, write_packs


def installed(tmp_path, count: int) -> CourseLibrary:
    """A library of ``count`` generated packs (see tests/core/courses/many.py)."""
    library = CourseLibrary(Paths.from_env(), video_check=None)
    for pack in write_packs(tmp_path / "packs", count):
        library.import_pack(pack)
    return library


def test_three_hundred_courses_arrange_into_four_kinds_and_every_topic_opens(
        tmp_path, make_kiosk, clock) -> None:
    library = installed(tmp_path, 300)
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


@pytest.mark.parametrize("size, text_size, language, no_sound", [
    ((1920, 1080), "large", "zh_CN", False), ((1280, 800), "large", "zh_CN", False),
    ((1280, 800), "xlarge", "en", False), ((1280, 800), "large", "zh_CN", True)])
def test_a_topic_of_twenty_courses_shows_as_many_cards_a_page_as_fit(
        tmp_path, make_kiosk, clock, size, text_size, language, no_sound) -> None:
    """A topic's course cards (each with its picture) a page: as many as fit, and more than
    one, at 1280x800 in 特大 too and under the no-sound notice (one a page made a topic of
    twenty courses twenty pages)."""
    from tests.ui import audit

    library = installed(tmp_path, 100)
    clock.now = time.time()
    window = make_kiosk(*size, text_size=text_size, language=language)
    window.library_did_open(library)
    if no_sound:
        window.sound_did_fail.emit("aplay exited 1: audio open error: No such file or directory")
        QApplication.processEvents()
        assert window.sound_notice.isVisible()
    topic = catalogue_of(library, clock.now).kinds[1].topics[0]
    assert len(topic.courses) == 20
    window.go("topic", topic_id=topic.id)
    screen, cards = window.current, window.current.list
    assert all(not card.picture.pixmap().isNull() for card in cards.shown)
    assert screen.fits() and len(cards.shown) >= 2
    assert cards.pages == -(-len(topic.courses) // cards.per_page)
    if cards.per_page < MOST_CARDS:  # one more would not fit
        cards.per_page += 1
        cards._show(0)
        assert not screen.fits()
        screen.refit()
    window.layout().activate()
    QApplication.processEvents()
    window.layout().activate()
    scale = window.theme.metrics.scale
    assert (audit.accessible_names(window) + audit.target_sizes(window, scale)
            + audit.text_sizes(window, text_size, scale) + audit.text_fits(window)
            + audit.window_size(window)) == []


def test_pictures_are_decoded_once_and_kept_within_bounds(tmp_path, make_kiosk, clock,
                                                          monkeypatch) -> None:
    from seniorlearn.ui.screens import courses
    from tests.core.courses.many import png

    library = installed(tmp_path, 30)
    clock.now = time.time()
    window = make_kiosk()
    window.library_did_open(library)
    catalogue = catalogue_of(library, clock.now)
    topic, other = catalogue.kinds[0].topics[0], catalogue.kinds[1].topics[0]
    kept = courses.Thumbnails(most=100)
    monkeypatch.setattr(courses, "THUMBNAILS", kept)
    window.go("topic", topic_id=topic.id)
    cards = list(window.current.list.shown)
    assert len(kept) == len(topic.courses) and all(card.image.cacheKey() for card in cards)
    window.go("topic", topic_id=other.id)  # the screen shows another topic's cards meanwhile
    assert len(kept) == len(topic.courses) + len(other.courses)
    window.go("topic", topic_id=topic.id)
    again = window.current.list.shown
    assert not set(again) & set(cards)  # new cards, the same pictures: none decoded again
    assert [c.image.cacheKey() for c in again] == [c.image.cacheKey() for c in cards]

    picture = tmp_path / "big.png"
    picture.write_bytes(png(1280, 720, (200, 30, 30)))
    small = courses.Thumbnails(most=2)
    big = small.image(picture)
    assert (big.width(), big.height()) == (2 * courses.THUMB_W, 2 * courses.THUMB_H)
    assert small.image(picture).cacheKey() == big.cacheKey()
    picture.write_bytes(png(64, 36, (30, 200, 30)))  # changed: its size tells
    assert small.image(picture).width() == 64
    for n in range(3):
        (tmp_path / f"{n}.png").write_bytes(png(8, 8, (n, n, n)))
        small.image(tmp_path / f"{n}.png")
    assert len(small) == 2
    assert small.image(tmp_path / "gone.png").isNull()
