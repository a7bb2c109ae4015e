"""The python-vlc backend of the lesson player (core.playback.Player).

One libvlc instance per set of arguments is shared by every lesson (starting libvlc loads
its plugins, a cost paid once); each opened lesson gets its own media player, released on
``close`` so 200 lessons opened and closed cost no more memory than one.

Without a window to draw into (tests, no display) libvlc must get dummy outputs, or it
falls back to its terminal renderer and crashes the process; with no sound card it gets a
dummy audio output, or it logs thousands of errors a second.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from seniorlearn.core.playback.player import PlayerState, clamp_rate

log = logging.getLogger(__name__)

COMMON_ARGS = ("--no-video-title-show", "--quiet", "--no-osd", "--no-sub-autodetect-file",
               "--no-spu", "--no-snapshot-preview", "--no-stats")
_instances: dict[tuple[str, ...], Any] = {}
# libvlc pauses and resumes on its own thread: for a few milliseconds (more on a busy
# machine) after set_pause it still reports the old state. Within this time the state asked
# for is the answer, or a poll in between flips the play button and the pause sign back.
CATCH_UP_S = 1.0
M_ARENA_MAX, M_MMAP_THRESHOLD = -8, -3  # glibc's mallopt parameter numbers
_libc: Any = None


def load_vlc() -> Any:
    """The vlc module, or None when python-vlc or libvlc is missing (it may sys.exit)."""
    try:
        import vlc
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - any failure means no libvlc
        log.info("python-vlc cannot be used: %s", exc)
        return None
    return vlc


def instance_args(embedded: bool, sound: bool) -> tuple[str, ...]:
    args = list(COMMON_ARGS)
    if not embedded:
        args.append("--vout=dummy")
    if not embedded or not sound:
        args.append("--aout=dummy")
    return tuple(args)


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Tune glibc's malloc for video. Each lesson opened into a window starts new decoder
    and video-output threads; with glibc's defaults (8 arenas a core, a growing mmap
    threshold) the memory they free stays with the process: measured under Xvfb, +4 MB RSS
    per open/close; with this and ``release_free_memory`` about +0.05 MB."""
    if not sys.platform.startswith("linux"):
        return
    global _libc
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_ARENA_MAX, arenas)
        # Decoded frames (1.4 MB at 720p) are mmapped and given back when freed; glibc's
        # default raises this threshold after the first free and keeps them in the heap.
        libc.mallopt(M_MMAP_THRESHOLD, 256 * 1024)
        _libc = libc
    except (OSError, AttributeError) as exc:  # not glibc (musl): nothing to tune
        log.info("malloc arenas not limited: %s", exc)


def release_free_memory() -> None:
    """Hand the heap a closed lesson freed back to the system (glibc keeps it otherwise;
    a few ms)."""
    if _libc is not None:
        _libc.malloc_trim(0)


def shared_instance(args: tuple[str, ...]) -> Any:
    vlc = load_vlc()
    if vlc is None:
        raise RuntimeError("libvlc is not available")
    if not _instances:
        limit_malloc_arenas()
    if args not in _instances:
        instance = vlc.Instance(list(args))
        if instance is None:
            raise RuntimeError(f"libvlc could not start with {args}")
        _instances[args] = instance
    return _instances[args]


