"""SIGTERM to the real kiosk while its own background sync waits on a request the network
never answers: the kiosk stops cleanly within the service's stop timeout (systemd kills it
after TimeoutStopSec=20), nothing is lost, and the next sync sends what was left, each
record in the LRS exactly once."""

from __future__ import annotations

import datetime
import json
import threading
import time
import uuid

import pytest

from seniorlearn.core.config import Config
from seniorlearn.core.storage import study
from seniorlearn.core.storage.study import StudyRecord
from seniorlearn.core.storage.writer import DatabaseWriter
from tests.sync.proxy import FaultProxy
from tests.sync.test_sync import LEARNERS, assert_exactly_once, cli, kiosk, ralph  # noqa: F401
from tests.test_kiosk_process import display, start_kiosk, temp_root  # noqa: F401

pytestmark = pytest.mark.skipif(
    not __import__("tests.sync.ralph", fromlist=["x"]).ralph_available(),
    reason="needs Ralph in .ralph-venv")
STOP_TIMEOUT_S = 20  # packaging/systemd/seniorlearn-kiosk.service


def test_sigterm_while_the_kiosks_sync_hangs_on_the_network(
        display, temp_root, kiosk, ralph, data_home) -> None:  # noqa: F811
    writer, config, paths = kiosk
    extra = [StudyRecord(id=str(uuid.uuid4()), learner=LEARNERS[n % 5].number,
                         kind="in_person", day=datetime.date.today().isoformat(),
                         started_at=time.time(), seconds=600.0 + n, activity="手机课堂",
                         beat_at=time.time()) for n in range(500)]
    writer.write(lambda db: study.save_all(db, extra))
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
    status = json.loads(cli(data_home, "sync", "status", "--json").stdout)
    assert status["sent"] == 400 and status["pending"] == 126 + 500 - 400
    Config(paths.config_file).set("lrs.endpoint", ralph.endpoint)
    again = cli(data_home, "sync")
    assert again.returncode == 0, again.stderr
    reopened = DatabaseWriter(paths.database)
    try:
        assert_exactly_once(ralph, reopened)
    finally:
        reopened.close()
