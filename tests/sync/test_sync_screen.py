"""The volunteer's sync screen with the real window, a real database and a real LRS (Ralph):
send now, test the connection (right, wrong password, nobody there), export to a stick."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from seniorlearn.core.models import Learner
from seniorlearn.core.paths import Paths
from seniorlearn.core.services.hours import HoursService
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.storage.writer import DatabaseWriter
from seniorlearn.core.sync.client import LrsClient
from seniorlearn.core.sync.service import SyncService
from seniorlearn.core.sync.setup import origin
from seniorlearn.ui.sync_schedule import SyncSchedule
from seniorlearn.ui.tasks import run_now
from tests.sync.ralph import PASSWORD, USER, Ralph, free_port, ralph_available
from tests.ui import audit

pytestmark = pytest.mark.skipif(not ralph_available(), reason="needs Ralph in .ralph-venv")


@pytest.fixture
def sync_kiosk(make_kiosk, tmp_path):
    writer = DatabaseWriter(Paths.from_env().database)
    LearnerService(writer).add(Learner("20260001", "王秀英", "王阿姨"))
    for minutes in (40, 50, 60):
        HoursService(writer).add_in_person("20260001", minutes, "手机课堂")
    lrs = Ralph(tmp_path / "lrs", free_port()).start()

    def build(*size, password=PASSWORD, endpoint=None, **settings):
        window = make_kiosk(*size, **settings)
        address = endpoint or lrs.endpoint
        service = SyncService(writer, origin(window.ctx.config),
                              lambda: LrsClient(address, USER, password, timeout_s=3))
        window.ctx.sync = SyncSchedule(service, run_now)
        window.ctx.session.volunteer = True
        window.go("sync")
        return window, window.current

    yield build, lrs
    lrs.kill()
    writer.close()


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_send_now_sends_everything_and_says_so(sync_kiosk, qtbot, speaker) -> None:
    build, lrs = sync_kiosk
    window, screen = build()
    assert screen.counts.plain_text().startswith("等待发送：3 条。已发送：0 条。")
    tap(qtbot, screen.sync_now)
    assert speaker.spoken[-1][0] == ["发完了：发了 3 条，没有等待发送的。"]
    assert len(lrs.statements()) == 3
    assert screen.counts.plain_text().startswith("等待发送：0 条。已发送：3 条。")
    assert "刚才已经全部发完" in screen.counts.plain_text()


@pytest.mark.parametrize("case, sentence", [
    ("right", "连接正常"), ("wrong password", "不接受用户名或密码"),
    ("nobody", "连不上学习记录平台")])
def test_the_connection_test_says_what_is_wrong(sync_kiosk, qtbot, speaker, case,
                                                sentence) -> None:
    build, _lrs = sync_kiosk
    if case == "right":
        window, screen = build()
    elif case == "wrong password":
        window, screen = build(password="nope")
    else:
        window, screen = build(endpoint=f"http://127.0.0.1:{free_port()}/xAPI/")
    tap(qtbot, screen.test)
    assert sentence in speaker.spoken[-1][0][0]
    assert "nope" not in speaker.spoken[-1][0][0]


def test_export_to_a_stick_and_no_stick(sync_kiosk, qtbot, speaker, tmp_path) -> None:
    build, _lrs = sync_kiosk
    window, screen = build()
    screen.mount_roots = (tmp_path / "media",)
    tap(qtbot, screen.export)
    assert speaker.spoken[-1][0][0].startswith("没有找到U盘")
    stick = tmp_path / "media" / "volunteer" / "STICK" / "SENIORLEARN"
    stick.mkdir(parents=True)
    tap(qtbot, screen.export)
    assert speaker.spoken[-1][0][0].startswith("已把 3 条记录存到U盘")
    [folder] = list(stick.iterdir())
    assert (folder / "statements.jsonl").read_text(encoding="utf-8").count("\n") == 3
    assert screen.counts.plain_text().startswith("等待发送：3 条。")  # still waiting here


@pytest.mark.parametrize("size, text_size, language", [
    ((1280, 800), "xlarge", "zh_CN"), ((1280, 800), "xlarge", "en")])
def test_the_sync_screen_passes_the_audit(sync_kiosk, size, text_size, language) -> None:
    build, _lrs = sync_kiosk
    window, _screen = build(*size, text_size=text_size, language=language)
    audit.settle(window)
    scale = window.theme.metrics.scale
    problems = (audit.accessible_names(window) + audit.target_sizes(window, scale)
                + audit.text_sizes(window, text_size, scale) + audit.keyboard_reach(window)
                + audit.text_fits(window) + audit.window_size(window))
    assert problems == []
