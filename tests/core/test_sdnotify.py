"""sd_notify to a real datagram socket: a path and an abstract ``@`` name; nothing at all
without $NOTIFY_SOCKET; a socket nobody listens on costs a log line, never an exception."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from seniorlearn.core.sdnotify import Notifier


def listener(address: str | bytes) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.settimeout(5)
    return sock


def test_ready_watchdog_and_stopping_reach_a_path_socket(tmp_path: Path) -> None:
    path = tmp_path / "notify"
    with listener(str(path)) as sock:
        notifier = Notifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "4000000"})
        assert notifier.ready(status="painted") and notifier.watchdog() and notifier.stopping()
        got = [sock.recv(4096).decode() for _ in range(3)]
    assert got == ["READY=1\nSTATUS=painted", "WATCHDOG=1", "STOPPING=1"]
    assert notifier.ping_interval_ms() == 2000


def test_an_abstract_socket_is_reached_through_its_at_name() -> None:
    name = f"seniorlearn-test-{os.getpid()}"
    with listener(b"\0" + name.encode()) as sock:
        assert Notifier({"NOTIFY_SOCKET": f"@{name}"}).watchdog()
        assert sock.recv(4096) == b"WATCHDOG=1"


def test_without_systemd_nothing_is_sent() -> None:
    notifier = Notifier({})
    assert not notifier.enabled
    assert notifier.ping_interval_ms() is None
    assert notifier.ready() is False and notifier.watchdog() is False


def test_a_socket_nobody_listens_on_never_raises(tmp_path: Path, caplog) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    assert notifier.ready() is False
    assert notifier.watchdog() is False
    assert len([r for r in caplog.records if "cannot notify" in r.message]) == 1


def test_a_watchdog_meant_for_another_process_is_not_ours(tmp_path: Path) -> None:
    env = {"NOTIFY_SOCKET": str(tmp_path / "n"), "WATCHDOG_USEC": "1000000",
           "WATCHDOG_PID": str(os.getpid() + 1)}
    assert Notifier(env).ping_interval_ms() is None
    env["WATCHDOG_PID"] = str(os.getpid())
    assert Notifier(env).ping_interval_ms() == 500
    assert Notifier({**env, "WATCHDOG_USEC": "soon"}).ping_interval_ms() is None
