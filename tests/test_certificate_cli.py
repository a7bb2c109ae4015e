"""Certificates: issued through the service and the command, drawn as real A4 PDFs, and a
number on paper looked up with ``seniorlearn certificate show``."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from seniorlearn.core.paths import Paths
from seniorlearn.core.services.reports import CertificateRefused
from tests.core.reports.study_year import fill, lesson
from tests.test_hours_cli import run
from tests.test_report_cli import pdf_text

TODAY = datetime.date(2026, 11, 25)


def test_a_course_certificate_needs_every_lesson_and_keeps_its_number(
        data_home: Path, tmp_path: Path, qapp) -> None:
    from seniorlearn.core.services.hours import HoursService
    from seniorlearn.ui.render.certificate_output import write

    writer, service = fill(Paths.from_env().database)
    try:
        with pytest.raises(CertificateRefused, match="还没有学完这门课"):
            service.certify_course("1", "pay", TODAY)   # lesson b of pay is not learned
        HoursService(writer).save(lesson("1", "b", "2026-11-21", 100.0, completed=True)
                                  ).result(10)
        assert service.finished_courses("1") == ["pay"]
        issued = service.certificates_for("1", TODAY)
        assert [(c.kind, c.number, c.xueshi, c.course_title) for c in issued] == [
            ("year", "2026-000002", 3.26, ""),
            ("course", "2026-000001", 0.0, "智能手机支付")]
        assert service.certificates_for("1", TODAY) == issued  # a reprint: the same numbers
        with pytest.raises(CertificateRefused, match="还没有学时"):
            service.certify_year("3", 2026, TODAY)
        assert write(issued, tmp_path / "c.pdf") == 2
    finally:
        writer.close()
    pages = pdf_text(tmp_path / "c.pdf")
    assert "学时证明" in pages[0] and "王秀英学员2026年共学习 3.26 学时" in pages[0]
    assert "证书编号:2026-000002" in pages[0] and "学习点:乐龄学堂西街点" in pages[0]
    assert "结业证书" in pages[1] and "《智能手机支付》" in pages[1]
    shown = run(data_home, "certificate", "show", "2026-000001")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == ("证书 2026-000001：王秀英（学号 1）的结业证书，学完了"
                                    "《智能手机支付》，2026-11-25 在乐龄学堂西街点发出。")


def test_the_command_makes_a_year_certificate_and_refuses_what_is_not_earned(
        data_home: Path, tmp_path: Path) -> None:
    assert run(data_home, "learners", "add", "--number", "7", "--name", "赵淑珍"
               ).returncode == 0
    nothing = run(data_home, "certificate", "make", "--learner", "7", "--out",
                  str(tmp_path / "none.pdf"))
    assert nothing.returncode == 2 and "还没有证书可以开" in nothing.stderr
    assert not (tmp_path / "none.pdf").exists()
    assert run(data_home, "hours", "add", "--learner", "7", "--minutes", "90", "--activity",
               "太极拳").returncode == 0
    made = run(data_home, "certificate", "make", "--learner", "7", "--out",
               str(tmp_path / "c.pdf"))
    assert made.returncode == 0, made.stderr
    number = made.stdout.split("证书 ")[1].split("：")[0]
    year = datetime.date.today().year
    assert number == f"{year}-000001"
    assert f"赵淑珍学员{year}年共学习 2 学时" in pdf_text(tmp_path / "c.pdf")[0]
    shown = run(data_home, "certificate", "show", number)
    assert f"{year}年共 2 学时" in shown.stdout and "本学习机" in shown.stdout
    unknown = run(data_home, "certificate", "show", "1999-000009")
    assert unknown.returncode == 2 and "没有发过编号为 1999-000009 的证书" in unknown.stderr
    assert run(data_home, "certificate", "make", "--learner", "99", "--out",
               str(tmp_path / "x.pdf")).stderr.strip() == "没有学号是 99 的学员。"
