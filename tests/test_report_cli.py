"""``seniorlearn hours report --by ...`` as real commands over a database filled by the
real commands: every format gives the same numbers, and the ones worked out by hand."""

from __future__ import annotations

import csv
import datetime
import io
import json
import unicodedata
from pathlib import Path

import openpyxl

from tests.test_hours_cli import run

# Learner 1: 90 + 45 minutes in November 2026. Learner 2: 45 minutes on 2025-12-31 and
# 135 on 2026-01-02 (a year boundary). Learner 3: nothing. 45 minutes a 学时, goal 50.
NOVEMBER = [("1", "王秀英", 2, 8100.0, 3.0, 3.0, 6.0), ("2", "李建国", 0, 0.0, 0.0, 3.0, 6.0),
            ("3", "张桂兰", 0, 0.0, 0.0, 0.0, 0.0)]


def fill(home: Path) -> None:
    for number, name in (("1", "王秀英"), ("2", "李建国"), ("3", "张桂兰")):
        assert run(home, "learners", "add", "--number", number, "--name", name).returncode == 0
    for learner, minutes, day in (("1", 90, "2026-11-03"), ("1", 45, "2026-11-20"),
                                  ("2", 45, "2025-12-31"), ("2", 135, "2026-01-02")):
        done = run(home, "hours", "add", "--learner", learner, "--minutes", str(minutes),
                   "--activity", "手机课", "--date", day)
        assert done.returncode == 0, done.stderr


def pdf_text(path: Path) -> list[str]:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QApplication

    # A QApplication, not a QGuiApplication: widget tests may follow in this process.
    _app = QApplication.instance() or QApplication([])
    document = QPdfDocument()
    document.load(str(path))
    # The CJK font maps some characters to their compatibility forms (月 as ⽉).
    return [unicodedata.normalize("NFKC", document.getAllText(page).text())
            for page in range(document.pageCount())]


def test_every_format_agrees_with_the_hand_worked_month(data_home: Path, tmp_path: Path
                                                        ) -> None:
    fill(data_home)
    month = ("--from", "2026-11-01", "--to", "2026-11-30")
    records = json.loads(run(data_home, "hours", "report", "--by", "learner", *month,
                             "--format", "json").stdout)
    assert [(r["learner"], r["name"], r["sessions"], r["seconds"], r["xueshi"],
             r["year_xueshi"], r["goal_percent"]) for r in records] == NOVEMBER
    raw = run(data_home, "hours", "report", "--by", "learner", *month, "--format", "csv",
              "--out", str(tmp_path / "r.csv"))
    assert raw.returncode == 0, raw.stderr
    data = (tmp_path / "r.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel and WPS need
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["学号", "姓名", "学习点"]
    assert [float(r[4]) for r in rows[1:]] == [8100.0, 0.0, 0.0]
    table = run(data_home, "hours", "report", "--by", "course", *month).stdout
    assert table.split("\n")[1].split() == ["线下课", "1", "2", "8100.0", "3.0", "0"]

    xlsx = tmp_path / "r.xlsx"
    assert run(data_home, "hours", "report", *month, "--format", "xlsx", "--out", str(xlsx)
               ).returncode == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["按学员", "按月份", "按课程", "按学习点"]
    learners = book["按学员"]
    assert learners.freeze_panes == "A2"
    assert [c.value for c in learners[1]][:6] == ["学号", "姓名", "学习点", "学习次数", "秒数",
                                                  "学时"]
    assert [(r[0], r[4], r[5]) for r in learners.iter_rows(min_row=2, values_only=True)] == [
        ("1", 8100, 3), ("2", 0, 0), ("3", 0, 0)]
    months = book["按月份"]
    assert months["A2"].is_date and months["A2"].value == datetime.datetime(2026, 11, 1)
    assert isinstance(months["E2"].value, (int, float)) and months["E2"].value == 3

    pdf = tmp_path / "r.pdf"
    assert run(data_home, "hours", "report", *month, "--format", "pdf", "--out", str(pdf)
               ).returncode == 0
    pages = pdf_text(pdf)
    assert len(pages) == 2
    assert "学习报表" in pages[0] and "2026年11月" in pages[0] and "位学员学习" in pages[0]
    assert "王秀英" in pages[1] and "8100" in pages[1] and "张桂兰" in pages[1]


def test_the_year_boundary_and_a_whole_year(data_home: Path) -> None:
    fill(data_home)
    rows = json.loads(run(data_home, "hours", "report", "--by", "month", "--from",
                          "2025-01-01", "--to", "2025-12-31", "--format", "json").stdout)
    assert rows == [{"month": "2025-12", "learners": 1, "sessions": 1, "seconds": 2700.0,
                     "xueshi": 1.0, "completions": 0}]
    points = json.loads(run(data_home, "hours", "report", "--by", "study-point", "--from",
                            "2026-01-01", "--format", "json").stdout)
    assert [(p["study_point"], p["learners"], p["seconds"]) for p in points] == [
        ("本学习机", 2, 16200.0)]
    # The first read-out (no --by) is as it was: no BOM, English keys.
    plain = run(data_home, "hours", "report", "--format", "csv").stdout
    assert plain.startswith("learner,seconds,xueshi")


def test_a_backwards_range_says_what_to_do(data_home: Path, tmp_path: Path) -> None:
    fill(data_home)
    out = tmp_path / "r.xlsx"
    done = run(data_home, "hours", "report", "--by", "month", "--from", "2026-11-30",
               "--to", "2026-11-01", "--format", "xlsx", "--out", str(out))
    assert done.returncode == 2 and "换过来" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    blocked = run(data_home, "hours", "report", "--format", "xlsx", "--out",
                  str(tmp_path / "no-such-folder" / "r.xlsx"))
    assert blocked.returncode == 2 and "Traceback" not in blocked.stderr, blocked.stderr
