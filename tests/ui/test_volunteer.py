"""The hidden volunteer entry, the PIN pad and the settings behind it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from seniorlearn.core.audit import AuditLog
from seniorlearn.core.config import Config
from seniorlearn.core.paths import Paths
from seniorlearn.core.security import LOCK_SECONDS, MAX_TRIES, PinStore
from seniorlearn.ui.widgets.common import TrLabel
from tests import faults


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


def test_exit_kiosk_asks_first_then_closes_even_a_locked_down_window(make_kiosk, qtbot) -> None:
    window = make_kiosk(locked_down=True)
    window.ctx.session.volunteer = True
    window.go("volunteer")
    tap(qtbot, window.current.exit)
    assert window.isVisible() and window.current.name == "exit_kiosk"
    ask = window.current
    exit_button = window.screens["volunteer"].exit
    # "No" is where "Exit the kiosk" was, so a second tap lands on it; "Yes" is far from it.
    assert ask.no.mapTo(window, ask.no.rect().center()).y() > ask.yes.mapTo(
        window, ask.yes.rect().bottomLeft()).y() + ask.no.height()
    assert ask.no.geometry().intersects(exit_button.geometry())
    assert not ask.yes.geometry().intersects(exit_button.geometry())
    assert ask.no.height() > ask.yes.height()
    tap(qtbot, ask.no)
    assert window.isVisible() and window.current.name == "volunteer"
    tap(qtbot, window.current.exit)
    tap(qtbot, window.current.yes)
    assert not window.isVisible()
    assert [r.what for r in AuditLog(Paths.from_env()).records()] == ["kiosk_exited"]


# ---------------------------------------------------------------- the defects


def test_a_deleted_pin_file_locks_the_pad_instead_of_offering_a_new_pin(make_kiosk, qtbot) -> None:
    store = PinStore(Paths.from_env().pin_file)
    store.set_pin("2468")
    store.path.unlink()
    window = make_kiosk()
    window.open_volunteer_pin()
    pad = window.current
    assert "还没有设置" not in pad.message.plain_text()
    assert "密码文件不见了" in pad.message.plain_text()
    assert not any(key.isEnabled() for key in pad.keys) and not pad.ok.isEnabled()
    for digit in "13571357":
        qtbot.keyClick(pad, digit)
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    assert window.current.name == "pinpad" and not store.path.exists()


def test_pin_entry_by_keyboard_with_a_key_focused_and_after_a_wrong_try(make_kiosk, qtbot) -> None:
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = make_kiosk()
    window.open_volunteer_pin()
    pad = window.current
    pad.keys[4].setFocus()
    for key in "1379":
        qtbot.keyClick(pad.keys[4], key)
    qtbot.keyClick(pad.keys[4], Qt.Key.Key_Enter)
    assert "还可以再试 4 次" in pad.message.plain_text()
    # The focused key was disabled while checking; typing must still reach the pad.
    target = window.focusWidget() or window
    for key in "24689":
        qtbot.keyClick(target, key)
    qtbot.keyClick(target, Qt.Key.Key_Backspace)
    assert pad.display.text() == "●●●●"
    qtbot.keyClick(window.home_button, Qt.Key.Key_Return)
    assert window.current.name == "volunteer"


def test_locked_keys_look_inactive(make_kiosk, qtbot) -> None:
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = make_kiosk()
    window.open_volunteer_pin()
    key = window.current.keys[0]

    def edge_colour() -> str:
        qtbot.wait(10)
        return key.grab().toImage().pixelColor(key.width() // 2, 12).name()

    active = edge_colour()
    for _ in range(MAX_TRIES):
        enter(qtbot, window.current, "9753")
    assert not key.isEnabled()
    assert edge_colour() != active


def test_right_pin_opens_on_a_read_only_data_home(make_kiosk, qtbot, data_home) -> None:
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = make_kiosk()
    window.open_volunteer_pin()
    with faults.read_only(data_home):
        enter(qtbot, window.current, "9753")
        assert "无法记录" in window.current.message.plain_text()
        assert not window.current.ok.isEnabled()
    window.go("home")
    window.open_volunteer_pin()
    enter(qtbot, window.current, "2468")
    assert window.current.name == "pinpad"  # still locked for this wrong try


def test_right_pin_first_on_a_read_only_data_home(make_kiosk, qtbot, data_home) -> None:
    store = PinStore(Paths.from_env().pin_file)
    store.set_pin("2468")
    store.check("9753", 0.0)  # a count the right PIN would clear
    window = make_kiosk()
    window.open_volunteer_pin()
    with faults.read_only(data_home):
        enter(qtbot, window.current, "2468")
        assert window.current.name == "volunteer"


def test_first_run_refuses_a_trivial_pin(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    window.open_volunteer_pin()
    pad = window.current
    enter(qtbot, pad, "1111")
    assert "太容易" in pad.message.plain_text()
    assert not PinStore(Paths.from_env().pin_file).is_set()


def open_volunteer_area(window, qtbot) -> None:
    window.open_volunteer_pin()
    enter(qtbot, window.current, "2468")
    assert window.current.name == "volunteer"


def test_change_the_pin_old_then_new_twice(make_kiosk, qtbot, clock) -> None:
    store = PinStore(Paths.from_env().pin_file)
    store.set_pin("2468")
    window = make_kiosk()
    open_volunteer_area(window, qtbot)
    tap(qtbot, window.current.change_pin)
    screen = window.current
    assert screen.name == "change_pin" and window.ctx.session.volunteer
    enter(qtbot, screen, "9753")
    assert "不对" in screen.message.plain_text()
    enter(qtbot, screen, "2468")
    enter(qtbot, screen, "1234")
    assert "太容易" in screen.message.plain_text()
    enter(qtbot, screen, "8264")
    enter(qtbot, screen, "8265")
    assert "不一样" in screen.message.plain_text()
    enter(qtbot, screen, "8264")
    enter(qtbot, screen, "8264")
    assert "新密码已保存" in screen.message.plain_text()
    assert store.check("8264", clock.now).outcome.name == "ACCEPTED"
    assert store.check("2468", clock.now).outcome.name == "WRONG"
    assert "pin_changed" in [r.what for r in AuditLog(Paths.from_env()).records()]
    tap(qtbot, screen.back)
    assert window.current.name == "volunteer"


def test_audit_screen_lists_events_newest_first_a_page_at_a_time(make_kiosk, qtbot,
                                                                   clock) -> None:
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    log = AuditLog(Paths.from_env())
    for index in range(6):
        log.record("volunteer", "course_imported", at=clock.now + index, course=f"课程{index}")
    window = make_kiosk()
    window.open_volunteer_pin()
    enter(qtbot, window.current, "9753")
    enter(qtbot, window.current, "2468")
    tap(qtbot, window.current.audit_log)
    screen = window.current
    rows = [row.text() for row in screen.findChildren(TrLabel, "AuditRow") if row.isVisible()]
    assert "打开了志愿者区" in rows[0] and "输入了错误的密码" in rows[1]
    assert "导入了课程《课程5》" in rows[2] and len(rows) == 5
    tap(qtbot, screen.list.next)
    rows = [row.text() for row in screen.findChildren(TrLabel, "AuditRow") if row.isVisible()]
    assert "导入了课程《课程2》" in rows[0] and "设置了志愿者密码" in rows[-1]
    window.toggle_language()
    assert "The volunteer PIN was set." in screen.findChildren(TrLabel, "AuditRow")[-1].text()
    window.toggle_language()


def test_audit_pages_fit_a_small_screen_in_extra_large_text(make_kiosk, qtbot, clock) -> None:
    log = AuditLog(Paths.from_env())
    for index in range(12):
        log.record("system", "pin_locked", at=clock.now + index, minutes=15, failures=5)
    window = make_kiosk(1280, 800, text_size="xlarge", language="en")
    window.ctx.session.volunteer = True
    window.go("audit_log")
    window.layout().activate()
    next_page = window.current.list.next
    assert next_page.isVisible()
    bottom = next_page.mapTo(window, next_page.rect().bottomLeft()).y()
    assert window.height() == 800 and bottom < 800


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("name", ["pinpad", "change_pin", "volunteer", "audit_log",
                                  "exit_kiosk"])
def test_pin_and_volunteer_screens_fit_1280x800_in_extra_large_text(make_kiosk, name,
                                                                     language) -> None:
    """Nothing but the kiosk resizes its window on a bare X server: a page taller than the
    screen grows the window and its bottom row is simply not seen."""
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = make_kiosk(1280, 800, text_size="xlarge", language=language)
    window.ctx.session.volunteer = True
    window.go(name)
    window.layout().activate()
    assert window.height() == 800, window.layout().totalMinimumSize()


def test_a_first_pin_that_cannot_be_saved_says_so(make_kiosk, qtbot, data_home) -> None:
    window = make_kiosk()
    window.open_volunteer_pin()
    pad = window.current
    data_home.mkdir(exist_ok=True)
    with faults.read_only(data_home):
        enter(qtbot, pad, "2468")
        enter(qtbot, pad, "2468")
        assert "密码无法保存" in pad.message.plain_text()
        assert window.current.name == "pinpad" and not window.ctx.session.volunteer
    assert not PinStore(Paths.from_env().pin_file).is_set()


def test_a_pad_left_on_screen_opens_when_its_lock_ends(make_kiosk, qtbot, clock) -> None:
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = make_kiosk()
    window.open_volunteer_pin()
    pad = window.current
    for _ in range(MAX_TRIES):
        enter(qtbot, pad, "9753")
    assert pad.unlock_timer.isActive() and not pad.ok.isEnabled()
    pad.unlock_timer.timeout.emit()  # before the lock ends: still locked
    assert not pad.ok.isEnabled() and pad.unlock_timer.isActive()
    clock.now += LOCK_SECONDS
    pad.unlock_timer.timeout.emit()  # the timer's own signal, without waiting 30 s
    assert pad.ok.isEnabled() and "请输入志愿者密码" in pad.message.plain_text()


def test_read_aloud_on_the_pad_gives_the_message_before_the_keys(make_kiosk, qtbot,
                                                                  speaker) -> None:
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = make_kiosk()
    window.open_volunteer_pin()
    tap(qtbot, window.read_button)
    parts = speaker.spoken[-1][0]
    assert parts[:2] == ["志愿者区", "请输入志愿者密码。"]
    assert parts.index("1") > 1 and "确定" in parts


def test_a_right_pin_checked_after_leaving_the_pad_does_not_open(make_kiosk, qtbot) -> None:
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = make_kiosk()
    pending = []
    window.ctx.run_task = lambda work, done: pending.append((work, done))  # a slow check
    window.open_volunteer_pin()
    enter(qtbot, window.current, "2468")
    tap(qtbot, window.home_button)
    work, done = pending.pop()
    done(work())
    assert window.current.name == "home" and not window.ctx.session.volunteer
