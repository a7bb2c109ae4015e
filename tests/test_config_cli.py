"""``seniorlearn config`` as a real subprocess: damaged files, pipes and disk faults."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from seniorlearn.core.config import SPEC
from tests.faults import fill, read_only, small_disk

ROOT = Path(__file__).resolve().parents[1]
DAMAGED = "speech_rate = 150\nidle_timeout_seconds = [\ntheme = \"high_contrast\"\n"


def config(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "seniorlearn", "config", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def listing(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in home.iterdir()}


def damaged_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(DAMAGED, encoding="utf-8")
    return home


def test_show_on_a_damaged_file_names_the_line_on_stderr_and_writes_nothing(
        tmp_path: Path) -> None:
    home = damaged_home(tmp_path)
    before = listing(home)
    proc = config(home, "show")
    assert proc.returncode == 0
    assert "朗读速度：每分钟 150 字（改过）" in proc.stdout
    assert "颜色：高对比度（改过）" in proc.stdout
    assert "第 2 行无法读取：“idle_timeout_seconds = [”" in proc.stderr
    assert "seniorlearn config repair" in proc.stderr
    assert listing(home) == before


def test_set_on_a_damaged_file_refuses_in_one_sentence(tmp_path: Path) -> None:
    home = damaged_home(tmp_path)
    before = listing(home)
    proc = config(home, "set", "language", "en")
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert "第 2 行" in line and "没有做任何改动" in line and "seniorlearn config repair" in line
    assert {k: v for k, v in listing(home).items() if k != "config.toml.lock"} == before


def test_repair_keeps_a_copy_then_set_works(tmp_path: Path) -> None:
    home = damaged_home(tmp_path)
    proc = config(home, "repair")
    assert proc.returncode == 0, proc.stderr
    [copy] = home.glob("config.toml.damaged-*")
    assert copy.read_text(encoding="utf-8") == DAMAGED and copy.name in proc.stdout
    assert config(home, "set", "language", "en").returncode == 0
    shown = config(home, "show")
    assert shown.stderr == ""
    for line in ("Reading speed: 150 words a minute (changed)",
                 "Colours: High contrast (changed)", "Language at start: English (changed)"):
        assert line in shown.stdout


def test_show_and_get_write_nothing_not_even_a_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert config(home, "show").returncode == 0
    assert config(home, "get", "language").stdout == "zh_CN\n"
    assert not home.exists()


def test_show_into_a_pipe_that_closes_early_is_quiet(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert config(home, "set", "speech_rate", "150").returncode == 0
    env = dict(os.environ, SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT))
    command = f"'{sys.executable}' -m seniorlearn config show | head -1"
    for _ in range(20):
        proc = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True,
                              timeout=60)
        assert (proc.returncode, proc.stderr) == (0, "")
        assert proc.stdout.startswith("开机时的语言：中文（默认）")


def test_set_in_a_read_only_home_says_so_and_keeps_the_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert config(home, "set", "speech_rate", "150").returncode == 0
    before = listing(home)
    with read_only(home):
        proc = config(home, "set", "theme", "high_contrast")
        assert proc.returncode == 2
        [line] = proc.stderr.splitlines()
        assert "不能写入" in line and "设置保存不了" in line
    assert listing(home) == before


def test_set_on_a_full_disk_says_so_and_keeps_the_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with small_disk(home, "64k"):
        assert config(home, "set", "speech_rate", "150").returncode == 0
        fill(home)
        before = listing(home)
        proc = config(home, "set", "theme", "high_contrast")
        assert proc.returncode == 2
        [line] = proc.stderr.splitlines()
        assert "磁盘满了" in line and "设置保存不了" in line
        assert listing(home) == before


def test_doctor_names_the_damaged_line_without_failing_the_kiosk(tmp_path: Path) -> None:
    home = damaged_home(tmp_path)
    before = listing(home)
    env = dict(os.environ, SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("DISPLAY", None)
    proc = subprocess.run([sys.executable, "-m", "seniorlearn", "doctor", "--json"], env=env,
                          capture_output=True, text=True, timeout=120)
    row = next(c for c in json.loads(proc.stdout)["checks"] if c["key"] == "settings")
    assert (row["title"], row["ok"], row["required"]) == ("设置文件", False, False)
    assert "第 2 行无法读取：“idle_timeout_seconds = [”" in row["detail"]
    assert listing(home) == before


def test_show_speaks_the_volunteers_language_with_the_keys_behind_verbose_and_json(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert config(home, "set", "text_size", "xlarge").stdout == "开机时的字号：特大（改过）\n"
    plain = config(home, "show").stdout
    assert "开机时的字号：特大（改过）" in plain and "朗读：开（默认）" in plain
    assert "text_size" not in plain and "xlarge" not in plain and "default" not in plain
    assert not any(line.isascii() for line in plain.splitlines() if line)  # no English line
    verbose = config(home, "show", "--verbose").stdout
    assert "    text_size = 'xlarge'  (file; large | xlarge; default 'large')" in verbose
    rows = {row["key"]: row for row in json.loads(config(home, "show", "--json").stdout)}
    assert rows["text_size"] | {"description": ""} == {
        "key": "text_size", "name": "开机时的字号", "value": "xlarge", "value_words": "特大",
        "source": "file", "default": "large", "range": "large | xlarge",
        "choices": ["large", "xlarge"], "minimum": None, "maximum": None, "description": "",
        "env_var": "SENIORLEARN_TEXT_SIZE"}
    assert set(rows) == {spec.key for spec in SPEC}


def test_every_setting_has_a_name_and_value_words_in_both_languages() -> None:
    from seniorlearn.core.config_words import WORDS
    from seniorlearn.core.i18n import translate

    assert set(WORDS) == {spec.key for spec in SPEC}
    for name, _values in WORDS.values():
        assert translate(name, "zh_CN") != name  # a Chinese name, not the English msgid
