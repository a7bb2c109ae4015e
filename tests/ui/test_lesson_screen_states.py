"""What the lesson screen shows while a demo lesson plays, on both backends, with the real
demo course packs (courses_offline/packs): the seek bar and the time in words, the step
line from the introduction on, the paused state and a tap on the picture, the steps list,
the resume question, the end page, the volume level and 朗读's pause and resume."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.paths import Paths
from seniorlearn.core.playback import PlayerState
from seniorlearn.ui.player.widgets import StepRow
from tests.conftest import copy_installed
from tests.ui import audit
from tests.ui.test_lesson_player import wait_playing

BACKENDS = ["vlc", "qt"]
COURSE = "smartphone-payment"
# scan-to-pay: 100 s, step 1 at 10.1 s, step 2 "第二步：对准二维码" at 18.1 s, 6 steps.


@pytest.fixture
def demo_library(data_home, installed_demo_courses) -> CourseLibrary:
    copy_installed(installed_demo_courses, data_home)
    return CourseLibrary(Paths.from_env())


@pytest.fixture
def open_demo(make_kiosk, demo_library):
    def open_(backend: str, lesson_id: str = "scan-to-pay", size=(1920, 1080), **settings):
        window = make_kiosk(*size, player_backend=backend, **settings)
        window.ctx.library = demo_library
        window.go("lesson", course_id=COURSE, lesson_id=lesson_id)
        return window, window.current

    return open_


def tap_picture(window, screen, where: QPoint | None = None) -> None:
    """A press on the picture as the window system delivers it (to the window, not a
    chosen widget), so the screen's tap filter sees what a finger would send."""
    frame = screen.video_frame
    point = frame.mapTo(window, where if where is not None else QPoint(20, 20))
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, point)


