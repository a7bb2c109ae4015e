"""A library that lost its index, its files or a course, on real files: nothing installed is
deleted, what is lost is rebuilt or reported, and a removed demo course stays removed."""

from __future__ import annotations

import json
import logging
import shutil
import stat
from pathlib import Path

import pytest

from seniorlearn.core.courses import CourseLibrary, PackError, install_bundled
from seniorlearn.core.courses import errors as e
from seniorlearn.core.paths import Paths
from tests.core.courses.packs import make_pack, tree_digest


def store_folders(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "courses" / "store").iterdir())


def test_a_deleted_index_is_rebuilt_and_no_course_folder_is_deleted(
        home: Path, tmp_path: Path, video: bytes, caplog: pytest.LogCaptureFixture) -> None:
    folders = store_folders(home)
    (home / "courses" / "index.json").unlink()
    library = CourseLibrary(Paths(home))
    assert library.clean_staging() == 0
    assert store_folders(home) == folders
    with caplog.at_level(logging.WARNING):
        assert [c.id for c in library.courses()] == ["demo-course"]
    assert "rebuilt it from store/: demo-course v2" in caplog.text
    saved = json.loads((home / "courses" / "index.json").read_text())
    assert saved["courses"]["demo-course"]["folder"] == folders[0]
    make_pack(tmp_path / "other", video, course_id="other-course")
    library.import_pack(tmp_path / "other")
    assert folders[0] in store_folders(home) and len(store_folders(home)) == 2


def test_a_truncated_index_is_rebuilt_so_list_verify_and_import_work(
        home: Path, tmp_path: Path, video: bytes) -> None:
    index = home / "courses" / "index.json"
    damaged = index.read_bytes()[:25]
    index.write_bytes(damaged)
    library = CourseLibrary(Paths(home))
    assert library.course("demo-course").version == 2  # type: ignore[union-attr]
    assert library.verify() == []
    assert (home / "courses" / "index.damaged.json").read_bytes() == damaged
    make_pack(tmp_path / "v3", video, version=3)
    assert library.import_pack(tmp_path / "v3").outcome == "updated"
    assert [c.version for c in CourseLibrary(Paths(home)).courses()] == [3]


def test_the_newest_complete_version_wins_a_rebuild(home: Path, tmp_path: Path,
                                                    video: bytes) -> None:
    library = CourseLibrary(Paths(home))
    old = library.course("demo-course")
    assert old is not None
    kept = tmp_path / "v2-copy"
    shutil.copytree(old.root, kept)
    make_pack(tmp_path / "v3", video, version=3)
    library.import_pack(tmp_path / "v3")
    shutil.copytree(kept, old.root)  # as if removing the old version had been cut short
    (home / "courses" / "index.json").unlink()
    assert CourseLibrary(Paths(home)).course("demo-course").version == 3  # type: ignore[union-attr]


def test_a_folder_the_index_does_not_know_is_never_deleted(home: Path, tmp_path: Path,
                                                           video: bytes) -> None:
    make_pack(tmp_path / "stray", video, course_id="stray-course")
    stray = CourseLibrary(Paths(tmp_path / "elsewhere")).import_pack(tmp_path / "stray").course
    target = home / "courses" / "store" / stray.root.name
    shutil.copytree(stray.root, target)
    library = CourseLibrary(Paths(home))
    library.clean_staging()
    make_pack(tmp_path / "v3", video, version=3)
    library.import_pack(tmp_path / "v3")
    library.remove("demo-course")
    assert tree_digest(target) == tree_digest(stray.root)


def test_a_deleted_course_folder_is_reported_and_reinstalled_by_importing_it(
        home: Path, tmp_path: Path, video: bytes) -> None:
    library = CourseLibrary(Paths(home))
    course = library.course("demo-course")
    assert course is not None
    shutil.rmtree(course.root)
    assert library.courses() == [] and library.course("demo-course") is None
    [gone] = library.missing()
    assert (gone.id, gone.version, gone.title["zh_CN"]) == ("demo-course", 2, "演示课程")
    [problem] = library.verify()
    assert problem.problem == "这门课程的文件在本机上不见了，请重新导入这门课程的课程包。"
    make_pack(tmp_path / "pack", video, version=2)
    result = library.import_pack(tmp_path / "pack")
    assert result.outcome == "reinstalled"
    assert result.message == "课程《演示课程》（第 2 版）缺少文件，已重新安装。"
    assert library.missing() == [] and library.verify() == []
    assert len(store_folders(home)) == 1


