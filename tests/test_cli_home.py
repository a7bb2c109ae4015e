"""Every ``seniorlearn`` command on a data home that is a file, or read-only: one sentence,
exit 2, nothing changed; reading commands still read a read-only home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults import read_only

COMMANDS = [("courses", "list"), ("courses", "verify"), ("config", "show"),
            ("config", "set", "speech_rate", "150"), ("config", "repair"), ("pin", "status"),
            ("courses", "remove", "x")]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SENIORLEARN_HOME": str(home), "SENIORLEARN_LANGUAGE": "en"}
    return subprocess.run([sys.executable, "-m", "seniorlearn", *args], env=env, text=True,
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=60)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_data_home_that_is_a_file_gets_one_sentence(tmp_path, args) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    done = run(home, *args)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "is a file, not a folder" in done.stderr
    assert "Traceback" not in done.stderr and home.read_text(encoding="utf-8") == "not a folder"


def test_a_read_only_home_still_lists_and_refuses_changes_in_one_sentence(tmp_path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text('speech_rate = 120\n', encoding="utf-8")
    with read_only(home):
        listed = run(home, "courses", "list")
        changed = run(home, "config", "set", "speech_rate", "150")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    assert changed.returncode == 2 and "cannot be written to" in changed.stderr
    assert (home / "config.toml").read_text(encoding="utf-8") == 'speech_rate = 120\n'
