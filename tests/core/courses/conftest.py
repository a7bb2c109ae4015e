"""Fixtures for the course library tests: a real tiny video, and a home with one course."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.paths import Paths
from tests.core.courses.packs import make_pack, make_video


@pytest.fixture(scope="session")
def video(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return make_video(tmp_path_factory.mktemp("video") / "tiny.mp4").read_bytes()


@pytest.fixture(scope="session")
def baseline_home(tmp_path_factory: pytest.TempPathFactory, video: bytes) -> Path:
    """A data home with demo-course version 2 installed (made once, copied per test)."""
    work = tmp_path_factory.mktemp("baseline")
    home = work / "home"
    make_pack(work / "pack", video, version=2)
    CourseLibrary(Paths(home)).import_pack(work / "pack")
    return home


@pytest.fixture
def home(baseline_home: Path, data_home: Path) -> Path:
    shutil.copytree(baseline_home, data_home, symlinks=True)
    return data_home


@pytest.fixture
def library(home: Path) -> CourseLibrary:
    return CourseLibrary(Paths(home))
