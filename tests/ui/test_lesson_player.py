"""The lesson screen with real playback on both backends (headless: VLC with dummy outputs,
Qt Multimedia offscreen), real H.264+AAC files made by ffmpeg, a real course pack folder."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from seniorlearn.core.models import Learner
from seniorlearn.core.playback import PlayerState
from tests.core.playback.packs import Library, make_course, make_lesson, make_video
from tests.ui import audit

BACKENDS = ["vlc", "qt"]


@pytest.fixture(scope="session")
def videos(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("videos")
    return {"short": make_video(root / "short.mp4", 3.5),
            "long": make_video(root / "long.mp4", 24)}


@pytest.fixture
def library(tmp_path: Path, videos: dict[str, Path]) -> Library:
    root = tmp_path / "pack"
    (root / "videos").mkdir(parents=True)
    shutil.copy(videos["long"], root / "videos" / "lesson1.mp4")
    shutil.copy(videos["short"], root / "videos" / "lesson2.mp4")
    lessons = [make_lesson(root, "lesson1", root / "videos" / "lesson1.mp4", 24),
               make_lesson(root, "lesson2", root / "videos" / "lesson2.mp4", 3.5)]
    return Library([make_course(root, lessons)])


@pytest.fixture
def open_lesson(make_kiosk, library: Library):
    def open_(backend: str, lesson_id: str = "lesson1", size=(1920, 1080), **settings):
        window = make_kiosk(*size, player_backend=backend, **settings)
        window.ctx.library = library
        window.go("lesson", course_id="pay-basics", lesson_id=lesson_id)
        return window, window.current

    return open_


def wait_playing(qtbot, screen, past: float = 0.3) -> None:
    qtbot.waitUntil(lambda: screen.player.state() == PlayerState.PLAYING
                    and screen.player.position() > past, timeout=8000)


def speed(qtbot, screen, seconds: float) -> float:
    """Video seconds per wall-clock second: a least-squares slope over samples every 100 ms
    (libvlc's clock moves in 250 ms steps, so two readings alone are too coarse)."""
    samples = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        samples.append((time.monotonic(), screen.player.position()))
        qtbot.wait(100)
    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_p = sum(p for _, p in samples) / n
    return (sum((t - mean_t) * (p - mean_p) for t, p in samples)
            / sum((t - mean_t) ** 2 for t, _ in samples))


def advance(qtbot, screen, seconds: float) -> float:
    """How far the video moved during ``seconds`` of wall-clock time."""
    start = screen.player.position()
    qtbot.wait(int(seconds * 1000))
    return screen.player.position() - start


@pytest.mark.parametrize("backend", BACKENDS)
def test_play_pause_back_and_slower(open_lesson, qtbot, backend) -> None:
    window, screen = open_lesson(backend)
    assert screen.player.backend == backend
    wait_playing(qtbot, screen)
    assert screen.keeps_awake
    # It moves (libvlc's clock steps 250 ms; a loaded machine may show only half a second).
    assert advance(qtbot, screen, 1.0) > 0.25
    assert screen.subtitles.text().startswith("第")
    assert screen.step_label.text().startswith("第1步")

    qtbot.mouseClick(screen.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.player.state() == PlayerState.PAUSED, timeout=3000)
    qtbot.wait(300)
    assert abs(advance(qtbot, screen, 0.8)) < 0.05
    assert not screen.keeps_awake
    assert screen.play_button.plain_text() == "播放"

    screen.seek(15.0)
    qtbot.waitUntil(lambda: abs(screen.player.position() - 15.0) < 0.6, timeout=3000)
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: abs(screen.player.position() - 5.0) < 0.6, timeout=3000)

    qtbot.mouseClick(screen.play_button, Qt.MouseButton.LeftButton)
    wait_playing(qtbot, screen, past=5.2)
    normal = speed(qtbot, screen, 2.0)
    qtbot.mouseClick(screen.slower_button, Qt.MouseButton.LeftButton)
    assert screen.player.rate() == 0.75
    qtbot.wait(300)
    slow = speed(qtbot, screen, 2.0)
    # 0.75 asked; a loaded machine slows normal playback more than slow playback (a clean-root
    # run measured 0.88 and 0.75: 0.85), and an unchanged speed would give 1.0.
    assert 0.65 < slow / normal < 0.9, (slow, normal)
    assert screen.slower_button.text().startswith("✓")


