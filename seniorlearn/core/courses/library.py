"""The installed course library: import, list, verify and remove course packs.

On-disk layout (under the data home)::

    courses/index.json                      {"format": 1, "courses": {id: {"folder", "version"}}}
    courses/store/<id>-v<version>-<hex>/    one installed version: manifest.json + its files
    courses-staging/import-XXXX/            an import in progress (same file system)

Why it is atomic: an import copies into staging, then renames the finished folder into
``store/`` under a new unique name (nothing points at it yet), then replaces ``index.json``
with ``os.replace`` after fsyncing the new file, its folder and the store. Only that replace
makes the course visible, and it is a single atomic rename: a kill -9 before it leaves the old
index (and the old version's folder) untouched; after it the new version is complete. Old and
orphaned folders are deleted only after the switch, and ``clean_staging()`` removes whatever an
interrupted import or removal left behind. Study records point at course and lesson ids, never
at folders, so updates and removals cannot break them.

Imports, removals and cleaning hold an exclusive ``flock`` on the ``courses/`` folder, so a
volunteer's command and the kiosk never clean up each other's staging.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seniorlearn.core.courses import errors as e
from seniorlearn.core.courses.copying import CancelToken, ImportProgress, copy_files, hash_files
from seniorlearn.core.courses.errors import ImportCancelled, PackError
from seniorlearn.core.courses.manifest import (
    MANIFEST_NAME,
    Course,
    Lesson,
    localized,
    parse_manifest,
)
from seniorlearn.core.courses.sources import ZipSource, opened
from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.core.paths import Paths

log = logging.getLogger(__name__)

INSTALLED = N_("The course “{title}” (version {version}) is now installed.")
UPDATED = N_("The course “{title}” was updated from version {old} to version {version}.")
SAME = N_("The course “{title}” version {version} is already installed; nothing needed to "
          "be done.")
FILE_MISSING = N_("This file is missing; remove the course and import it again.")
FILE_DAMAGED = N_("This file is damaged; remove the course and import it again.")
FILE_UNREADABLE = N_("This file cannot be read; run “seniorlearn doctor” to check the disk.")

VideoCheck = Callable[[Path], "str | None"]


def default_video_check(path: Path) -> str | None:
    """libvlc (or ffprobe) in a child process; lazy so the core stays light to import."""
    # The kiosk's own library must never skip the decode check, so the default lives here.
    from seniorlearn.adapters.video_check import check_video

    return check_video(path)


@dataclass(frozen=True)
class ImportResult:
    course: Course
    outcome: str  # "installed" | "updated" | "same_version"
    previous_version: int | None
    message: str


@dataclass(frozen=True)
class VerifyProblem:
    course_id: str
    path: str
    problem: str


class CourseLibrary:
    """Courses installed under ``paths.courses``; see the module docstring for the layout."""

    def __init__(self, paths: Paths, reserve_bytes: int = 200 * 2**20,
                 video_check: VideoCheck | None = default_video_check,
                 free_bytes: Callable[[Path], int] | None = None) -> None:
        self.paths = paths
        self.reserve_bytes = reserve_bytes
        self.video_check = video_check
        self._free_bytes = free_bytes or (lambda p: shutil.disk_usage(p).free)
        self._cache: dict[str, Course] = {}

    @property
    def store(self) -> Path:
        return self.paths.courses / "store"

    @property
    def index_file(self) -> Path:
        return self.paths.courses / "index.json"

    # ------------------------------------------------------------ reading

    def courses(self) -> list[Course]:
        """Installed courses, sorted by title in the current language."""
        found = []
        for course_id, entry in self._index().items():
            course = self._load(course_id, entry["folder"])
            if course is not None:
                found.append(course)
        language = current_language()
        return sorted(found, key=lambda c: (localized(c.title, language), c.id))

    def course(self, course_id: str) -> Course | None:
        entry = self._index().get(course_id)
        return None if entry is None else self._load(course_id, entry["folder"])

    def find_lesson(self, lesson_id: str) -> tuple[Course, Lesson] | None:
        """The first installed course (by title) with a lesson of that id."""
        for course in self.courses():
            for lesson in course.lessons:
                if lesson.id == lesson_id:
                    return course, lesson
        return None

    def _load(self, course_id: str, folder: str) -> Course | None:
        if folder not in self._cache:
            root = self.store / folder
            try:
                self._cache[folder] = parse_manifest((root / MANIFEST_NAME).read_bytes(), root)
            except (OSError, PackError) as exc:
                log.warning("installed course %s cannot be read: %s", course_id, exc)
                return None
        return self._cache[folder]

    def _index(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.index_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise PackError(e.INDEX_DAMAGED, f"{self.index_file}: {exc}") from None
        courses = data.get("courses") if isinstance(data, dict) else None
        if not isinstance(courses, dict):
            raise PackError(e.INDEX_DAMAGED, f"{self.index_file} has no courses table")
        return courses

    # ------------------------------------------------------------ importing

    def import_pack(self, source: Path, progress: Callable[[ImportProgress], None] | None = None,
                    cancel: CancelToken | None = None) -> ImportResult:
        """Install a pack (folder or .zip) atomically; PackError says what is wrong."""
        with self._locked(), opened(Path(source)) as pack:
            manifest = pack.read_manifest()
            course = parse_manifest(manifest, Path())
            previous = self._index().get(course.id)
            old_version = None if previous is None else int(previous["version"])
            if old_version is not None and old_version >= course.version:
                return self._not_newer(course, old_version)
            self._check_listing(pack.files(), course, isinstance(pack, ZipSource))
            self._check_space(course)
            folder = self._install(course, manifest, pack.open, progress, cancel)
        installed = self.course(course.id)
        assert installed is not None
        if old_version is None:
            return ImportResult(installed, "installed", None, _(INSTALLED).format(
                title=localized(course.title, current_language()), version=course.version))
        log.info("course %s now in %s", course.id, folder)
        return ImportResult(installed, "updated", old_version, _(UPDATED).format(
            title=localized(course.title, current_language()), old=old_version,
            version=course.version))

    def _not_newer(self, course: Course, installed: int) -> ImportResult:
        if installed > course.version:
            raise PackError(e.OLDER, f"{course.id}: v{installed} installed, pack v{course.version}",
                            installed=installed, version=course.version)
        current = self.course(course.id) or course
        return ImportResult(current, "same_version", installed, _(SAME).format(
            title=localized(course.title, current_language()), version=installed))

    def _check_listing(self, files: dict[str, int], course: Course, is_zip: bool) -> None:
        listed = {media.path: media for media in course.media()}
        for path, media in listed.items():
            if path not in files:
                raise PackError(e.MISSING_FILE, f"{path} is not in the pack", path=path)
            if files[path] > media.size and is_zip:
                raise PackError(e.BOMB, f"{path}: {files[path]} > {media.size}", path=path)
            if files[path] != media.size:
                raise PackError(e.DAMAGED_FILE, f"{path}: {files[path]} bytes, listed "
                                f"{media.size}", path=path)
        extra = sorted(set(files) - set(listed))
        if extra:
            raise PackError(e.UNLISTED_FILE, f"unlisted files: {extra[:5]}", path=extra[0])

    def _check_space(self, course: Course) -> None:
        needed = sum(media.size for media in course.media()) + self.reserve_bytes
        free = self._free_bytes(self.paths.courses)
        if free < needed:
            raise PackError(e.NO_SPACE, f"need {needed} bytes, {free} free",
                            needed=_mb(needed), free=_mb(free))

    def _install(self, course: Course, manifest: bytes, open_file: Any,
                 progress: Callable[[ImportProgress], None] | None,
                 cancel: CancelToken | None) -> str:
        self.paths.staging.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix="import-", dir=self.paths.staging))
        final = self.store / f"{course.id}-v{course.version}-{secrets.token_hex(4)}"
        switched = False
        try:
            copy_files(open_file, course.media(), stage, progress, cancel)
            _write_synced(stage / MANIFEST_NAME, manifest)
            self._check_videos(stage, course, cancel)
            _fsync_tree_dirs(stage)
            self.store.mkdir(parents=True, exist_ok=True)
            os.rename(stage, final)
            _fsync_dir(self.store)
            previous = self._switch_index(course.id, {"folder": final.name,
                                                      "version": course.version})
            switched = True
        except OSError as exc:
            raise PackError(e.WRITE_FAILED, f"installing {course.id}: {exc}") from None
        finally:
            if not switched:
                shutil.rmtree(stage, ignore_errors=True)
                shutil.rmtree(final, ignore_errors=True)
            with contextlib.suppress(OSError):  # empty unless another import is running
                self.paths.staging.rmdir()
        if previous is not None:
            shutil.rmtree(self.store / previous["folder"], ignore_errors=True)
        return final.name

    def _check_videos(self, stage: Path, course: Course, cancel: CancelToken | None) -> None:
        if self.video_check is None:
            return
        for lesson in course.lessons:
            if cancel is not None and cancel.cancelled:
                raise ImportCancelled()
            cause = self.video_check(stage / lesson.video.path)
            if cause is not None:
                raise PackError(e.BAD_VIDEO, f"{lesson.video.path}: {cause}",
                                path=lesson.video.path)

    def _switch_index(self, course_id: str, entry: dict[str, Any] | None
                      ) -> dict[str, Any] | None:
        """Write the index with ``course_id`` set to ``entry`` (or removed); return the old one."""
        courses = self._index()
        previous = courses.pop(course_id, None)
        if entry is not None:
            courses[course_id] = entry
        data = json.dumps({"format": 1, "courses": dict(sorted(courses.items()))},
                          ensure_ascii=False, indent=1).encode("utf-8")
        tmp = self.paths.courses / f".index-{secrets.token_hex(4)}.tmp"
        try:
            _write_synced(tmp, data)
            os.replace(tmp, self.index_file)
        finally:
            tmp.unlink(missing_ok=True)
        _fsync_dir(self.paths.courses)
        return previous

    # ------------------------------------------------------------ verify, remove, clean

    def verify(self, course_id: str | None = None) -> list[VerifyProblem]:
        """Re-hash every installed file (two threads); one VerifyProblem per bad file."""
        index = self._index()
        if course_id is not None and course_id not in index:
            raise PackError(e.NOT_INSTALLED, f"{course_id} is not installed", course_id=course_id)
        problems: list[VerifyProblem] = []
        for cid in sorted(index) if course_id is None else [course_id]:
            root = self.store / index[cid]["folder"]
            try:
                course = parse_manifest((root / MANIFEST_NAME).read_bytes(), root)
            except (OSError, PackError):
                problems.append(VerifyProblem(cid, MANIFEST_NAME, _(FILE_DAMAGED)))
                continue
            media = course.media()
            for item, got in zip(media, hash_files([root / m.path for m in media]), strict=True):
                problem = _problem(item.size, item.sha256, got)
                if problem:
                    problems.append(VerifyProblem(cid, item.path, problem))
        return problems

    def remove(self, course_id: str) -> None:
        """Uninstall a course; its study records (by id) are kept."""
        with self._locked():
            if course_id not in self._index():
                raise PackError(e.NOT_INSTALLED, f"{course_id} is not installed",
                                course_id=course_id)
            previous = self._switch_index(course_id, None)
            if previous is not None:
                shutil.rmtree(self.store / previous["folder"], ignore_errors=True)

    def clean_staging(self) -> int:
        """Remove what interrupted imports and removals left; 0 while another one runs."""
        try:
            with self._locked():
                return self._clean()
        except PackError:
            return 0

    def _clean(self) -> int:
        removed = 0
        if self.paths.staging.is_dir():
            for leftover in self.paths.staging.iterdir():
                _remove(leftover)
                removed += 1
            with contextlib.suppress(OSError):
                self.paths.staging.rmdir()
        for tmp in self.paths.courses.glob(".index-*.tmp"):
            tmp.unlink(missing_ok=True)
            removed += 1
        try:
            referenced = {entry["folder"] for entry in self._index().values()}
        except PackError:
            return removed  # never delete installed courses because the index is unreadable
        if self.store.is_dir():
            for folder in self.store.iterdir():
                if folder.name not in referenced:
                    _remove(folder)
                    removed += 1
        return removed

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.paths.courses.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.paths.courses, os.O_RDONLY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PackError(e.BUSY, "the course library is locked by another process") from None
            yield
        finally:
            os.close(fd)


def _problem(size: int, sha256: str, got: tuple[int, str] | OSError) -> str | None:
    if isinstance(got, FileNotFoundError):
        return _(FILE_MISSING)
    if isinstance(got, OSError):
        return _(FILE_UNREADABLE)
    return None if got == (size, sha256) else _(FILE_DAMAGED)


def _mb(size: int) -> int:
    return max(0, round(size / 2**20))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree_dirs(root: Path) -> None:
    for folder, _dirs, _files in os.walk(root):
        _fsync_dir(Path(folder))
