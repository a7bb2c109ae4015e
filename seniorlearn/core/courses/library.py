"""The installed course library: import, list, verify and remove course packs.

On-disk layout (under the data home)::

    courses/index.json                      which folder holds each course id (see index.py)
    courses/store/<id>-v<version>-<hex>/    one installed version: manifest.json + its files
    courses-staging/import-XXXX/            an import in progress (same file system)

Files are written 0600 and folders 0700: only the kiosk's own user reads them.

Why it is atomic: an import copies into staging, then renames the finished folder into
``store/`` under a new unique name (nothing points at it yet), then replaces ``index.json``
with ``os.replace`` after fsyncing the new file, its folder and the store. Only that replace
makes the course visible, and it is a single atomic rename: a kill -9 before it leaves the old
index (and the old version's folder) untouched; after it the new version is complete. Study
records point at course and lesson ids, never at folders, so updates and removals cannot
break them.

Reading never deletes anything. A missing or damaged index is rebuilt from the manifests in
``store/`` (and saved, when the lock is free). Only imports and removals, holding an exclusive
``flock`` on ``courses/``, clear leftovers, and only what is provably one: anything in staging,
temporary index files, and a store folder that a saved index supersedes (it names another,
existing folder for that course, or records the course as removed). A folder of a course the
index does not know is never deleted: it may be the only copy (see ``upkeep.py``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seniorlearn.core.courses import errors as e
from seniorlearn.core.courses.copying import CancelToken, ImportProgress, copy_files, hash_files
from seniorlearn.core.courses.errors import ImportCancelled, PackError
from seniorlearn.core.courses.index import (
    DIR_MODE,
    Index,
    IndexDamaged,
    entry_for,
    fsync_dir,
    installed_at,
    is_complete,
    load_course,
    load_installed,
    make_dirs,
    read_index,
    rebuild,
    write_index,
    write_synced,
)
from seniorlearn.core.courses.manifest import (
    MANIFEST_NAME,
    Course,
    Lesson,
    localized,
    parse_manifest,
)
from seniorlearn.core.courses.sources import ZipSource, opened
from seniorlearn.core.courses.upkeep import clean_leftovers, repair_index
from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.core.paths import Paths

log = logging.getLogger(__name__)

INSTALLED = N_("The course “{title}” (version {version}) is now installed.")
UPDATED = N_("The course “{title}” was updated from version {old} to version {version}.")
REINSTALLED = N_("Files of the course “{title}” (version {version}) were missing; it has "
                 "been installed again.")
COURSE_GONE = N_("The files of this course are missing from this kiosk; import its course "
                 "pack again.")
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
    outcome: str  # "installed" | "updated" | "reinstalled" | "same_version"
    previous_version: int | None
    message: str


@dataclass(frozen=True)
class VerifyProblem:
    course_id: str
    path: str
    problem: str


@dataclass(frozen=True)
class MissingCourse:
    """A course the index lists whose folder or manifest is gone: import its pack again."""

    id: str
    version: int
    title: dict[str, str]


_NUMBERS = re.compile(r"(\d+)")


def reading_order(title: str) -> tuple[str | int, ...]:
    """A title's place in a list as a person reads it: numbers by value, so 第2门课 comes
    before 第13门课 (as text, "13" sorts before "2")."""
    parts = _NUMBERS.split(title)
    return tuple(int(part) if n % 2 else part for n, part in enumerate(parts))


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
        self._stamps: dict[str, tuple[str, dict[str, Any]]] = {}  # to record: see _load
        # Whether this thread holds the lock through this object (flock is per open file,
        # so a nested _locked() would refuse itself); per thread, as the kiosk shares one.
        self._lock_state = threading.local()
        self.repaired = False  # the index was rebuilt from store/ by this object

    @property
    def store(self) -> Path:
        return self.paths.courses / "store"

    @property
    def index_file(self) -> Path:
        return self.paths.courses / "index.json"

    # ------------------------------------------------------------ reading

    def courses(self) -> list[Course]:
        """Installed courses whose files are there, sorted by title in the current language."""
        return self._courses(self._read())

    def courses_and_times(self) -> tuple[list[Course], dict[str, tuple[float | None, bool]]]:
        """``courses()`` and ``installed_times()`` from one reading of the index (what a
        catalogue needs, read once)."""
        index = self._read()
        return self._courses(index), self._times(index)

    def _courses(self, index: Index) -> list[Course]:
        found, store = [], self.store
        store_text = str(store)
        for course_id, entry in index.courses.items():
            course = self._load(course_id, entry, store, store_text)
            if course is not None:
                found.append(course)
        self._save_stamps()
        language = current_language()
        return sorted(found, key=lambda c: (reading_order(localized(c.title, language)), c.id))

    def course(self, course_id: str) -> Course | None:
        entry = self._read().courses.get(course_id)
        return None if entry is None else self._load(course_id, entry)

    def missing(self) -> list[MissingCourse]:
        """Installed courses whose files are gone (by id); importing the pack reinstalls them."""
        return [MissingCourse(cid, int(entry["version"]), entry.get("title") or {"zh_CN": cid})
                for cid, entry in sorted(self._read().courses.items())
                if self._load(cid, entry) is None]

    def installed_times(self) -> dict[str, tuple[float | None, bool]]:
        """Each installed course's install time (Unix seconds, None if unknown) and whether
        it is a bundled demo pack."""
        return self._times(self._read())

    def _times(self, index: Index) -> dict[str, tuple[float | None, bool]]:
        store = self.store
        return {cid: (installed_at(store, entry), bool(entry.get("bundled")))
                for cid, entry in index.courses.items()}

    def removed_ids(self) -> frozenset[str]:
        """Courses a volunteer removed; the bundled packs do not bring them back."""
        return frozenset(self._read().removed)

    def is_complete(self, course_id: str) -> bool:
        """Every file of the installed course is there with its size (no hashing)."""
        course = self.course(course_id)
        return course is not None and is_complete(course)

    def find_lesson(self, lesson_id: str, course_id: str | None = None,
                    ) -> tuple[Course, Lesson] | None:
        """The lesson of that id in ``course_id``; without one (a deep link names only the
        lesson), in the first installed course (by title) that has it."""
        for course in self.courses():
            if course_id is not None and course.id != course_id:
                continue
            for lesson in course.lessons:
                if lesson.id == lesson_id:
                    return course, lesson
        return None

    def _load(self, course_id: str, entry: dict[str, Any], store: Path | None = None,
              store_text: str | None = None) -> Course | None:
        folder = entry["folder"]
        store = store or self.store
        file = os.path.join(store_text or str(store), folder, MANIFEST_NAME)
        if folder in self._cache and os.path.isfile(file):
            return self._cache[folder]
        try:
            course, stamp = load_installed(store / folder, entry.get("manifest"), file)
        except (OSError, PackError) as exc:
            self._cache.pop(folder, None)
            log.warning("installed course %s cannot be read: %s", course_id, exc)
            return None
        self._cache[folder] = course
        if stamp != entry.get("manifest"):  # checked in full just now: next time it need not be
            self._stamps[course_id] = (folder, stamp)
        return course

    def _save_stamps(self) -> None:
        """Record the stamps of manifests checked in full (an index from before stamps, or
        an edited manifest that still passes), when the lock is free; else another time."""
        stamps, self._stamps = self._stamps, {}
        if not stamps:
            return
        try:
            with self._locked():
                index = self._read()
                changed = False
                for course_id, (folder, stamp) in stamps.items():
                    entry = index.courses.get(course_id)
                    if entry is not None and entry["folder"] == folder:
                        entry["manifest"], changed = stamp, True
                if changed and index.saved:
                    write_index(self.paths.courses, index)
        except (OSError, PackError) as exc:  # busy, or a read-only data home: still readable
            log.info("could not record the manifests' stamps in the index: %s", exc)

    def _read(self) -> Index:
        """The index; a missing or damaged one is rebuilt from store/ and saved if possible."""
        try:
            return read_index(self.index_file)
        except FileNotFoundError:
            if not rebuild(self.store).courses:
                return Index(saved=False)  # a new kiosk: nothing to rebuild, nothing to write
        except IndexDamaged:
            pass
        except OSError as exc:
            raise PackError(e.INDEX_DAMAGED, f"{self.index_file}: {exc}") from None
        if getattr(self._lock_state, "holding", False):
            return self._repair()
        try:
            with self._locked():
                return self._repair()
        except PackError:  # another import holds the lock: read the rebuilt index only
            index = rebuild(self.store)
            index.saved = False
            return index

    def _repair(self) -> Index:
        index, rebuilt = repair_index(self.paths.courses, self.store)
        self.repaired = self.repaired or rebuilt
        return index

    # ------------------------------------------------------------ importing

    def import_pack(self, source: Path, progress: Callable[[ImportProgress], None] | None = None,
                    cancel: CancelToken | None = None, bundled: bool = False) -> ImportResult:
        """Install a pack (folder or .zip) atomically; PackError says what is wrong.

        The same version is installed again when the installed copy has lost files.
        ``bundled``: a demo pack shipped with the kiosk, never marked as a new course.
        """
        with self._locked(), opened(Path(source)) as pack:
            index = self._read()
            manifest = pack.read_manifest()
            course = parse_manifest(manifest, Path())
            previous = index.courses.get(course.id)
            old_version = None if previous is None else int(previous["version"])
            if old_version is not None and old_version >= course.version:
                if old_version > course.version or self._intact(previous):
                    return self._not_newer(course, old_version)
            self._check_listing(pack.files(), course, isinstance(pack, ZipSource))
            self._check_space(course)
            self._clean(index)  # only now: a refused pack leaves the data home as it was
            folder = self._install(course, manifest, pack.open, (progress, cancel), index,
                                   bundled)
        installed = self.course(course.id)
        assert installed is not None
        log.info("course %s v%s now in %s", course.id, course.version, folder)
        title = localized(course.title, current_language())
        if old_version is None:
            return ImportResult(installed, "installed", None, _(INSTALLED).format(
                title=title, version=course.version))
        if old_version == course.version:
            return ImportResult(installed, "reinstalled", old_version, _(REINSTALLED).format(
                title=title, version=course.version))
        return ImportResult(installed, "updated", old_version, _(UPDATED).format(
            title=title, old=old_version, version=course.version))

    def _intact(self, entry: dict[str, Any] | None) -> bool:
        if entry is None:
            return False
        try:
            return is_complete(load_course(self.store / entry["folder"]))
        except (OSError, PackError):
            return False

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
                 watch: tuple[Callable[[ImportProgress], None] | None, CancelToken | None],
                 index: Index, bundled: bool) -> str:
        progress, cancel = watch
        final = self.store / f"{course.id}-v{course.version}-{secrets.token_hex(4)}"
        stage: Path | None = None
        switched = False
        try:
            make_dirs(self.paths.staging)
            stage = Path(tempfile.mkdtemp(prefix="import-", dir=self.paths.staging))
            copy_files(open_file, course.media(), stage, progress, cancel)
            write_synced(stage / MANIFEST_NAME, manifest)
            self._check_videos(stage, course, cancel)
            _fsync_tree_dirs(stage)
            make_dirs(self.store)
            os.rename(stage, final)
            fsync_dir(self.store)
            previous = index.courses.get(course.id)
            index.courses[course.id] = entry_for(course, final.name, time.time(), bundled,
                                                 manifest)
            index.removed.pop(course.id, None)
            write_index(self.paths.courses, index)
            switched = True
        except OSError as exc:
            raise _write_failed(exc, f"installing {course.id}") from None
        finally:
            if not switched:
                if stage is not None:
                    shutil.rmtree(stage, ignore_errors=True)
                shutil.rmtree(final, ignore_errors=True)
            with contextlib.suppress(OSError):  # empty unless another import is running
                self.paths.staging.rmdir()
        if previous is not None and previous["folder"] != final.name:
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

    # ------------------------------------------------------------ verify, remove, clean

    def verify(self, course_id: str | None = None) -> list[VerifyProblem]:
        """Re-hash every installed file (two threads); one VerifyProblem per bad file."""
        index = self._read().courses
        if course_id is not None and course_id not in index:
            raise PackError(e.NOT_INSTALLED, f"{course_id} is not installed", course_id=course_id)
        problems: list[VerifyProblem] = []
        for cid in sorted(index) if course_id is None else [course_id]:
            root = self.store / index[cid]["folder"]
            if not root.is_dir():
                problems.append(VerifyProblem(cid, index[cid]["folder"], _(COURSE_GONE)))
                continue
            try:
                course = load_course(root)
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
        """Uninstall a course; its study records (by id) are kept, and the removal is
        remembered so a bundled demo pack does not bring it back."""
        with self._locked():
            index = self._read()
            if course_id not in index.courses:
                raise PackError(e.NOT_INSTALLED, f"{course_id} is not installed",
                                course_id=course_id)
            self._clean(index)
            entry = index.courses.pop(course_id)
            index.removed[course_id] = int(entry["version"])
            try:
                write_index(self.paths.courses, index)
            except OSError as exc:
                raise _write_failed(exc, f"removing {course_id}") from None
            shutil.rmtree(self.store / entry["folder"], ignore_errors=True)

    def clean_staging(self) -> int:
        """Remove what interrupted imports and removals provably left; 0 while another
        import or removal runs. Imports and removals do this themselves first."""
        try:
            with self._locked():
                return self._clean(self._read())
        except PackError:
            return 0

    def _clean(self, index: Index) -> int:
        return clean_leftovers(self.paths.staging, self.paths.courses, self.store, index)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            make_dirs(self.paths.courses)
            fd = os.open(self.paths.courses, os.O_RDONLY)
        except OSError as exc:
            raise _write_failed(exc, f"opening {self.paths.courses}") from None
        for folder in (self.paths.courses, self.store):  # made 0755 by older versions
            with contextlib.suppress(OSError):
                folder.chmod(DIR_MODE)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PackError(e.BUSY, "the course library is locked by another process") from None
            self._lock_state.holding = True
            try:
                yield
            finally:
                self._lock_state.holding = False
        finally:
            os.close(fd)


def _problem(size: int, sha256: str, got: tuple[int, str] | OSError) -> str | None:
    if isinstance(got, FileNotFoundError):
        return _(FILE_MISSING)
    if isinstance(got, OSError):
        return _(FILE_UNREADABLE)
    return None if got == (size, sha256) else _(FILE_DAMAGED)


def _write_failed(exc: OSError, doing: str) -> PackError:
    if exc.errno == errno.ENOSPC:
        return PackError(e.DISK_FULL, f"{doing}: {exc}")
    return PackError(e.WRITE_FAILED, f"{doing}: {exc}")


def _mb(size: int) -> int:
    return max(0, round(size / 2**20))


def _fsync_tree_dirs(root: Path) -> None:
    for folder, _dirs, _files in os.walk(root):
        fsync_dir(Path(folder))
