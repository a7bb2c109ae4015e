from pathlib import Path

import pytest

from seniorlearn.core.config import SPEC, Config, ConfigError, setting


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = Config(tmp_path / "config.toml", environ={})
    assert config.get("language") == "zh_CN"
    assert config.get("idle_timeout_seconds") == 180
    assert not (tmp_path / "config.toml").exists()


def test_set_writes_toml_that_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    Config(path, environ={}).set("idle_timeout_seconds", "240")
    Config(path, environ={}).set("language", "en")
    again = Config(path, environ={})
    assert again.get("idle_timeout_seconds") == 240
    assert again.get("language") == "en"
    assert again.source("language") == "file"


@pytest.mark.parametrize("key, value, words", [
    ("idle_timeout_seconds", "10", "at least 30"),
    ("idle_timeout_seconds", "99999", "at most 1800"),
    ("idle_timeout_seconds", "soon", "whole number"),
    ("language", "fr", "one of"),
    ("speech_enabled", "maybe", "true or false"),
    ("no_such_key", "1", "no setting"),
])
def test_bad_values_are_refused_and_the_file_is_unchanged(
        tmp_path: Path, key: str, value: str, words: str) -> None:
    path = tmp_path / "config.toml"
    Config(path, environ={}).set("speech_rate", "150")
    before = path.read_bytes()
    with pytest.raises(ConfigError, match=words):
        Config(path, environ={}).set(key, value)
    assert path.read_bytes() == before


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    Config(path, environ={}).set("speech_rate", "150")
    config = Config(path, environ={"SENIORLEARN_SPEECH_RATE": "100"})
    assert config.get("speech_rate") == 100
    assert config.source("speech_rate") == "environment"


def test_a_file_that_is_not_utf8_falls_back_to_defaults_and_names_the_line(
        tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"language = [\xff")
    config = Config(path, environ={})
    assert config.get("language") == "zh_CN"
    assert config.damaged and "Line 1" in config.problems[0]


def test_out_of_range_value_in_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("idle_timeout_seconds = 5\n", encoding="utf-8")
    config = Config(path, environ={})
    assert config.get("idle_timeout_seconds") == 180
    assert "at least 30" in config.problems[0]


def test_every_setting_has_a_valid_default_and_description() -> None:
    for spec in SPEC:
        assert spec.description
        assert setting(spec.key).check(spec.default) == spec.default


def test_listeners_hear_changes(tmp_path: Path) -> None:
    config = Config(tmp_path / "config.toml", environ={})
    heard = []
    config.subscribe(lambda key, value: heard.append((key, value)))
    config.set("theme", "high_contrast")
    assert heard == [("theme", "high_contrast")]
