"""Every on-disk location SeniorLearn uses, computed in one place.

All data (database, course library, config, logs) lives under ``$SENIORLEARN_HOME``
when it is set, else under the platform's user data directory.
"""

from __future__ import annotations

import errno
import importlib.resources
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from seniorlearn.core.i18n import N_

HOME_ENV = "SENIORLEARN_HOME"

CHECKOUT = Path(__file__).resolve().parents[2]


def shipped(name: str, in_checkout: Path) -> Path:
    """A folder the app reads at run time: an installed SeniorLearn carries it inside the
    package (``seniorlearn/_data/NAME``, put there by installer/build-deb), a checkout in
    the repository."""
    packaged = Path(str(importlib.resources.files("seniorlearn"))) / "_data" / name
    return packaged if packaged.is_dir() else in_checkout


# Icons and the doctor's test clip (the repository's top-level assets/).
ASSETS_DIR = shipped("assets", CHECKOUT / "assets")
# The demo course packs the kiosk installs at its first start (built from courses_offline/scripts).
BUNDLED_PACKS_DIR = shipped("packs", CHECKOUT / "courses_offline" / "packs")


def default_home() -> Path:
    """The platform's per-user data directory for SeniorLearn."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "seniorlearn"


@dataclass(frozen=True)
class Paths:
    """The locations under one data home."""

    home: Path

    @classmethod
    def from_env(cls) -> Paths:
        value = os.environ.get(HOME_ENV, "").strip()
        return cls(Path(value).expanduser() if value else default_home())

    @property
    def config_file(self) -> Path:
        return self.home / "config.toml"

    @property
    def pin_file(self) -> Path:
        return self.home / "volunteer-pin.json"

    @property
    def pin_was_set(self) -> Path:
        # Kept apart from the PIN file: a PIN file that disappears means locked, not first run.
        return self.home / "volunteer-pin.was-set"

    @property
    def audit_log(self) -> Path:
        return self.home / "audit-log.jsonl"

    @property
    def database(self) -> Path:
        return self.home / "seniorlearn.db"

    @property
    def courses(self) -> Path:
        return self.home / "courses"

    @property
    def staging(self) -> Path:
        # Same file system as the library, so an import ends in one atomic rename.
        return self.home / "courses-staging"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def cards(self) -> Path:
        # Card PDFs made on the kiosk when there is neither a printer nor a USB stick.
        return self.home / "cards"

    @property
    def certificates(self) -> Path:
        # Certificates kept for the volunteer when the kiosk has no printer and no stick.
        return self.home / "certificates"

    def ensure(self) -> None:
        """Create the data home and its folders if they are missing (only the kiosk's
        user may read them)."""
        for folder in (self.home, self.courses, self.logs, self.backups):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)


# What is wrong with a data home, in words for the people at the kiosk and the technician.
HOME_PROBLEMS = {
    "not_a_folder": N_("The kiosk's data folder {path} is a file, not a folder, so nothing "
                       "can be saved. Please ask the technician to move that file away."),
    "read_only": N_("The kiosk's data folder {path} cannot be written to. Lessons still play, "
                    "but study records and settings are not saved. Please ask the technician "
                    "to check the disk."),
    "full": N_("The disk of the kiosk's data folder {path} is full. Lessons still play, but "
               "study records and settings are not saved. Please ask the technician to make "
               "room on the disk."),
}
HOME_NOTICE = N_("This kiosk cannot save anything right now. Lessons still play. "
                 "Please tell a volunteer.")


def home_problem(paths: Paths) -> str | None:
    """``"not_a_folder"`` when the data home, or a folder above it, is a file; else None.
    Reads only: for commands that must not create or change anything."""
    for folder in (paths.home, *paths.home.parents):
        if folder.exists():
            return None if folder.is_dir() else "not_a_folder"
    return None


def prepare_home(paths: Paths) -> str | None:
    """Create the data home if missing (mode 0700), tighten it to 0700 if others could read
    it, and check that a file written there reaches the disk.

    Returns ``None`` when it is usable, else a key of ``HOME_PROBLEMS``; never raises.
    """
    try:
        paths.home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        return "not_a_folder"
    except OSError as exc:
        return _problem_of(exc)
    if not paths.home.is_dir():
        return "not_a_folder"
    return _tighten(paths.home) or _probe(paths.home)


def _tighten(home: Path) -> str | None:
    try:
        if stat.S_IMODE(home.stat().st_mode) & 0o077:
            home.chmod(0o700)
    except OSError as exc:
        return _problem_of(exc)
    return None


def _probe(home: Path) -> str | None:
    probe = home / f".write-probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"\0" * 4096)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        return _problem_of(exc)
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    return None


def _problem_of(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "full"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return "not_a_folder"
    return "read_only"
