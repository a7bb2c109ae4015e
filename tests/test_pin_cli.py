"""``seniorlearn pin`` as a real command, with the PINs on stdin as a script gives them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from seniorlearn.core.audit import AuditLog
from seniorlearn.core.paths import Paths
from seniorlearn.core.security import MAX_TRIES, PinOutcome, PinState, PinStore

ROOT = Path(__file__).resolve().parents[1]
NOW = 1_800_000_000.0


def pin(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "seniorlearn", "pin", *args], input=stdin,
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_pin_set_reads_the_pin_twice_from_stdin(data_home: Path) -> None:
    proc = pin(data_home, "set", stdin="2468\n2468\n")
    assert proc.returncode == 0, proc.stderr
    assert "志愿者密码已设置" in proc.stdout
    store = PinStore(Paths(data_home).pin_file)
    assert store.check("2468", NOW).outcome is PinOutcome.ACCEPTED
    assert [r.detail for r in AuditLog(Paths(data_home)).records()][0] == {"via": "terminal"}


def test_pin_set_refuses_bad_input_and_changes_nothing(data_home: Path) -> None:
    for stdin, words in (("2468\n1357\n", "不一样"), ("1111\n1111\n", "太容易"),
                         ("24\n24\n", "4 到 8 位"), ("2468\n", "两行")):
        proc = pin(data_home, "set", stdin=stdin)
        assert proc.returncode == 2 and words in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    assert not data_home.exists() or not list(data_home.iterdir())


def test_pin_set_refuses_once_a_pin_was_ever_set(data_home: Path) -> None:
    assert pin(data_home, "set", stdin="2468\n2468\n").returncode == 0
    Paths(data_home).pin_file.unlink()  # lost: that is locked, not a fresh start
    proc = pin(data_home, "set", stdin="1357\n1357\n")
    assert proc.returncode == 2 and "seniorlearn pin reset" in proc.stderr
    assert PinStore(Paths(data_home).pin_file).status(NOW).state is PinState.MISSING


def test_pin_reset_lifts_a_lock_and_a_damaged_file(data_home: Path) -> None:
    store = PinStore(Paths(data_home).pin_file)
    store.set_pin("2468")
    for _ in range(MAX_TRIES):
        store.check("9753", NOW)
    Paths(data_home).pin_file.write_text("{damaged")
    proc = pin(data_home, "reset", stdin="1357\n1357\n")
    assert proc.returncode == 0, proc.stderr
    assert PinStore(Paths(data_home).pin_file).check("1357", NOW).outcome is PinOutcome.ACCEPTED
    assert "pin_reset" in [r.what for r in AuditLog(Paths(data_home)).records()]
    help_text = pin(data_home, "reset", "--help").stdout
    assert "forgotten PIN" in help_text and "lift any lock" in help_text


def test_pin_status_and_doctor_row(data_home: Path) -> None:
    never = pin(data_home, "status")
    assert "seniorlearn pin set" in never.stdout and never.returncode == 1
    pin(data_home, "set", stdin="2468\n2468\n")
    ok = pin(data_home, "status")
    assert "已设置志愿者密码" in ok.stdout and ok.returncode == 0
    data = json.loads(Paths(data_home).pin_file.read_text())
    Paths(data_home).pin_file.write_text(json.dumps({**data, "locked_until": 5}))
    damaged = pin(data_home, "status")
    assert "已损坏" in damaged.stdout and damaged.returncode == 1


def test_pin_set_on_a_terminal_asks_twice_without_echo(data_home: Path) -> None:
    """A real pseudo-terminal: getpass talks to /dev/tty, not stdin."""
    import pty
    import select
    import time

    env = dict(os.environ, SENIORLEARN_HOME=str(data_home), PYTHONPATH=str(ROOT))
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, with the pty as its terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "seniorlearn", "pin", "set"], env)
    seen = b""

    def read_until(word: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30
        while word not in seen and time.monotonic() < deadline:
            if select.select([fd], [], [], 1)[0]:
                try:
                    seen += os.read(fd, 1024)
                except OSError:
                    return
        assert word in seen, seen

    read_until("新的志愿者密码".encode())
    os.write(fd, b"8264\n")
    read_until("再输入一次".encode())
    os.write(fd, b"8264\n")
    read_until("志愿者密码已设置".encode())
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"8264" not in seen  # not echoed
    assert PinStore(Paths(data_home).pin_file).check("8264", NOW).outcome is PinOutcome.ACCEPTED
