"""The report screen (报表) in the real window over a real database filled through the
ledger's services: opened from the volunteer menu, stepped through periods with the big
buttons, read aloud in words, saved to a simulated USB stick (a real folder) as a real XLSX
and PDF, and audited at the smallest screen in the largest text."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from seniorlearn.core.paths import Paths
from tests import faults
from tests.core.reports.study_year import fill
from tests.ui import audit

TODAY = datetime.date(2026, 11, 25)


def tap(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def kiosk(make_kiosk, tmp_path: Path):
    writer, service = fill(Paths.from_env().database)
    window = make_kiosk(1280, 800, text_size="xlarge")
    window.ctx.reports = service
    window.ctx.session.volunteer = True
    screen = window.screen_widget("reports")
    screen.today = lambda: TODAY
    window.stick_root = tmp_path / "media"
    window.stick = window.stick_root / "volunteer" / "STICK" / "SENIORLEARN"
    window.stick.mkdir(parents=True)
    screen.mount_roots = (window.stick_root,)
    yield window
    writer.close()


def figures(window) -> dict[str, str]:
    screen = window.current
    return {f.words.plain_text(): f.number.plain_text() for f in screen.figures.figures}


def test_opens_on_this_month_from_the_menu_and_reads_it_aloud(kiosk, qtbot, speaker) -> None:
    kiosk.go("volunteer")
    tap(qtbot, kiosk.current.reports)
    screen = kiosk.current
    assert screen.name == "reports"
    assert screen.title_label.plain_text() == "报表：2026年11月"
    assert figures(kiosk) == {"位学员学习": "1", "个学时": "3.2", "次学习": "3",
                              "节课学完": "1", "今年的学时": "6.2", "位达到年度目标": "2"}
    tap(qtbot, kiosk.read_button)
    spoken = speaker.spoken[-1][0]
    assert "十一月共有一位学员学习，合计三点二个学时。" in spoken
    assert any("三位学员中有两位达到了每年三个学时的目标" in part for part in spoken)
    tap(qtbot, screen.page_buttons["months"])
    assert screen.pages.currentWidget() is screen.view
    spoken = screen.speech_parts()
    assert "十一月共有一位学员学习，合计三点二个学时。" in spoken  # figures still said
    assert "2026年每月学时：一月，三个学时；十一月，三点二个学时。" in spoken
    tap(qtbot, screen.page_buttons["courses"])
    assert "各门课的学员人数：线下课，一位学员；智能手机支付，一位学员。" in screen.speech_parts()


def test_the_big_buttons_step_through_periods(kiosk, qtbot) -> None:
    kiosk.go("reports")
    screen = kiosk.current
    assert not screen.later.isEnabled()  # November is not over: nothing after it yet
    tap(qtbot, screen.last_month)
    assert screen.title_label.plain_text() == "报表：2026年10月"
    assert figures(kiosk)["位学员学习"] == "0"
    assert "十月还没有人学习。" in screen.speech_parts()
    tap(qtbot, screen.earlier)
    assert screen.title_label.plain_text() == "报表：2026年9月"
    tap(qtbot, screen.later)
    tap(qtbot, screen.this_year)
    assert screen.title_label.plain_text() == "报表：2026年"
    assert figures(kiosk)["个学时"] == "6.2"  # 16,800 s in 2026
    tap(qtbot, screen.earlier)
    assert figures(kiosk)["个学时"] == "1"    # 2,700 s on 2025-12-31
    tap(qtbot, screen.this_month)
    assert screen.title_label.plain_text() == "报表：2026年11月"


def test_save_to_the_stick_writes_the_xlsx_and_pdf_with_the_screens_numbers(kiosk, qtbot
                                                                           ) -> None:
    from tests.test_report_cli import pdf_text

    kiosk.go("reports")
    screen = kiosk.current
    tap(qtbot, screen.this_year)
    tap(qtbot, child(kiosk, "SaveReport"))
    said = screen.message.plain_text()
    assert said == ("报表已经保存到U盘：SENIORLEARN/report-2026.xlsx（用 Excel 或 WPS 打开）和 "
                    "SENIORLEARN/report-2026.pdf（用来打印）。")
    assert screen.pages.currentWidget() is screen.message
    book = openpyxl.load_workbook(kiosk.stick / "report-2026.xlsx")
    rows = list(book["按学员"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4], r[5]) for r in rows] == [("1", 8700, 3.22), ("2", 8100, 3),
                                                  ("3", 0, 0)]
    months = {r[0].month: r[4] for r in book["按月份"].iter_rows(min_row=2, values_only=True)}
    assert months == {1: 3, 11: 3.22}
    pages = pdf_text(kiosk.stick / "report-2026.pdf")
    assert "2026年" in pages[0] and "6.2" in pages[0] and "王秀英" in pages[1]
    tap(qtbot, screen.page_buttons["overview"])
    assert screen.pages.currentWidget() is screen.figures


def child(window, name: str) -> QWidget:
    found = window.current.findChild(QWidget, name)
    assert found is not None, name
    return found


def test_no_stick_a_pulled_stick_and_a_read_only_one_each_get_a_sentence(kiosk, qtbot,
                                                                          tmp_path) -> None:
    from seniorlearn.ui.render.report_output import save_to_stick

    kiosk.go("reports")
    screen = kiosk.current
    with faults.read_only(kiosk.stick):
        tap(qtbot, child(kiosk, "SaveReport"))
        assert screen.message.plain_text().endswith("写不进去。请检查文件夹或U盘再试一次。")
    assert list(kiosk.stick.iterdir()) == []
    gone = tmp_path / "pulled" / "SENIORLEARN"
    assert save_to_stick(kiosk.ctx.reports, screen.period, gone) == (
        "U盘已经拔出。请重新插上U盘再试。")
    screen.mount_roots = (tmp_path / "nothing-mounted",)
    tap(qtbot, child(kiosk, "SaveReport"))
    assert screen.message.plain_text().startswith("没有找到U盘。")


def test_an_export_the_child_process_cannot_make_is_one_sentence(tmp_path) -> None:
    """The child reads the database itself: with the file gone it fails, and the
    volunteer hears one sentence while the stick is left as it was."""
    from seniorlearn.core.reports.period import Period
    from seniorlearn.ui.render.report_output import save_to_stick

    writer, service = fill(tmp_path / "gone.db")
    writer.close()
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"gone.db{suffix}").unlink(missing_ok=True)
    stick = tmp_path / "SENIORLEARN"
    stick.mkdir()
    assert save_to_stick(service, Period.year(2026), stick) == (
        "报表现在做不出来。请再试一次，或者告诉技术人员。")
    assert list(stick.iterdir()) == []


def test_every_page_fits_and_passes_the_audit_in_both_languages(kiosk, qtbot) -> None:
    problems = []
    for language in ("zh_CN", "en"):
        if kiosk.ctx.config.get("language") != language:
            kiosk.toggle_language()
        kiosk.go("reports")
        screen = kiosk.current
        for page in ("overview", "months", "courses", "goal"):
            tap(qtbot, screen.page_buttons[page])
            audit.settle(kiosk)
            found = (audit.accessible_names(kiosk) + audit.target_sizes(kiosk, 1.0)
                     + audit.text_sizes(kiosk, "xlarge", 1.0) + audit.keyboard_reach(kiosk)
                     + audit.home_and_read_aloud(kiosk) + audit.line_spacing(kiosk)
                     + audit.text_fits(kiosk) + audit.window_size(kiosk))
            problems += [f"{language} {page}: {p}" for p in found]
            assert screen.fits(), f"{language} {page} does not fit 1280x800"
    assert problems == [], "\n".join(problems)


def test_the_idle_reset_forgets_the_figures(kiosk, qtbot) -> None:
    kiosk.go("reports")
    kiosk.on_idle()
    idle = kiosk.current
    for _ in range(idle.remaining):
        idle._tick()
    screen = kiosk.screen_widget("reports")
    assert kiosk.current.name == "home" and screen.data is None
    assert screen.figures.speech_parts() == []
    kiosk.go("reports")
    assert kiosk.current.name == "pinpad"

