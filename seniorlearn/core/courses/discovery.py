"""Finding packs: on a volunteer's USB stick, and the demo packs bundled with the kiosk."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from seniorlearn.core.courses.errors import PackError
from seniorlearn.core.courses.library import CourseLibrary, ImportResult
from seniorlearn.core.courses.manifest import MANIFEST_NAME, parse_manifest
from seniorlearn.core.courses.sources import opened

log = logging.getLogger(__name__)

USB_FOLDER = "SENIORLEARN"
# /media/LABEL/SENIORLEARN, /media/USER/LABEL/SENIORLEARN, /run/media/USER/LABEL/SENIORLEARN
MAX_DEPTH = 3


def find_usb_packs(mount_roots: Sequence[Path] = (Path("/media"), Path("/run/media"))
                   ) -> list[Path]:
    """Pack folders and .zip files in a SENIORLEARN/ folder on a mounted drive.

    Looks at most three levels below each mount root, never follows a link, and skips any
    folder it cannot read instead of failing.
    """
    found: list[Path] = []
    for folder in usb_folders(mount_roots):
        found.extend(packs_in(folder))
    return sorted(dict.fromkeys(found))


def usb_folders(mount_roots: Sequence[Path] = (Path("/media"), Path("/run/media"))
                ) -> list[Path]:
    """The SENIORLEARN/ folders of the mounted drives (the same rules as for packs)."""
    return [folder for root in mount_roots for folder in _usb_folders(root, MAX_DEPTH)]


def _usb_folders(folder: Path, depth: int) -> list[Path]:
    if depth <= 0:
        return []
    result: list[Path] = []
    for entry in _scan(folder):
        if not _is_real_dir(entry):
            continue
        if entry.name.upper() == USB_FOLDER:
            result.append(Path(entry.path))
        else:
            result.extend(_usb_folders(Path(entry.path), depth - 1))
    return result


def packs_in(folder: Path) -> list[Path]:
    """The pack folders and .zip files directly in ``folder``."""
    packs = []
    for entry in _scan(folder):
        try:
            if _is_real_dir(entry) and (Path(entry.path) / MANIFEST_NAME).is_file():
                packs.append(Path(entry.path))
            elif entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(".zip"):
                packs.append(Path(entry.path))
        except OSError:
            continue
    return packs


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError:
        return []


def _is_real_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def install_bundled(library: CourseLibrary, folder: Path) -> list[ImportResult]:
    """Install each pack in ``folder`` that is missing from the library, newer than it, or
    whose installed files are gone; never one a volunteer removed.

    A bad bundled pack is logged and skipped, so one broken demo never stops the kiosk.
    """
    results = []
    removed = library.removed_ids()
    for pack in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not (pack.is_dir() or pack.suffix.lower() == ".zip"):
            continue
        try:
            course_id, version = _peek(pack)
            installed = library.course(course_id)
            if course_id in removed or (installed is not None and installed.version >= version
                                        and library.is_complete(course_id)):
                continue
            results.append(library.import_pack(pack, bundled=True))
        except PackError as exc:
            log.warning("bundled pack %s was not installed: %s", pack.name, exc.cause)
    return results


def _peek(pack: Path) -> tuple[str, int]:
    with opened(pack) as source:
        course = parse_manifest(source.read_manifest(), pack)
    return course.id, course.version
