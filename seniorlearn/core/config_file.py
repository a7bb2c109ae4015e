"""``config.toml`` on disk: read it even when a line is damaged, and change it safely.

Every change is read-modify-write under an exclusive ``fcntl`` lock on ``config.toml.lock``:
the file is re-read inside the lock (so no writer works from a stale copy), written to a
unique temporary file in the same folder, synced, then renamed over the old one. Readers
take no lock: the rename means they see either the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seniorlearn.core.i18n import N_, _

HEADER = "# SeniorLearn settings. `seniorlearn config show` explains each one.\n"
BAD_LINE = N_("Line {line} of the settings file {path} cannot be read: “{text}”.")
TWICE = N_("Line {line} of the settings file {path} sets “{key}” a second time; the first "
           "one is used.")
UNREADABLE = N_("The settings file {path} could not be read ({error}); the defaults are used.")
# A key at the start of a line, bare or quoted, or a [table] header.
KEY_LINE = re.compile(r"""^\s*(?:\[+\s*)?["']?([A-Za-z0-9_-]+)["']?\s*[=\]]""")

# st_ino, st_size, st_mtime_ns, st_ctime_ns: any write, in place or by rename, changes one.
Signature = tuple[int, int, int, int]


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file, as a sentence; ``line`` is 1-based when known."""

    msgid: str
    params: dict[str, object]
    line: int | None = None
    damaged: bool = True  # the file is not valid TOML (as opposed to a bad value in it)
    cause: Any = None  # a ConfigError saying what is wrong with a value

    def sentence(self) -> str:
        """The problem in the current language."""
        extra = {"problem": self.cause.sentence()} if self.cause is not None else {}
        return _(self.msgid).format(**self.params, **extra)

    def __str__(self) -> str:
        extra = {"problem": str(self.cause)} if self.cause is not None else {}
        return self.msgid.format(**self.params, **extra)


@dataclass
class RawFile:
    """What the file holds, unchecked: the values in file order and where each was set."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    header: str = HEADER
    data: bytes = b""
    signature: Signature | None = None

    @property
    def damaged(self) -> bool:
        return any(p.damaged for p in self.problems)

    def render(self, values: dict[str, Any] | None = None) -> bytes:
        """The file's bytes with ``values`` (default: its own), under its header comment."""
        import tomli_w  # only when writing: the kiosk's start-up never needs it

        return (self.header + tomli_w.dumps(self.values if values is None else values)).encode()


def signature(path: Path) -> Signature | None:
    """None when there is no file, or none that can be looked at (read() then says why)."""
    try:
        return _signature_of(os.stat(path))
    except OSError:
        return None


def _signature_of(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def read(path: Path) -> RawFile:
    """The file as it is now; an empty one when it does not exist. OSError if unreadable."""
    try:
        with open(path, "rb") as fh:
            # Stat the open file before reading it: a change after this is seen next time.
            sig = _signature_of(os.fstat(fh.fileno()))
            data = fh.read()
    except FileNotFoundError:
        return RawFile()
    raw = parse(data, path)
    raw.signature = sig
    return raw


def parse(data: bytes, path: Path) -> RawFile:
    """Parse the whole file; when that fails, each line alone, so the good lines still count."""
    import tomllib  # only when there is a file: start-up without one skips it

    raw = RawFile(data=data, header=_header(data))
    try:
        text = data.decode("utf-8")
        raw.values = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        _parse_lines(raw, path)
        if not raw.damaged:  # only the whole is wrong (a construct spread over lines)
            raw.problems.append(Problem(UNREADABLE, {"path": path, "error": exc}))
        return raw
    for number, line in enumerate(text.splitlines(), start=1):
        match = KEY_LINE.match(line)
        if match:
            raw.lines.setdefault(match.group(1), number)
    return raw


def _parse_lines(raw: RawFile, path: Path) -> None:
    import tomllib

    for number, line_bytes in enumerate(raw.data.split(b"\n"), start=1):
        line = line_bytes.rstrip(b"\r").decode("utf-8", errors="replace").strip()
        if not line or line.startswith("#"):
            continue
        try:
            values = tomllib.loads(line_bytes.rstrip(b"\r").decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            shown = line if len(line) <= 60 else line[:57] + "..."
            raw.problems.append(Problem(BAD_LINE, {"line": number, "path": path, "text": shown},
                                        line=number))
            continue
        for key, value in values.items():
            if key in raw.values:
                raw.problems.append(Problem(TWICE, {"line": number, "path": path, "key": key},
                                            line=number))
            else:
                raw.values[key] = value
                raw.lines[key] = number


def _header(data: bytes) -> str:
    """The comment lines at the top of the file (kept when it is rewritten)."""
    lines = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line + "\n")
    return "".join(lines) or HEADER


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the exclusive lock that every writer of ``path`` takes."""
    import fcntl  # Unix only, like the kiosk; imported here so the core still imports elsewhere

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC,
                 0o600)
    try:
        _give_to_folder_owner(fd, path.parent)
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def write_atomically(path: Path, data: bytes) -> Signature:
    """Replace ``path`` with ``data`` (mode 0600) all at once; on any error it is untouched."""
    import tempfile  # 4 ms the kiosk's start-up does not need

    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            _give_to_folder_owner(fh.fileno(), path.parent)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    sig = _signature_of(os.stat(path))
    _sync_folder(path.parent)
    return sig


def _give_to_folder_owner(fd: int, folder: Path) -> None:
    """Run as root (``sudo seniorlearn config set``), still leave files the kiosk's user owns:
    a 0600 file owned by root is one the kiosk can neither read nor change."""
    if os.geteuid() != 0:
        return
    owner = os.stat(folder)
    if owner.st_uid != 0:
        os.fchown(fd, owner.st_uid, owner.st_gid)


def _sync_folder(folder: Path) -> None:
    # The rename is only on the disk once the folder is synced (a power cut right after).
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def keep_copy(path: Path, data: bytes) -> Path:
    """Write ``data`` beside ``path`` as ``config.toml.damaged-YYYYMMDD-HHMMSS`` (call locked)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while copy.exists():
        number += 1
        copy = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    write_atomically(copy, data)
    return copy
