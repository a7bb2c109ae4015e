"""The daily backup: ``backups/seniorlearn-YYYY-MM-DD.db``, at most one a day, seven kept.

The copy is made with SQLite's online backup API on a read connection of its own, inside
one read transaction: in WAL mode the writer goes on committing heartbeats meanwhile, and
the copy is the database as it was when the backup began (it never restarts). It is written
under a hidden temporary name, checked, flushed to the disk and only then renamed, so a
``kill -9`` or a power cut mid-backup never leaves a file that looks like a finished backup.
Only files named like our own backups are ever deleted.
"""

from __future__ import annotations

import datetime
import errno
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from seniorlearn.core.i18n import N_, _

log = logging.getLogger(__name__)
KEEP = 7
PAGES_PER_STEP = 1024  # 4 MB at SQLite's default page size: a step is a few milliseconds
SAME_DISK_RESERVE = 64 * 1024**2  # left free for the live database when both share a disk
NAME = re.compile(r"^seniorlearn-(\d{4}-\d{2}-\d{2})\.db$")
PARTIAL = re.compile(r"^\.seniorlearn-\d{4}-\d{2}-\d{2}\.db\.partial-(\d+)(-journal)?$")

FULL = N_("The backup was not made: the disk that holds {folder} is full. The kiosk keeps "
          "working; make room on the disk (remove courses nobody uses) and the next backup "
          "is made by itself.")
READ_ONLY = N_("The backup was not made: the backups folder {folder} cannot be written to. "
               "The kiosk keeps working; ask the technician to make the folder writable.")
NO_DATABASE = N_("There is no database yet, so there is nothing to back up.")
BAD_COPY = N_("The backup was not made: the database could not be copied whole, so it may "
              "be damaged. Run “seniorlearn doctor”.")
FAILED = N_("The backup was not made ({cause}). The kiosk keeps working; run “seniorlearn "
            "doctor” to find the cause.")


class BackupError(Exception):
    """No backup was made; ``str()`` is the sentence, ``cause`` the raw error for the log."""

    def __init__(self, sentence: str, cause: str = "") -> None:
        super().__init__(sentence)
        self.cause = cause


class BackupCancelled(Exception):
    """``stop()`` said so between two steps; the temporary copy was removed."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    made: bool                    # False: today's backup was already there
    removed: tuple[Path, ...] = ()


def backup_name(day: datetime.date) -> str:
    return f"seniorlearn-{day.isoformat()}.db"


def backups(folder: Path) -> list[tuple[datetime.date, Path]]:
    """Our own finished backups in ``folder``, newest first (other files are not ours)."""
    found = []
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    for name in names:
        match = NAME.match(name)
        if match and (folder / name).is_file():
            try:
                found.append((datetime.date.fromisoformat(match.group(1)), folder / name))
            except ValueError:  # seniorlearn-2026-13-45.db is not one of ours
                continue
    return sorted(found, reverse=True)


def make_backup(database: Path, folder: Path, today: datetime.date | None = None,
                keep: int = KEEP, stop: Callable[[], bool] = lambda: False,
                reserve_bytes: int = SAME_DISK_RESERVE) -> BackupResult:
    """Today's backup of ``database`` in ``folder`` unless there is one; then keep ``keep``.

    Raises BackupError (a sentence in the current language) when none could be made, and
    BackupCancelled when ``stop()`` turned true; either way no backup is deleted.
    """
    day = today or datetime.date.today()
    if not database.is_file():
        raise BackupError(_(NO_DATABASE), str(database))
    target = folder / backup_name(day)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _remove_stale_partials(folder)
        made = not target.exists()
        if made:
            _check_room(database, folder, reserve_bytes)
            _copy(database, folder, target, day, stop)
    except OSError as exc:
        raise _os_error(exc, folder) from exc
    return BackupResult(target, made, _prune(folder, keep))


def _copy(database: Path, folder: Path, target: Path, day: datetime.date,
          stop: Callable[[], bool]) -> None:
    partial = folder / f".{backup_name(day)}.partial-{os.getpid()}"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        _sqlite_copy(database, partial, folder, stop)
        _fsync(partial)
        os.replace(partial, target)
        _fsync(folder)  # the rename itself reaches the disk
    except BaseException:
        partial.unlink(missing_ok=True)
        Path(f"{partial}-journal").unlink(missing_ok=True)
        raise


def _sqlite_copy(database: Path, partial: Path, folder: Path, stop: Callable[[], bool]) -> None:
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, isolation_level=None)
    copy = sqlite3.connect(partial, isolation_level=None)
    try:
        source.execute("PRAGMA busy_timeout = 5000")
        source.execute("BEGIN")  # one snapshot for every step: the copy never restarts
        source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()

        def progress(_status: int, _remaining: int, _total: int) -> None:
            if stop():
                raise BackupCancelled()

        source.backup(copy, pages=PAGES_PER_STEP, progress=progress)
        source.execute("COMMIT")
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal
        copy.set_progress_handler(lambda: int(stop()), 10_000)  # the check can take seconds
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(_(BAD_COPY), "; ".join(problems[:3]))
    except sqlite3.Error as exc:
        if stop():
            raise BackupCancelled() from exc
        raise _sqlite_error(exc, folder) from exc
    finally:
        source.close()
        copy.close()


def folder_problem(database: Path, folder: Path,
                   reserve_bytes: int = SAME_DISK_RESERVE) -> str | None:
    """Why a backup could not be made in ``folder`` now (a sentence), or None; for doctor.

    Writes and removes one small probe file; never creates the folder.
    """
    probe = folder / f".probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"\0" * 4096)
            os.fsync(fd)
        finally:
            os.close(fd)
            probe.unlink(missing_ok=True)
        if database.is_file():
            _check_room(database, folder, reserve_bytes)
    except FileNotFoundError:
        return None  # made by the first backup
    except OSError as exc:
        return str(_os_error(exc, folder))
    except BackupError as exc:
        return str(exc)
    return None


def _check_room(database: Path, folder: Path, reserve_bytes: int) -> None:
    """A copy must not take the last bytes the live database needs on a shared disk."""
    size = database.stat().st_size
    same_disk = database.parent.stat().st_dev == folder.stat().st_dev
    needed = size + (reserve_bytes if same_disk else 0)
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise BackupError(_(FULL).format(folder=folder),
                          f"{free} bytes free, {needed} needed")


def _prune(folder: Path, keep: int) -> tuple[Path, ...]:
    removed = []
    for _day, path in backups(folder)[keep:]:
        try:
            path.unlink()
            removed.append(path)
        except OSError as exc:
            log.warning("an old backup %s could not be removed: %s", path, exc)
    return tuple(removed)


def _remove_stale_partials(folder: Path) -> None:
    """What a killed backup left behind: our own temporary names, of a process now gone."""
    for name in os.listdir(folder):
        match = PARTIAL.match(name)
        if match and not _alive(int(match.group(1))):
            (folder / name).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is not copying into it now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _os_error(exc: OSError, folder: Path) -> BackupError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return BackupError(_(FULL).format(folder=folder), str(exc))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return BackupError(_(READ_ONLY).format(folder=folder), str(exc))
    return BackupError(_(FAILED).format(cause=exc.strerror or exc), str(exc))


def _sqlite_error(exc: sqlite3.Error, folder: Path) -> BackupError:
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith("SQLITE_FULL"):
        return BackupError(_(FULL).format(folder=folder), str(exc))
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
        return BackupError(_(READ_ONLY).format(folder=folder), str(exc))
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return BackupError(_(BAD_COPY), str(exc))
    return BackupError(_(FAILED).format(cause=exc), f"{name}: {exc}")
