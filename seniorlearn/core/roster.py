"""A county's roster of learners, as a .csv or .xlsx file: read it, check every row.

A roster comes from a spreadsheet somebody typed: Chinese or English headers, Excel's number
cells for learner numbers, a CSV saved by WPS in GBK. Every row is checked before anything is
imported, and each bad row is reported by its line in the file, so a volunteer can fix them
all in one go; a file with any bad row imports nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from seniorlearn.core.i18n import _
from seniorlearn.core.models import Learner

# Header words a roster may use for each field (compared without spaces, lower case).
HEADERS = {
    "number": ("number", "learnernumber", "学号", "卡号", "编号", "学员编号"),
    "name": ("name", "姓名", "名字"),
    "call_name": ("callname", "call_name", "称呼"),
    "birth_year": ("birthyear", "birth_year", "出生年份", "出生年"),
    "phone": ("phone", "电话", "手机", "手机号", "联系电话"),
    "study_point": ("studypoint", "study_point", "学习点"),
}
NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,31}")
PHONE = re.compile(r"\+?[0-9][0-9 -]{4,19}")
NAME_MAX = 40
ROSTER_MAX_BYTES = 20 * 1024 * 1024


class RosterError(Exception):
    """The file cannot be read as a roster at all (the message says what to do)."""


@dataclass
class Roster:
    learners: list[tuple[int, Learner]] = field(default_factory=list)  # (line, learner)
    problems: list[tuple[int, str]] = field(default_factory=list)      # (line, sentence)


def check_learner(number: str, name: str, call_name: str = "", birth_year: str = "",
                  phone: str = "", study_point: str = "") -> tuple[Learner | None, list[str]]:
    """A learner from typed or read text, or the sentences saying what is wrong."""
    number, name = number.strip(), " ".join(name.split())
    problems = []
    if not NUMBER.fullmatch(number):
        problems.append(_("The learner number must be 1 to 32 letters or digits.")
                        if number else _("The learner number is missing."))
    if not name:
        problems.append(_("The name is missing."))
    elif len(name) > NAME_MAX:
        problems.append(_("The name is longer than {count} characters.").format(count=NAME_MAX))
    year = _year(birth_year.strip(), problems)
    phone = phone.strip()
    if phone and not PHONE.fullmatch(phone):
        problems.append(_("The phone number can only have digits, spaces, + and -."))
    if problems:
        return None, problems
    return Learner(number, name, " ".join(call_name.split()), year, phone,
                   " ".join(study_point.split())), []


def _year(text: str, problems: list[str]) -> int | None:
    if not text:
        return None
    this_year = datetime.date.today().year
    if text.isdigit() and 1900 <= int(text) <= this_year:
        return int(text)
    problems.append(_("The birth year must be a year between 1900 and {year}.")
                    .format(year=this_year))
    return None


def read_roster(path: Path) -> Roster:
    """Every row of the file, checked; raises RosterError if it is not a roster at all."""
    rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    first = next(iter(rows), None)
    if first is None:
        raise RosterError(_("The file is empty. Choose the roster file and try again."))
    columns = _columns(first[1])
    roster, seen = Roster(), dict[str, int]()
    for line, cells in rows:
        values = {key: cells[i] if i < len(cells) else "" for key, i in columns.items()}
        if not any(v.strip() for v in cells):
            continue
        learner, problems = check_learner(**values)
        if learner and learner.number in seen:
            problems = [_("The learner number {number} is also on line {line}.")
                        .format(number=learner.number, line=seen[learner.number])]
        if learner and not problems:
            seen[learner.number] = line
            roster.learners.append((line, learner))
        roster.problems += [(line, p) for p in problems]
    if not roster.learners and not roster.problems:
        raise RosterError(_("The file has no learners under its header row."))
    return roster


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        word = re.sub(r"\s+", "", cell).lower()
        for key, words in HEADERS.items():
            if word in words and key not in found:
                found[key] = index
    if "number" not in found or "name" not in found:
        raise RosterError(_("The first row must name the columns, with at least 学号 (number) "
                            "and 姓名 (name)."))
    return found


def _csv_rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    data = _read_bytes(path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError(_("The file is not a text table. Save it as CSV or XLSX and try "
                            "again."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text), dialect)
    return ((reader.line_num, [c.strip() for c in cells]) for cells in reader if cells)


def _xlsx_rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    from zipfile import BadZipFile

    import openpyxl

    _read_bytes(path)  # the size check, and a clear error for a missing file
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise RosterError(_("The spreadsheet cannot be read. Open it in Excel or WPS, save it "
                            "again as XLSX, and try again.")) from exc
    sheet = book.worksheets[0]
    rows = [(line, [_cell(v) for v in values]) for line, values in
            enumerate(sheet.iter_rows(values_only=True), start=1)]
    book.close()
    return iter(rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps 20260001 as 20260001.0
    return str(value).strip()


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > ROSTER_MAX_BYTES:
            raise RosterError(_("The file is too large to be a roster."))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise RosterError(_("The file {name} cannot be found. Check the USB stick and try "
                            "again.").format(name=path.name)) from exc
    except (IsADirectoryError, PermissionError) as exc:
        raise RosterError(_("The file {name} cannot be opened.").format(name=path.name)) from exc
