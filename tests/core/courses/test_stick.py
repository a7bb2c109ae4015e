"""The packs on a USB stick as a volunteer sees them, and a stick pulled out (a real unmount)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from seniorlearn.core.courses import (
    STICK_REMOVED,
    CourseLibrary,
    PackError,
    describe_packs,
    find_usb_packs,
    import_from_stick,
)
from seniorlearn.core.i18n import set_language
from tests.core.courses.packs import make_pack, tree_digest
from tests.core.courses.test_library_faults import AtFirstCheck
from tests.faults import small_disk


@pytest.fixture
def stick(tmp_path: Path):
    """A real mounted file system standing for the stick; its SENIORLEARN folder."""
    mount = tmp_path / "media" / "volunteer" / "STICK"
    with small_disk(mount, "8m"):
        (mount / "SENIORLEARN").mkdir()
        yield mount / "SENIORLEARN"


def pull_out(stick: Path) -> None:
    """What the kernel does when the stick leaves: the mount, and every path under it, goes."""
    subprocess.run(["umount", "-l", str(stick.parent)], check=True)


def stick_with_every_kind(folder: Path, video: bytes) -> None:
    """The installed course is demo-course version 2 (see conftest)."""
    make_pack(folder / "newer", video, version=3)
    make_pack(folder / "same", video, version=2)
    make_pack(folder / "older", video, version=1)
    make_pack(folder / "fresh", video, course_id="ride-course", lessons=1)
    make_pack(folder / "hospital-booking-broken", video, course_id="broken")
    (folder / "hospital-booking-broken" / "manifest.json").write_text("{not json")


def test_each_pack_says_its_title_version_and_how_it_compares(
        library: CourseLibrary, tmp_path: Path, video: bytes) -> None:
    folder = tmp_path / "SENIORLEARN"
    stick_with_every_kind(folder, video)
    packs = describe_packs(sorted(folder.iterdir()), library)
    assert [(p.path.name, p.standing) for p in packs] == [
        ("fresh", "new"), ("newer", "newer"), ("same", "same"), ("older", "older"),
        ("hospital-booking-broken", "unreadable")]
    assert [p.line() for p in packs[:4]] == [
        "《演示课程》第 1 版：新课程",
        "《演示课程》第 3 版：比已装的新（已装的是第 2 版）",
        "《演示课程》第 2 版：和已装的一样",
        "《演示课程》第 1 版：比已装的旧（已装的是第 2 版）"]
    assert packs[4].line().startswith("hospital-booking-broken：这个课程包读不出来。")
    set_language("en")
    try:
        assert packs[1].line() == "Demo course, version 3: newer than the installed one (version 2)"
        assert packs[4].line().startswith("hospital-booking-broken: this pack cannot be read.")
    finally:
        set_language("zh_CN")


def test_an_installed_course_with_lost_files_is_one_the_import_repairs(
        library: CourseLibrary, tmp_path: Path, video: bytes) -> None:
    installed = library.course("demo-course")
    assert installed is not None
    (installed.root / installed.lessons[0].video.path).unlink()
    make_pack(tmp_path / "same", video, version=2)
    [pack] = describe_packs([tmp_path / "same"], library)
    assert pack.standing == "repairs"
    assert pack.line() == "《演示课程》第 2 版：和已装的一样，但已装的文件不全，导入可以补上"
    shutil.rmtree(installed.root)  # now the index lists it with no files at all
    assert describe_packs([tmp_path / "same"], library)[0].standing == "repairs"


def test_a_stick_pulled_out_after_it_was_listed_says_so(
        library: CourseLibrary, stick: Path, video: bytes) -> None:
    make_pack(stick / "ride", video, course_id="ride-course")
    found = find_usb_packs([stick.parents[2]])
    assert found == [stick / "ride"]
    pull_out(stick)
    with pytest.raises(PackError) as caught:
        describe_packs(found, library)
    assert caught.value.msgid == STICK_REMOVED
    assert caught.value.message == "U盘已经拔出。请重新插上U盘再试。"


def test_a_stick_pulled_out_before_import_says_so_not_a_path(
        library: CourseLibrary, home: Path, stick: Path, video: bytes) -> None:
    make_pack(stick / "ride", video, course_id="ride-course")
    before = tree_digest(home)
    pull_out(stick)
    with pytest.raises(PackError) as caught:
        import_from_stick(library, stick / "ride")
    assert caught.value.message == "U盘已经拔出。请重新插上U盘再试。"
    assert "/" not in caught.value.message
    assert tree_digest(home) == before


def test_a_stick_pulled_out_during_the_copy_says_so_and_changes_nothing(
        library: CourseLibrary, home: Path, stick: Path, video: bytes) -> None:
    make_pack(stick / "ride", video, course_id="ride-course", lessons=3)
    before = tree_digest(home)
    with pytest.raises(PackError) as caught:
        import_from_stick(library, stick / "ride", cancel=AtFirstCheck(lambda: pull_out(stick)))
    assert caught.value.msgid == STICK_REMOVED
    assert library.course("ride-course") is None
    library.clean_staging()
    assert tree_digest(home) == before


def test_a_damaged_pack_on_a_stick_still_there_keeps_its_own_sentence(
        library: CourseLibrary, stick: Path, video: bytes) -> None:
    make_pack(stick / "bad", video, course_id="bad-course")
    (stick / "bad" / "manifest.json").write_text("{not json")
    with pytest.raises(PackError) as caught:
        import_from_stick(library, stick / "bad")
    assert caught.value.msgid != STICK_REMOVED
    assert "manifest.json" in caught.value.message
