"""The kiosk's systemd service, as the Debian package installs it: switch it off and on
(``seniorlearn-kiosk off|on``) and say how it is doing (a row of ``doctor``).

On a machine without the package (a developer's checkout, CI) there is no such service:
``status()`` says so and doctor shows no row for it.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from seniorlearn.core.i18n import N_, _

UNIT = "seniorlearn-kiosk.service"
SYSTEMCTL_TIMEOUT_S = 30.0
PROPERTIES = ("LoadState", "ActiveState", "SubState", "NRestarts", "ExecMainStartTimestamp",
              "Result", "UnitFileState")

SERVICE = N_("Kiosk service")
NOT_INSTALLED = N_("The kiosk service is not installed on this machine (it comes with the "
                   "SeniorLearn Debian package).")
SWITCHED_OFF = N_("The kiosk is switched off until the next start of the machine. Switch it "
                  "on again with: seniorlearn-kiosk on")
SWITCHED_ON = N_("The kiosk is switched on; it appears on the screen in a few seconds.")
NOT_ALLOWED = N_("Only the administrator may switch the kiosk off or on. Run: sudo "
                 "seniorlearn-kiosk {action}")
FAILED = N_("The kiosk could not be switched {action}: {cause}")


@dataclass(frozen=True)
class ServiceState:
    """What systemd says about the unit (empty values when it could not be asked)."""

    values: dict[str, str]

    @property
    def installed(self) -> bool:
        return self.values.get("LoadState") == "loaded"

    @property
    def running(self) -> bool:
        return self.values.get("ActiveState") == "active"

    @property
    def restarts(self) -> int:
        try:
            return int(self.values.get("NRestarts", "0"))
        except ValueError:
            return 0


def status() -> ServiceState:
    """``systemctl show`` of the unit; not installed when there is no systemctl or no unit."""
    done = _systemctl("show", UNIT, *(f"--property={name}" for name in PROPERTIES))
    if done is None or done.returncode != 0:
        return ServiceState({})
    pairs = (line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return ServiceState({key: value for key, value in pairs})


def last_restarts(limit: int = 5) -> list[str]:
    """When systemd last restarted the kiosk, newest last, from the journal (empty when the
    journal cannot be read: only root and the systemd-journal group may)."""
    if shutil.which("journalctl") is None:
        return []
    try:
        done = subprocess.run(
            ["journalctl", "--unit", UNIT, "--no-pager", "--output=short-iso", "--quiet",
             "--grep", "Scheduled restart job|Watchdog timeout|Main process exited"],
            capture_output=True, text=True, timeout=SYSTEMCTL_TIMEOUT_S,
            stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return done.stdout.splitlines()[-limit:] if done.returncode == 0 else []


def switch(on: bool) -> tuple[int, str]:
    """Start or stop the service: (exit status, the sentence to print)."""
    action = "on" if on else "off"
    if not status().installed:
        return 2, _(NOT_INSTALLED)
    if on:
        _systemctl("reset-failed", UNIT)  # a kiosk that gave up restarting may start again
    done = _systemctl("start" if on else "stop", UNIT)
    if done is None:
        return 1, _(FAILED).format(action=action, cause="systemctl")
    if done.returncode != 0:
        cause = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        if "access denied" in done.stderr.lower() or "authentication" in done.stderr.lower():
            return 2, _(NOT_ALLOWED).format(action=action)
        return 1, _(FAILED).format(action=action, cause=cause or f"exit {done.returncode}")
    return 0, _(SWITCHED_ON if on else SWITCHED_OFF)


def _systemctl(*args: str) -> subprocess.CompletedProcess[str] | None:
    if shutil.which("systemctl") is None:
        return None
    try:
        return subprocess.run(["systemctl", "--no-ask-password", *args], capture_output=True,
                              text=True, timeout=SYSTEMCTL_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
