"""朗读 end to end: the kiosk's home screen read by the real espeak-ng 1.52 engine, every
part synthesised with the Mandarin voice and played in screen order."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt

from seniorlearn.adapters.espeak import phonemes
from seniorlearn.adapters.speech import WAV, EspeakSpeaker
from tests.adapters.test_speech import RECORDER, Events


@pytest.fixture
def speaker(tmp_path):
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER)
    events = Events()
    real = EspeakSpeaker(player=[sys.executable, str(script), str(tmp_path / "played.log"),
                                 WAV, "0"], on_event=events)
    real.events = events
    yield real
    real.shutdown()


def test_home_screen_is_read_in_mandarin_in_screen_order(make_kiosk, qtbot, speaker,
                                                          tmp_path) -> None:
    window = make_kiosk()
    parts = window.current.speech_parts()
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    speaker.events.wait_for("finished", timeout=30)
    spoken = [d["text"] for name, d in speaker.events.seen if name == "speaking"]
    assert spoken == parts
    played = [line.split() for line in (tmp_path / "played.log").read_text().splitlines()
              if line.startswith("start")]
    assert len(played) == len(parts)
    assert all(float(seconds) > 0.3 for _, _, seconds in played)
    for text in parts:
        assert "(en)" not in phonemes(text, "zh_CN"), text


def test_english_screen_is_read_with_the_english_voice(make_kiosk, qtbot, speaker) -> None:
    window = make_kiosk(language="en")
    qtbot.mouseClick(window.read_button, Qt.MouseButton.LeftButton)
    speaker.events.wait_for("finished", timeout=30)
    spoken = [d["text"] for name, d in speaker.events.seen if name == "speaking"]
    assert spoken[0] == "Hello! What would you like to learn today?"
