"""Real disk faults during an import: a read-only or full data home, a stick pulled out.

Each leaves the library exactly as it was and gives one sentence. The faults are real (a
read-only bind mount, a tiny tmpfs filled to the last byte, the pack's folder gone); the
only hook is the moment they happen, chosen through the import's own cancel check.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from seniorlearn.core.courses import CancelToken, CourseLibrary, PackError
from seniorlearn.core.courses import errors as e
from seniorlearn.core.paths import Paths
from tests.core.courses.packs import make_pack, tree_digest
from tests.faults import fill, read_only, small_disk

ROOT = Path(__file__).resolve().parents[3]


class AtFirstCheck(CancelToken):
    """Runs ``fault`` the first time the import asks whether it was cancelled: when the
    first file is about to be copied."""

    def __init__(self, fault: Callable[[], None]) -> None:
        super().__init__()
        self._fault, self._lock, self._done = fault, threading.Lock(), False

    @property
    def cancelled(self) -> bool:
        with self._lock:
            if not self._done:
                self._done = True
                self._fault()
        return False


def courses_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "seniorlearn", "courses", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_read_only_data_home_is_one_sentence_and_changes_nothing(
        home: Path, tmp_path: Path, video: bytes) -> None:
    make_pack(tmp_path / "pack", video, version=3)
    before = tree_digest(home)
    with read_only(home):
        out = courses_cli(home, "import", str(tmp_path / "pack"))
        removed = courses_cli(home, "remove", "demo-course")
        listed = courses_cli(home, "list")
    for refused in (out, removed):
        assert refused.returncode == 2
        # The command says so before it tries: the data folder itself cannot be written.
        [line] = refused.stderr.splitlines()
        assert f"学习机的数据文件夹 {home} 不能写入" in line
    assert (listed.returncode, listed.stdout.splitlines()[0]) == (0, "demo-course  v2  演示课程")
    assert tree_digest(home) == before


@pytest.fixture
def small_home(baseline_home: Path, tmp_path: Path):
    home = tmp_path / "small-home"
    with small_disk(home, "48m"):
        shutil.copytree(baseline_home, home, dirs_exist_ok=True)
        yield home


def test_a_disk_that_fills_during_the_copy_leaves_the_library_as_it_was(
        small_home: Path, tmp_path: Path, video: bytes) -> None:
    make_pack(tmp_path / "pack", video, version=3, big_files={"l0": b"\1" * (8 << 20)})
    before = tree_digest(small_home / "courses")
    (small_home / "filler").mkdir()
    library = CourseLibrary(Paths(small_home), reserve_bytes=0)
    with pytest.raises(PackError) as caught:
        library.import_pack(tmp_path / "pack", cancel=AtFirstCheck(
            lambda: fill(small_home / "filler")))
    assert caught.value.msgid == e.DISK_FULL
    assert caught.value.message == ("保存课程时本机的存储空间用完了，本机的课程没有任何变化；"
                                    "请先删除不再需要的课程，然后再试一次。")
    shutil.rmtree(small_home / "filler")
    assert tree_digest(small_home / "courses") == before
    assert not (small_home / "courses-staging").exists()
    assert library.course("demo-course").version == 2  # type: ignore[union-attr]


def test_a_disk_that_fills_before_the_index_is_written_leaves_the_library_as_it_was(
        small_home: Path, tmp_path: Path, video: bytes) -> None:
    make_pack(tmp_path / "pack", video, version=3)
    before = tree_digest(small_home / "courses")
    (small_home / "filler").mkdir()

    def fill_then_pass(path: Path) -> None:
        fill(small_home / "filler")  # after the copy and the video check, before the switch

    library = CourseLibrary(Paths(small_home), reserve_bytes=0, video_check=fill_then_pass)
    with pytest.raises(PackError) as caught:
        library.import_pack(tmp_path / "pack")
    assert caught.value.msgid == e.DISK_FULL
    shutil.rmtree(small_home / "filler")
    assert tree_digest(small_home / "courses") == before
    assert CourseLibrary(Paths(small_home)).verify() == []


def test_a_stick_pulled_out_during_the_copy_is_one_sentence(
        home: Path, tmp_path: Path, video: bytes) -> None:
    stick = tmp_path / "stick" / "SENIORLEARN" / "pack"
    make_pack(stick, video, version=3)
    before = tree_digest(home)
    library = CourseLibrary(Paths(home))
    with pytest.raises(PackError) as caught:
        library.import_pack(stick, cancel=AtFirstCheck(
            lambda: shutil.rmtree(tmp_path / "stick", ignore_errors=True)))
    assert caught.value.msgid == e.READ_FAILED
    assert caught.value.message == "无法读取课程包，请确认U盘仍然插好，然后再试。"
    assert tree_digest(home) == before
