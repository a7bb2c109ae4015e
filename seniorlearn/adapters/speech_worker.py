"""Child process that turns text into WAV files with espeak-ng 1.52.

Run as ``python -m seniorlearn.adapters.speech_worker``. It lives in its own process because
espeak can wedge and can only be initialised once per process: the kiosk kills and restarts
it instead of ever waiting on it.

It calls espeak directly (``espeak.synthesise``) rather than through pyttsx3 2.99, whose
``save_to_file`` drops the last audio buffer of each utterance (up to 1 s; all of a short
word, leaving a 44-byte WAV) and prepends it to the next one, and applies rate changes late.

Protocol, one JSON object per line. First the worker writes
``{"ready": true, "version": "1.52.0", "voices": {"zh_CN": "cmn", "en": "en"}}``
(or ``{"ready": false, "error": "..."}`` and exits). Then, for each line on stdin:

- ``{"id": n, "text": "...", "language": "zh_CN", "rate": 140, "wav": "/path/out.wav"}``
  -> ``{"id": n, "ok": true}`` or ``{"id": n, "ok": false, "error": "..."}``
- ``{"cmd": "ping"}`` -> ``{"pong": true, "version": "1.52.0"}``
- ``{"cmd": "hang"}`` (TEST ONLY: lets tests exercise the watchdog) -> sleeps forever.
"""

from __future__ import annotations

import json
import os
import sys
import time
import wave
from typing import IO, Any

from seniorlearn.adapters import espeak

HANG_FOR_TESTS = "hang"


def main() -> int:
    protocol = _private_stdout()
    try:
        version = espeak.load()
        voices = _check_voices()
    except Exception as error:  # noqa: BLE001 - any start-up failure is reported, not raised
        _send(protocol, {"ready": False, "error": f"{type(error).__name__}: {error}"})
        return 1
    _send(protocol, {"ready": True, "version": version, "voices": voices})
    for line in sys.stdin:
        if line.strip():
            _send(protocol, _answer(version, line))
    return 0


def _private_stdout() -> IO[str]:
    """Keep the real stdout for the protocol alone; anything else on fd 1 goes to stderr."""
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return protocol


def _check_voices() -> dict[str, str]:
    """espeak voice per kiosk language, e.g. {"zh_CN": "cmn", "en": "en"}."""
    available = set(espeak.engine_info().voices)
    missing = [v for v in espeak.VOICE_FOR_LANGUAGE.values() if v not in available]
    if missing:
        raise espeak.EspeakUnavailable(f"espeak-ng has no voice {', '.join(missing)}")
    return dict(espeak.VOICE_FOR_LANGUAGE)


def _answer(version: str, line: str) -> dict[str, Any]:
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        return {"ok": False, "error": f"not JSON: {error}"}
    command = request.get("cmd")
    if command == "ping":
        return {"pong": True, "version": version}
    if command == HANG_FOR_TESTS:
        while True:
            time.sleep(3600)
    try:
        _synthesise(request)
    except Exception as error:  # noqa: BLE001 - the caller gets the cause and carries on
        return {"id": request.get("id"), "ok": False, "error": f"{type(error).__name__}: {error}"}
    return {"id": request.get("id"), "ok": True}


def _synthesise(request: dict[str, Any]) -> None:
    text = str(request["text"])
    wav = str(request["wav"])
    if not text.strip():
        raise ValueError("nothing to say")
    audio, sample_rate = espeak.synthesise(text, request["language"], int(request.get("rate", 140)))
    if not audio:
        raise RuntimeError(f"espeak made no audio for {text!r}")
    partial = wav + ".part"
    with wave.open(partial, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(audio)
    os.replace(partial, wav)  # a killed worker never leaves a half-written WAV behind


def _send(protocol: IO[str], message: dict[str, Any]) -> None:
    protocol.write(json.dumps(message, ensure_ascii=False) + "\n")
    protocol.flush()


if __name__ == "__main__":
    sys.exit(main())
