"""Play the doctor's test clip through libvlc and print one JSON line: {ok, version, detail}.

``seniorlearn doctor`` runs this in a subprocess with a timeout: a libvlc that crashes
(it can segfault) or hangs then costs one failed row, not the doctor itself. ``reason`` says
what kind of failure it was: ``missing`` (no python-vlc or libvlc), ``no_clip``, ``start``
(libvlc loaded but could not play) or ``not_playing`` (the clock never moved).

    python -m seniorlearn.adapters.vlc_probe [CLIP]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from seniorlearn.core.paths import ASSETS_DIR

CLIP = ASSETS_DIR / "doctor-check.mp4"
# Without dummy outputs a headless libvlc falls back to its terminal renderer and segfaults.
HEADLESS_ARGS = ["--vout=dummy", "--aout=dummy", "--no-video-title-show", "--quiet"]
PLAYED_MS = 200


def probe(clip: Path = CLIP, wait_s: float = 5.0) -> dict[str, Any]:
    """Try to play ``clip`` for up to ``wait_s`` seconds; say what happened."""
    try:
        import vlc
    except (Exception, SystemExit) as exc:  # python-vlc may even sys.exit() without libvlc
        cause = exc if isinstance(exc, Exception) else "python-vlc found no usable libvlc"
        return _result(False, None, "missing", f"python-vlc or libvlc could not be loaded: {cause}")
    version = vlc.libvlc_get_version().decode(errors="replace")
    if not clip.is_file():
        return _result(False, version, "no_clip", f"the test clip {clip} is missing")
    instance = vlc.Instance(HEADLESS_ARGS)
    if instance is None:
        return _result(False, version, "start", "libvlc could not start (plugins missing?)")
    player = instance.media_player_new()
    player.set_media(instance.media_new_path(str(clip)))
    if player.play() == -1:
        return _result(False, version, "start", "libvlc refused to play the test clip")
    try:
        return _watch(vlc, player, version, wait_s)
    finally:
        player.stop()
        player.release()
        instance.release()


def _watch(vlc: Any, player: Any, version: str, wait_s: float) -> dict[str, Any]:
    started = time.monotonic()
    state = player.get_state()
    while time.monotonic() - started < wait_s:
        state = player.get_state()
        played = player.get_time()
        if played > PLAYED_MS:
            took = time.monotonic() - started
            return _result(True, version, "", f"played {played} ms of the clip in {took:.1f} s")
        if state in (vlc.State.Error, vlc.State.Ended):
            break
        time.sleep(0.05)
    if state == vlc.State.Playing:
        return _result(True, version, "", "the clip is playing, but its clock has not moved yet")
    if state in (vlc.State.Error, vlc.State.Ended):
        return _result(False, version, "not_playing", f"libvlc could not play the clip ({state})")
    return _result(False, version, "not_playing", f"the clip did not start within {wait_s:.0f} s")


def _result(ok: bool, version: str | None, reason: str, detail: str) -> dict[str, Any]:
    return {"ok": ok, "version": version, "reason": reason, "detail": detail}


def main(argv: list[str]) -> int:
    result = probe(Path(argv[0])) if argv else probe()
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
