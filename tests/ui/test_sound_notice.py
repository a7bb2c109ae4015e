"""The no-sound notice in a real kiosk window, driven by the real sound probe: an ALSA
settings file decides whether the default output is missing (a card this machine lacks) or
a null device that opens."""

from __future__ import annotations

import shutil
import threading

import pytest
from PySide6.QtCore import Qt

from seniorlearn.adapters.audio import SoundWatch
from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.paths import Paths
from seniorlearn.core.security import PinStore
from seniorlearn.ui.screens import load_all
from seniorlearn.ui.screens.base import SCREENS
from tests.adapters.test_audio import MISSING_CARD, NULL_DEFAULT, alsa_env
from tests.ui import audit
from tests.ui.test_lesson_player import library, videos  # noqa: F401 - fixtures

load_all()
NO_SOUND_ZH = "现在没有声音，请告诉志愿者。"


@pytest.fixture
def alsa(tmp_path):
    """A kiosk's sound output that a test can take away and give back."""

    class Alsa:
        env = alsa_env(tmp_path, config=MISSING_CARD)

        def speakers_in(self) -> None:
            (tmp_path / "alsa.conf").write_text(NULL_DEFAULT)

        def speakers_out(self) -> None:
            (tmp_path / "alsa.conf").write_text(MISSING_CARD + "# out again\n")

    return Alsa()


@pytest.fixture
def kiosk_with_sound(make_kiosk, alsa):
    def build(*size, **settings):
        window = make_kiosk(*size, **settings)
        window.ctx.sound = SoundWatch(alsa.env)
        return window

    return build


def test_no_sound_shows_the_notice_and_it_goes_when_sound_is_back(kiosk_with_sound, alsa,
                                                                    qtbot) -> None:
    window = kiosk_with_sound()
    notice = window.sound_notice
    assert not notice.isVisible()
    window.start_sound_checks()
    assert notice.isVisible() and notice.plain_text() == NO_SOUND_ZH
    assert window.sound.state.value == "no_device"
    alsa.speakers_in()
    window.check_sound()
    assert not notice.isVisible()
    alsa.speakers_out()
    window.check_sound()
    assert notice.isVisible()


def test_the_notice_is_under_the_top_bar_and_read_first(kiosk_with_sound, qtbot,
                                                        speaker) -> None:
    window = kiosk_with_sound()
    window.check_sound()
    home = audit.window_rect(window, window.home_button)
    shown = audit.window_rect(window, window.sound_notice)
    assert not shown.intersects(home) and shown.top() >= home.bottom()
    assert shown.width() > window.width() // 2  # across the screen, not a corner badge
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    parts, _ = speaker.spoken[-1]
    assert parts[0] == NO_SOUND_ZH and parts[1] == "欢迎！今天您想学点什么？"


def test_read_aloud_with_no_sound_shows_the_notice_at_once(kiosk_with_sound, qtbot) -> None:
    window = kiosk_with_sound()  # never checked yet: nothing known about the sound
    assert not window.sound_notice.isVisible()
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    assert window.sound_notice.isVisible()


def test_a_sound_the_voice_could_not_play_shows_the_notice(make_kiosk, qtbot) -> None:
    window = make_kiosk()  # no probe at all: the voice's word is all there is
    thread = threading.Thread(target=lambda: window.sound_did_fail.emit(
        "aplay exited 1: audio open error: No such file or directory"))
    thread.start()
    thread.join()
    qtbot.waitUntil(window.sound_notice.isVisible, timeout=2000)


def test_the_periodic_check_finds_speakers_plugged_in(kiosk_with_sound, alsa, qtbot) -> None:
    window = kiosk_with_sound()
    window.sound_check.setInterval(50)
    window.start_sound_checks()
    assert window.sound_notice.isVisible()
    alsa.speakers_in()
    qtbot.waitUntil(lambda: not window.sound_notice.isVisible(), timeout=5000)


def test_english_notice(kiosk_with_sound) -> None:
    window = kiosk_with_sound(language="en")
    window.check_sound()
    assert window.sound_notice.plain_text() == ("There is no sound right now. "
                                                "Please tell a volunteer.")
    assert window.sound_notice.accessibleName() == window.sound_notice.plain_text()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("text_size", ["large", "xlarge"])