@pytest.mark.parametrize("backend", BACKENDS)
def test_progress_and_step_line_from_the_introduction_on(open_demo, qtbot, backend) -> None:
    window, screen = open_demo(backend)
    wait_playing(qtbot, screen, past=0.5)
    # Before step 1 (10.1 s) the line says so, instead of naming step 1.
    assert screen.step_label.text() == "开头介绍，后面共6步"
    qtbot.waitUntil(lambda: screen.time_label.text().endswith("秒 / 共 1 分 40 秒"),
                    timeout=3000)
    assert screen.time_label.text().split(" / ")[0] in {"0 秒", "1 秒", "2 秒", "3 秒"}
    assert screen.seek_bar.accessibleName().startswith("播放进度：")
    assert screen.time_label.text() in screen.speech_parts()

    # A tap at the middle of the bar: the lesson goes to 50 s, step 4 (38.9 s) showing.
    bar = screen.seek_bar
    track = bar._track()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=QPoint(round(track.left() + track.width() / 2), bar.height() // 2))
    qtbot.waitUntil(lambda: 49.0 < screen.player.position() < 52.0, timeout=4000)
    qtbot.waitUntil(lambda: screen.time_label.text().startswith("5"), timeout=3000)
    assert 0.48 < bar.fraction < 0.53
    assert screen.step_label.text() == "第四步：输入金额（共6步）"
    assert screen.player.state() == PlayerState.PLAYING

    screen.seek(19.0)
    qtbot.waitUntil(lambda: screen.step_label.text() == "第二步：对准二维码（共6步）",
                    timeout=3000)
    window.toggle_language()
    qtbot.waitUntil(lambda: " of 1 min 40 s" in screen.time_label.text(), timeout=3000)
    window.go("home")


@pytest.mark.parametrize("backend", BACKENDS)
def test_paused_shows_the_sign_and_a_tap_on_the_picture_toggles(open_demo, qtbot,
                                                                backend) -> None:
    window, screen = open_demo(backend)
    wait_playing(qtbot, screen, past=0.5)
    assert not screen.paused_badge.isVisible()
    tap_picture(window, screen)
    qtbot.waitUntil(lambda: screen.player.state() == PlayerState.PAUSED, timeout=3000)
    badge = screen.paused_badge
    assert badge.isVisible() and badge.label.text() == "已暂停，点一下画面接着看"
    # Over the middle of the picture, whatever widget it hangs from.
    frame_centre = screen.video_frame.mapToGlobal(screen.video_frame.rect().center())
    assert (badge.mapToGlobal(badge.rect().center()) - frame_centre).manhattanLength() <= 2
    assert "已暂停，点一下画面接着看" in screen.speech_parts()
    qtbot.wait(600)  # a second tap, not a double tap
    tap_picture(window, screen, where=screen.video_frame.rect().center())  # on the sign
    qtbot.waitUntil(lambda: screen.player.state() == PlayerState.PLAYING, timeout=3000)
    assert not badge.isVisible()
    # Off the player page the picture is gone, and so is the sign.
    qtbot.mouseClick(screen.steps_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.player.state() == PlayerState.PAUSED, timeout=3000)
    assert not badge.isVisible()
    window.go("home")
    assert not badge.isVisible()


def test_a_tap_elsewhere_does_not_toggle(open_demo, qtbot) -> None:
    window, screen = open_demo("vlc")
    wait_playing(qtbot, screen, past=0.5)
    point = screen.subtitles.mapTo(window, screen.subtitles.rect().center())
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, point)
    qtbot.wait(400)
    assert screen.player.state() == PlayerState.PLAYING
    window.go("home")


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)], ids=str)
def test_steps_open_at_the_step_playing_marked_and_numbered_once(open_demo, qtbot,
                                                                  size) -> None:
    window, screen = open_demo("vlc", "payment-code", size=size)
    wait_playing(qtbot, screen, past=0.3)
    screen.seek(53.5)  # 第四步：看金额对不对 (52.7 s), the 4th of 5
    qtbot.waitUntil(lambda: screen.step_label.text().startswith("第四步"), timeout=3000)
    qtbot.mouseClick(screen.steps_button, Qt.MouseButton.LeftButton)
    steps = screen.steps_list
    rows = [row for row in steps.shown if isinstance(row, StepRow)]
    marked = [row for row in rows if row.current]
    assert len(marked) == 1 and marked[0].label.text() == "第四步：看金额对不对"
    assert marked[0].tag.text() == "正在看"
    assert marked[0].hasFocus()
    assert all(not row.label.text().startswith(("1.", "4.")) and "(" not in row.label.text()
               for row in rows)
    assert "正在看" in screen.speech_parts()
    # As many steps a page as fit: one more would not, unless all are shown already.
    assert screen.fits()
    if steps.per_page < len(steps.factories):
        steps.per_page += 1
        steps._show(steps.anchor // steps.per_page)
        assert not screen.fits()
        steps.fit(screen.fits)
    if size == (1920, 1080):
        assert steps.per_page >= 4, "a 1080-line screen has room for more than three steps"
    window.layout().activate()
    assert window.height() == size[1]
    qtbot.mouseClick(marked[0] if marked[0].parent() else rows[0], Qt.MouseButton.LeftButton)
    window.go("home")


@pytest.mark.parametrize("place, question", [
    (35.0, "上次您看到“第二步：点收付款”，要接着看吗？"),
    (15.0, "上次您看到开头的介绍，要接着看吗？"),
])
def test_the_resume_question_names_the_step(open_demo, qtbot, speaker, place,
                                           question) -> None:
    window, screen = open_demo("vlc", "payment-code")
    window.go("home")
    window.ctx.positions.remember(None, COURSE, "payment-code", place)
    window.go("lesson", course_id=COURSE, lesson_id="payment-code")
    assert screen.pages.currentWidget() is screen.resume_page
    assert screen.resume_label.text() == question
    assert speaker.spoken[-1][0][1] == question
    assert not screen.step_label.isVisible()
    window.toggle_language()
    assert screen.resume_label.text().startswith("Last time you were watching")
    window.go("home")


def test_the_end_page_leads_with_the_next_lesson(open_demo, qtbot, speaker) -> None:
    window, screen = open_demo("vlc", "scan-to-pay")
    wait_playing(qtbot, screen, past=0.3)
    screen.seek(98.5)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.end_page, timeout=8000)
    column = screen.next_button.parentWidget().layout()
    order = [column.itemAt(i).widget() for i in range(column.count())
             if column.itemAt(i).widget() in (screen.next_button, screen.again_button,
                                              screen.end_home_button)]
    assert order == [screen.next_button, screen.again_button, screen.end_home_button]
    assert screen.next_button.plain_text() == "下一课"
    assert screen.next_button.property("kind") == "primary"
    assert screen.again_button.property("kind") == "secondary"
    assert screen.next_button.hasFocus()
    spoken = speaker.spoken[-1][0]
    assert spoken.index("下一课") < spoken.index("再看一遍")
    assert audit.keyboard_reach(window) == []
    order = audit.tab_order(window)
    assert order.index(screen.next_button) < order.index(screen.again_button)
    # The course's last lesson: 再看一遍 leads, the way back to the list comes second.
    window.go("lesson", course_id=COURSE, lesson_id="stay-safe")
    wait_playing(qtbot, screen, past=0.3)
    screen.seek(screen.lesson.duration_s - 1.0)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.end_page, timeout=8000)
    assert screen.again_button.property("kind") == "primary" and screen.again_button.hasFocus()
    assert screen.next_button.plain_text() == "回到课程列表"
    assert speaker.spoken[-1][0].index("再看一遍") < speaker.spoken[-1][0].index("回到课程列表")
    window.go("home")


