"""``seniorlearn hours`` as real commands: in-person classes, a sign-in sheet, the report."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT),
               QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "seniorlearn", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_classes_and_a_sheet_add_up_in_the_report(data_home: Path, tmp_path: Path) -> None:
    for number, name in (("1", "王秀英"), ("2", "李建国")):
        assert run(data_home, "learners", "add", "--number", number, "--name", name
                   ).returncode == 0
    done = run(data_home, "hours", "add", "--learner", "1", "--minutes", "90",
               "--activity", "手机课", "--date", "2026-11-03")
    assert done.returncode == 0 and "90" in done.stdout, done.stderr
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("learner,date,minutes,activity\n1,2026-11-10,45,太极拳\n"
                     "2,2026-11-10,45,太极拳\n3,2026-11-10,45,太极拳\n", encoding="utf-8")
    refused = run(data_home, "hours", "import", str(sheet))
    assert refused.returncode == 2 and "第 4 行" in refused.stderr, refused.stderr
    sheet.write_text("learner,date,minutes,activity\n1,2026-11-10,45,太极拳\n"
                     "2,2026-11-10,45,太极拳\n", encoding="utf-8")
    assert run(data_home, "hours", "import", str(sheet)).returncode == 0
    rows = json.loads(run(data_home, "hours", "report", "--format", "json").stdout)
    assert [(r["learner"], r["seconds"], r["xueshi"], r["sessions"]) for r in rows] == [
        ("1", 8100.0, 3.0, 2), ("2", 2700.0, 1.0, 1)]
    november = run(data_home, "hours", "report", "--format", "csv", "--learner", "1",
                   "--from", "2026-11-05", "--to", "2026-11-30")
    assert list(csv.DictReader(io.StringIO(november.stdout))) == [
        {"learner": "1", "seconds": "2700.0", "xueshi": "1.0", "sessions": "1",
         "completions": "0", "over_cap_seconds": "0.0"}]
    table = run(data_home, "hours", "report")
    assert table.stdout.split()[:3] == ["学号", "秒数", "学时"]


def test_minutes_per_xueshi_follow_the_setting(data_home: Path) -> None:
    run(data_home, "learners", "add", "--number", "1", "--name", "王秀英")
    run(data_home, "hours", "add", "--learner", "1", "--minutes", "60", "--activity", "课")
    assert run(data_home, "config", "set", "minutes_per_xueshi", "60").returncode == 0
    [row] = json.loads(run(data_home, "hours", "report", "--format", "json").stdout)
    assert row["xueshi"] == 1.0


def test_the_daily_cap_flags_time_above_it_in_every_format(data_home: Path) -> None:
    run(data_home, "learners", "add", "--number", "1", "--name", "王秀英")
    for minutes in ("90", "30"):
        run(data_home, "hours", "add", "--learner", "1", "--minutes", minutes,
            "--activity", "课", "--date", "2026-11-03")
    [plain] = json.loads(run(data_home, "hours", "report", "--format", "json").stdout)
    assert plain["over_cap_seconds"] == 0.0
    assert "一天学习超过这个时长就标出来：不设上限（默认）" in run(data_home, "config",
                                                                 "show").stdout
    changed = run(data_home, "config", "set", "daily_cap_minutes", "60")
    assert changed.stdout == "一天学习超过这个时长就标出来：60 分钟（改过）\n", changed.stderr
    [row] = json.loads(run(data_home, "hours", "report", "--format", "json").stdout)
    assert row == plain | {"over_cap_seconds": 3600.0}  # seconds and 学时 stay as they were
    [line] = csv.DictReader(io.StringIO(run(data_home, "hours", "report", "--format",
                                            "csv").stdout))
    assert (line["seconds"], line["over_cap_seconds"]) == ("7200.0", "3600.0")
    table = run(data_home, "hours", "report").stdout.splitlines()
    assert "超出每日上限的秒数" in table[0] and table[1].split()[-1] == "3600.0"
    refused = run(data_home, "config", "set", "daily_cap_minutes", "721")
    assert refused.returncode == 2 and "720" in refused.stderr


def test_bad_input_says_what_to_do_and_records_nothing(data_home: Path) -> None:
    run(data_home, "learners", "add", "--number", "1", "--name", "王秀英")
    for args, words in ((("--learner", "9", "--minutes", "30", "--activity", "课"), "9"),
                        (("--learner", "1", "--minutes", "0", "--activity", "课"), "分钟"),
                        (("--learner", "1", "--minutes", "30", "--activity", " "), "活动"),
                        (("--learner", "1", "--minutes", "30", "--activity", "课",
                          "--date", "3/11"), "年-月-日")):
        proc = run(data_home, "hours", "add", *args)
        assert proc.returncode == 2 and words in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    assert json.loads(run(data_home, "hours", "report", "--format", "json").stdout) == []
    missing = run(data_home, "hours", "import", str(data_home / "none.csv"))
    assert missing.returncode == 2 and "U盘" in missing.stderr
