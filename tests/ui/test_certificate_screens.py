"""A learner's study record and certificates from the volunteer's learner page, and
"打印证书" in 我的学习 for the signed-in learner (their own certificates only), over a real
database, real PDFs, and a real CUPS (tests/printing.py) or none: the "no printer" path."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from seniorlearn.core.paths import Paths
from seniorlearn.core.services.hours import HoursService
from seniorlearn.core.services.learners import LearnerService
from tests.core.reports.study_year import fill, lesson
from tests.printing import needs_cups
from tests.test_report_cli import pdf_text
from tests.ui import audit

TODAY = datetime.date(2026, 11, 25)


def tap(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def kiosk(make_kiosk, tmp_path: Path, clock):
    writer, service = fill(Paths.from_env().database)
    HoursService(writer).save(lesson("1", "b", "2026-11-21", 100.0, completed=True)).result(10)
    window = make_kiosk(1280, 800, text_size="xlarge")
    window.ctx.reports, window.ctx.learners = service, LearnerService(writer)
    window.ctx.hours = HoursService(writer)
    clock.now = datetime.datetime(2026, 11, 25, 10).timestamp()
    window.screen_widget("learner_report").today = lambda: TODAY
    window.stick_root = tmp_path / "media"
    window.stick = window.stick_root / "volunteer" / "STICK" / "SENIORLEARN"
    window.stick.mkdir(parents=True)
    window.screen_widget("learner_report").mount_roots = (window.stick_root,)
    yield window
    writer.close()


def test_the_learner_page_shows_the_year_and_prints_or_saves_the_certificates(kiosk,
                                                                             qtbot) -> None:
    kiosk.ctx.session.volunteer = True
    kiosk.go("learner_edit", number="1")
    tap(qtbot, kiosk.current.record)
    screen = kiosk.current
    assert screen.name == "learner_report"
    assert screen.title_label.plain_text() == "王秀英：2026年"
    lines = screen.lines.plain_text().split("\n")
    assert lines[0] == "今年 3.3 学时（目标 3 学时）；学完 2 节课。"   # 8,800 s
    assert lines[1] == "线下课：2 次，3 学时；智能手机支付：2 次，0.3 学时"
    assert lines[2].startswith("最近学完：")
    assert "十一月，三点三个学时" in " ".join(screen.speech_parts())
    tap(qtbot, child(kiosk, "PrintCertificates"))
    said = screen.message.plain_text()
    assert said == ("这台学习机没有装打印机，证书已经存到U盘里：SENIORLEARN/certificates-1.pdf。"
                    "请用别的电脑打印。")
    pages = pdf_text(kiosk.stick / "certificates-1.pdf")
    assert len(pages) == 2 and "学时证明" in pages[0] and "结业证书" in pages[1]
    number = pages[0].split("证书编号:")[1].split()[0]
    found = kiosk.ctx.reports.certificate(number)
    assert (found.kind, found.learner, found.xueshi) == ("year", "1", 3.26)
    assert screen.fits()


def child(window, name: str) -> QWidget:
    found = window.current.findChild(QWidget, name)
    assert found is not None, name
    return found


def test_a_signed_in_learner_prints_only_their_own_certificates(kiosk, qtbot, speaker) -> None:
    kiosk.ctx.session.sign_in(kiosk.ctx.learners.get("2"))
    kiosk.go("my_learning")
    screen = kiosk.current
    assert screen.certificates.isVisible()
    tap(qtbot, screen.certificates)
    said = "这里没有打印机，您的证书已经留给志愿者，志愿者会帮您打印出来。"
    assert screen.said.plain_text() == said and speaker.spoken[-1][0] == [said]
    saved = Paths.from_env().certificates / "certificates-2.pdf"
    text = " ".join(pdf_text(saved))
    assert "李建国" in text and "王秀英" not in text and "张桂兰" not in text
    assert list(kiosk.stick.iterdir()) == []   # a learner's never go to a stick
    assert screen.fits()
    kiosk.ctx.session.sign_out()
    kiosk.go("my_learning")
    assert not kiosk.current.certificates.isVisible()  # a guest has none to print


@needs_cups
def test_the_volunteer_prints_a_learners_certificates_on_the_printer(kiosk, qtbot,
                                                                    printer) -> None:
    kiosk.ctx.session.volunteer = True
    kiosk.go("learner_report", number="1")
    tap(qtbot, child(kiosk, "PrintCertificates"))
    assert kiosk.current.message.plain_text() == "证书（共 2 页）已经发送到打印机 Study_Point。"
    printer.wait_until_printed(1)
    [document] = printer.documents()
    pages = pdf_text(document)  # exactly what the printer got
    assert len(pages) == 2 and "王秀英学员2026年共学习 3.26 学时" in pages[0]
    assert "结业证书" in pages[1] and "《智能手机支付》" in pages[1]
    assert list(kiosk.stick.iterdir()) == []
    tap(qtbot, child(kiosk, "PrintCertificates"))  # a reprint: the same numbers again
    printer.wait_until_printed(2)
    again = pdf_text(printer.documents()[1])
    assert [page.split("证书编号:")[1] for page in again] == [
        page.split("证书编号:")[1] for page in pages]


@needs_cups
def test_a_paused_printer_gets_no_job_and_cups_gone_means_the_pdf_is_kept(kiosk, qtbot,
                                                                         printer) -> None:
    printer.run("cupsdisable", "Study_Point")  # as CUPS leaves a queue after a paper jam
    kiosk.ctx.session.sign_in(kiosk.ctx.learners.get("1"))
    kiosk.go("my_learning")
    tap(qtbot, kiosk.current.certificates)
    said = kiosk.current.said.plain_text()
    assert said == "打印机 Study_Point 现在打印不了。请告诉志愿者，志愿者会帮您打印证书。"
    assert printer.jobs() == []  # nothing queued to come out later, perhaps twice
    printer.stop()  # the printing system itself goes away while the kiosk runs
    tap(qtbot, kiosk.current.certificates)
    assert kiosk.current.said.plain_text() == ("这里没有打印机，您的证书已经留给志愿者，"
                                               "志愿者会帮您打印出来。")
    text = " ".join(pdf_text(Paths.from_env().certificates / "certificates-1.pdf"))
    assert "王秀英" in text and "李建国" not in text


def test_a_learner_with_nothing_earned_hears_how_to_earn_one(kiosk, qtbot) -> None:
    kiosk.ctx.session.sign_in(kiosk.ctx.learners.get("3"))
    kiosk.go("my_learning")
    tap(qtbot, kiosk.current.certificates)
    assert kiosk.current.said.plain_text().startswith("您现在还没有证书")
    assert not Paths.from_env().certificates.exists()


def test_both_screens_pass_the_audit_at_1280x800_in_the_largest_text(kiosk, qtbot) -> None:
    problems = []
    for language in ("zh_CN", "en"):
        if kiosk.ctx.config.get("language") != language:
            kiosk.toggle_language()
        kiosk.ctx.session.volunteer = True
        for name, args in (("learner_edit", {"number": "1"}), ("learner_report",
                                                              {"number": "1"})):
            kiosk.go(name, **args)
            audit.settle(kiosk)
            problems += [f"{language} {name}: {p}" for p in audit.text_fits(kiosk)
                         + audit.window_size(kiosk) + audit.accessible_names(kiosk)
                         + audit.target_sizes(kiosk, 1.0) + audit.keyboard_reach(kiosk)]
            assert kiosk.current.fits(), (language, name)
        kiosk.ctx.session.volunteer = False
        kiosk.ctx.session.sign_in(kiosk.ctx.learners.get("1"))
        kiosk.go("my_learning")
        audit.settle(kiosk)
        problems += [f"{language} my_learning: {p}" for p in audit.text_fits(kiosk)
                     + audit.window_size(kiosk)]
        kiosk.ctx.session.sign_out()
    assert problems == [], "\n".join(problems)
