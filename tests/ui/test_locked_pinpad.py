"""A locked PIN pad: its keys are out of use, look it, and are read aloud as locked, with the
wait in words that count down."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor

from seniorlearn.core.i18n import set_language
from seniorlearn.core.paths import Paths
from seniorlearn.core.security import MAX_TRIES, PinStore
from seniorlearn.ui.screens.pinpad import wait_words
from seniorlearn.ui.theme import contrast_ratio


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def locked_pad(make_kiosk, qtbot, **settings):
    PinStore(Paths.from_env().pin_file).set_pin("2468")
    window = make_kiosk(**settings)
    window.open_volunteer_pin()
    pad = window.current
    for _ in range(MAX_TRIES):
        for _digit in "1111":
            tap(qtbot, pad.keys[0])
        tap(qtbot, pad.ok)
    return window, pad


def darkest(widget) -> QColor:
    """The darkest colour the widget draws: the colour of its words."""
    image = widget.grab().toImage()
    colours = (image.pixelColor(x, y) for x in range(0, image.width(), 2)
               for y in range(0, image.height(), 2))
    return min(colours, key=lambda c: c.lightness())


def test_locked_keys_are_disabled_for_the_accessibility_layer_and_read_as_locked(
        make_kiosk, qtbot, speaker) -> None:
    window, pad = locked_pad(make_kiosk, qtbot)
    keys = [*pad.keys, pad.delete, pad.ok]
    assert not any(key.isEnabled() for key in keys)
    assert all(QAccessible.queryAccessibleInterface(key).state().disabled for key in keys)
    tap(qtbot, window.read_button)
    parts = speaker.spoken[-1][0]
    assert parts[0] == "志愿者区"
    assert "密码键盘已锁定，要等 15 分钟，到 " in parts[1]
    assert parts[2] == "按键已锁定，现在不能按。"
    assert not {"1", "0", "删除", "确定"} & set(parts)


def test_locked_keys_look_out_of_use_yet_stay_readable(make_kiosk, qtbot) -> None:
    window, pad = locked_pad(make_kiosk, qtbot)
    palette = window.theme.palette
    ink = darkest(pad.keys[4])
    assert abs(ink.lightness() - QColor(palette.disabled).lightness()) < 24, ink.name()
    assert contrast_ratio(ink.name(), palette.background) >= 7
    assert darkest(pad.ok).lightness() > 60  # the ✓ too: not left white on a pale key
    pad.set_keys_enabled(True)
    assert ink.hslSaturation() < 40  # grey words, where an open key has the theme's blue
    assert darkest(pad.keys[4]).name().upper() == palette.on_secondary


def test_the_wait_counts_down_and_the_keys_come_back(make_kiosk, qtbot, clock) -> None:
    window, pad = locked_pad(make_kiosk, qtbot, language="en")
    assert "locked for 15 minutes, until" in pad.message.plain_text()
    clock.now += 14 * 60 + 30
    pad.unlock_timer.timeout.emit()  # the timer's own signal, without waiting
    assert "locked for less than a minute" in pad.message.plain_text() and pad.locked
    clock.now += 31
    pad.unlock_timer.timeout.emit()
    assert pad.ok.isEnabled() and not pad.locked
    assert "The keys are locked." not in pad.speech_parts()


def test_wait_words() -> None:
    assert [wait_words(s, 0) for s in (20, 60, 61, 15 * 60, 3600, 86400)] == [
        "不到 1 分钟", " 1 分钟", " 2 分钟", " 15 分钟", "大约 1 小时", "大约 24 小时"]
    set_language("en")
    try:
        assert [wait_words(s, 0) for s in (20, 60, 900, 7000)] == [
            "less than a minute", "one minute", "15 minutes", "about 2 hours"]
    finally:
        set_language("zh_CN")