def test_a_course_missing_one_file_is_reinstalled_by_importing_it(
        library: CourseLibrary, tmp_path: Path, video: bytes) -> None:
    course = library.course("demo-course")
    assert course is not None
    (course.root / course.lessons[1].video.path).unlink()
    assert not library.is_complete("demo-course")
    make_pack(tmp_path / "pack", video, version=2)
    assert library.import_pack(tmp_path / "pack").outcome == "reinstalled"
    assert library.verify() == []


def test_a_removed_demo_course_is_not_installed_again_at_start(
        library: CourseLibrary, tmp_path: Path, video: bytes) -> None:
    bundled = tmp_path / "packs"
    make_pack(bundled / "demo", video, version=2)
    library.remove("demo-course")
    assert library.removed_ids() == {"demo-course"}
    assert install_bundled(library, bundled) == []
    assert install_bundled(CourseLibrary(library.paths), bundled) == []
    assert library.course("demo-course") is None
    assert library.import_pack(bundled / "demo").outcome == "installed"  # a volunteer's choice
    assert library.removed_ids() == frozenset()


def test_install_bundled_puts_back_a_demo_course_whose_files_are_gone(
        library: CourseLibrary, tmp_path: Path, video: bytes) -> None:
    bundled = tmp_path / "packs"
    make_pack(bundled / "demo", video, version=2)
    course = library.course("demo-course")
    assert course is not None
    shutil.rmtree(course.root)
    assert [r.outcome for r in install_bundled(library, bundled)] == ["reinstalled"]
    assert library.verify() == []


def test_library_files_are_private_to_the_kiosk_user(data_home: Path, tmp_path: Path,
                                                     video: bytes) -> None:
    make_pack(tmp_path / "pack", video)
    (data_home / "courses").mkdir(parents=True, mode=0o755)  # as Paths.ensure() makes it
    library = CourseLibrary(Paths(data_home))
    library.import_pack(tmp_path / "pack")
    library.remove("demo-course")
    library.import_pack(tmp_path / "pack")
    modes = {p.relative_to(data_home).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in (data_home / "courses").rglob("*")}
    assert modes and stat.S_IMODE((data_home / "courses").stat().st_mode) == 0o700
    assert {m for p, m in modes.items() if (data_home / p).is_dir()} == {0o700}
    assert {m for p, m in modes.items() if (data_home / p).is_file()} == {0o600}


def test_an_unreadable_index_that_cannot_be_rebuilt_is_one_sentence(home: Path) -> None:
    index = home / "courses" / "index.json"
    index.unlink()
    index.mkdir()  # reading it fails with an OSError that is not "missing"
    with pytest.raises(PackError) as caught:
        CourseLibrary(Paths(home)).courses()
    assert caught.value.msgid == e.INDEX_DAMAGED


def test_what_a_cut_short_removal_left_is_cleared_by_the_next_import(
        home: Path, library: CourseLibrary, tmp_path: Path, video: bytes) -> None:
    course = library.course("demo-course")
    assert course is not None
    kept = shutil.copytree(course.root, tmp_path / "copy")
    library.remove("demo-course")
    shutil.copytree(kept, course.root)  # the removal was killed before its folder was gone
    assert library.courses() == [] and library.missing() == []
    make_pack(tmp_path / "other", video, course_id="other-course")
    library.import_pack(tmp_path / "other")
    assert not course.root.exists()


def test_a_refused_import_leaves_even_the_leftovers_as_they_were(
        home: Path, library: CourseLibrary, tmp_path: Path, video: bytes) -> None:
    (home / "courses-staging" / "import-dead").mkdir(parents=True)
    (home / "courses-staging" / "import-dead" / "half.mp4").write_bytes(b"half")
    before = tree_digest(home)
    make_pack(tmp_path / "old", video, version=1)
    with pytest.raises(PackError) as caught:
        library.import_pack(tmp_path / "old")
    assert caught.value.msgid == e.OLDER
    assert tree_digest(home) == before
