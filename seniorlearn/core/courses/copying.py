"""Copy a pack's files into staging while hashing them: one read of every byte.

Two worker threads (hashlib and file I/O release the GIL, and kiosks have two cores) copy
one file each; the calling thread reports progress at most 20 times a second and is the only
one that calls the progress callback. Cancel and the first error stop every worker.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from seniorlearn.core.courses.errors import (
    DAMAGED_FILE,
    DISK_FULL,
    READ_FAILED,
    WRITE_FAILED,
    ImportCancelled,
    PackError,
)
from seniorlearn.core.courses.index import FILE_MODE, make_dirs
from seniorlearn.core.courses.manifest import MediaFile
from seniorlearn.core.tasks import CancelToken

__all__ = ["CancelToken", "ImportProgress", "copy_files", "hash_files"]

CHUNK = 1 << 20
WORKERS = 2
WRITEBACK_WINDOW = 16 << 20
PROGRESS_INTERVAL_S = 0.05


@dataclass
class ImportProgress:
    done_bytes: int
    total_bytes: int
    current_file: str


class _Shared:
    def __init__(self, cancel: CancelToken | None) -> None:
        self.lock = threading.Lock()
        self.done = 0
        self.current = ""
        self.cancel = cancel
        self.abort = threading.Event()

    def add(self, n: int, path: str) -> None:
        with self.lock:
            self.done += n
            self.current = path

    def check(self) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise ImportCancelled()
        if self.abort.is_set():
            raise ImportCancelled()


def copy_files(open_file: Callable[[str, int], io.RawIOBase], files: Sequence[MediaFile],
               dest: Path, progress: Callable[[ImportProgress], None] | None = None,
               cancel: CancelToken | None = None) -> None:
    """Copy, hash and fsync every file into ``dest``; PackError on the first mismatch."""
    shared = _Shared(cancel)
    total = sum(f.size for f in files)
    for media in files:
        make_dirs((dest / media.path).parent)
    # Biggest first, so the two workers finish at about the same time.
    ordered = sorted(files, key=lambda f: f.size, reverse=True)
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pack-copy") as pool:
        futures = [pool.submit(_copy_one, open_file, media, dest, shared) for media in ordered]
        try:
            _wait_reporting(futures, shared, total, progress)
        finally:
            shared.abort.set()
    if progress is not None:
        progress(ImportProgress(total, total, ""))


def _wait_reporting(futures: list[Future[None]], shared: _Shared, total: int,
                    progress: Callable[[ImportProgress], None] | None) -> None:
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=PROGRESS_INTERVAL_S, return_when=FIRST_EXCEPTION)
        for future in done:
            error = future.exception()
            if error is not None:
                shared.abort.set()
                raise _first_real_error(futures, error)
        if progress is not None:
            with shared.lock:
                snapshot = ImportProgress(shared.done, total, shared.current)
            progress(snapshot)


def _first_real_error(futures: list[Future[None]], error: BaseException) -> BaseException:
    """Prefer a worker's real failure over the ImportCancelled the abort caused in others."""
    if not isinstance(error, ImportCancelled):
        return error
    wait(futures)
    for future in futures:
        other = future.exception()
        if other is not None and not isinstance(other, ImportCancelled):
            return other
    return error


def _copy_one(open_file: Callable[[str, int], io.RawIOBase], media: MediaFile, dest: Path,
              shared: _Shared) -> None:
    shared.check()
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    count = 0
    with open_file(media.path, media.size) as src:
        try:
            out = os.open(dest / media.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except OSError as exc:
            raise _write_error(exc, media.path) from None
        try:
            while True:
                n = _read_into(src, view, media.path)
                if not n:
                    break
                count += n
                if count > media.size:
                    raise PackError(DAMAGED_FILE, f"{media.path} is longer than listed",
                                    path=media.path)
                digest.update(view[:n])
                _write_all(out, view[:n], media.path)
                _start_writeback(out, count, n)
                shared.add(n, media.path)
                shared.check()
            os.fsync(out)
        except OSError as exc:
            raise _write_error(exc, media.path) from None
        finally:
            os.close(out)
    if count != media.size or digest.hexdigest() != media.sha256:
        raise PackError(DAMAGED_FILE, f"{media.path}: {count} bytes, sha256 "
                        f"{digest.hexdigest()}; listed {media.size}, {media.sha256}",
                        path=media.path)


def _start_writeback(fd: int, count: int, n: int) -> None:
    """Every 16 MiB, ask the kernel to start writing the last window to disk now, so the
    final fsync finds little left and the disk works while we hash (Linux: fadvise on dirty
    pages starts asynchronous writeback)."""
    if count // WRITEBACK_WINDOW != (count - n) // WRITEBACK_WINDOW and hasattr(
            os, "posix_fadvise"):
        start = (count // WRITEBACK_WINDOW - 1) * WRITEBACK_WINDOW
        os.posix_fadvise(fd, start, WRITEBACK_WINDOW, os.POSIX_FADV_DONTNEED)


def _read_into(src: io.RawIOBase, view: memoryview, path: str) -> int:
    """A read from the pack: its failure (a USB stick pulled out) is a read error, not ours."""
    try:
        return src.readinto(view) or 0
    except OSError as exc:
        raise PackError(READ_FAILED, f"cannot read {path} from the pack: {exc}") from None


def _write_all(fd: int, data: memoryview, path: str) -> None:
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _write_error(exc: OSError, path: str) -> PackError:
    if exc.errno == 28:  # ENOSPC: the disk filled up although the check said it would fit
        return PackError(DISK_FULL, f"disk full while writing {path}")
    return PackError(WRITE_FAILED, f"cannot write {path}: {exc}")


def hash_file(path: Path) -> tuple[int, str]:
    """(size, sha256) of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    size = 0
    with open(path, "rb", buffering=0) as fh:
        while n := fh.readinto(view):
            digest.update(view[:n])
            size += n
    return size, digest.hexdigest()


def hash_files(paths: Sequence[Path]) -> list[tuple[int, str] | OSError]:
    """hash_file over many files on two threads; an unreadable file gives its OSError."""
    def one(path: Path) -> tuple[int, str] | OSError:
        try:
            return hash_file(path)
        except OSError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pack-hash") as pool:
        results = list(pool.map(one, paths))
    return results
