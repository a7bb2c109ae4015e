"""The settings file under damage and contention: real files, real locks, real processes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from seniorlearn.core.config import Config, ConfigDamaged, ConfigWriteError
from tests.faults import fill, read_only, small_disk

ROOT = Path(__file__).resolve().parents[2]
GOOD = "# Kiosk in the library, set up by Mr Wang\nspeech_rate = 150\nlanguage = \"en\"\n"


def damaged_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(GOOD + "idle_timeout_seconds = [\ntheme = \"high_contrast\"\n",
                    encoding="utf-8")
    return path


def test_one_bad_line_leaves_the_good_keys_and_names_the_line(tmp_path: Path) -> None:
    config = Config(damaged_file(tmp_path), environ={})
    assert (config.get("speech_rate"), config.get("language"), config.get("theme")) == (
        150, "en", "high_contrast")
    assert config.get("idle_timeout_seconds") == 180
    assert config.damaged
    [problem] = config.file_problems
    assert problem.line == 4 and "“idle_timeout_seconds = [”" in str(problem)


def test_set_on_a_damaged_file_refuses_and_changes_nothing(tmp_path: Path) -> None:
    path = damaged_file(tmp_path)
    before = path.read_bytes()
    with pytest.raises(ConfigDamaged, match="Line 4"):
        Config(path, environ={}).set("speech_rate", "160")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", "config.toml.lock"]


def test_repair_keeps_a_copy_and_rewrites_the_good_keys(tmp_path: Path) -> None:
    path = damaged_file(tmp_path)
    before = path.read_bytes()
    config = Config(path, environ={})
    copy = config.repair()
    assert copy is not None and copy.name.startswith("config.toml.damaged-")
    assert copy.read_bytes() == before
    assert not config.file_problems
    again = Config(path, environ={})
    assert not again.file_problems
    assert (again.get("speech_rate"), again.get("language"), again.get("theme")) == (
        150, "en", "high_contrast")
    assert path.read_text(encoding="utf-8").startswith("# Kiosk in the library")
    assert again.repair() is None


def test_bad_values_and_unknown_keys_are_named_and_kept_by_a_set(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("idle_timeout_seconds = 5\nvolume = 3\nspeech_rate = 150\n",
                    encoding="utf-8")
    config = Config(path, environ={})
    assert not config.damaged
    assert len(config.problems) == 2
    assert "Line 1" in config.problems[0] and "at least 30" in config.problems[0]
    assert "Line 2" in config.problems[1] and "“volume”" in config.problems[1]
    config.set("language", "en")
    text = path.read_text(encoding="utf-8")
    assert "idle_timeout_seconds = 5" in text and "volume = 3" in text
    assert text.startswith("# SeniorLearn settings.")
    assert len(config.problems) == 2


def test_set_keeps_the_files_own_header_comment(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD, encoding="utf-8")
    Config(path, environ={}).set("theme", "high_contrast")
    assert path.read_text(encoding="utf-8").startswith("# Kiosk in the library, set up by")
    assert Config(path, environ={}).get("speech_rate") == 150


def test_set_writes_from_the_file_as_it_is_now_not_a_stale_copy(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    kiosk = Config(path, environ={})
    Config(path, environ={}).set("speech_rate", "150")  # another process, say the CLI
    kiosk.set("theme", "high_contrast")
    again = Config(path, environ={})
    assert (again.get("speech_rate"), again.get("theme")) == (150, "high_contrast")


def test_reload_tells_listeners_only_about_keys_that_changed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    Config(path, environ={}).set("speech_rate", "150")
    kiosk = Config(path, environ={})
    heard: list[tuple[str, object]] = []
    kiosk.subscribe(lambda key, value: heard.append((key, value)))
    assert kiosk.reload_if_changed() == []
    other = Config(path, environ={})
    other.set("theme", "high_contrast")
    other.set("speech_rate", "150")
    assert kiosk.reload_if_changed() == ["theme"]
    assert heard == [("theme", "high_contrast")]


def test_the_file_is_private_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    Config(path, environ={}).set("speech_rate", "150")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", "config.toml.lock"]


def test_eight_processes_setting_at_once_are_all_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    changes = [("language", "en"), ("text_size", "xlarge"), ("theme", "high_contrast"),
               ("idle_timeout_seconds", "300"), ("idle_warning_seconds", "60"),
               ("speech_enabled", "false"), ("speech_rate", "100"),
               ("speech_timeout_seconds", "30")]
    env = dict(os.environ, SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT))
    for _ in range(3):
        (home / "config.toml").unlink(missing_ok=True)
        procs = [subprocess.Popen([sys.executable, "-m", "seniorlearn", "config", "set", k, v],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for k, v in changes]
        assert [(p.wait(60), p.stderr.read()) for p in procs if p.stderr] == [(0, b"")] * 8
        config = Config(home / "config.toml", environ={})
        assert {k: str(config.get(k)).lower() for k, _v in changes} == dict(changes)
    assert sorted(p.name for p in home.iterdir()) == ["audit-log.jsonl", "config.toml",
                                                      "config.toml.lock"]


def test_a_read_only_data_home_refuses_in_a_sentence_and_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "home" / "config.toml"
    Config(path, environ={}).set("speech_rate", "150")
    before = path.read_bytes()
    with read_only(path.parent):
        config = Config(path, environ={})
        with pytest.raises(ConfigWriteError, match="cannot be written to"):
            config.set("theme", "high_contrast")
        assert config.get("theme") == "standard"
    assert path.read_bytes() == before


def test_a_full_disk_refuses_in_a_sentence_and_keeps_the_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with small_disk(home, "64k"):
        path = home / "config.toml"
        Config(path, environ={}).set("speech_rate", "150")
        before = path.read_bytes()
        fill(home)
        with pytest.raises(ConfigWriteError, match="is full"):
            Config(path, environ={}).set("player_backend", "vlc")
        assert path.read_bytes() == before
        assert [p.name for p in home.glob("*.tmp")] == []


def test_repair_on_a_full_disk_leaves_everything_as_it_was(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with small_disk(home, "64k"):
        path = damaged_file(home)
        data = path.read_bytes()
        fill(home)
        with pytest.raises(ConfigWriteError, match="is full"):
            Config(path, environ={}).repair()
        assert path.read_bytes() == data
        names = {p.name for p in home.iterdir()}
        assert names - {"config.toml.lock"} == {"config.toml", "filler", "filler-tail"}


def test_a_settings_file_that_cannot_be_read_is_named_and_not_written_over(
        tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()  # what a mistaken copy can leave: a folder where the file should be
    config = Config(path, environ={})
    assert config.get("language") == "zh_CN"
    assert "could not be read" in config.problems[0]
    with pytest.raises(ConfigWriteError, match="not saved"):
        config.set("language", "en")
    assert path.is_dir() and list(path.iterdir()) == []


def test_a_data_home_that_is_a_file_is_named_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "home").write_text("not a folder")
    config = Config(tmp_path / "home" / "config.toml", environ={})
    assert config.get("speech_rate") == 140 and "could not be read" in config.problems[0]
    assert config.reload_if_changed() == []
    with pytest.raises(ConfigWriteError):
        config.set("speech_rate", "150")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can write files for another user")
def test_root_leaves_the_files_to_the_owner_of_the_data_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.chown(home, 65534, 65534)  # the kiosk's user; root runs `sudo seniorlearn config set`
    config = Config(home / "config.toml", environ={})
    config.set("speech_rate", "150")
    (home / "config.toml").write_text("speech_rate = [\n", encoding="utf-8")
    config.repair()
    for name in ("config.toml", "config.toml.lock", *(p.name for p in home.glob("*.damaged-*"))):
        info = (home / name).stat()
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o600)
