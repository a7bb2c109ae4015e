"""The read-aloud engine with the real espeak-ng 1.52: worker, speaker, watchdog, doctor check."""

from __future__ import annotations

import os
import sys
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seniorlearn.adapters import espeak
from seniorlearn.adapters.speech import (
    WAV,
    EspeakSpeaker,
    SpeechWorker,
    check_speech,
    wav_seconds,
)

SHORT_ZH = "你好"
LONG_ZH = "今天我们一起学习怎样用手机给家人打视频电话"
ENGLISH = "Welcome. Touch the big button to begin."

# A stand-in for aplay: logs "start <pid> <seconds of audio>", "plays" for a while, logs "end".
RECORDER = """
import os, sys, time, wave
log, path, factor = sys.argv[1], sys.argv[2], float(sys.argv[3])
with wave.open(path) as w:
    seconds = w.getnframes() / w.getframerate()
with open(log, "a") as f:
    f.write(f"start {os.getpid()} {seconds:.3f}\\n")
time.sleep(seconds * factor)
with open(log, "a") as f:
    f.write("end\\n")
"""


class Events:
    """Collects on_event calls (made on the speaker's thread) and waits for them."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, Any]]] = []
        self._changed = threading.Condition()

    def __call__(self, name: str, details: dict[str, Any]) -> None:
        with self._changed:
            self.seen.append((name, details))
            self._changed.notify_all()

    def names(self) -> list[str]:
        return [name for name, _ in self.seen]

    def wait_for(self, name: str, count: int = 1, timeout: float = 10) -> dict[str, Any]:
        with self._changed:
            ok = self._changed.wait_for(lambda: self.names().count(name) >= count, timeout)
        assert ok, f"no {count}x {name!r} within {timeout} s; saw {self.names()}"
        return [d for n, d in self.seen if n == name][count - 1]


@pytest.fixture(scope="module")
def worker() -> Iterator[SpeechWorker]:
    process = SpeechWorker(timeout_s=15)
    yield process
    process.kill()


def synthesise(worker: SpeechWorker, tmp_path: Path, text: str, language: str,
               rate: int = 140) -> float:
    wav = tmp_path / f"{len(list(tmp_path.iterdir()))}.wav"
    worker.synthesise(text, language, rate, str(wav))
    with wave.open(str(wav)) as audio:
        assert (audio.getnchannels(), audio.getsampwidth()) == (1, 2)
        assert audio.getframerate() == 22050
    return wav_seconds(wav)


def recorder(tmp_path: Path, factor: float) -> tuple[list[str], Path]:
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER)
    log = tmp_path / "played.log"
    return [sys.executable, str(script), str(log), WAV, str(factor)], log


def played(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def wait_until(condition: Any, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


# ------------------------------------------------------------------ the worker process


def test_worker_speaks_with_espeak_1_52(worker: SpeechWorker) -> None:
    assert espeak.version_ok(worker.version), worker.version
    assert worker.ping() == worker.version
    assert worker.voices["zh_CN"].endswith("cmn")


def test_engine_info_is_the_pypi_library_with_mandarin() -> None:
    info = espeak.engine_info()
    assert espeak.version_ok(info.version)
    assert "espeakng_loader" in info.library_path
    assert {"cmn", "en"} <= set(info.voices)
    assert not espeak.version_ok("1.51") and espeak.version_ok("1.52.0")


def test_mandarin_and_english_make_plausible_wavs(worker: SpeechWorker, tmp_path: Path) -> None:
    assert 0.4 < synthesise(worker, tmp_path, SHORT_ZH, "zh_CN") < 3
    assert 2 < synthesise(worker, tmp_path, LONG_ZH, "zh_CN") < 15
    assert 1 < synthesise(worker, tmp_path, ENGLISH, "en") < 8


def test_longer_mandarin_sentence_gives_longer_audio(worker: SpeechWorker,
                                                      tmp_path: Path) -> None:
    short = synthesise(worker, tmp_path, SHORT_ZH, "zh_CN")
    long = synthesise(worker, tmp_path, LONG_ZH, "zh_CN")
    assert long > 3 * short


def test_rate_slows_and_speeds_speech(worker: SpeechWorker, tmp_path: Path) -> None:
    slow = synthesise(worker, tmp_path, LONG_ZH, "zh_CN", rate=80)
    fast = synthesise(worker, tmp_path, LONG_ZH, "zh_CN", rate=200)
    assert slow > 1.5 * fast


def test_worker_refuses_empty_text_and_carries_on(worker: SpeechWorker, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nothing to say"):
        worker.synthesise("  ", "zh_CN", 140, str(tmp_path / "empty.wav"))
    assert synthesise(worker, tmp_path, SHORT_ZH, "zh_CN") > 0.4


def test_check_speech_for_doctor() -> None:
    ok, detail = check_speech(timeout_s=15)
    assert ok, detail
    assert "espeak-ng 1.52" in detail and "cmn" in detail


# ------------------------------------------------------------------ the speaker


def test_speaker_reads_parts_in_order(tmp_path: Path) -> None:
    player, log = recorder(tmp_path, factor=0.05)
    events = Events()
    speaker = EspeakSpeaker(player=player, on_event=events)
    try:
        speaker.speak([SHORT_ZH, LONG_ZH, "再见"], "zh_CN")
        events.wait_for("finished")
        temp_dir = Path(speaker._temp_dir)
        assert list(temp_dir.glob("*.wav")) == []  # each WAV is removed once played
    finally:
        speaker.shutdown()
    assert not temp_dir.exists()
    spoken = [(d["index"], d["text"]) for n, d in events.seen if n == "speaking"]
    assert spoken == [(0, SHORT_ZH), (1, LONG_ZH), (2, "再见")]
    starts = [float(line.split()[2]) for line in played(log) if line.startswith("start")]
    assert len(starts) == 3 and starts[1] > 3 * starts[0] and starts[1] > 3 * starts[2]
    assert played(log).count("end") == 3


def test_stop_kills_the_player_and_drops_later_parts(tmp_path: Path) -> None:
    player, log = recorder(tmp_path, factor=1.0)  # plays in real time: about 3 s per part
    events = Events()
    speaker = EspeakSpeaker(player=player, on_event=events)
    try:
        speaker.speak([LONG_ZH, LONG_ZH, LONG_ZH], "zh_CN")
        wait_until(lambda: any(line.startswith("start") for line in played(log)))
        started = time.perf_counter()
        speaker.stop()
        assert time.perf_counter() - started < 0.005
        events.wait_for("stopped")
        time.sleep(0.3)
    finally:
        speaker.shutdown()
    pid = int(played(log)[0].split()[1])
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert played(log)[1:] == [], "the player finished or a later part played after stop()"
    assert [d["index"] for n, d in events.seen if n == "speaking"] == [0]


def test_new_speech_replaces_the_current_one(tmp_path: Path) -> None:
    player, log = recorder(tmp_path, factor=1.0)
    events = Events()
    speaker = EspeakSpeaker(player=player, on_event=events)
    try:
        speaker.speak([LONG_ZH, LONG_ZH], "zh_CN")
        wait_until(lambda: len(played(log)) >= 1)
        speaker.speak([SHORT_ZH], "zh_CN")
        events.wait_for("finished")
    finally:
        speaker.shutdown()
    texts = [d["text"] for n, d in events.seen if n == "speaking"]
    assert texts == [LONG_ZH, SHORT_ZH]
    # The first player was killed before it finished; only the new text played to its end.
    assert [line.split()[0] for line in played(log)] == ["start", "start", "end"]


def test_watchdog_replaces_a_hung_worker_without_blocking_the_caller(tmp_path: Path) -> None:
    player, log = recorder(tmp_path, factor=0.0)
    events = Events()
    speaker = EspeakSpeaker(player=player, on_event=events, timeout_s=1.5)
    try:
        speaker.start()
        first = events.wait_for("worker_started")
        speaker.hang_worker_for_tests()
        time.sleep(0.3)  # the speech thread is now waiting on a worker that will never answer
        for call in (lambda: speaker.speak([SHORT_ZH], "zh_CN"), speaker.stop,
                     lambda: speaker.set_rate(120), lambda: speaker.speak([SHORT_ZH], "zh_CN")):
            started = time.perf_counter()
            call()
            assert time.perf_counter() - started < 0.005
        assert "speaking" not in events.names()
        killed = events.wait_for("worker_killed")
        assert "did not answer within 1.5 s" in killed["reason"]
        second = events.wait_for("worker_started", count=2)
        events.wait_for("finished")
    finally:
        speaker.shutdown()
    assert second["pid"] != first["pid"]
    with pytest.raises(ProcessLookupError):
        os.kill(first["pid"], 0)
    assert len(played(log)) == 2 and speaker.is_available()


def test_gives_up_after_three_failed_restarts(tmp_path: Path) -> None:
    events = Events()
    speaker = EspeakSpeaker(player=["true"], on_event=events, python="/bin/false")
    try:
        speaker.speak([SHORT_ZH], "zh_CN")
        unavailable = events.wait_for("unavailable")
        events.wait_for("finished")
    finally:
        speaker.shutdown()
    assert not speaker.is_available()
    assert speaker.problem() == unavailable["reason"]
    assert "failed 4 times in a row" in unavailable["reason"]
    assert "exited" in unavailable["reason"]


def test_no_sound_card_is_not_an_engine_failure(tmp_path: Path) -> None:
    events = Events()
    speaker = EspeakSpeaker(player=["sh", "-c", "echo no soundcards found >&2; exit 1", WAV],
                            on_event=events)
    try:
        speaker.speak([SHORT_ZH], "zh_CN")
        events.wait_for("finished")
    finally:
        speaker.shutdown()
    assert "no soundcards found" in events.wait_for("player_failed")["reason"]
    assert speaker.is_available() and speaker.problem() is None


def test_each_reading_tells_its_caller_how_it_ended(tmp_path: Path) -> None:
    """The lesson screen resumes its video when the reading it asked for ends: a reading
    replaced by a newer one says "stopped", the newer one "finished" (once each)."""
    player, log = recorder(tmp_path, factor=1.0)
    ended: list[tuple[str, str]] = []
    events = Events()
    speaker = EspeakSpeaker(player=player, on_event=events)
    try:
        speaker.speak([LONG_ZH, LONG_ZH], "zh_CN", done=lambda o: ended.append(("first", o)))
        wait_until(lambda: len(played(log)) >= 1)
        speaker.speak([SHORT_ZH], "zh_CN", done=lambda o: ended.append(("second", o)))
        events.wait_for("finished")
        wait_until(lambda: len(ended) == 2)
    finally:
        speaker.shutdown()
    assert ended == [("first", "stopped"), ("second", "finished")]


def test_a_reading_that_cannot_be_heard_still_ends(tmp_path: Path) -> None:
    ended: list[str] = []
    speaker = EspeakSpeaker(player=["sh", "-c", "echo no soundcards found >&2; exit 1", WAV])
    try:
        speaker.speak([SHORT_ZH], "zh_CN", done=ended.append)
        # It ends (so a paused lesson goes on), and says it was not heard.
        wait_until(lambda: ended == ["failed"])
    finally:
        speaker.shutdown()
