"""The sync's parts made from the settings: the LRS password file (readable by the kiosk's
user only, never shown), the sender's origin, the client and the service."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

from seniorlearn.core.config import Config
from seniorlearn.core.config_file import write_atomically
from seniorlearn.core.paths import Paths
from seniorlearn.core.storage.writer import DatabaseWriter
from seniorlearn.core.sync.client import LrsClient
from seniorlearn.core.sync.service import SyncService
from seniorlearn.core.sync.statements import Origin

PASSWORD_KEY = "lrs.password"


def password_file(paths: Paths) -> os.PathLike[str]:
    return paths.home / "lrs-password"


def save_password(paths: Paths, password: str) -> None:
    """Kept in its own file, mode 0600, written whole or not at all."""
    write_atomically(paths.home / "lrs-password", password.encode("utf-8"))


def load_password(paths: Paths) -> str:
    try:
        return (paths.home / "lrs-password").read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def origin(config: Config) -> Origin:
    return Origin(homepage=str(config.get("platform.homepage")),
                  study_point_id=str(config.get("study_point.id")),
                  study_point_name=str(config.get("study_point.name")),
                  kiosk_id=str(config.get("kiosk.id")) or socket.gethostname(),
                  minutes_per_xueshi=int(config.get("minutes_per_xueshi")))


def client_factory(config: Config, paths: Paths) -> Callable[[], LrsClient | None]:
    """A new client per sync run, with the settings of that moment; None: not set up."""
    def make() -> LrsClient | None:
        config.reload_if_changed()
        endpoint, user = str(config.get("lrs.endpoint")), str(config.get("lrs.username"))
        password = load_password(paths)
        if not (endpoint and user and password):
            return None
        return LrsClient(endpoint, user, password, str(config.get("lrs.ca_file")))

    return make


def sync_service(writer: DatabaseWriter, config: Config, paths: Paths) -> SyncService:
    return SyncService(writer, origin(config), client_factory(config, paths))