@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", sorted(set(SCREENS) - {"lesson"}))
def test_screens_with_the_notice_pass_the_audit(kiosk_with_sound, name, size, text_size,
                                                 language) -> None:
    if name == "pinpad":
        PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = kiosk_with_sound(*size, text_size=text_size, language=language)
    window.ctx.session.volunteer = SCREENS[name].volunteer_only
    window.library_did_open(CourseLibrary(Paths.from_env()))
    window.check_sound()
    window.go(name)
    assert window.sound_notice.isVisible() != SCREENS[name].volunteer_only
    audit.settle(window)
    scale = window.theme.metrics.scale
    problems = (audit.target_sizes(window, scale) + audit.text_sizes(window, text_size, scale)
                + audit.home_and_read_aloud(window) + audit.line_spacing(window)
                + audit.text_fits(window) + audit.window_size(window))
    assert problems == []


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the lesson video")
def test_a_lesson_started_with_no_sound_shows_the_notice(kiosk_with_sound, library,  # noqa: F811
                                                         qtbot) -> None:
    window = kiosk_with_sound(player_backend="vlc")
    window.ctx.library = library
    window.go("lesson", course_id="pay-basics", lesson_id="lesson2")
    assert window.current.name == "lesson"
    assert window.sound_notice.isVisible()
    assert window.ctx.sound.last.state.value == "no_device"
    window.go("home")


def test_the_volunteer_area_leaves_the_notice_to_the_sound_test(kiosk_with_sound) -> None:
    window = kiosk_with_sound(1280, 800)
    window.check_sound()
    window.ctx.session.volunteer = True
    window.go("volunteer")
    assert not window.sound_notice.isVisible()
    window.go("home")  # leaving the volunteer area: the learner is told again
    assert window.sound_notice.isVisible()


# ---------------------------------------------------------------- 测试声音 in Settings

@pytest.fixture
def voice(alsa):
    """The kiosk's real voice, played by the real aplay with the test's ALSA setup."""
    from seniorlearn.adapters.speech import EspeakSpeaker
    from tests.adapters.test_audio import aplay_with

    real = EspeakSpeaker(player=aplay_with(alsa.env))
    yield real
    real.shutdown()


def open_sound_test(window):
    window.ctx.session.volunteer = True
    window.go("settings")
    screen = window.current
    while not screen.sound_test.button.isVisible():
        screen.show_settings_page(+1)
    return screen


def test_the_sound_test_says_there_is_no_device_and_what_to_do(kiosk_with_sound, voice,
                                                                qtbot) -> None:
    window = kiosk_with_sound()
    window.ctx.speaker = voice
    screen = open_sound_test(window)
    assert screen.sound_test.button.text() == "测试声音"
    qtbot.mouseClick(screen.sound_test.button, Qt.MouseButton.LeftButton)
    said = screen.notice.plain_text()
    assert screen.notice.isVisible() and said.startswith("没有找到音箱或耳机")
    assert "插牢" in said and said in screen.speech_parts()
    assert screen.back.isVisible()
    assert window.sound.state.value == "no_device"
    qtbot.mouseClick(screen.back, Qt.MouseButton.LeftButton)
    assert screen.settings_page.isVisible()


def test_the_sound_test_plays_and_says_the_sound_works(kiosk_with_sound, voice, alsa,
                                                       qtbot) -> None:
    alsa.speakers_in()
    window = kiosk_with_sound(language="en")
    window.ctx.speaker = voice
    screen = open_sound_test(window)
    qtbot.mouseClick(screen.sound_test.button, Qt.MouseButton.LeftButton)
    assert screen.sound_test.result.not_played is None  # aplay played the whole sentence
    assert screen.notice.plain_text().startswith("The sound works.")
    assert screen.sound_test.button.isEnabled() and screen.sound_test.button.text() == (
        "Test the sound")


def test_the_sound_test_without_a_voice_says_so(kiosk_with_sound, qtbot) -> None:
    window = kiosk_with_sound()  # the fake speaker has no player to test
    screen = open_sound_test(window)
    qtbot.mouseClick(screen.sound_test.button, Qt.MouseButton.LeftButton)
    assert screen.notice.plain_text().startswith("朗读功能关着或者坏了")


def test_home_gives_the_notice_its_hint_line(kiosk_with_sound, alsa, qtbot) -> None:
    """With no sound, the notice says more than "tap a button"; the hint makes room."""
    window = kiosk_with_sound(1280, 800, text_size="xlarge", language="en")
    window.go("home")
    assert window.current.hint.isVisibleTo(window)
    window.check_sound()
    assert window.sound_notice.isVisible() and not window.current.hint.isVisibleTo(window)
    assert "Tap one of the big buttons" not in " ".join(window.current.speech_parts())
    alsa.speakers_in()
    window.check_sound()
    qtbot.waitUntil(lambda: not window.sound_notice.isVisible(), timeout=5000)
    assert window.current.hint.isVisibleTo(window)