def test_volume_is_shown_as_a_level_and_said(open_demo, qtbot, speaker) -> None:
    window, screen = open_demo("qt")
    wait_playing(qtbot, screen, past=0.3)
    assert screen.subtitles.isVisible() and not screen.volume_level.isVisible()
    qtbot.mouseClick(screen.quieter_button, Qt.MouseButton.LeftButton)
    assert screen.volume_level.isVisible() and not screen.subtitles.isVisible()
    assert screen.volume_level.label.text() == "音量 7/10"
    assert screen.volume_level.bars.level == 7
    assert speaker.spoken[-1][0] == ["音量 7/10"]
    assert screen.player.audio.volume() == pytest.approx(0.7)
    for _ in range(12):
        qtbot.mouseClick(screen.louder_button, Qt.MouseButton.LeftButton)
    assert screen.volume_level.label.text() == "音量 10/10"
    assert "音量 10/10" in screen.speech_parts()
    screen.volume_shown.timeout.emit()  # the few seconds are up (no waiting in a test)
    assert screen.subtitles.isVisible() and not screen.volume_level.isVisible()
    window.toggle_language()
    assert screen.volume_level.label.text() == "Volume 10 of 10"
    window.go("home")


@pytest.mark.parametrize("backend", BACKENDS)
def test_read_aloud_pauses_then_plays_on_when_the_reading_ends(open_demo, qtbot, speaker,
                                                               backend) -> None:
    window, screen = open_demo(backend)

    def becomes(state: PlayerState) -> None:  # libvlc pauses and plays on its own thread
        qtbot.waitUntil(lambda: screen.player.state() == state, timeout=3000)

    wait_playing(qtbot, screen, past=0.5)
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    becomes(PlayerState.PAUSED)
    assert "已暂停，点一下画面接着看" not in speaker.spoken[-1][0]  # it will play on
    speaker.finish()  # the voice reached the end
    becomes(PlayerState.PLAYING)

    # A reading replaced by a newer one does not resume; the newer one's end does.
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    becomes(PlayerState.PAUSED)
    speaker.finish("stopped")
    qtbot.wait(300)
    assert screen.player.state() == PlayerState.PAUSED
    speaker.finish("failed")  # cannot be heard: play on at once
    becomes(PlayerState.PLAYING)

    # The learner pressed Pause while the voice read: the video stays paused after it.
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    becomes(PlayerState.PAUSED)
    qtbot.mouseClick(screen.play_button, Qt.MouseButton.LeftButton)
    becomes(PlayerState.PLAYING)
    qtbot.mouseClick(screen.play_button, Qt.MouseButton.LeftButton)
    becomes(PlayerState.PAUSED)
    speaker.finish()
    qtbot.wait(300)
    assert screen.player.state() == PlayerState.PAUSED
    window.go("home")


def test_read_aloud_with_a_voice_that_ends_at_once(open_demo, qtbot) -> None:
    """The silent speaker (speech off) ends every reading as it starts: no stuck pause."""
    from seniorlearn.core.speech import SilentSpeaker

    window, screen = open_demo("vlc")
    window.ctx.speaker = SilentSpeaker()
    wait_playing(qtbot, screen, past=0.5)
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.player.state() == PlayerState.PLAYING, timeout=3000)
    window.go("home")


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)], ids=str)
@pytest.mark.parametrize("text_size", ["large", "xlarge"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_lesson_state_passes_the_audit(open_demo, qtbot, size, text_size,
                                             language) -> None:
    window, screen = open_demo("vlc", size=size, text_size=text_size, language=language)
    wait_playing(qtbot, screen, past=0.3)
    scale = window.theme.metrics.scale

    def problems() -> list[str]:
        window.layout().activate()
        return (audit.accessible_names(window) + audit.target_sizes(window, scale)
                + audit.text_sizes(window, text_size, scale) + audit.keyboard_reach(window)
                + audit.line_spacing(window) + audit.window_size(window))

    screen.seek(20.0)
    qtbot.waitUntil(lambda: screen.player.position() > 19.5, timeout=4000)
    screen.pause()
    assert screen.paused_badge.isVisible()
    assert problems() == []
    screen.change_volume(-10)
    assert problems() == []
    screen.show_steps()
    assert problems() == []
    window.go("home")
    window.go("lesson", course_id=COURSE, lesson_id="scan-to-pay")
    assert screen.pages.currentWidget() is screen.resume_page
    assert problems() == []
    screen.start_over()
    wait_playing(qtbot, screen, past=0.3)
    screen.seek(98.5)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.end_page, timeout=8000)
    assert problems() == []
    window.go("home")