@pytest.mark.parametrize("backend", BACKENDS)
def test_end_page_and_reported_segments(open_lesson, qtbot, backend, speaker) -> None:
    window, screen = open_lesson(backend, "lesson2")
    wait_playing(qtbot, screen, past=0.1)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.end_page, timeout=8000)
    assert screen.end_label.text() == "这一课学完了"
    assert speaker.spoken[-1][0][1] == "这一课学完了"
    assert not screen.keeps_awake
    segments = window.ctx.reporter.segments
    assert segments and segments[-1].end_s > 2.5 and segments[0].lesson_id == "lesson2"
    assert segments[-1].ended_at >= segments[-1].started_at
    # The last lesson of the course: "next" goes back to the lesson list.
    assert screen.next_button.plain_text() == "回到课程列表"
    qtbot.mouseClick(screen.again_button, Qt.MouseButton.LeftButton)
    wait_playing(qtbot, screen, past=0.1)
    window.go("home")


@pytest.mark.parametrize("backend", BACKENDS)
def test_damaged_file_shows_the_error_and_returns_to_the_course(
        open_lesson, library, qtbot, backend, speaker, caplog) -> None:
    video = library.courses_[0].root / "videos" / "lesson1.mp4"
    data = video.read_bytes()
    video.write_bytes(data[: len(data) // 5])
    window, screen = open_lesson(backend)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.error_page, timeout=8000)
    sentence = "这节课暂时无法播放，请告诉志愿者"
    assert screen.error_label.text().startswith(sentence)
    assert speaker.spoken[-1][0][1].startswith(sentence)
    assert "lesson lesson1 cannot be played" in caplog.text
    qtbot.mouseClick(screen.error_back_button, Qt.MouseButton.LeftButton)
    assert window.current.name == "course"


@pytest.mark.parametrize("backend", BACKENDS)
def test_file_removed_while_playing(open_lesson, library, qtbot, backend) -> None:
    window, screen = open_lesson(backend)
    wait_playing(qtbot, screen)
    (library.courses_[0].root / "videos" / "lesson1.mp4").unlink()
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.error_page, timeout=4000)


@pytest.mark.parametrize("backend", BACKENDS)
def test_leaving_stops_and_frees_the_media(open_lesson, qtbot, backend) -> None:
    window, screen = open_lesson(backend)
    wait_playing(qtbot, screen)
    player = screen.player
    window.go("home")
    assert player.state() == PlayerState.IDLE
    if backend == "vlc":
        assert player.media_player is None and player.released == 1
    else:
        assert player.media_player.source().isEmpty()
    assert not screen.timer.isActive()
    assert window.ctx.positions.get(None, "pay-basics", "lesson1") > 0.3


def test_missing_file_and_unknown_lesson(open_lesson, library, qtbot) -> None:
    (library.courses_[0].root / "videos" / "lesson1.mp4").unlink()
    window, screen = open_lesson("vlc")
    assert screen.pages.currentWidget() is screen.error_page
    window.go("lesson", course_id="pay-basics", lesson_id="nope")
    assert screen.pages.currentWidget() is screen.error_page
    qtbot.mouseClick(screen.error_back_button, Qt.MouseButton.LeftButton)
    assert window.current.name == "course"


def test_resume_is_offered_to_the_same_person_only(open_lesson, qtbot, speaker) -> None:
    window, screen = open_lesson("vlc", "lesson2")
    window.go("home")
    positions = window.ctx.positions
    positions.remember(None, "pay-basics", "lesson1", 12.0)
    positions.remember(7, "pay-basics", "lesson1", 3.0)
    window.go("lesson", course_id="pay-basics", lesson_id="lesson1")
    assert screen.pages.currentWidget() is screen.resume_page
    assert screen.player.state() == PlayerState.IDLE
    spoken = speaker.spoken[-1][0]
    assert "从上次的地方继续" in spoken and "从头开始" in spoken
    assert screen.resume_label.text() == "上次您看到“第3步：打开手机，找到第3个图标”，要接着看吗？"
    qtbot.mouseClick(screen.continue_button, Qt.MouseButton.LeftButton)
    wait_playing(qtbot, screen, past=12.0)
    window.go("home")
    # A learner who signed in gets their own place (3 s: too early to ask).
    window.ctx.session.sign_in(Learner("7", "王秀英"))
    window.go("lesson", course_id="pay-basics", lesson_id="lesson1")
    assert screen.pages.currentWidget() is screen.player_page
    window.go("home")
    window.ctx.session.sign_out()
    assert positions.get(None, "pay-basics", "lesson1") is None
    window.go("lesson", course_id="pay-basics", lesson_id="lesson1")
    assert screen.pages.currentWidget() is screen.player_page


