"""``seniorlearn learners`` as real commands on a real database, in Chinese as a volunteer
sees it: add, list, a roster with bad rows, cards to a PDF, and the files left as they were."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl

from seniorlearn.core.paths import Paths
from seniorlearn.core.storage.db import integrity_problems
from tests.faults import fill, read_only, small_disk

ROOT = Path(__file__).resolve().parents[1]


def learners(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT),
               QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "seniorlearn", "learners", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


def _rows(home: Path) -> list[tuple]:
    conn = sqlite3.connect(Paths(home).database)
    rows = conn.execute("SELECT number, name, call_name FROM learners ORDER BY number").fetchall()
    conn.close()
    return rows


def test_add_then_list_in_chinese_and_as_json(data_home: Path) -> None:
    done = learners(data_home, "add", "--number", "20260001", "--name", "王秀英",
                    "--call-name", "王阿姨", "--birth-year", "1951")
    assert done.returncode == 0 and "王秀英" in done.stdout, done.stderr
    again = learners(data_home, "add", "--number", "20260001", "--name", "李建国")
    assert again.returncode == 2 and "已经" in again.stderr and "Traceback" not in again.stderr
    table = learners(data_home, "list")
    assert table.stdout.splitlines()[0].split()[:2] == ["学号", "姓名"]
    assert "王阿姨" in table.stdout and "1951" in table.stdout
    [record] = json.loads(learners(data_home, "list", "--json").stdout)
    assert record == {"number": "20260001", "name": "王秀英", "call_name": "王阿姨",
                      "birth_year": 1951, "phone": "", "study_point": ""}


def test_bad_typed_details_are_refused_with_every_reason(data_home: Path) -> None:
    proc = learners(data_home, "add", "--number", "20 26", "--name", "",
                    "--birth-year", "1850", "--phone", "abc")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 4, proc.stderr
    assert not Paths(data_home).database.exists() or _rows(data_home) == []


def test_a_roster_with_bad_rows_imports_nothing_and_says_each_line(data_home: Path,
                                                                   tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for row in (["学号", "姓名", "称呼"], [20260001, "王秀英", "王阿姨"], [None, "没有学号", None],
                [20260001, "王秀英", None]):
        book.active.append(row)
    book.save(tmp_path / "roster.xlsx")
    proc = learners(data_home, "import", str(tmp_path / "roster.xlsx"))
    assert proc.returncode == 2
    assert "第 3 行" in proc.stderr and "第 4 行" in proc.stderr, proc.stderr
    assert _rows(data_home) == []
    book.active.delete_rows(3, 2)
    book.save(tmp_path / "roster.xlsx")
    proc = learners(data_home, "import", str(tmp_path / "roster.xlsx"))
    assert proc.returncode == 0, proc.stderr
    assert _rows(data_home) == [("20260001", "王秀英", "王阿姨")]
    assert integrity_problems(Paths(data_home).database) == []


def test_cards_are_saved_and_an_unwritable_place_says_so(data_home: Path,
                                                         tmp_path: Path) -> None:
    learners(data_home, "add", "--number", "A1", "--name", "王秀英")
    out = tmp_path / "cards.pdf"
    proc = learners(data_home, "cards", "--out", str(out))
    assert proc.returncode == 0 and out.read_bytes().startswith(b"%PDF"), proc.stderr
    stick = tmp_path / "stick"
    stick.mkdir()
    with read_only(stick):
        proc = learners(data_home, "card", "A1", "--out", str(stick / "card.pdf"))
    assert proc.returncode == 2 and "U盘" in proc.stderr, proc.stderr
    assert list(stick.iterdir()) == []
    with small_disk(tmp_path / "full") as full:
        fill(full)
        proc = learners(data_home, "cards", "--out", str(full / "cards.pdf"))
        assert proc.returncode == 2 and "U盘" in proc.stderr, proc.stderr
        assert not [p for p in full.iterdir() if "card" in p.name]
    missing = learners(data_home, "card", "A1", "--out", str(tmp_path / "no" / "card.pdf"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "U盘" in missing.stderr and not (tmp_path / "no").exists()
    unknown = learners(data_home, "card", "B2", "--out", str(out))
    assert unknown.returncode == 2 and "B2" in unknown.stderr
