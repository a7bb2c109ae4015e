"""Every bad pack is refused with its one sentence, and the library stays byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from seniorlearn.core.courses import CourseLibrary, PackError
from seniorlearn.core.courses import errors as e
from seniorlearn.core.i18n import set_language, translate
from seniorlearn.core.paths import Paths
from tests.core.courses.hostile import CASES
from tests.core.courses.packs import make_pack, tree_digest


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_pack_is_refused_and_library_unchanged(name: str, home: Path, library: CourseLibrary,
                                                   tmp_path: Path, video: bytes) -> None:
    builder, msgid = CASES[name]
    work = tmp_path / "work"
    work.mkdir()
    pack = builder(work, video)
    before = tree_digest(home)
    with pytest.raises(PackError) as caught:
        library.import_pack(pack)
    assert caught.value.msgid == msgid, caught.value.cause
    assert tree_digest(home) == before
    assert library.course("demo-course").version == 2  # type: ignore[union-attr]
    set_language("zh_CN")
    sentence = caught.value.message
    assert translate(msgid, "zh_CN") != msgid, "no Chinese translation"
    assert sentence == translate(msgid, "zh_CN").format(**caught.value.fields)
    assert "\n" not in sentence and sentence.endswith("。")


def test_not_enough_disk_space(home: Path, tmp_path: Path, video: bytes) -> None:
    make_pack(tmp_path / "pack", video, version=3)
    library = CourseLibrary(Paths(home), free_bytes=lambda _p: 150 * 2**20)
    before = tree_digest(home)
    with pytest.raises(PackError) as caught:
        library.import_pack(tmp_path / "pack")
    assert caught.value.msgid == e.NO_SPACE
    assert caught.value.fields["free"] == 150
    assert tree_digest(home) == before


def test_huge_reserve_is_not_enough_disk(home: Path, tmp_path: Path, video: bytes) -> None:
    make_pack(tmp_path / "pack", video, version=3)
    with pytest.raises(PackError) as caught:
        CourseLibrary(Paths(home), reserve_bytes=2**60).import_pack(tmp_path / "pack")
    assert caught.value.msgid == e.NO_SPACE


def test_missing_source(library: CourseLibrary, tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        library.import_pack(tmp_path / "nowhere")
    assert caught.value.msgid == e.NOT_FOUND