class VlcPlayer:
    """Plays into the native window ``window_id`` (X11 / Windows / macOS), or headless."""

    backend = "vlc"

    def __init__(self, window_id: int | None = None, sound: bool = True) -> None:
        self._vlc = load_vlc()
        if self._vlc is None:
            raise RuntimeError("libvlc is not available")
        self.window_id = window_id
        self._instance = shared_instance(instance_args(window_id is not None, sound))
        self.media_player: Any = None
        self._rate = 1.0
        self._volume = 80
        self._error: str | None = None
        self._path: Path | None = None
        self._asked: tuple[PlayerState, float] | None = None  # (PLAYING or PAUSED, when)
        self.released = 0  # media players released so far (tests check nothing leaks)

    # ------------------------------------------------------------------ Player protocol

    def open(self, path: Path, start_s: float = 0.0) -> None:
        self.close()
        self._error, self._path, self._asked = None, path, None
        if not path.is_file():
            self._error = f"the video file {path} is missing"
            return
        player = self._instance.media_player_new()
        self._embed(player)
        player.video_set_mouse_input(False)
        player.video_set_key_input(False)
        media = self._instance.media_new_path(str(path))
        if start_s > 0:
            # libvlc seeks while opening, so no wrong first picture is shown.
            media.add_option(f":start-time={start_s:.3f}")
        player.set_media(media)
        media.release()
        player.audio_set_volume(self._volume)
        self.media_player = player
        # play() only queues the start; libvlc opens and demuxes on its own thread.
        if player.play() == -1:
            self._error = f"libvlc refused to play {path}"

    def _embed(self, player: Any) -> None:
        if self.window_id is None:
            return
        if sys.platform.startswith("linux"):
            player.set_xwindow(self.window_id)
        elif sys.platform == "win32":
            player.set_hwnd(self.window_id)
        elif sys.platform == "darwin":
            player.set_nsobject(self.window_id)

    def play(self) -> None:
        if self.media_player is not None:
            self.media_player.set_pause(0)
            self._asked = (PlayerState.PLAYING, time.monotonic())

    def pause(self) -> None:
        if self.media_player is not None:
            self.media_player.set_pause(1)
            self._asked = (PlayerState.PAUSED, time.monotonic())

    def seek(self, seconds: float) -> None:
        if self.media_player is not None:
            self.media_player.set_time(max(0, int(seconds * 1000)))

    def position(self) -> float:
        if self.media_player is None:
            return 0.0
        return max(0, self.media_player.get_time()) / 1000

    def duration(self) -> float | None:
        if self.media_player is None:
            return None
        length = self.media_player.get_length()
        return length / 1000 if length > 0 else None

    def set_rate(self, rate: float) -> None:
        self._rate = clamp_rate(rate)
        if self.media_player is not None:
            self.media_player.set_rate(self._rate)

    def rate(self) -> float:
        return self._rate

    def set_volume(self, percent: int) -> None:
        self._volume = max(0, min(100, percent))
        if self.media_player is not None:
            self.media_player.audio_set_volume(self._volume)

    def state(self) -> PlayerState:
        if self._error is not None:
            return PlayerState.ERROR
        if self.media_player is None:
            return PlayerState.IDLE
        state = self._libvlc_state()
        states = self._vlc.State
        if state == states.Error:
            self._error = f"libvlc could not play {self._path}"
            return PlayerState.ERROR
        if state == states.Playing:
            # libvlc resets the rate while opening: apply ours once it plays.
            if abs(self.media_player.get_rate() - self._rate) > 0.01:
                self.media_player.set_rate(self._rate)
            return PlayerState.PLAYING if self.position() > 0 else PlayerState.OPENING
        if state == states.Paused:
            return PlayerState.PAUSED
        if state == states.Ended:
            return PlayerState.ENDED
        if state == states.Stopped:
            return PlayerState.IDLE
        return PlayerState.OPENING

    def _libvlc_state(self) -> Any:
        """libvlc's state, except that a pause or resume just asked for is not yet undone."""
        state = self.media_player.get_state()
        if self._asked is None:
            return state
        asked, at = self._asked
        states = self._vlc.State
        wanted = states.Playing if asked == PlayerState.PLAYING else states.Paused
        behind = states.Paused if asked == PlayerState.PLAYING else states.Playing
        if state == behind and time.monotonic() - at < CATCH_UP_S:
            return wanted
        if state != behind:
            self._asked = None  # caught up, or ended, stopped or failed: libvlc says
        return state

    def error(self) -> str | None:
        return self._error

    def close(self) -> None:
        player, self.media_player = self.media_player, None
        if player is not None:
            player.stop()
            player.release()
            self.released += 1
            release_free_memory()

    def has_picture(self) -> bool:
        """A video output exists and the clock has moved: the first frame is on screen."""
        player = self.media_player
        return player is not None and player.has_vout() > 0 and player.get_time() > 0
