"""The kiosk's backup schedule: the copy is made on a worker thread, not the UI thread, once
a day (a new day makes a new one), and a backup that cannot be made is a log line only."""

from __future__ import annotations

import datetime
import logging
import threading

from seniorlearn.core.paths import Paths
from seniorlearn.core.storage import backup
from seniorlearn.core.storage.backup import BackupError, BackupResult
from seniorlearn.core.storage.writer import DatabaseWriter
from seniorlearn.ui.backups import BackupSchedule
from seniorlearn.ui.tasks import TaskRunner
from tests.faults import read_only


def _database(paths: Paths) -> None:
    writer = DatabaseWriter(paths.database)
    writer.write(lambda db: db["meta"].insert({"key": "k", "value": "v"}))
    writer.close()


def test_backups_run_off_the_ui_thread_once_a_day(qtbot, monkeypatch) -> None:
    paths = Paths.from_env()
    _database(paths)
    tasks = TaskRunner()
    threads: list[threading.Thread] = []
    original = backup.make_backup

    def watched(*args, **kwargs):  # the real backup, noting which thread runs it
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr("seniorlearn.ui.backups.make_backup", watched)

    day = [datetime.date(2026, 11, 20)]
    schedule = BackupSchedule(paths, tasks.run, first_delay_ms=10, every_ms=50,
                              today=lambda: day[0])
    try:
        schedule.start()
        qtbot.waitUntil(lambda: isinstance(schedule.last, BackupResult), timeout=10_000)
        assert schedule.last.made
        qtbot.waitUntil(lambda: len(threads) >= 3, timeout=10_000)  # hourly looks: no copy
        assert [d for d, _p in backup.backups(paths.backups)] == [day[0]]
        day[0] = datetime.date(2026, 11, 21)  # midnight passed while the kiosk ran
        qtbot.waitUntil(lambda: len(backup.backups(paths.backups)) == 2, timeout=10_000)
    finally:
        schedule.stop()
        tasks.shutdown()
    assert threads and threading.main_thread() not in threads


def test_a_backup_that_cannot_be_made_is_a_sentence_in_the_log(qtbot, caplog) -> None:
    paths = Paths.from_env()
    _database(paths)
    paths.backups.mkdir()
    tasks = TaskRunner()
    schedule = BackupSchedule(paths, tasks.run, first_delay_ms=10)
    with read_only(paths.backups), caplog.at_level(logging.INFO):
        schedule.start()
        qtbot.waitUntil(lambda: schedule.last is not None, timeout=10_000)
        schedule.stop()
    tasks.shutdown()
    assert isinstance(schedule.last, BackupError)
    [line] = [r for r in caplog.records if r.name == "seniorlearn.ui.backups"]
    assert line.levelno == logging.WARNING and str(paths.backups) in line.getMessage()
    assert not [r for r in caplog.records if r.exc_info]  # a sentence, not a traceback
