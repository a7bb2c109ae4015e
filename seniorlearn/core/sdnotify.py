"""Tell systemd how the kiosk is doing (``sd_notify``): READY=1 once the home screen is
painted, WATCHDOG=1 from the UI thread, STOPPING=1 on the way out.

Outside systemd ($NOTIFY_SOCKET unset) every call does nothing. A send that fails is
logged once and forgotten: telling the service manager must never stop the kiosk.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)

SOCKET_ENV = "NOTIFY_SOCKET"
WATCHDOG_ENV = "WATCHDOG_USEC"
WATCHDOG_PID_ENV = "WATCHDOG_PID"


class Notifier:
    """Datagrams to the socket systemd gave this process (a path, or ``@name`` for an
    abstract socket)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.address = _address(env.get(SOCKET_ENV, ""))
        self.watchdog_usec = _watchdog_usec(env)
        self._complained = False

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def ping_interval_ms(self) -> int | None:
        """Half the watchdog period (what systemd's manual advises), or None without one."""
        if not self.enabled or not self.watchdog_usec:
            return None
        return max(1, self.watchdog_usec // 2000)

    def ready(self, status: str = "") -> bool:
        return self.send("READY=1", *_status(status))

    def watchdog(self) -> bool:
        return self.send("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.send("STOPPING=1")

    def send(self, *lines: str) -> bool:
        """Send one notification; True when it went out, False (never an exception) else."""
        if self.address is None:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto("\n".join(lines).encode("utf-8"), self.address)
        except OSError as exc:
            if not self._complained:
                self._complained = True
                log.warning("cannot notify the service manager at %s: %s", self.address, exc)
            return False
        return True


def _address(value: str) -> str | bytes | None:
    if not value or not value.startswith(("/", "@")):
        return None  # systemd gives only these two forms (vsock is not for us)
    if value.startswith("@"):
        return b"\0" + value[1:].encode("utf-8")
    return value


def _watchdog_usec(env: Mapping[str, str]) -> int | None:
    """$WATCHDOG_USEC when it is meant for this process ($WATCHDOG_PID unset or ours)."""
    pid = env.get(WATCHDOG_PID_ENV, "").strip()
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(env.get(WATCHDOG_ENV, ""))
    except ValueError:
        return None
    return usec if usec > 0 else None


def _status(status: str) -> tuple[str, ...]:
    return (f"STATUS={status}",) if status else ()
