"""The kiosk shell driven like a person would: taps, keys and time passing."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from seniorlearn.core.i18n import current_language
from seniorlearn.core.models import Learner
from seniorlearn.ui.shell import IdleWatcher


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_home_tiles_lead_to_screens_that_say_why_and_lead_back(make_kiosk, qtbot) -> None:
    from seniorlearn.core.courses import CourseLibrary
    from seniorlearn.core.paths import Paths

    window = make_kiosk()
    window.library_did_open(CourseLibrary(Paths.from_env()))  # open, and empty
    home = window.current
    for target, tile in home.tiles.items():
        tap(qtbot, tile)
        assert window.current.name == target
        said = " ".join(window.current.speech_parts())
        assert "志愿者" in said or "选一个主题" in said  # what to do, never a promise
        tap(qtbot, window.current.back)
        assert window.current.name == "home"


def test_home_button_works_from_every_screen(make_kiosk, qtbot) -> None:
    from seniorlearn.ui.screens import load_all
    from seniorlearn.ui.screens.base import SCREENS

    load_all()

    window = make_kiosk()
    for name in SCREENS:
        window.go(name)
        tap(qtbot, window.home_button)
        assert window.current.name == "home", name


def test_read_aloud_reads_title_text_then_buttons_in_order(make_kiosk, qtbot, speaker) -> None:
    window = make_kiosk()
    tap(qtbot, window.read_button)
    parts, language = speaker.spoken[-1]
    assert language == "zh_CN"
    assert parts[:2] == ["欢迎！今天您想学点什么？", "请点一下下面的大按钮。"]
    assert parts[2:] == ["智能手机支付", "付款码、扫码付款、防止上当受骗", "网约车出行",
                         "叫车、核对车牌、付车费", "网上预约挂号", "选医院、选医生、就诊提醒",
                         "我的学习", "接着看没看完的课"]


def test_navigation_stops_reading(make_kiosk, qtbot, speaker) -> None:
    window = make_kiosk()
    before = speaker.stops
    tap(qtbot, window.current.tiles["topic_pay"])
    assert speaker.stops == before + 1


def test_language_toggle_changes_screen_and_voice(make_kiosk, qtbot, speaker) -> None:
    window = make_kiosk()
    assert window.language_button.text() == "English"
    tap(qtbot, window.language_button)
    assert current_language() == "en"
    assert window.home_button.text() == "Home"
    assert window.current.title_label.plain_text() == "Hello! What would you like to learn today?"
    assert window.language_button.text() == "中文"
    tap(qtbot, window.read_button)
    parts, language = speaker.spoken[-1]
    assert language == "en" and parts[0].startswith("Hello")
    tap(qtbot, window.language_button)
    assert window.home_button.text() == "回首页"


def test_text_size_toggle_makes_text_bigger(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    hint = window.current.hint
    before = hint.fontInfo().pixelSize()
    tap(qtbot, window.size_button)
    assert window.size_button.text() == "字号：特大"
    assert hint.fontInfo().pixelSize() >= 32 > before


def test_high_contrast_setting_recolours_the_kiosk(make_kiosk) -> None:
    window = make_kiosk(theme="high_contrast")
    assert window.theme.palette.background == "#000000"
    assert "#000000" in QApplication.instance().styleSheet()


def test_lockdown_swallows_escape_close_and_context_menu(make_kiosk, qtbot) -> None:
    window = make_kiosk(locked_down=True)
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.cursor().pixmap().width() >= 48
    window.close()
    assert window.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
    assert QApplication.instance().notify(window.current, event) is True  # eaten
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert window.isVisible()


def test_windowed_mode_can_be_closed(make_kiosk) -> None:
    window = make_kiosk(locked_down=False)
    window.close()
    assert not window.isVisible()


def test_every_control_is_reachable_with_tab(make_kiosk, qtbot) -> None:
    from tests.ui.audit import tab_order

    window = make_kiosk()
    seen = set(tab_order(window))
    wanted = {window.home_button, window.read_button, window.size_button,
              window.language_button, *window.current.tiles.values()}
    assert wanted <= seen


def test_idle_asks_then_resets_everything_for_the_next_person(make_kiosk, qtbot, speaker) -> None:
    window = make_kiosk(idle_timeout_seconds=30, idle_warning_seconds=20)
    tap(qtbot, window.language_button)
    tap(qtbot, window.size_button)
    tap(qtbot, window.current.tiles["topic_ride"])
    window.ctx.session.sign_in(Learner("7", "王秀英"))
    window.on_idle()
    idle = window.current
    assert idle.name == "idle"
    assert "20" in idle.countdown.plain_text()
    for _ in range(19):
        idle._tick()
    assert window.current.name == "idle"
    idle._tick()
    assert window.current.name == "home"
    assert window.ctx.session.learner_id is None
    assert current_language() == "zh_CN" and window.text_size == "large"
    assert window.home_button.text() == "回首页"


def test_idle_question_is_spoken_and_still_here_returns(make_kiosk, qtbot, speaker) -> None:
    window = make_kiosk()
    tap(qtbot, window.current.tiles["my_learning"])
    window.on_idle()
    assert window.current.name == "idle"
    assert any("您还在吗？" in parts for parts, _ in speaker.spoken)
    tap(qtbot, window.current.still_here)
    assert window.current.name == "my_learning"


def test_idle_at_an_untouched_home_screen_stays_quiet(make_kiosk, speaker) -> None:
    window = make_kiosk()
    window.on_idle()
    assert window.current.name == "home"
    assert speaker.spoken == []


def test_any_touch_restarts_the_idle_timer(make_kiosk, qtbot) -> None:
    window = make_kiosk(idle_timeout_seconds=30)
    timer = window.idle.timer
    qtbot.wait(300)
    assert timer.remainingTime() < 29_800
    qtbot.mouseClick(window.current, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert timer.remainingTime() > 29_800


def test_speech_failure_shows_a_quiet_notice(make_kiosk, speaker) -> None:
    window = make_kiosk()
    speaker.available = False
    window._check_speech()
    assert window.notice.isVisible()
    assert "请告诉志愿者" in window.notice.plain_text()


def test_a_closed_window_neither_asks_nor_resets(make_kiosk, qtbot) -> None:
    """A window's idle watch and question end with it: a closed English window's countdown
    once reset the process to English under a later window (seen with the suite in two
    processes)."""
    window = make_kiosk(language="en")
    tap(qtbot, window.language_button)  # not an untouched home: the question is asked
    window.on_idle()
    question = window.current
    assert question.name == "idle" and question.ticker.isActive()
    window.close()
    assert not window.idle.timer.isActive() and not question.ticker.isActive()
    assert window.idle in window.findChildren(IdleWatcher)  # stopped with the window's timers
