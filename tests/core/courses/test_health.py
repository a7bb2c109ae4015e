"""The doctor's "Course library" row on real installed courses."""

from __future__ import annotations

import shutil
from pathlib import Path

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.courses.health import check_course_library
from seniorlearn.core.paths import Paths


def test_a_whole_library_passes(home: Path) -> None:
    row = check_course_library(Paths(home))
    assert (row.key, row.title, row.ok) == ("courses", "课程库", True)
    assert row.detail.startswith("本机装有 1 门课程，文件都在")


def test_a_new_kiosk_passes_and_creates_nothing(data_home: Path) -> None:
    row = check_course_library(Paths(data_home))
    assert row.ok and "还没有安装课程" in row.detail
    assert not data_home.exists()


def test_a_course_whose_files_are_gone_is_a_warning_that_says_what_to_do(home: Path) -> None:
    shutil.rmtree(CourseLibrary(Paths(home)).course("demo-course").root)  # type: ignore[union-attr]
    row = check_course_library(Paths(home))
    assert (row.ok, row.status) == (False, "warning")
    assert row.detail == ("有 1 门课程的文件不见了（演示课程）。请在志愿者区的“学习机上的课程”里"
                          "重新导入这些课程的课程包，或者删除它们。")


def test_a_lost_index_is_rebuilt_and_said(home: Path) -> None:
    (home / "courses" / "index.json").unlink()
    row = check_course_library(Paths(home))
    assert row.ok and row.detail.startswith("已安装课程的清单丢失或损坏")
    assert check_course_library(Paths(home)).detail.startswith("本机装有 1 门课程")
