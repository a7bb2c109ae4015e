"""kill -9 in the middle of a real import: the library is byte-identical, staging is cleaned."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.paths import Paths
from tests.core.courses.packs import make_pack, tree_digest

ROOT = Path(__file__).resolve().parents[3]
IMPORT = ("import sys; from pathlib import Path; from seniorlearn.core.courses import "
          "CourseLibrary; from seniorlearn.core.paths import Paths; "
          "CourseLibrary(Paths(Path(sys.argv[1]))).import_pack(Path(sys.argv[2]))")


@pytest.fixture(scope="module")
def big_pack(tmp_path_factory: pytest.TempPathFactory, video: bytes) -> Path:
    """An update (version 3): a real video first (decoding takes a moment), then three 96 MB
    files that are not videos."""
    block = os.urandom(1 << 20)
    folder = tmp_path_factory.mktemp("big") / "pack"
    make_pack(folder, video, version=3, lessons=4,
              big_files={f"l{i}": block * 96 + bytes([i]) for i in range(1, 4)})
    return folder


def _mid_copy(staging: Path) -> bool:
    return any(p.is_file() and p.stat().st_size > 0 for p in staging.rglob("*.mp4"))


def _decoding(staging: Path) -> bool:
    return any(staging.glob("import-*/manifest.json"))  # written after the copy, before decoding


def kill_at(command: list[str], env: dict[str, str],
            moment: Callable[[], bool]) -> subprocess.Popen[bytes]:
    """Start ``command`` and kill -9 it as soon as ``moment()`` is true."""
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    try:
        while not moment():
            assert child.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(10)
    return child


@pytest.mark.parametrize("moment", [_mid_copy, _decoding], ids=["mid-copy", "while-decoding"])
def test_kill_9_leaves_the_library_as_it_was(home: Path, big_pack: Path,
                                             moment: Callable[[Path], bool]) -> None:
    before = tree_digest(home)
    courses_before = tree_digest(home / "courses")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    staging = home / "courses-staging"
    child = kill_at([sys.executable, "-c", IMPORT, str(home), str(big_pack)], env,
                    lambda: moment(staging))
    assert child.returncode == -signal.SIGKILL
    assert any(staging.rglob("*")), "the kill came too late to leave anything behind"
    assert tree_digest(home / "courses") == courses_before
    library = CourseLibrary(Paths(home))
    assert library.course("demo-course").version == 2  # type: ignore[union-attr]
    assert library.clean_staging() >= 1
    assert tree_digest(home) == before
    assert library.verify() == []


def test_kill_9_of_the_courses_import_command_then_list_and_import_again(
        home: Path, big_pack: Path) -> None:
    courses_before = tree_digest(home / "courses")
    env = dict(os.environ, PYTHONPATH=str(ROOT), SENIORLEARN_HOME=str(home))
    command = [sys.executable, "-m", "seniorlearn", "courses"]
    staging = home / "courses-staging"
    kill_at([*command, "import", str(big_pack)], env, lambda: _mid_copy(staging))
    assert tree_digest(home / "courses") == courses_before
    left = tree_digest(staging)
    listed = subprocess.run([*command, "list"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert listed.stdout.splitlines()[0] == "demo-course  v2  演示课程"
    assert tree_digest(staging) == left and tree_digest(home / "courses") == courses_before
    again = subprocess.run([*command, "import", str(big_pack)], env=env, capture_output=True,
                           text=True, timeout=120)
    assert again.returncode == 2 and "视频" in again.stderr  # the big files are not videos
    assert not staging.exists() and tree_digest(home / "courses") == courses_before
