"""Real disk faults for tests: a read-only folder and a full one.

Tests run as root here, and root writes through any permission bits, so a folder is made
read-only with a read-only bind mount and "full" with a tiny tmpfs. Where mounting is not
allowed (an unprivileged user) a read-only folder falls back to dropping write permission,
which binds such a user; a full disk cannot be faked there, so those tests skip.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*args: str) -> bool:
    return subprocess.run(args, capture_output=True).returncode == 0


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` (which must exist) cannot be written while the block runs."""
    if os.geteuid() == 0 and _run("mount", "--bind", str(folder), str(folder)):
        try:
            if not _run("mount", "-o", "remount,bind,ro", str(folder)):
                pytest.skip("this machine does not allow a read-only bind mount")
            yield folder
        finally:
            _run("umount", str(folder))
        return
    if os.geteuid() == 0:
        pytest.skip("running as root without mount: a folder cannot be made read-only")
    mode = folder.stat().st_mode
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(mode)


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "256k") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``folder`` (created if missing); fill it to make it full."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)):
        pytest.skip("this machine does not allow mounting a small tmpfs")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


def fill(folder: Path) -> None:
    """Write into ``folder`` until the disk under it has no byte left."""
    for name, chunk in (("filler", b"\0" * 4096), ("filler-tail", b"\0")):
        with contextlib.suppress(OSError), open(folder / name, "wb", buffering=0) as fh:
            while True:
                fh.write(chunk)
