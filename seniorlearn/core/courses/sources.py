"""Reading a pack safely, from a folder or a .zip: names, links, and zip bombs.

A source lists its files (path -> size) and opens each one for streaming. A folder pack may
hold no links or special files; a zip may hold exactly one top folder around the pack, and
each entry is checked against the size its header and the manifest declare while it streams.
"""

from __future__ import annotations

import io
import os
import stat
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Protocol

from seniorlearn.core.courses.errors import (
    BAD_NAME,
    BAD_ZIP,
    BOMB,
    DAMAGED_FILE,
    DUPLICATE_FILE,
    LINK,
    NOT_A_PACK,
    NOT_FOUND,
    READ_FAILED,
    PackError,
)
from seniorlearn.core.courses.manifest import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    check_member_path,
    printable,
)

# A real video compresses barely at all; 200:1 on anything over 1 MB is a bomb.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1 << 20
MAX_ENTRIES = 10_000


class PackSource(Protocol):
    name: str

    def files(self) -> dict[str, int]: ...

    def read_manifest(self) -> bytes: ...

    def open(self, path: str, declared_size: int) -> io.RawIOBase: ...

    def close(self) -> None: ...


def open_source(source: Path) -> PackSource:
    """A folder or a .zip pack; PackError when it is neither."""
    name = source.name or str(source)
    try:
        if source.is_dir():
            return FolderSource(source)
        if not source.is_file():
            raise PackError(NOT_FOUND, f"{source} does not exist", name=str(source))
        if not zipfile.is_zipfile(source):
            raise PackError(BAD_ZIP, f"{source} is not a zip file", name=name)
    except OSError as exc:
        raise PackError(READ_FAILED, f"cannot read {source}: {exc}") from None
    return ZipSource(source)


class FolderSource:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.name = root.name
        self._files = self._walk()
        if MANIFEST_NAME not in self._files:
            raise PackError(NOT_A_PACK, f"no manifest.json in {root}", name=self.name)

    def _walk(self) -> dict[str, int]:
        found: dict[str, int] = {}
        pending = [""]
        while pending:
            prefix = pending.pop()
            try:
                entries = list(os.scandir(self.root / prefix if prefix else self.root))
            except OSError as exc:
                raise PackError(READ_FAILED, f"cannot list {prefix or '.'}: {exc}") from None
            for entry in entries:
                rel = f"{prefix}{entry.name}"
                if is_os_litter(rel):
                    continue
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISDIR(mode):
                    check_member_path(rel)
                    pending.append(rel + "/")
                elif stat.S_ISREG(mode):
                    found[check_member_path(rel)] = entry.stat(follow_symlinks=False).st_size
                else:
                    raise PackError(LINK, f"{rel} is a link or special file", path=printable(rel))
                if len(found) > MAX_ENTRIES:
                    raise PackError(READ_FAILED, f"more than {MAX_ENTRIES} files")
        return found

    def files(self) -> dict[str, int]:
        return {k: v for k, v in self._files.items() if k != MANIFEST_NAME}

    def read_manifest(self) -> bytes:
        with self.open(MANIFEST_NAME, MAX_MANIFEST_BYTES) as fh:
            return fh.read(MAX_MANIFEST_BYTES + 1)

    def open(self, path: str, declared_size: int) -> io.RawIOBase:
        try:
            # O_NOFOLLOW: a file swapped for a link after the listing is still refused.
            fd = os.open(self.root / path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            raise PackError(READ_FAILED, f"{path} vanished while importing") from None
        except OSError as exc:
            raise PackError(LINK if "link" in str(exc) else READ_FAILED,
                            f"cannot open {path}: {exc}", path=path) from None
        return os.fdopen(fd, "rb", buffering=0)

    def close(self) -> None:
        pass


class ZipSource:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self._local = threading.local()
        self._zips: list[zipfile.ZipFile] = []
        self._lock = threading.Lock()
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._prefix = ""
        self._index(self._zip())

    def _zip(self) -> zipfile.ZipFile:
        """One ZipFile per thread: a ZipFile's file position is shared state."""
        zf: zipfile.ZipFile | None = getattr(self._local, "zip", None)
        if zf is None:
            try:
                zf = zipfile.ZipFile(self.path)
            except UnicodeDecodeError as exc:
                bad = exc.object if isinstance(exc.object, bytes) else b"?"
                raise PackError(BAD_NAME, f"zip entry name is not UTF-8: {bad!r}",
                                path=bad.decode("utf-8", "backslashreplace")) from None
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise PackError(BAD_ZIP, f"{self.path}: {exc}", name=self.name) from None
            self._local.zip = zf
            with self._lock:
                self._zips.append(zf)
        return zf

    def _index(self, zf: zipfile.ZipFile) -> None:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PackError(READ_FAILED, f"more than {MAX_ENTRIES} zip entries")
        for info in infos:
            name = _entry_name(info)
            if is_os_litter(name):
                continue
            check_member_path(name.rstrip("/") if info.is_dir() else name)
            if info.is_dir():
                continue
            if stat.S_IFMT(info.external_attr >> 16) not in (0, stat.S_IFREG):
                raise PackError(LINK, f"zip entry {name} is a link", path=name)
            if name in self._infos:
                raise PackError(DUPLICATE_FILE, f"zip entry {name} twice", path=name)
            _check_ratio(info, name)
            self._infos[name] = info
        self._prefix = _pack_prefix(self._infos, self.name)

    def files(self) -> dict[str, int]:
        n = len(self._prefix)
        return {name[n:]: info.file_size for name, info in self._infos.items()
                if name != self._prefix + MANIFEST_NAME}

    def read_manifest(self) -> bytes:
        with self.open(MANIFEST_NAME, MAX_MANIFEST_BYTES) as fh:
            return fh.read(MAX_MANIFEST_BYTES + 1)

    def open(self, path: str, declared_size: int) -> io.RawIOBase:
        info = self._infos.get(self._prefix + path)
        if info is None:
            raise PackError(READ_FAILED, f"{path} vanished from the zip")
        if info.file_size > declared_size:
            raise PackError(BOMB, f"{path}: header says {info.file_size} > {declared_size}",
                            path=path)
        if info.flag_bits & 0x1:
            raise PackError(BAD_ZIP, f"{path} is encrypted", name=self.name)
        try:
            return _Bounded(self._zip().open(info), declared_size, path)
        except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError) as exc:
            raise PackError(BAD_ZIP, f"{path}: {exc}", name=self.name) from None

    def close(self) -> None:
        with self._lock:
            for zf in self._zips:
                zf.close()
            self._zips.clear()


