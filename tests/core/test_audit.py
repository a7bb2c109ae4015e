"""The append-only audit log: real files, real read-only and full disks."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from seniorlearn.core.audit import AuditLog
from seniorlearn.core.i18n import set_language
from seniorlearn.core.paths import Paths
from tests import faults

NOW = 1_800_000_000.0


def test_records_are_json_lines_private_to_the_kiosk(tmp_path: Path) -> None:
    log = AuditLog(Paths(tmp_path), clock=lambda: NOW)
    assert log.record("volunteer", "setting_changed", key="speech_rate", value=130)
    assert log.record("system", "kiosk_exited")
    lines = Paths(tmp_path).audit_log.read_text().splitlines()
    first = json.loads(lines[0])
    assert set(first) == {"time", "who", "what", "detail"}
    assert first["time"].startswith("2027-01-15T08:00:00")
    assert first["detail"] == {"key": "speech_rate", "value": 130}
    assert stat.S_IMODE(Paths(tmp_path).audit_log.stat().st_mode) == 0o600


def test_recent_is_newest_first_and_pages(tmp_path: Path) -> None:
    log = AuditLog(Paths(tmp_path))
    for i in range(5):
        log.record("learner", "course_imported", at=NOW + i, course=f"c{i}")
    assert [r.detail["course"] for r in log.recent(2)] == ["c4", "c3"]
    assert [r.detail["course"] for r in log.recent(2, skip=4)] == ["c0"]


def test_sentences_are_in_the_current_language(tmp_path: Path) -> None:
    log = AuditLog(Paths(tmp_path))
    log.record("volunteer", "course_removed", at=NOW, course="网约车出行")
    log.record("system", "something_new", at=NOW, n=1)
    newest, older = log.recent(2)
    set_language("en")
    try:
        assert older.sentence() == "The course “网约车出行” was removed."
        assert "something_new" in newest.sentence()
    finally:
        set_language("zh_CN")
    assert older.sentence() == "删除了课程《网约车出行》。"
    assert "志愿者：删除了课程" in older.row()


def test_a_log_that_cannot_be_written_is_reported_not_raised(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    log = AuditLog(Paths(home))
    log.record("system", "pin_set", at=NOW)
    with faults.read_only(home):
        assert log.record("system", "kiosk_exited", at=NOW) is False
        assert log.problem
    assert [r.what for r in log.records()] == ["pin_set"]


def test_a_cut_short_line_does_not_swallow_the_next_record(tmp_path: Path) -> None:
    log = AuditLog(Paths(tmp_path))
    log.record("system", "pin_set", at=NOW)
    with open(Paths(tmp_path).audit_log, "a") as fh:
        fh.write('{"time": "2027-01-15T08:00')  # what a full disk may leave
    log.record("system", "kiosk_exited", at=NOW)
    assert [r.what for r in log.records()] == ["pin_set", "kiosk_exited"]


def test_a_full_disk_leaves_no_half_record(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with faults.small_disk(home, "64k"):
        log = AuditLog(Paths(home))
        log.record("system", "pin_set", at=NOW)
        faults.fill(home)
        for _ in range(100):  # until the last page of the log is full too
            log.record("system", "pin_wrong", at=NOW, failures=1, pad="x" * 200)
        assert log.problem
        text = Paths(home).audit_log.read_text()
        assert text.endswith("\n")
        assert all(json.loads(line) for line in text.splitlines())
