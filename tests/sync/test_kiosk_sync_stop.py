"""SIGTERM to the real kiosk while its own background sync waits on a request the network
never answers: the kiosk stops cleanly within the service's stop timeout (systemd kills it
after TimeoutStopSec=20), nothing is lost, and the next sync sends what was left, each
record in the LRS exactly once."""

from __future__ import annotations

import threading
import time

import pytest

from tests.sync.proxy import FaultProxy
from tests.sync.test_sync import (  # noqa: F401
    add_500_in_person,
    kiosk,
    ralph,
    two_batches_sent_then_the_rest,
)
from tests.test_kiosk_process import display, start_kiosk, temp_root  # noqa: F401

pytestmark = pytest.mark.skipif(
    not __import__("tests.sync.ralph", fromlist=["x"]).ralph_available(),
    reason="needs Ralph in .ralph-venv")
STOP_TIMEOUT_S = 20  # packaging/systemd/seniorlearn-kiosk.service


def test_sigterm_while_the_kiosks_sync_hangs_on_the_network(
        display, temp_root, kiosk, ralph, data_home) -> None:  # noqa: F811
    writer, config, paths = kiosk
    add_500_in_person(writer)
    writer.close()
    proxy = FaultProxy(ralph.port)
    proxy.script = ["", "", "hang"]  # two batches go, the third is never answered
    hung = threading.Event()
    proxy.on_post = lambda number: number == 3 and hung.set()
    config.set("lrs.endpoint", proxy.endpoint)
    process = start_kiosk(display, data_home, temp_root, "--windowed",
                          SENIORLEARN_SPEECH_ENABLED="false")
    try:
        assert hung.wait(90), "the kiosk's own sync never reached its third batch"
        time.sleep(0.5)
        process.terminate()
        asked = time.monotonic()
        code = process.wait(STOP_TIMEOUT_S + 30)
        took = time.monotonic() - asked
        err = process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        proxy.close()
    assert code == 0 and "Traceback" not in err, err
    assert took < STOP_TIMEOUT_S - 5, f"stopped {took:.1f} s after SIGTERM"
    two_batches_sent_then_the_rest(data_home, paths, ralph)
