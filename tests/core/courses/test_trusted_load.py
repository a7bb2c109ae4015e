"""Opening the library trusts a manifest only while it is the one checked at import.

The index keeps each installed manifest's hash (its stamp). A manifest with that hash is
built without being checked again; any other (damaged, edited, or from an index that older
kiosks wrote without stamps) is checked in full, so what is wrong is caught as it always was.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from seniorlearn.core.courses import CourseLibrary, parse_manifest
from seniorlearn.core.courses.manifest import RULES, trusted_course
from seniorlearn.core.paths import Paths
from tests.core.courses.many import manifest_for
from tests.core.courses.test_manifest import VALID, changed
from tests.faults import read_only


def index_of(home: Path) -> dict[str, Any]:
    return json.loads((home / "courses" / "index.json").read_text(encoding="utf-8"))


def write_index(home: Path, index: dict[str, Any]) -> None:
    (home / "courses" / "index.json").write_text(json.dumps(index), encoding="utf-8")


def installed_manifest(home: Path) -> Path:
    folder = index_of(home)["courses"]["demo-course"]["folder"]
    return home / "courses" / "store" / folder / "manifest.json"


def edit_installed(home: Path, edit: Any) -> None:
    path = installed_manifest(home)
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("manifest", [
    VALID, changed("topics", ["pay", "hospital", "pay"]), manifest_for(0, Path("/x")),
    manifest_for(5, Path("/x")), manifest_for(9, Path("/x"))],
    ids=["steps-and-english", "built-in-topics", "declares-topic", "joins-topic", "format-1"])
def test_a_trusted_load_builds_the_course_a_full_check_builds(manifest: Any) -> None:
    data = json.dumps(manifest, ensure_ascii=False).encode()
    trusted, checked = trusted_course(data, Path("/root")), parse_manifest(data, Path("/root"))
    assert trusted == checked
    assert trusted.lessons == checked.lessons and isinstance(trusted.lessons, tuple)
    assert trusted.media() == checked.media()


def test_an_import_stamps_the_manifest_it_checked(home: Path) -> None:
    entry = index_of(home)["courses"]["demo-course"]
    digest = hashlib.sha256(installed_manifest(home).read_bytes()).hexdigest()
    assert entry["manifest"] == {"sha256": digest, "rules": RULES}


@pytest.mark.parametrize("damage", [
    lambda path: path.write_bytes(path.read_bytes()[:-40]),
    lambda path: path.write_bytes(path.read_bytes().replace(b'"version": 2', b'"version": 0')),
    lambda path: path.write_bytes(path.read_bytes().replace(b"thumbnail.png", b"../../x.png")),
], ids=["cut-short", "edited-to-an-invalid-value", "edited-to-an-unsafe-path"])
def test_a_damaged_installed_manifest_is_still_caught(
        home: Path, damage: Any, caplog: pytest.LogCaptureFixture) -> None:
    path = installed_manifest(home)
    before = path.read_bytes()
    damage(path)
    assert path.read_bytes() != before
    stamp = index_of(home)["courses"]["demo-course"]["manifest"]
    library = CourseLibrary(Paths(home))
    with caplog.at_level(logging.WARNING):
        assert library.courses() == []
    assert "installed course demo-course cannot be read" in caplog.text
    assert [m.id for m in library.missing()] == ["demo-course"]
    assert index_of(home)["courses"]["demo-course"]["manifest"] == stamp  # never vouched for


def test_an_edited_manifest_that_still_passes_is_read_as_edited_and_stamped(home: Path) -> None:
    edit_installed(home, lambda m: m["title"].update(zh_CN="改过的课程"))
    [course] = CourseLibrary(Paths(home)).courses()
    assert course.title["zh_CN"] == "改过的课程"
    digest = hashlib.sha256(installed_manifest(home).read_bytes()).hexdigest()
    assert index_of(home)["courses"]["demo-course"]["manifest"]["sha256"] == digest
    [again] = CourseLibrary(Paths(home)).courses()
    assert again == course


def test_a_manifest_checked_by_older_rules_is_checked_again(home: Path) -> None:
    # Refused by today's checks (no English title) yet buildable: only the stamp's rules
    # decide whether the check is made.
    edit_installed(home, lambda m: m["title"].pop("en"))
    index = index_of(home)
    digest = hashlib.sha256(installed_manifest(home).read_bytes()).hexdigest()
    index["courses"]["demo-course"]["manifest"] = {"sha256": digest, "rules": RULES}
    write_index(home, index)
    assert [c.id for c in CourseLibrary(Paths(home)).courses()] == ["demo-course"]
    index["courses"]["demo-course"]["manifest"] = {"sha256": digest, "rules": RULES - 1}
    write_index(home, index)
    assert CourseLibrary(Paths(home)).courses() == []


def test_an_index_written_without_stamps_still_loads_and_gains_them(home: Path) -> None:
    expected = CourseLibrary(Paths(home)).courses()
    old = index_of(home)
    stamp = old["courses"]["demo-course"].pop("manifest")
    old["removed"] = {"gone-course": 3}
    write_index(home, old)
    library = CourseLibrary(Paths(home))
    assert library.courses() == expected
    assert library.missing() == []
    now = index_of(home)
    assert now["courses"]["demo-course"] == {**old["courses"]["demo-course"], "manifest": stamp}
    assert now["removed"] == {"gone-course": 3}


def test_stamps_wait_while_the_library_is_busy_or_cannot_be_written(home: Path) -> None:
    expected = CourseLibrary(Paths(home)).courses()
    old = index_of(home)
    del old["courses"]["demo-course"]["manifest"]
    write_index(home, old)
    holder = CourseLibrary(Paths(home))
    with holder._locked():  # an import in another process, say
        assert CourseLibrary(Paths(home)).courses() == expected
    assert index_of(home) == old
    with read_only(home):
        assert CourseLibrary(Paths(home)).courses() == expected
    assert index_of(home) == old
    CourseLibrary(Paths(home)).courses()
    assert "manifest" in index_of(home)["courses"]["demo-course"]


def test_a_rebuilt_index_stamps_the_manifests_it_checked(home: Path) -> None:
    stamp = index_of(home)["courses"]["demo-course"]["manifest"]
    (home / "courses" / "index.json").unlink()
    assert [c.id for c in CourseLibrary(Paths(home)).courses()] == ["demo-course"]
    assert index_of(home)["courses"]["demo-course"]["manifest"] == stamp


def test_every_demo_pack_loads_trusted_as_the_full_check_builds_it() -> None:
    """The shipped packs, as setup.sh builds them: a trusted load must not drift from
    the checks on real manifests (long titles, English subtitles, steps, topics)."""
    packs = sorted((Path(__file__).resolve().parents[3] / "courses_offline" / "packs")
                   .glob("*/manifest.json"))
    assert len(packs) >= 4, "installer/setup.sh builds the demo packs"
    for path in packs:
        data = path.read_bytes()
        trusted, checked = trusted_course(data, path.parent), parse_manifest(data, path.parent)
        assert trusted == checked, path
        assert trusted.lessons == checked.lessons and trusted.media() == checked.media(), path