def _entry_name(info: zipfile.ZipInfo) -> str:
    """Entries without the UTF-8 flag are cp437 to zipfile; accept them only if UTF-8."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        return name.encode("cp437").decode("utf-8")
    except UnicodeError:
        raw = name.encode("cp437", "replace")
        raise PackError(BAD_NAME, f"zip entry name is not UTF-8: {raw!r}",
                        path=raw.decode("utf-8", "backslashreplace")) from None


def _check_ratio(info: zipfile.ZipInfo, name: str) -> None:
    if (info.file_size > RATIO_FLOOR_BYTES
            and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
        raise PackError(BOMB, f"{name}: {info.file_size} bytes from {info.compress_size}",
                        path=name)


# What a Mac or Windows leaves on a stick it has browsed. Never part of a pack, never read or
# copied: refusing a pack over them would stop a volunteer for nothing they can see.
OS_LITTER_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".Spotlight-V100",
                             ".Trashes", ".fseventsd", "__MACOSX"})


def is_os_litter(rel: str) -> bool:
    parts = rel.rstrip("/").split("/")
    return any(part in OS_LITTER_NAMES for part in parts) or parts[-1].startswith("._")


def _pack_prefix(infos: dict[str, zipfile.ZipInfo], name: str) -> str:
    """'' when manifest.json is at the top, 'folder/' when one top folder holds the pack."""
    if MANIFEST_NAME in infos:
        return ""
    tops = {entry.split("/", 1)[0] for entry in infos}
    if len(tops) == 1 and all("/" in entry for entry in infos):
        prefix = f"{tops.pop()}/"
        if prefix + MANIFEST_NAME in infos:
            return prefix
    raise PackError(NOT_A_PACK, f"no manifest.json at the top of {name}", name=name)


class _Bounded(io.RawIOBase):
    """A zip entry stream that refuses to produce more than the declared size."""

    def __init__(self, inner: IO[bytes], limit: int, path: str) -> None:
        self._inner, self._left, self._path = inner, limit, path

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            n = self._inner.readinto(buffer)  # type: ignore[attr-defined]
        except (zipfile.BadZipFile, EOFError) as exc:  # a bad CRC or a cut-off entry
            raise PackError(DAMAGED_FILE, f"{self._path}: {exc}", path=self._path) from None
        except OSError as exc:
            raise PackError(READ_FAILED, f"{self._path}: {exc}") from None
        self._left -= n
        if self._left < 0:
            raise PackError(BOMB, f"{self._path} is longer than declared", path=self._path)
        return int(n)

    def close(self) -> None:
        self._inner.close()
        super().close()


@contextmanager
def opened(source: Path) -> Iterator[PackSource]:
    pack = open_source(source)
    try:
        yield pack
    finally:
        pack.close()
