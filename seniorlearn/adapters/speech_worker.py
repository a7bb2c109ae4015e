"""Child process that turns text into WAV files with pyttsx3 and espeak-ng 1.52.

Run as ``python -m seniorlearn.adapters.speech_worker``. It lives in its own process because
espeak can wedge and can only be initialised once per process: the kiosk kills and restarts
it instead of ever waiting on it.

Protocol, one JSON object per line. First the worker writes
``{"ready": true, "version": "1.52.0", "voices": {"zh_CN": "sit/cmn", "en": "gmw/en"}}``
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
from typing import IO, Any

from seniorlearn.adapters import espeak

HANG_FOR_TESTS = "hang"
WAV_HEADER_BYTES = 44


def main() -> int:
    protocol = _private_stdout()
    try:
        version = espeak.load()
        engine = _start_engine(version)
        voices = _pick_voices(engine)
    except Exception as error:  # noqa: BLE001 - any start-up failure is reported, not raised
        _send(protocol, {"ready": False, "error": f"{type(error).__name__}: {error}"})
        return 1
    _send(protocol, {"ready": True, "version": version, "voices": voices})
    for line in sys.stdin:
        if line.strip():
            _send(protocol, _answer(engine, voices, version, line))
    return 0


def _private_stdout() -> IO[str]:
    """Keep the real stdout for the protocol; pyttsx3 prints "Audio saved to ..." on fd 1."""
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return protocol


def _start_engine(version: str) -> Any:
    import pyttsx3
    from pyttsx3.drivers import _espeak

    engine = pyttsx3.init("espeak")
    driver_version = _espeak.Info().decode()
    if driver_version != version:
        raise espeak.EspeakUnavailable(
            f"pyttsx3 loaded espeak-ng {driver_version}, not the {version} from espeakng-loader"
        )
    return engine


def _pick_voices(engine: Any) -> dict[str, str]:
    """Voice id per kiosk language, e.g. {"zh_CN": "sit/cmn", "en": "gmw/en"}."""
    chosen: dict[str, str] = {}
    for voice in engine.getProperty("voices"):
        languages = list(voice.languages or []) + [voice.id.rsplit("/", 1)[-1]]
        for language, wanted in espeak.VOICE_FOR_LANGUAGE.items():
            if wanted in languages and language not in chosen:
                chosen[language] = voice.id
    missing = [lang for lang in espeak.VOICE_FOR_LANGUAGE if lang not in chosen]
    if missing:
        raise espeak.EspeakUnavailable(f"espeak-ng has no voice for {', '.join(missing)}")
    return chosen


def _answer(engine: Any, voices: dict[str, str], version: str, line: str) -> dict[str, Any]:
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
        _synthesise(engine, voices, request)
    except Exception as error:  # noqa: BLE001 - the caller gets the cause and carries on
        return {"id": request.get("id"), "ok": False, "error": f"{type(error).__name__}: {error}"}
    return {"id": request.get("id"), "ok": True}


def _synthesise(engine: Any, voices: dict[str, str], request: dict[str, Any]) -> None:
    text = str(request["text"])
    wav = str(request["wav"])
    if not text.strip():
        raise ValueError("nothing to say")  # pyttsx3 would loop forever on empty text
    if request["language"] not in voices:
        raise ValueError(f"no voice for language {request['language']!r}")
    engine.setProperty("voice", voices[request["language"]])
    engine.setProperty("rate", int(request.get("rate", 140)))
    # One request at a time: queued save_to_file calls overwrite each other.
    for _attempt in range(2):
        engine.save_to_file(text, wav)
        engine.runAndWait()
        if os.path.exists(wav) and os.path.getsize(wav) > WAV_HEADER_BYTES:
            return
    raise RuntimeError(f"espeak wrote no audio to {wav}")


def _send(protocol: IO[str], message: dict[str, Any]) -> None:
    protocol.write(json.dumps(message, ensure_ascii=False) + "\n")
    protocol.flush()


if __name__ == "__main__":
    sys.exit(main())
