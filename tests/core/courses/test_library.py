"""The course library with real packs: install, update, same version, list, verify, remove."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from seniorlearn.core.courses import (
    CancelToken,
    CourseLibrary,
    ImportCancelled,
    ImportProgress,
    PackError,
    find_usb_packs,
    install_bundled,
    localized,
)
from seniorlearn.core.courses import errors as e
from seniorlearn.core.courses.library import reading_order
from seniorlearn.core.i18n import set_language
from seniorlearn.core.paths import Paths
from tests.core.courses.packs import make_pack, tree_digest, zip_pack


def test_fresh_install_then_read_back(data_home: Path, tmp_path: Path, video: bytes) -> None:
    manifest = make_pack(tmp_path / "pack", video, course_id="bus-card", lessons=3)
    library = CourseLibrary(Paths(data_home))
    result = library.import_pack(tmp_path / "pack")
    assert (result.outcome, result.previous_version) == ("installed", None)
    assert result.message == "课程《演示课程》（第 1 版）已安装完成。"
    course = library.course("bus-card")
    assert course is not None and course == result.course
    assert [lesson.id for lesson in course.lessons] == ["lesson-0", "lesson-1", "lesson-2"]
    assert course.topics == ("pay",) and course.category == "smart_tech"
    lesson = course.lessons[0]
    assert (course.root / lesson.video.path).read_bytes() == video
    listed = manifest["lessons"][0]["subtitles"]["zh_CN"]
    assert lesson.subtitles["zh_CN"].sha256 == listed["sha256"]
    assert lesson.steps[0].text["en"] == "Look at the top."
    assert course.text(course.title, "en") == "Demo course"
    assert localized({"zh_CN": "只有中文"}, "en") == "只有中文"
    assert library.find_lesson("lesson-2") == (course, course.lessons[2])
    assert library.find_lesson("nope") is None
    assert not (data_home / "courses-staging").exists()


def test_update_replaces_the_old_version_and_same_version_is_a_no_op(
        home: Path, library: CourseLibrary, tmp_path: Path, video: bytes) -> None:
    old_root = library.course("demo-course").root  # type: ignore[union-attr]
    make_pack(tmp_path / "v3", video, version=3, lessons=1)
    result = library.import_pack(zip_pack(tmp_path / "v3", tmp_path / "v3.zip", top="demo"))
    assert (result.outcome, result.previous_version) == ("updated", 2)
    assert result.message == "课程《演示课程》已从第 2 版更新到第 3 版。"
    assert not old_root.exists()
    assert [c.version for c in library.courses()] == [3]
    assert len(list((home / "courses" / "store").iterdir())) == 1
    before = tree_digest(home)
    again = library.import_pack(tmp_path / "v3")
    assert again.outcome == "same_version" and "无需重复导入" in again.message
    assert tree_digest(home) == before


def test_courses_are_sorted_by_title_in_the_current_language(
        data_home: Path, tmp_path: Path, video: bytes) -> None:
    library = CourseLibrary(Paths(data_home), video_check=None)
    for course_id, zh, en in (("aaa-course", "乙", "Zeta"), ("bbb-course", "甲", "Alpha")):
        make_pack(tmp_path / course_id, video, course_id=course_id)
        manifest = json.loads((tmp_path / course_id / "manifest.json").read_text())
        manifest["title"] = {"zh_CN": zh, "en": en}
        (tmp_path / course_id / "manifest.json").write_text(json.dumps(manifest))
        library.import_pack(tmp_path / course_id)
    set_language("en")
    try:
        assert [c.id for c in library.courses()] == ["bbb-course", "aaa-course"]
    finally:
        set_language("zh_CN")


def test_numbers_in_titles_sort_by_value(data_home: Path, tmp_path: Path,
                                         video: bytes) -> None:
    """A county's series 第1门课 … 第13门课 reads in its own order, not 1, 13, 2."""
    library = CourseLibrary(Paths(data_home), video_check=None)
    for n in (13, 2, 1, 10):
        make_pack(tmp_path / f"c{n}", video, course_id=f"series-{n}")
        manifest = json.loads((tmp_path / f"c{n}" / "manifest.json").read_text())
        manifest["title"] = {"zh_CN": f"手机入门第{n}课", "en": f"Phone basics {n}"}
        (tmp_path / f"c{n}" / "manifest.json").write_text(json.dumps(manifest))
        library.import_pack(tmp_path / f"c{n}")
    assert [c.id for c in library.courses()] == [f"series-{n}" for n in (1, 2, 10, 13)]
    assert reading_order("第2课") < reading_order("第13课") < reading_order("第13课补充")


def test_remove_touches_only_that_course(home: Path, library: CourseLibrary, tmp_path: Path,
                                         video: bytes) -> None:
    make_pack(tmp_path / "other", video, course_id="other-course")
    library.import_pack(tmp_path / "other")
    keep = tree_digest(library.course("other-course").root)  # type: ignore[union-attr]
    (home / "seniorlearn.db").write_bytes(b"study records")
    library.remove("demo-course")
    assert library.course("demo-course") is None
    assert tree_digest(library.course("other-course").root) == keep  # type: ignore[union-attr]
    assert (home / "seniorlearn.db").read_bytes() == b"study records"
    with pytest.raises(PackError) as caught:
        library.remove("demo-course")
    assert caught.value.msgid == e.NOT_INSTALLED


