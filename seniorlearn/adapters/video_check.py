"""Can this file be decoded as a video? Checked in a child process, because libvlc can crash.

``check_video(path)`` runs ``python -m seniorlearn.adapters.video_check PATH`` and returns
None when the file plays, else an English cause for the log. The child plays the file through
libvlc with dummy outputs (a headless libvlc without them falls back to its terminal renderer
and segfaults) until its clock moves and a video track is seen; when libvlc is missing it asks
``ffprobe`` for a decodable video stream instead.

    python -m seniorlearn.adapters.video_check PATH   -> one JSON line {"ok", "detail"}
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
HEADLESS_ARGS = ["--vout=dummy", "--aout=dummy", "--no-video-title-show", "--quiet",
                 "--no-sub-autodetect-file"]
PLAY_WAIT_S = 3.0


def check_video(path: Path, timeout_s: float = 20) -> str | None:
    """None when ``path`` decodes as a video, else why not (English, for logs)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p)
    try:
        proc = subprocess.run([sys.executable, "-m", "seniorlearn.adapters.video_check",
                               str(path)], capture_output=True, text=True, timeout=timeout_s,
                              env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return f"the decode check did not finish within {timeout_s:.0f} s"
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            try:
                result = json.loads(line)
            except ValueError:
                continue
            return None if result.get("ok") else str(result.get("detail"))
    return f"the decode check crashed (exit code {proc.returncode})"


def probe(path: Path) -> dict[str, Any]:
    """In the child: libvlc when it loads, else ffprobe."""
    if not path.is_file():
        return {"ok": False, "detail": f"{path} is not a file"}
    try:
        import vlc
    except (Exception, SystemExit):  # python-vlc may sys.exit() when libvlc is missing
        return probe_ffprobe(path)
    return probe_vlc(vlc, path)


def probe_vlc(vlc: Any, path: Path) -> dict[str, Any]:
    instance = vlc.Instance(HEADLESS_ARGS)
    if instance is None:
        return probe_ffprobe(path)
    player = instance.media_player_new()
    player.set_media(instance.media_new_path(str(path)))
    player.audio_set_mute(True)
    try:
        if player.play() == -1:
            return {"ok": False, "detail": "libvlc refused to play the file"}
        return _watch(vlc, player)
    finally:
        player.stop()
        player.release()
        instance.release()


def _watch(vlc: Any, player: Any) -> dict[str, Any]:
    started = time.monotonic()
    while time.monotonic() - started < PLAY_WAIT_S:
        state = player.get_state()
        if state in (vlc.State.Error, vlc.State.Ended, vlc.State.Stopped):
            return {"ok": False, "detail": f"libvlc stopped at once ({state})"}
        if player.get_time() > 0:
            if player.video_get_track_count() > 0:
                return {"ok": True, "detail": "libvlc decoded video"}
            return {"ok": False, "detail": "the file plays but has no video track"}
        time.sleep(0.02)
    return {"ok": False, "detail": f"libvlc did not start playing within {PLAY_WAIT_S:.0f} s"}


def probe_ffprobe(path: Path) -> dict[str, Any]:
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return {"ok": False, "detail": "neither libvlc nor ffprobe is installed"}
    proc = subprocess.run([ffprobe, "-v", "error", "-select_streams", "v", "-show_entries",
                           "stream=codec_type,codec_name,width", "-of", "json", str(path)],
                          capture_output=True, text=True, timeout=15)
    try:
        streams = json.loads(proc.stdout or "{}").get("streams", [])
    except ValueError:
        streams = []
    if proc.returncode != 0 or not any(s.get("codec_type") == "video" for s in streams):
        detail = proc.stderr.strip().splitlines()[-1:] or ["no video stream"]
        return {"ok": False, "detail": f"ffprobe: {detail[0]}"}
    return {"ok": True, "detail": "ffprobe found a video stream"}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m seniorlearn.adapters.video_check PATH", file=sys.stderr)
        return 2
    result = probe(Path(argv[0]))
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
