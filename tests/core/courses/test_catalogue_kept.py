"""The catalogue is arranged once while the library gives the same courses; whether a
course is new is still worked out at every call, and any change arranges it again."""

from __future__ import annotations

import time
from pathlib import Path

from seniorlearn.core.courses import CourseLibrary
from seniorlearn.core.courses.catalogue import NEW_FOR_S, build_catalogue, catalogue_of
from seniorlearn.core.paths import Paths
from tests.core.courses.many import write_packs


def test_the_same_courses_are_arranged_once_and_a_change_arranges_them_again(
        tmp_path: Path, data_home: Path) -> None:
    library = CourseLibrary(Paths(data_home), video_check=None)
    packs = list(write_packs(tmp_path / "packs", 12))
    for pack in packs[:11]:
        library.import_pack(pack)
    now = time.time()
    first, again = catalogue_of(library, now), catalogue_of(library, now)
    assert again.kinds is first.kinds and len(first.new) == 11
    later = catalogue_of(library, now + NEW_FOR_S + 1)
    assert later.kinds is first.kinds and later.new == frozenset()
    library.import_pack(packs[11])
    grown = catalogue_of(library, now)
    assert grown.kinds is not first.kinds
    assert sum(len(t.courses) for k in grown.kinds for t in k.topics) == 12
    fresh = CourseLibrary(Paths(data_home), video_check=None)  # equal courses, new objects
    assert build_catalogue(fresh.courses(), {}, now).kinds == grown.kinds
