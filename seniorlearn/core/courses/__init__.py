"""The offline course library: pack format v1, import, verify and remove (no Qt here).

See ``docs/pack-format.md`` for the format and ``library.py`` for the on-disk layout.
"""

from seniorlearn.core.courses.copying import CancelToken, ImportProgress
from seniorlearn.core.courses.discovery import find_usb_packs, install_bundled
from seniorlearn.core.courses.errors import ImportCancelled, PackError
from seniorlearn.core.courses.library import (
    CourseLibrary,
    ImportResult,
    MissingCourse,
    VerifyProblem,
)
from seniorlearn.core.courses.manifest import (
    CATEGORIES,
    CATEGORY_TITLES,
    TOPICS,
    Course,
    Lesson,
    MediaFile,
    Step,
    localized,
    parse_manifest,
)
from seniorlearn.core.courses.stick import (
    STICK_REMOVED,
    StickPack,
    describe_packs,
    import_from_stick,
)

__all__ = [
    "CATEGORIES", "CATEGORY_TITLES", "TOPICS", "CancelToken", "Course", "CourseLibrary",
    "ImportCancelled", "ImportProgress", "ImportResult", "Lesson", "MediaFile", "MissingCourse",
    "PackError", "STICK_REMOVED", "StickPack", "describe_packs", "import_from_stick",
    "Step", "VerifyProblem", "find_usb_packs", "install_bundled", "localized", "parse_manifest",
]
