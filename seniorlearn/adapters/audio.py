"""Finds out whether the kiosk's sound output can be heard, with ALSA's own tools.

``aplay`` (the same player the read-aloud voice uses) plays 50 ms of silence on the default
output: if that opens, there is a device. ``amixer`` then reads its main volume control for
muted or zero. Every command has a timeout, so a wedged sound server costs a few seconds on
a background thread, never the screen. :class:`SoundWatch` repeats the cheap part (the
mixer) while the sound is fine, and the whole test whenever it was not, or when the sound
cards or ALSA's settings files changed.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path

from seniorlearn.core.audio import (
    SoundReport,
    SoundState,
    judge_mixer,
    judge_open,
    main_mixer,
    parse_cards,
    parse_mixers,
)

log = logging.getLogger(__name__)

TIMEOUT_S = 3.0
CARDS = Path("/proc/asound/cards")
# 50 ms of 8 kHz mono silence: opens the output like speech does, and nobody hears it.
SILENCE = bytes(800)
APLAY_SILENCE = ["aplay", "-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", "8000", "-"]


def probe(env: Mapping[str, str] | None = None, full: bool = True,
          timeout_s: float = TIMEOUT_S) -> SoundReport:
    """The sound output's state now. ``full=False`` skips opening the output (only the mixer
    is read), for re-checks while the output is known to open."""
    environ = dict(os.environ if env is None else env)
    cards = read_cards()
    if full:
        if shutil.which("aplay", path=environ.get("PATH")) is None:
            return SoundReport(SoundState.UNKNOWN, "aplay is not installed (package alsa-utils)",
                               cards=cards)
        problem = _open_output(environ, timeout_s)
        if problem is not None:
            return SoundReport(problem.state, problem.detail, cards=cards)
    report = judge_mixer(_main_mixer(environ, timeout_s))
    return SoundReport(report.state, report.detail, report.mixer, cards)


def read_cards(path: Path = CARDS) -> tuple[str, ...]:
    try:
        return parse_cards(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:  # no sound driver loaded at all: no /proc/asound
        return ()


def _open_output(environ: dict[str, str], timeout_s: float) -> SoundReport | None:
    try:
        proc = subprocess.run(APLAY_SILENCE, input=SILENCE, capture_output=True,
                              timeout=timeout_s, env=environ)
    except subprocess.TimeoutExpired:
        return SoundReport(SoundState.UNKNOWN,
                           f"aplay did not finish within {timeout_s:g} s")
    except OSError as exc:
        return SoundReport(SoundState.UNKNOWN, f"aplay cannot run: {exc}")
    return judge_open(proc.returncode, proc.stderr.decode(errors="replace"))


def _main_mixer(environ: dict[str, str], timeout_s: float):  # -> Mixer | None
    if shutil.which("amixer", path=environ.get("PATH")) is None:
        return None
    try:
        proc = subprocess.run(["amixer", "scontents"], capture_output=True, text=True,
                              timeout=timeout_s, env=environ, stdin=subprocess.DEVNULL)
    except (subprocess.TimeoutExpired, OSError) as exc:
        log.info("amixer could not be read: %s", exc)
        return None
    # No mixer on the default device (a null or plain plug output) is not a problem.
    return main_mixer(parse_mixers(proc.stdout)) if proc.returncode == 0 else None


def config_files(environ: Mapping[str, str]) -> list[Path]:
    """ALSA's settings files whose change can bring a device or take it away."""
    home = Path(environ.get("HOME", "~")).expanduser()
    named = [Path(p) for p in environ.get("ALSA_CONFIG_PATH", "").split(":") if p]
    return [*named, home / ".asoundrc", home / ".config" / "alsa" / "asoundrc",
            Path("/etc/asound.conf"), Path("/etc/alsa/conf.d")]


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


class SoundWatch:
    """Re-checks the sound output cheaply; safe to call from one background thread at a time."""

    def __init__(self, env: Mapping[str, str] | None = None,
                 timeout_s: float = TIMEOUT_S) -> None:
        self.env = dict(os.environ if env is None else env)
        self.timeout_s = timeout_s
        self.last: SoundReport | None = None
        self._seen: tuple[object, ...] | None = None
        self._lock = threading.Lock()

    def check(self, full: bool = False) -> SoundReport:
        """The state now; the whole test when asked, at first, after a problem or a change."""
        with self._lock:
            seen = (read_cards(), *(_mtime(p) for p in config_files(self.env)))
            changed = seen != self._seen
            whole = full or changed or self.last is None or self.last.state is not SoundState.OK
            report = probe(self.env, full=whole, timeout_s=self.timeout_s)
            if self.last is None or report.state is not self.last.state:
                log.info("sound output: %s (%s)", report.state.value, report.detail)
            self.last, self._seen = report, seen
            return report