def test_keyboard_steps_and_read_aloud(open_lesson, qtbot, speaker) -> None:
    window, screen = open_lesson("qt")
    wait_playing(qtbot, screen)
    qtbot.keyClick(screen.play_button, Qt.Key.Key_Space)
    assert screen.player.state() == PlayerState.PAUSED
    qtbot.keyClick(screen.play_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: screen.player.state() == PlayerState.PLAYING, timeout=3000)
    qtbot.keyClick(screen.play_button, Qt.Key.Key_Down)
    assert screen.volume == 70
    qtbot.mouseClick(screen.steps_button, Qt.MouseButton.LeftButton)
    assert screen.player.state() == PlayerState.PAUSED
    rows = screen.steps_list.shown
    assert len(rows) == 4, "all four steps fit one page at 1920x1080"
    qtbot.mouseClick(rows[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.player.position() >= 10.0, timeout=4000)
    assert screen.step_label.text().startswith("第3步")
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    assert screen.player.state() == PlayerState.PAUSED
    parts = speaker.spoken[-1][0]
    assert parts[0] == "第1课 扫码付款"[:0] + screen.title_label.text()
    assert parts[1].startswith("第3步") and "后退10秒" in parts and "步骤" in parts


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)], ids=str)
@pytest.mark.parametrize("text_size", ["large", "xlarge"])
def test_playing_lesson_passes_the_audit(open_lesson, qtbot, size, text_size) -> None:
    window, screen = open_lesson("vlc", size=size, text_size=text_size, language="en")
    wait_playing(qtbot, screen, past=0.1)
    window.layout().activate()
    scale = window.theme.metrics.scale
    problems = (audit.accessible_names(window) + audit.target_sizes(window, scale)
                + audit.text_sizes(window, text_size, scale) + audit.keyboard_reach(window)
                + audit.line_spacing(window))
    assert problems == []
    assert screen.subtitles.fontInfo().pixelSize() >= 40
    assert all(b.height() >= 96 for b in (screen.play_button, screen.back_button,
                                          screen.steps_button, screen.louder_button))
    # Nothing of the lesson screen pushes the window past the display (pages included).
    qtbot.mouseClick(screen.steps_button, Qt.MouseButton.LeftButton)
    window.layout().activate()
    assert window.height() == size[1]
    assert screen.minimumSizeHint().width() <= size[0]
    window.go("home")


def test_a_real_imported_pack_plays_to_the_end_and_on_to_the_next_lesson(
        make_kiosk, qtbot, tmp_path, videos, data_home) -> None:
    """The real course library (seniorlearn.core.courses): import a pack, play lesson one
    to its end page, then "next lesson" plays lesson two."""
    from seniorlearn.core.courses import CourseLibrary
    from seniorlearn.core.paths import Paths
    from tests.core.courses.packs import make_pack, write_manifest

    pack = tmp_path / "pack"
    manifest = make_pack(pack, videos["short"].read_bytes(), lessons=2)
    for lesson in manifest["lessons"]:
        lesson["video"]["duration_s"] = 3.5
    write_manifest(pack, manifest)
    library = CourseLibrary(Paths.from_env())
    library.import_pack(pack)
    window = make_kiosk(player_backend="vlc")
    window.ctx.library = library
    window.go("lesson", course_id="demo-course", lesson_id="lesson-0")
    screen = window.current
    wait_playing(qtbot, screen, past=0.1)
    qtbot.waitUntil(lambda: screen.subtitles.text() == "先看屏幕上方。", timeout=1000)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.end_page, timeout=8000)
    assert screen.next_button.plain_text() == "下一课"
    qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
    assert screen.lesson.id == "lesson-1"
    wait_playing(qtbot, screen, past=0.1)
    window.go("home")


def test_a_paused_lesson_lets_the_idle_question_in_and_comes_back_paused(
        open_lesson, qtbot) -> None:
    window, screen = open_lesson("vlc")
    wait_playing(qtbot, screen, past=1.0)
    window.on_idle()
    assert window.current is screen, "a playing lesson holds off the idle question"
    qtbot.mouseClick(screen.play_button, Qt.MouseButton.LeftButton)
    place = screen.player.position()
    window.on_idle()
    assert window.current.name == "idle"
    assert screen.player.state() == PlayerState.IDLE and screen.player.released == 1
    window.resume("lesson")
    qtbot.waitUntil(lambda: screen.player.state() == PlayerState.PAUSED, timeout=5000)
    assert abs(screen.player.position() - place) < 1.0
    assert not screen.keeps_awake
