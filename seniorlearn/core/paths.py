"""Every on-disk location SeniorLearn uses, computed in one place.

All data (database, course library, config, logs) lives under ``$SENIORLEARN_HOME``
when it is set, else under the platform's user data directory.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "SENIORLEARN_HOME"

# The repository's top-level assets/ (icons, the doctor's test clip). An installed
# build ships the same folder next to the package (see installer/).
ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"
# The demo course packs the kiosk installs at its first start (built from courses_offline/scripts).
BUNDLED_PACKS_DIR = Path(__file__).resolve().parents[2] / "courses_offline" / "packs"


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

    def ensure(self) -> None:
        """Create the data home and its folders if they are missing."""
        for folder in (self.home, self.courses, self.logs, self.backups):
            folder.mkdir(parents=True, exist_ok=True)
