"""The Settings screen against the real settings file: changes made outside the kiosk, a
damaged file, a read-only and a full data home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from seniorlearn.core.config import Config
from seniorlearn.core.paths import Paths
from tests.faults import fill, read_only, small_disk
from tests.ui import audit

ROOT = Path(__file__).resolve().parents[2]


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def config_set(key: str, value: str) -> None:
    """``seniorlearn config set`` in its own process, as a volunteer at a terminal would."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "seniorlearn", "config", "set", key, value],
                   env=env, check=True, capture_output=True, timeout=60)


def on_disk() -> Config:
    return Config(Paths.from_env().config_file, environ={})


def settings(window):
    window.ctx.session.volunteer = True
    window.go("settings")
    return window.current


def test_a_tap_keeps_a_change_made_by_the_command_line_meanwhile(make_kiosk, qtbot) -> None:
    window = make_kiosk(speech_rate=150)
    screen = settings(window)
    config_set("idle_timeout_seconds", "600")
    tap(qtbot, screen.choices[2].buttons["high_contrast"])
    saved = on_disk()
    assert (saved.get("idle_timeout_seconds"), saved.get("speech_rate"), saved.get("theme")) == (
        600, 150, "high_contrast")
    # The kiosk heard about the outside change too, and shows it.
    assert window.idle.timer.interval() == 600_000
    assert screen.steppers[0].value.plain_text() == "600 秒"


def test_entering_settings_shows_a_change_made_outside(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    config_set("speech_rate", "100")
    screen = settings(window)
    assert screen.steppers[1].value.plain_text() == "每分钟 100 字"
    assert window.ctx.speaker.rate == 100
    tap(qtbot, screen.steppers[1].plus)
    assert on_disk().get("speech_rate") == 110


def test_a_damaged_file_is_named_kept_and_mended_from_the_screen(make_kiosk, qtbot) -> None:
    path = Paths.from_env().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "high_contrast"\nspeech_rate = fast\n', encoding="utf-8")
    damaged = path.read_bytes()
    window = make_kiosk()
    assert window.theme.palette.name == "high_contrast"  # the good line still applies
    screen = settings(window)
    assert screen.notice.isVisible() and screen.repair.isVisible()
    assert not screen.settings_page.isVisible()  # no tap could be saved
    assert "第 2 行无法读取：“speech_rate = fast”" in screen.notice.plain_text()
    screen.choices[0].buttons["xlarge"].click()  # had it been shown
    assert screen.notice.plain_text().startswith("刚才的改动没有保存。")
    assert not screen.choices[0].buttons["xlarge"].isChecked()
    assert path.read_bytes() == damaged
    tap(qtbot, screen.repair)
    [copy] = path.parent.glob("config.toml.damaged-*")
    assert copy.read_bytes() == damaged
    assert copy.name in screen.notice.plain_text() and not screen.repair.isVisible()
    tap(qtbot, screen.back)
    assert screen.settings_page.isVisible() and not screen.notice.isVisible()
    tap(qtbot, screen.choices[0].buttons["xlarge"])
    saved = on_disk()
    assert not saved.file_problems
    assert (saved.get("theme"), saved.get("text_size")) == ("high_contrast", "xlarge")


def test_a_read_only_home_shows_a_sentence_and_keeps_the_file(make_kiosk, qtbot) -> None:
    window = make_kiosk(speech_rate=150)
    path = Paths.from_env().config_file
    before = path.read_bytes()
    screen = settings(window)
    with read_only(path.parent):
        tap(qtbot, screen.choices[2].buttons["high_contrast"])
        assert "设置没有保存" in screen.notice.plain_text()
        assert "无法写入" in screen.notice.plain_text()
    tap(qtbot, screen.back)
    assert not screen.choices[2].buttons["high_contrast"].isChecked()
    assert window.theme.palette.name == "standard"
    assert path.read_bytes() == before


def test_a_full_disk_shows_a_sentence_and_keeps_the_file(make_kiosk, qtbot,
                                                         data_home: Path) -> None:
    with small_disk(data_home, "64k"):
        window = make_kiosk(speech_rate=150)
        path = Paths.from_env().config_file
        before = path.read_bytes()
        screen = settings(window)
        fill(data_home)
        tap(qtbot, screen.steppers[0].plus)
        assert "磁盘已经满了" in screen.notice.plain_text()
        tap(qtbot, screen.back)
        assert screen.steppers[0].value.plain_text() == "180 秒"
        assert path.read_bytes() == before


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("text_size", ["large", "xlarge"])
@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_problem_page_passes_the_audit(
        make_kiosk, size, text_size, language) -> None:
    window = make_kiosk(*size, text_size=text_size, language=language)
    path = Paths.from_env().config_file
    path.write_bytes(path.read_bytes() + b"speech_rate = fast\n")
    screen = settings(window)
    screen.ensurePolished()
    audit.settle(window)
    assert screen.notice.isVisible() and screen.repair.isVisible()
    scale = window.theme.metrics.scale
    assert (audit.accessible_names(window) + audit.target_sizes(window, scale)
            + audit.text_sizes(window, text_size, scale) + audit.keyboard_reach(window)
            + audit.home_and_read_aloud(window) + audit.line_spacing(window)
            + audit.text_fits(window) + audit.window_size(window)) == []
    assert screen.notice.plain_text() in screen.speech_parts()