def test_verify_finds_each_damaged_or_missing_file(library: CourseLibrary) -> None:
    assert library.verify() == []
    course = library.course("demo-course")
    assert course is not None
    video = course.root / course.lessons[0].video.path
    data = bytearray(video.read_bytes())
    data[100] ^= 1
    video.write_bytes(bytes(data))
    (course.root / course.lessons[1].subtitles["zh_CN"].path).unlink()
    problems = library.verify("demo-course")
    assert [(p.course_id, p.path) for p in problems] == [
        ("demo-course", "lessons/l0/video.mp4"), ("demo-course", "lessons/l1/zh_CN.srt")]
    assert problems[0].problem == "这个文件已损坏，请删除这门课程后重新导入。"
    assert problems[1].problem == "这个文件不见了，请删除这门课程后重新导入。"
    with pytest.raises(PackError):
        library.verify("no-such-course")


def test_clean_staging_removes_leftovers_but_not_installed_courses(
        home: Path, library: CourseLibrary) -> None:
    before = tree_digest(home)
    (home / "courses-staging" / "import-x" / "lessons").mkdir(parents=True)
    (home / "courses-staging" / "import-x" / "lessons" / "half.mp4").write_bytes(b"half")
    (home / "courses" / "store" / "demo-course-v9-dead").mkdir()
    (home / "courses" / ".index-1234.tmp").write_text("{")
    assert library.clean_staging() == 3
    assert tree_digest(home) == before
    assert not (home / "courses-staging").exists()
    assert library.clean_staging() == 0


def test_progress_is_reported_from_the_calling_thread(data_home: Path, tmp_path: Path,
                                                      video: bytes) -> None:
    make_pack(tmp_path / "pack", video, big_files={"l0": b"\1" * (8 << 20)})
    seen: list[tuple[ImportProgress, str]] = []
    CourseLibrary(Paths(data_home), video_check=None).import_pack(
        tmp_path / "pack", progress=lambda p: seen.append((p, threading.current_thread().name)))
    assert seen and {name for _p, name in seen} == {threading.current_thread().name}
    last = seen[-1][0]
    assert last.done_bytes == last.total_bytes > 8 << 20
    assert [p.done_bytes for p, _n in seen] == sorted(p.done_bytes for p, _n in seen)


def test_cancel_leaves_the_library_unchanged(home: Path, tmp_path: Path, video: bytes) -> None:
    make_pack(tmp_path / "pack", video, version=3, big_files={"l0": b"\2" * (64 << 20)})
    token = CancelToken()
    before = tree_digest(home)

    def progress(p: ImportProgress) -> None:
        if p.done_bytes > 0:
            token.cancel()

    with pytest.raises(ImportCancelled) as caught:
        CourseLibrary(Paths(home)).import_pack(tmp_path / "pack", progress, token)
    assert caught.value.message == "导入已取消，本机上的课程没有任何变化。"
    assert tree_digest(home) == before


def test_a_second_import_at_the_same_time_is_told_to_wait(
        home: Path, library: CourseLibrary, tmp_path: Path, video: bytes) -> None:
    make_pack(tmp_path / "pack", video, version=3)
    with library._locked():
        with pytest.raises(PackError) as caught:
            CourseLibrary(Paths(home)).import_pack(tmp_path / "pack")
        assert library.clean_staging() == 0
    assert caught.value.msgid == e.BUSY


def test_usb_packs_are_found_without_following_links(tmp_path: Path, video: bytes) -> None:
    media = tmp_path / "media"
    stick = media / "volunteer" / "KINGSTON" / "SENIORLEARN"
    make_pack(stick / "payment", video)
    zip_pack(stick / "payment", stick / "ride.zip")
    (stick / "notes.txt").write_text("not a pack")
    (stick / "empty-folder").mkdir()
    outside = tmp_path / "elsewhere" / "SENIORLEARN"
    make_pack(outside / "secret", video)
    (media / "link").symlink_to(tmp_path / "elsewhere")
    (stick / "linked.zip").symlink_to(stick / "ride.zip")
    locked = media / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        found = find_usb_packs([media, tmp_path / "run-media-missing"])
    finally:
        locked.chmod(0o755)
    assert found == [stick / "payment", stick / "ride.zip"]


def test_install_bundled_installs_missing_or_newer_only(
        home: Path, library: CourseLibrary, tmp_path: Path, video: bytes) -> None:
    bundled = tmp_path / "packs"
    make_pack(bundled / "demo", video, version=2)  # same as installed: skipped
    make_pack(bundled / "ride", video, course_id="ride-hailing")
    zip_pack(bundled / "ride", tmp_path / "ride.zip")
    make_pack(tmp_path / "hospital", video, course_id="hospital-booking")
    zip_pack(tmp_path / "hospital", bundled / "hospital.zip")
    (bundled / "broken").mkdir()
    results = install_bundled(library, bundled)
    assert sorted(r.course.id for r in results) == ["hospital-booking", "ride-hailing"]
    assert install_bundled(library, bundled) == []
    assert library.course("demo-course").version == 2  # type: ignore[union-attr]


def test_what_a_mac_or_windows_leaves_on_a_stick_is_ignored(data_home: Path, tmp_path: Path,
                                                            video: bytes) -> None:
    """A volunteer's stick browsed on a Mac or Windows PC still imports; the litter is
    neither refused as an unlisted file nor copied."""
    import zipfile

    pack = tmp_path / "pack"
    make_pack(pack, video, course_id="bus-card")
    for litter in (".DS_Store", "lessons/._video.mp4", "lessons/l0/Thumbs.db", "desktop.ini"):
        (pack / litter).write_bytes(b"litter")
    library = CourseLibrary(Paths(data_home))
    course = library.import_pack(pack).course
    installed = {p.name for p in course.root.rglob("*")}
    assert not installed & {".DS_Store", "._video.mp4", "Thumbs.db", "desktop.ini"}
    archive = zip_pack(pack, tmp_path / "mac.zip", top="bus-card")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("__MACOSX/bus-card/._manifest.json", b"resource fork")
    library.remove("bus-card")
    assert library.import_pack(archive).outcome == "installed"
