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
from seniorlearn.ui.widgets.common import BigButton
from tests.sync.ralph import PASSWORD, USER, Ralph, free_port, ralph_available
from tests.sync.test_sync import ralph_post
from tests.ui import audit

pytestmark = pytest.mark.skipif(not ralph_available(), reason="needs Ralph in .ralph-venv")


@pytest.fixture
def sync_kiosk(make_kiosk, tmp_path):
    writer = DatabaseWriter(Paths.from_env().database)
    LearnerService(writer).add(Learner("20260001", "王秀英", "王阿姨"))
    for minutes in (40, 50, 60):
        HoursService(writer).add_in_person("20260001", minutes, "手机课堂")
    lrs = Ralph(tmp_path / "lrs", free_port()).start()

    def build(*size, password=PASSWORD, endpoint=None, ca_file="", **settings):
        window = make_kiosk(*size, **settings)
        address = endpoint or lrs.endpoint
        service = SyncService(writer, origin(window.ctx.config),
                              lambda: LrsClient(address, USER, password, ca_file, timeout_s=3))
        window.ctx.sync = SyncSchedule(service, run_now)
        window.ctx.session.volunteer = True
        window.go("sync")
        return window, window.current

    build.writer = writer  # type: ignore[attr-defined]
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
    ("nobody", "连不上学习记录平台"),
    ("CA file gone", "证书文件 /gone/county-ca.pem（lrs.ca_file）读不出来")])
def test_the_connection_test_says_what_is_wrong(sync_kiosk, qtbot, speaker, case,
                                                sentence) -> None:
    build, _lrs = sync_kiosk
    if case == "right":
        window, screen = build()
    elif case == "wrong password":
        window, screen = build(password="nope")
    elif case == "CA file gone":
        window, screen = build(ca_file="/gone/county-ca.pem")
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


def refused_and_conflicting(writer, lrs: Ralph, service) -> dict:
    """A record the LRS refuses (its learner has no number: an old import let one in), and
    one whose id the LRS already holds with other content; returns the latter."""
    writer.write(lambda db: db.execute(
        "INSERT INTO learners (number, name, call_name, birth_year, phone, study_point,"
        " added_at, changed_at) VALUES ('', '无号', '', NULL, '', '', 0, 0)"))
    HoursService(writer).add_in_person("", 40, "手机课堂")
    first = service.pending_statements()[0]
    ralph_post([{**first, "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced",
                                   "display": {"en-US": "experienced"}}}], lrs)
    return first


def resend_button(window, sid: str) -> BigButton | None:
    """The record's 再发一次, on the page that holds its row; None once it is not kept."""
    screen = window.current
    if sid not in screen.parked_ids:
        return None
    screen.parked.show_row(screen.parked_ids.index(sid))
    return window.findChild(BigButton, f"resend_{sid}")


def test_send_again_sends_a_mended_record_and_keeps_a_conflict(sync_kiosk, qtbot,
                                                                speaker) -> None:
    build, lrs = sync_kiosk
    window, screen = build()
    service = window.ctx.sync.service
    conflict = refused_and_conflicting(build.writer, lrs, service)
    tap(qtbot, screen.sync_now)
    parked = {sid for sid, _verb, _reason in service.parked()}
    assert len(parked) == 2 and conflict["id"] in parked
    assert screen.refused.isVisible() and screen.refused.text() == "被拒收的记录：2 条"
    tap(qtbot, screen.refused)
    assert window.current.name == "sync_refused"
    assert [row.label.plain_text() for row in window.current.parked.shown] == [
        "线下学习：学习记录平台已经有一条编号相同、内容不同的记录…",
        "线下学习：学习记录平台拒收了这条记录…"]
    [poison] = parked - {conflict["id"]}
    assert resend_button(window, conflict["id"]).text() == "再发一次"
    tap(qtbot, resend_button(window, conflict["id"]))
    assert speaker.spoken[-1][0] == [
        "学习记录平台用同一个编号存着另一条不一样的记录，所以这条留在本机，不再发送。"
        "请告诉技术员（seniorlearn sync status 能看到两条）。"]
    assert {sid for sid, _v, _r in service.parked()} == parked  # both still kept
    tap(qtbot, resend_button(window, poison))  # not mended yet: refused again, kept
    assert {sid for sid, _v, _r in service.parked()} == parked
    # The technician gives the learner a number; now the refused record goes.
    build.writer.write(lambda db: db.execute(
        "UPDATE study_sessions SET learner = '20260001' WHERE learner = ''"))
    tap(qtbot, resend_button(window, poison))
    assert ["这条记录重新排进了等待发送，现在就发。"] in [said for said, *_ in speaker.spoken]
    assert [sid for sid, _v, _r in service.parked()] == [conflict["id"]]
    qtbot.waitUntil(lambda: resend_button(window, poison) is None, timeout=3000)
    stored = [s["id"] for s in lrs.statements()]
    assert stored.count(poison) == 1 and stored.count(conflict["id"]) == 1
    assert service.counts()["pending"] == 0
    tap(qtbot, window.current.back)
    assert window.current.name == "sync" and screen.refused.text() == "被拒收的记录：1 条"


@pytest.mark.parametrize("size, text_size, language", [
    ((1280, 800), "xlarge", "zh_CN"), ((1280, 800), "xlarge", "en")])
def test_the_sync_screen_passes_the_audit(sync_kiosk, size, text_size, language) -> None:
    build, lrs = sync_kiosk
    window, _screen = build(*size, text_size=text_size, language=language)
    service = window.ctx.sync.service
    refused_and_conflicting(build.writer, lrs, service)
    service.sync_once()
    for name in ("sync", "sync_refused"):  # with the refused records' button; their rows
        window.go(name)
        assert window.current.refused.isVisible() if name == "sync" else len(
            window.current.parked.factories) == 2
        audit.settle(window)
        scale = window.theme.metrics.scale
        problems = (audit.accessible_names(window) + audit.target_sizes(window, scale)
                    + audit.text_sizes(window, text_size, scale)
                    + audit.keyboard_reach(window) + audit.text_fits(window)
                    + audit.window_size(window))
        assert problems == [], name
