"""The packs on a volunteer's USB stick as the volunteer should see them, and a stick pulled out.

Each pack shows its course title, its version and how it compares with the installed course
(new, newer, same, older); a pack whose manifest cannot be read still gets a line, named by
its folder or file. A pack path that no longer exists (or cannot even be looked at) after the
stick was listed means the stick was pulled out: that gets its own sentence instead of a
"not found" naming a /media path the volunteer never typed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from seniorlearn.core.courses.copying import CancelToken, ImportProgress
from seniorlearn.core.courses.errors import ImportCancelled, PackError
from seniorlearn.core.courses.library import CourseLibrary, ImportResult
from seniorlearn.core.courses.manifest import localized, parse_manifest
from seniorlearn.core.courses.sources import opened
from seniorlearn.core.i18n import N_, _, current_language

STICK_REMOVED = N_("The USB stick was removed. Plug it in again and try again.")
PACK_LINE = N_("{title}, version {version}: {standing}")
UNREADABLE_LINE = N_("{name}: this pack cannot be read. {reason}")
STANDINGS = {
    "new": N_("a new course"),
    "newer": N_("newer than the installed one (version {installed})"),
    "same": N_("the same as the installed one"),
    "older": N_("older than the installed one (version {installed})"),
    "repairs": N_("the same as the installed one, whose files are missing; importing puts "
                  "them back"),
}

ORDER = ("new", "newer", "repairs", "same", "older", "unreadable")


@dataclass(frozen=True)
class StickPack:
    """One pack found on the stick; ``problem`` is set when its manifest cannot be read."""

    path: Path
    course_id: str = ""
    title: dict[str, str] | None = None
    version: int = 0
    standing: str = "unreadable"  # a key of STANDINGS, or "unreadable"
    installed_version: int | None = None
    problem: PackError | None = None

    def line(self) -> str:
        """The line a volunteer reads, in the current language."""
        if self.problem is not None or self.title is None:
            reason = self.problem.message if self.problem is not None else ""
            return _(UNREADABLE_LINE).format(name=self.path.name, reason=reason)
        standing = _(STANDINGS[self.standing]).format(installed=self.installed_version)
        return _(PACK_LINE).format(title=localized(self.title, current_language()),
                                   version=self.version, standing=standing)

    def as_dict(self) -> dict[str, object]:
        return {"path": str(self.path), "id": self.course_id or None, "title": self.title,
                "version": self.version or None, "standing": self.standing,
                "installed_version": self.installed_version,
                "problem": self.problem.cause if self.problem is not None else None}


def stick_removed(path: Path) -> bool:
    """The pack at ``path`` is gone: its stick was pulled out (or its folder deleted)."""
    try:
        os.stat(path)
    except OSError:  # ENOENT after an unmount, EIO from a stick pulled while mounted
        return True
    return False


def removed_error(path: Path, cause: str) -> PackError:
    return PackError(STICK_REMOVED, f"{path} went away: {cause}")


def describe_packs(paths: Sequence[Path], library: CourseLibrary) -> list[StickPack]:
    """Read each pack's manifest and compare it with the library; a pack that vanished
    meanwhile raises PackError(STICK_REMOVED)."""
    installed = _installed_versions(library)
    packs = [describe_pack(path, library, installed) for path in paths]
    # What can be imported first, the new before the rest; a pack that cannot be read last.
    return sorted(packs, key=lambda pack: (ORDER.index(pack.standing), pack.path.name))


def describe_pack(path: Path, library: CourseLibrary,
                  installed: dict[str, int] | None = None) -> StickPack:
    versions = _installed_versions(library) if installed is None else installed
    try:
        with opened(path) as source:
            course = parse_manifest(source.read_manifest(), path)
    except PackError as exc:
        if stick_removed(path):
            raise removed_error(path, exc.cause) from None
        return StickPack(path, problem=exc)
    have = versions.get(course.id)
    return StickPack(path, course.id, course.title, course.version,
                     _standing(course.version, have, lambda: library.is_complete(course.id)),
                     have)


def _installed_versions(library: CourseLibrary) -> dict[str, int]:
    versions = {gone.id: gone.version for gone in library.missing()}
    versions.update({course.id: course.version for course in library.courses()})
    return versions


def _standing(version: int, installed: int | None, complete: Callable[[], bool]) -> str:
    if installed is None:
        return "new"
    if version != installed:
        return "newer" if version > installed else "older"
    return "same" if complete() else "repairs"


def import_from_stick(library: CourseLibrary, path: Path,
                      progress: Callable[[ImportProgress], None] | None = None,
                      cancel: CancelToken | None = None) -> ImportResult:
    """``library.import_pack``, where a pack that went away mid-way says the stick was
    removed (the library is unchanged either way)."""
    try:
        return library.import_pack(path, progress=progress, cancel=cancel)
    except ImportCancelled:
        raise
    except PackError as exc:
        if stick_removed(path):
            raise removed_error(path, exc.cause) from None
        raise
