"""The sound probe against real ALSA: this machine's own "no sound card", and a null
output made by an ALSA settings file (aplay then opens and plays silently)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from seniorlearn.adapters.audio import SoundWatch, probe, read_cards
from seniorlearn.adapters.speech import WAV, EspeakSpeaker
from seniorlearn.core.audio import SoundState

NULL_DEFAULT = "pcm.!default { type null }\n"
MISSING_CARD = "pcm.!default { type hw card 9 }\n"  # no machine has a tenth card

has_card = bool(read_cards()) or Path("/etc/asound.conf").exists()


def alsa_env(tmp_path: Path, asoundrc: str | None = None, config: str | None = None) -> dict:
    """The environment aplay runs with: a HOME with or without ~/.asoundrc, and optionally
    ALSA_CONFIG_PATH naming a settings file in place of the system's."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "ALSA_CONFIG_PATH"}
    env["HOME"] = str(home)
    if asoundrc is not None:
        (home / ".asoundrc").write_text(asoundrc)
    if config is not None:
        (tmp_path / "alsa.conf").write_text(config)
        env["ALSA_CONFIG_PATH"] = str(tmp_path / "alsa.conf")
    return env


@pytest.mark.skipif(has_card, reason="this machine has a sound card")
def test_this_machine_has_no_sound_device(tmp_path: Path) -> None:
    report = probe(alsa_env(tmp_path))
    assert report.state is SoundState.NO_DEVICE and not report.audible
    assert "audio open error" in report.detail and report.cards == ()


def test_a_null_output_in_asoundrc_opens(tmp_path: Path) -> None:
    report = probe(alsa_env(tmp_path, asoundrc=NULL_DEFAULT))
    assert report.state is SoundState.OK, report.detail


def test_alsa_config_path_decides_device_or_none(tmp_path: Path) -> None:
    assert probe(alsa_env(tmp_path, config=NULL_DEFAULT)).state is SoundState.OK
    missing = probe(alsa_env(tmp_path, config=MISSING_CARD))
    assert missing.state is SoundState.NO_DEVICE, missing.detail


def test_no_aplay_is_unknown_not_silence(tmp_path: Path) -> None:
    env = alsa_env(tmp_path, asoundrc=NULL_DEFAULT)
    env["PATH"] = str(tmp_path)  # neither aplay nor amixer on it
    report = probe(env)
    assert report.state is SoundState.UNKNOWN and "alsa-utils" in report.detail


def test_watch_sees_speakers_come_and_go(tmp_path: Path) -> None:
    env = alsa_env(tmp_path, config=MISSING_CARD)
    watch = SoundWatch(env)
    assert watch.check().state is SoundState.NO_DEVICE
    assert watch.check().state is SoundState.NO_DEVICE  # a problem is tested in full again
    (tmp_path / "alsa.conf").write_text(NULL_DEFAULT)
    assert watch.check().state is SoundState.OK
    assert watch.check().state is SoundState.OK  # cheap: the mixer only
    (tmp_path / "alsa.conf").write_text(MISSING_CARD + "# changed\n")
    assert watch.check().state is SoundState.NO_DEVICE  # the file changed: tested in full


def aplay_with(env: dict) -> list[str]:
    """The kiosk's own player, aplay, run with a chosen ALSA setup."""
    setup = [f"{key}={env[key]}" for key in ("HOME", "ALSA_CONFIG_PATH") if key in env]
    return ["env", *setup, "aplay", "-q", WAV]


def test_the_voice_reports_what_the_player_could_not_do(tmp_path: Path) -> None:
    silent = EspeakSpeaker(player=aplay_with(alsa_env(tmp_path, config=MISSING_CARD)))
    try:
        reason = silent.play_test("你好", "zh_CN")
        assert reason is not None and "audio open error" in reason
        assert silent.player_problem() == reason and silent.is_available()
    finally:
        silent.shutdown()


def test_the_voice_plays_on_a_null_output_and_forgets_the_old_problem(tmp_path: Path) -> None:
    env = alsa_env(tmp_path, config=MISSING_CARD)
    speaker = EspeakSpeaker(player=aplay_with(env))
    try:
        assert speaker.play_test("你好", "zh_CN") is not None
        (tmp_path / "alsa.conf").write_text(NULL_DEFAULT)
        assert speaker.play_test("Hello", "en") is None
        assert speaker.player_problem() is None
    finally:
        speaker.shutdown()


def test_a_broken_engine_is_reported_by_the_test_too(tmp_path: Path) -> None:
    speaker = EspeakSpeaker(player=["true"], python="/bin/false")
    try:
        reason = speaker.play_test("你好", "zh_CN", timeout_s=30)
        assert reason is not None and "failed 4 times" in reason
    finally:
        speaker.shutdown()
