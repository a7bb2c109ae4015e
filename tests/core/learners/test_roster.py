"""Roster imports from real .csv and .xlsx files: every bad row by line, all or nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from seniorlearn.core.i18n import set_language
from seniorlearn.core.models import Learner
from seniorlearn.core.roster import RosterError, read_roster
from seniorlearn.core.services.learners import LearnerError, LearnerService
from seniorlearn.core.storage.writer import DatabaseWriter

GOOD = ("学号,姓名,称呼,出生年份,手机\n"
        "20260001,王秀英,王阿姨,1951,13800000001\n"
        "20260002,李建国,李叔叔,,\n"
        "20260003,张桂兰,,1948,\n")


@pytest.fixture
def service(tmp_path: Path):
    writer = DatabaseWriter(tmp_path / "kiosk.db")
    yield LearnerService(writer)
    writer.close()


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("zh_CN")


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_good_csv_roster_is_imported(tmp_path: Path, service: LearnerService) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = service.import_roster(path)
    assert result.imported and (result.added, result.updated) == (3, 0)
    assert service.get("20260001") == Learner("20260001", "王秀英", "王阿姨", 1951,
                                              "13800000001")
    assert service.get("20260003").greeting_name == "张桂兰"


def test_a_gbk_csv_from_wps_and_an_excel_bom_both_read(tmp_path: Path,
                                                       service: LearnerService) -> None:
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(GOOD.encode("gb18030"))
    bom = tmp_path / "bom.csv"
    bom.write_bytes(GOOD.encode("utf-8-sig"))
    assert [learner.name for _, learner in read_roster(gbk).learners] == [
        learner.name for _, learner in read_roster(bom).learners] == ["王秀英", "李建国", "张桂兰"]


def test_an_xlsx_roster_with_number_cells(tmp_path: Path, service: LearnerService) -> None:
    path = _xlsx(tmp_path / "r.xlsx", [["姓名", "学号", "出生年份"],
                                        ["王秀英", 20260001, 1951.0], [None, None, None],
                                        ["李建国", "20260002", None]])
    result = service.import_roster(path)
    assert result.added == 2
    assert service.get("20260001").birth_year == 1951


def test_every_bad_row_is_reported_by_line_and_nothing_is_imported(
        tmp_path: Path, service: LearnerService) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("学号,姓名,出生年份,手机\n"
                    "20260001,王秀英,1951,\n"
                    ",没有学号,,\n"
                    "20260002,,1950,\n"
                    "20260003,赵大爷,1850,\n"
                    "20260004,钱奶奶,,call me\n"
                    "20260001,王秀英,1951,\n"
                    "20260005,孙阿姨,1949,\n", encoding="utf-8")
    result = service.import_roster(path)
    assert not result.imported
    assert [line for line, _ in result.problems] == [3, 4, 5, 6, 7]
    assert "line 2" in dict(result.problems)[7]
    assert "missing" in dict(result.problems)[3] and "birth year" in dict(result.problems)[5]
    assert service.every() == []


def test_a_new_roster_updates_learners_and_keeps_what_a_volunteer_typed(
        tmp_path: Path, service: LearnerService) -> None:
    service.add(Learner("20260001", "王秀英", "王阿姨", 1951, "13800000001"))
    path = tmp_path / "r.csv"
    path.write_text("学号,姓名,出生年份\n20260001,王秀英,1952\n20260009,周老师,\n",
                    encoding="utf-8")
    result = service.import_roster(path)
    assert (result.added, result.updated) == (1, 1)
    assert service.get("20260001") == Learner("20260001", "王秀英", "王阿姨", 1952,
                                              "13800000001")
    again = service.import_roster(path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


def test_a_number_that_belongs_to_someone_else_is_refused(tmp_path: Path,
                                                          service: LearnerService) -> None:
    service.add(Learner("20260001", "王秀英"))
    path = tmp_path / "r.csv"
    path.write_text("学号,姓名\n20260002,李建国\n20260001,张桂兰\n", encoding="utf-8")
    result = service.import_roster(path)
    assert result.problems == [(3, "The learner number 20260001 already belongs to 王秀英.")]
    assert [learner.number for learner in service.every()] == ["20260001"]


@pytest.mark.parametrize(("content", "words"), [
    (b"", "empty"),
    ("学号,姓名\n\n".encode(), "no learners"),
    ("姓名,电话\n王秀英,1\n".encode(), "学号"),
    (b"\xff\xfe\x00garbage" * 50, "not a text table"),
])
def test_a_file_that_is_no_roster_says_so(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    with pytest.raises(RosterError, match=words):
        read_roster(path)


def test_a_damaged_xlsx_and_a_missing_file_say_so(tmp_path: Path) -> None:
    damaged = tmp_path / "r.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a spreadsheet")
    with pytest.raises(RosterError, match="cannot be read"):
        read_roster(damaged)
    with pytest.raises(RosterError, match="cannot be found"):
        read_roster(tmp_path / "gone.csv")


def test_adding_a_number_twice_is_refused(service: LearnerService) -> None:
    service.add(Learner("A1", "王秀英"))
    with pytest.raises(LearnerError, match="already in use"):
        service.add(Learner("A1", "李建国"))
    assert service.every() == [Learner("A1", "王秀英")]


def test_find_by_number_or_first_characters_of_the_name(service: LearnerService) -> None:
    for learner in (Learner("20260001", "王秀英", "王阿姨"), Learner("20260002", "王建国"),
                    Learner("20260013", "李%华")):
        service.add(learner)
    assert [x.number for x in service.find("王")] == ["20260001", "20260002"]
    assert [x.number for x in service.find("2026000")] == ["20260001", "20260002"]
    assert [x.number for x in service.find("李%")] == ["20260013"]
    assert service.find("%") == []
