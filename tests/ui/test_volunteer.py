"""The hidden volunteer entry, the PIN pad and the settings behind it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from seniorlearn.core.config import Config
from seniorlearn.core.paths import Paths
from seniorlearn.core.security import LOCK_SECONDS, MAX_TRIES, PinStore


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def enter(qtbot, pad, digits: str) -> None:
    for digit in digits:
        tap(qtbot, pad.grid.parentWidget().findChild(type(pad.ok), f"Key{digit}"))
    tap(qtbot, pad.ok)


def test_holding_the_logo_three_seconds_opens_the_pin_pad(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    qtbot.mousePress(window.logo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.wait(1000)
    assert window.current.name == "home"
    qtbot.waitUntil(lambda: window.current.name == "pinpad", timeout=4000)


def test_a_short_press_on_the_logo_does_nothing(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    qtbot.mousePress(window.logo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.wait(500)
    qtbot.mouseRelease(window.logo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.wait(3000)
    assert window.current.name == "home"


def test_first_run_sets_the_pin_twice_then_opens_the_volunteer_area(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    window.open_volunteer_pin()
    pad = window.current
    assert "还没有设置志愿者密码" in pad.message.plain_text()
    enter(qtbot, pad, "12")
    assert "再多输入几位" in pad.message.plain_text()
    enter(qtbot, pad, "2468")
    enter(qtbot, pad, "1357")
    assert "不一样" in pad.message.plain_text()
    assert not PinStore(Paths.from_env().pin_file).is_set()
    enter(qtbot, pad, "2468")
    enter(qtbot, pad, "2468")
    assert window.current.name == "volunteer"
    assert window.ctx.session.volunteer
    assert PinStore(Paths.from_env().pin_file).is_set()


def test_pin_digits_are_never_shown(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    window.open_volunteer_pin()
    pad = window.current
    for key in "2468":
        qtbot.keyClick(pad, key)
    assert pad.display.text() == "●●●●"
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    assert pad.display.text() == "●●●"


def test_wrong_pins_count_down_then_lock_and_time_unlocks(make_kiosk, qtbot, clock) -> None:
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = make_kiosk()
    window.open_volunteer_pin()
    pad = window.current
    enter(qtbot, pad, "1111")
    assert "还可以再试 4 次" in pad.message.plain_text()
    for _ in range(MAX_TRIES - 1):
        enter(qtbot, pad, "1111")
    assert "已锁定" in pad.message.plain_text()
    assert not pad.ok.isEnabled()
    window.go("home")
    window.open_volunteer_pin()
    assert not window.current.ok.isEnabled()
    clock.now += LOCK_SECONDS + 1
    window.go("home")
    window.open_volunteer_pin()
    enter(qtbot, window.current, "2468")
    assert window.current.name == "volunteer"


def test_leaving_the_volunteer_area_ends_volunteer_mode(make_kiosk, qtbot) -> None:
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = make_kiosk()
    window.open_volunteer_pin()
    enter(qtbot, window.current, "2468")
    tap(qtbot, window.current.settings)
    assert window.current.name == "settings" and window.ctx.session.volunteer
    tap(qtbot, window.home_button)
    assert not window.ctx.session.volunteer


def test_settings_change_and_persist(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    window.ctx.session.volunteer = True
    window.go("settings")
    screen = window.current
    idle, rate = screen.steppers
    tap(qtbot, idle.plus)
    tap(qtbot, rate.minus)
    screen.choices[0].buttons["xlarge"].click()
    screen.choices[1].buttons["en"].click()
    screen.choices[2].buttons["high_contrast"].click()
    saved = Config(Paths.from_env().config_file, environ={})
    assert saved.get("idle_timeout_seconds") == 210
    assert saved.get("speech_rate") == 130
    assert (saved.get("text_size"), saved.get("language"), saved.get("theme")) == (
        "xlarge", "en", "high_contrast")
    assert window.idle.timer.interval() == 210_000
    assert window.ctx.speaker.rate == 130
    assert window.theme.palette.name == "high_contrast"
    assert screen.choices[2].buttons["high_contrast"].text().startswith("✓")


def test_steppers_stop_at_the_limits(make_kiosk, qtbot) -> None:
    window = make_kiosk(idle_timeout_seconds=30)
    window.ctx.session.volunteer = True
    window.go("settings")
    idle = window.current.steppers[0]
    assert not idle.minus.isEnabled()
    idle.change(-30)
    assert window.ctx.config.get("idle_timeout_seconds") == 30


def test_exit_kiosk_closes_even_a_locked_down_window(make_kiosk, qtbot) -> None:
    window = make_kiosk(locked_down=True)
    window.ctx.session.volunteer = True
    window.go("volunteer")
    tap(qtbot, window.current.exit)
    assert not window.isVisible()
