"""The library's index file and how it is rebuilt from ``store/`` when it is lost.

``courses/index.json`` (format 1)::

    {"format": 1,
     "courses": {id: {"folder": "<id>-v<version>-<hex>", "version": 3, "title": {...},
                      "installed": 1796000000, "bundled": true,
                     "manifest": {"sha256": "<hex>", "rules": 1}}},
     "removed": {id: version}}

``installed`` (Unix seconds) and ``bundled`` (a demo pack shipped with the kiosk) say whether a
course is new to the learners; entries written before them read as installed when their
folder was made.

``manifest`` is the hash of the installed manifest, recorded once it passed every check
(``rules``: the checks' version, ``manifest.RULES``). Loading a manifest with that hash skips
checking it again, which is most of the time a library of hundreds of courses takes to open;
any other manifest (edited, damaged, or from an index written before the hash was kept) is
checked in full, exactly as at import.

``removed`` remembers the courses a volunteer removed, so the bundled demo packs are not
installed again at the next start; older kiosks ignore it. ``title`` lets a course whose files
are gone still be named on screen. Every folder in ``store/`` holds its own manifest, so a
missing or damaged index can be rebuilt from them: nothing but the removal records is lost.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seniorlearn.core.courses.errors import PackError
from seniorlearn.core.courses.manifest import (
    MANIFEST_NAME,
    RULES,
    Course,
    parse_manifest,
    trusted_course,
)

log = logging.getLogger(__name__)

INDEX_NAME = "index.json"
DAMAGED_COPY = "index.damaged.json"
FOLDER = re.compile(r"(?P<id>[a-z0-9][a-z0-9-]{2,63})-v(?P<version>[0-9]+)-[0-9a-f]+")
FILE_MODE = 0o600
DIR_MODE = 0o700


class IndexDamaged(Exception):
    """index.json exists but cannot be read as an index."""


@dataclass
class Index:
    courses: dict[str, dict[str, Any]] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    saved: bool = field(default=True, compare=False)  # False: rebuilt in memory only

    def to_bytes(self) -> bytes:
        data = {"format": 1, "courses": dict(sorted(self.courses.items())),
                "removed": dict(sorted(self.removed.items()))}
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def read_index(path: Path) -> Index:
    """The index at ``path``; FileNotFoundError if there is none, IndexDamaged if unreadable."""
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError as exc:
        raise IndexDamaged(f"{path}: {exc}") from None
    courses = data.get("courses") if isinstance(data, dict) else None
    if not isinstance(courses, dict) or not all(_entry_ok(e) for e in courses.values()):
        raise IndexDamaged(f"{path} has no valid courses table")
    removed = data.get("removed", {})
    if not isinstance(removed, dict):
        raise IndexDamaged(f"{path} has no valid removed table")
    return Index(courses, {str(k): int(v) for k, v in removed.items() if isinstance(v, int)})


def _entry_ok(entry: Any) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("folder"), str)
            and "/" not in entry["folder"] and isinstance(entry.get("version"), int))


def entry_for(course: Course, folder: str, installed: float | None = None,
              bundled: bool = False, manifest: bytes | None = None) -> dict[str, Any]:
    """An index entry; ``manifest``: the bytes of the course's manifest, checked in full."""
    entry: dict[str, Any] = {"folder": folder, "version": course.version,
                             "title": dict(course.title)}
    if manifest is not None:
        entry["manifest"] = manifest_stamp(manifest)
    if installed is not None:
        entry["installed"] = int(installed)
    if bundled:
        entry["bundled"] = True
    return entry


def installed_at(store: Path, entry: dict[str, Any]) -> float | None:
    """When the entry's course was installed: recorded, else its folder's time."""
    stamp = entry.get("installed")
    if isinstance(stamp, int | float) and not isinstance(stamp, bool):
        return float(stamp)
    try:
        return (store / entry["folder"]).stat().st_mtime
    except OSError:
        return None


def manifest_stamp(data: bytes) -> dict[str, Any]:
    """What the index records of a manifest that passed every check (see the docstring)."""
    return {"sha256": hashlib.sha256(data).hexdigest(), "rules": RULES}


def load_course(root: Path) -> Course:
    """The manifest of an installed folder, checked in full; OSError or PackError when it
    cannot be read."""
    return parse_manifest((root / MANIFEST_NAME).read_bytes(), root)


def load_installed(root: Path, stamp: Any, file: str | None = None,
                   ) -> tuple[Course, dict[str, Any]]:
    """The manifest of an installed folder and its stamp; ``stamp`` is the index's record of
    it, and the manifest is checked in full (OSError or PackError) unless it matches.
    ``file``: the manifest's path as text, where the caller has it (no pathlib: 500 a load,
    and a Path's text is built the first time it is asked for)."""
    with open(file or os.path.join(root, MANIFEST_NAME), "rb") as handle:
        data = handle.read()
    found = manifest_stamp(data)
    if stamp == found:
        return trusted_course(data, root), found
    return parse_manifest(data, root), found


def is_complete(course: Course) -> bool:
    """Every listed file is there with its listed size (a cheap check: no hashing)."""
    for media in course.media():
        try:
            if (course.root / media.path).stat().st_size != media.size:
                return False
        except OSError:
            return False
    return True


def rebuild(store: Path) -> Index:
    """An index of the newest readable version of each course in ``store``.

    A folder counts only when its name is one the library makes and its manifest parses and
    names the same course and version; a complete copy wins over a newer incomplete one.
    """
    best: dict[str, tuple[tuple[bool, int, str], Course, bytes]] = {}
    for folder in sorted(store.iterdir()) if store.is_dir() else []:
        match = FOLDER.fullmatch(folder.name)
        if match is None or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            manifest = (folder / MANIFEST_NAME).read_bytes()
            course = parse_manifest(manifest, folder)
        except (OSError, PackError) as exc:
            log.warning("store folder %s has no readable manifest: %s", folder.name, exc)
            continue
        if (course.id, course.version) != (match["id"], int(match["version"])):
            continue
        rank = (is_complete(course), course.version, folder.name)
        if course.id not in best or rank > best[course.id][0]:
            best[course.id] = (rank, course, manifest)
    return Index({cid: entry_for(course, course.root.name, manifest=manifest)
                  for cid, (_r, course, manifest) in best.items()})


def write_index(courses: Path, index: Index) -> None:
    """Replace index.json atomically (written, fsynced, renamed, folder fsynced)."""
    replace_file(courses, INDEX_NAME, index.to_bytes())


def replace_file(folder: Path, name: str, data: bytes) -> None:
    tmp = folder / f".index-{secrets.token_hex(4)}.tmp"
    try:
        write_synced(tmp, data)
        os.replace(tmp, folder / name)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(folder)


def write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(path: Path) -> None:
    """``mkdir -p`` with every new folder 0700 (Path.mkdir gives parents the default mode)."""
    missing = []
    while not path.is_dir():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
