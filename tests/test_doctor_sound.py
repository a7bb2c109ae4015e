"""``seniorlearn doctor``'s sound rows with real ALSA: this machine's "no sound card", and a
null output given by ~/.asoundrc (aplay opens it and plays silently)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seniorlearn.core.audio import SoundReport, SoundState
from seniorlearn.core.doctor import check_sound_output
from seniorlearn.core.i18n import set_language
from tests.adapters.test_audio import MISSING_CARD, NULL_DEFAULT, alsa_env
from tests.test_doctor_cli import run_doctor


def rows(proc) -> dict[str, dict]:
    return {c["key"]: c for c in json.loads(proc.stdout)["checks"]}


def doctor_with(tmp_path: Path, config: str, *args: str):
    env = alsa_env(tmp_path, config=config)
    return run_doctor(tmp_path / "data", *args, HOME=env["HOME"],
                      ALSA_CONFIG_PATH=env["ALSA_CONFIG_PATH"], SENIORLEARN_LANGUAGE="en")


def test_no_sound_device_is_a_note_that_says_what_to_do(tmp_path: Path) -> None:
    proc = doctor_with(tmp_path, MISSING_CARD, "--json")
    found = rows(proc)
    sound, speech = found["sound"], found["speech"]
    assert (sound["ok"], sound["required"]) == (False, False)
    assert "Plug the speakers" in sound["detail"] and "audio open error" in sound["technical"]
    # The voice makes speech, but is not called working where nobody can hear it.
    assert not speech["ok"] and "nobody can hear it" in speech["detail"]
    assert "The voice works" not in speech["detail"]


def test_the_verdict_does_not_say_all_is_well_without_sound(tmp_path: Path) -> None:
    proc = doctor_with(tmp_path, MISSING_CARD)
    verdict = proc.stdout.splitlines()[0]
    assert verdict != "The kiosk can work." and "need attention" in verdict, proc.stdout
    assert any("Sound output" in line and "Note" in line for line in proc.stdout.splitlines()[:6])


def test_a_device_that_opens_is_fine(tmp_path: Path) -> None:
    found = rows(doctor_with(tmp_path, NULL_DEFAULT, "--json"))
    assert found["sound"]["ok"], found["sound"]["detail"]
    assert "Test the sound" in found["sound"]["detail"]
    assert found["speech"]["ok"] and "The voice works" in found["speech"]["detail"]


@pytest.mark.parametrize("state", [SoundState.MUTED, SoundState.VOLUME_ZERO,
                                   SoundState.UNKNOWN])
def test_muted_zero_and_unknown_rows_in_chinese(state: SoundState) -> None:
    set_language("zh_CN")
    try:
        row = check_sound_output(SoundReport(state, "mixer control Master: 0%, off"))
    finally:
        set_language("zh_CN")
    assert row.title == "声音输出" and not row.ok and not row.required
    assert row.status == "warning" and "mixer control Master" in row.technical
    assert ("静音" if state is SoundState.MUTED else "音量" if state is SoundState.VOLUME_ZERO
            else "查不出") in row.detail
