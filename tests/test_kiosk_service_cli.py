"""``seniorlearn kiosk-service off|on|status`` and doctor's service row.

Where the package is not installed (a checkout, CI) there is no unit: the command says so in
a sentence and doctor shows no row. systemd is not PID 1 in CI, so the installed case runs
against a stand-in ``systemctl`` on PATH that answers as systemd 252 does and records what
it was asked; that proves the commands sent and the sentences, not systemd itself (the
package test runs ``systemd-analyze verify`` on the real units).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAND_IN = """#!/bin/sh
echo "$@" >> "$CALLS"
case "$*" in
  *show*) printf 'LoadState=loaded\\nActiveState=%s\\nSubState=running\\nNRestarts=3\\n' "$STATE" ;;
  *" stop "*) [ -n "$DENY" ] && { echo "Failed to stop: Access denied" >&2; exit 4; } ;;
esac
exit 0
"""


def run(home: Path, *args: str, path: str | None = None, **env: str):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SENIORLEARN_")}
    environ.update(SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT), **env)
    environ.pop("DISPLAY", None)
    if path is not None:
        environ["PATH"] = f"{path}:{environ['PATH']}"
    return subprocess.run([sys.executable, "-m", "seniorlearn", *args], env=environ,
                          capture_output=True, text=True, timeout=120)


def stand_in(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "systemctl").write_text(STAND_IN)
    (folder / "systemctl").chmod(0o755)
    return folder


def test_without_the_package_it_says_so(tmp_path: Path) -> None:
    done = run(tmp_path / "home", "kiosk-service", "off", path=str(tmp_path))
    assert done.returncode == 2
    assert "没有安装学习机服务" in done.stderr and "Traceback" not in done.stderr


def test_off_and_on_ask_systemd_and_say_what_happened(tmp_path: Path) -> None:
    folder, calls = stand_in(tmp_path), tmp_path / "calls"
    off = run(tmp_path / "home", "kiosk-service", "off", path=str(folder), CALLS=str(calls),
              STATE="active")
    assert off.returncode == 0, off.stderr
    assert "seniorlearn-kiosk on" in off.stdout
    on = run(tmp_path / "home", "kiosk-service", "on", path=str(folder), CALLS=str(calls),
             STATE="inactive")
    assert on.returncode == 0, on.stderr
    asked = calls.read_text().splitlines()
    assert "--no-ask-password stop seniorlearn-kiosk.service" in asked
    assert "--no-ask-password reset-failed seniorlearn-kiosk.service" in asked
    assert asked[-1] == "--no-ask-password start seniorlearn-kiosk.service"


def test_a_volunteer_without_root_is_told_to_use_sudo(tmp_path: Path) -> None:
    folder = stand_in(tmp_path)
    done = run(tmp_path / "home", "kiosk-service", "off", path=str(folder),
               CALLS=str(tmp_path / "calls"), STATE="active", DENY="1")
    assert done.returncode == 2
    assert "sudo seniorlearn-kiosk off" in done.stderr and "Traceback" not in done.stderr


def test_doctor_reports_the_service_and_its_restarts_only_when_installed(tmp_path: Path) -> None:
    bare = json.loads(run(tmp_path / "home", "doctor", "--json", path=str(tmp_path)).stdout)
    assert "service" not in [c["key"] for c in bare["checks"]]
    folder = stand_in(tmp_path)
    report = json.loads(run(tmp_path / "home", "doctor", "--json", path=str(folder),
                            CALLS=str(tmp_path / "calls"), STATE="active").stdout)
    row = next(c for c in report["checks"] if c["key"] == "service")
    assert row["ok"] and "3" in row["detail"] and "NRestarts=3" in row["technical"]
