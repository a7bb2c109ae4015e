"""Can a person at the kiosk hear it? The sound output's state, and what to say about it.

Pure: this module reads the text ALSA's tools print (``aplay``'s open error, ``amixer``'s
controls) and turns it into a :class:`SoundReport`. ``seniorlearn/adapters/audio.py`` runs
the tools; the shell, ``doctor`` and the volunteers' sound test all judge the same report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from seniorlearn.core.i18n import N_, _


class SoundState(Enum):
    OK = "ok"
    NO_DEVICE = "no_device"
    MUTED = "muted"
    VOLUME_ZERO = "volume_zero"
    UNKNOWN = "unknown"  # the tools are missing or did not answer: say nothing to learners


@dataclass(frozen=True)
class Mixer:
    """One ``amixer`` simple control's playback side."""

    name: str
    percents: tuple[int, ...] = ()
    switches: tuple[bool, ...] = ()  # True = on; empty when the control has no switch

    @property
    def muted(self) -> bool:
        return bool(self.switches) and not any(self.switches)

    @property
    def silent(self) -> bool:
        return bool(self.percents) and max(self.percents) == 0


@dataclass(frozen=True)
class SoundReport:
    state: SoundState
    detail: str  # technical, in English, for the log and ``doctor --json``
    mixer: Mixer | None = None
    cards: tuple[str, ...] = field(default=())

    @property
    def audible(self) -> bool:
        """False only when the kiosk knows nobody can hear it (unknown is given the benefit)."""
        return self.state in (SoundState.OK, SoundState.UNKNOWN)


class SoundChecker(Protocol):
    """Looks at the sound output; ``full`` asks for the whole test, not only the mixer."""

    def check(self, full: bool = False) -> SoundReport:
        """The state now (may take a few seconds: call it off the UI thread)."""


# What learners see and hear on any screen while the sound is gone.
SOUND_NOTICE = N_("There is no sound right now. Please tell a volunteer.")

# What a volunteer is told to do, per state (the sound test and ``doctor``).
WHAT_TO_DO = {
    SoundState.NO_DEVICE: N_("No sound device was found, so read-aloud and lessons are silent. "
                             "Plug the speakers or headphones in firmly, switch them on, then "
                             "test the sound again."),
    SoundState.MUTED: N_("The sound is switched off (muted), so read-aloud and lessons are "
                         "silent. Press the mute key on the keyboard or the speakers, or ask "
                         "the technician to run: {command}"),
    SoundState.VOLUME_ZERO: N_("The volume is at zero, so read-aloud and lessons are silent. "
                               "Turn the volume up on the speakers or keyboard, or ask the "
                               "technician to run: {command}"),
    SoundState.UNKNOWN: N_("The kiosk could not find out whether it has sound ({detail}). "
                           "Listen: if read-aloud is silent, check the speakers' cable, power "
                           "and volume."),
    SoundState.OK: N_("The sound works. If you heard nothing, check that the speakers are "
                      "switched on and their own volume knob is turned up."),
}
UNMUTE_COMMAND = "amixer set Master unmute 80%"


def what_to_do(report: SoundReport) -> str:
    """The volunteer's sentence for ``report``, in the current language."""
    return _(WHAT_TO_DO[report.state]).format(command=UNMUTE_COMMAND, detail=report.detail)


# ---------------------------------------------------------------- aplay

_OPEN_ERROR = re.compile(r"audio open error: (.+)")
_BUSY = "Device or resource busy"


def judge_open(returncode: int, stderr: str) -> SoundReport | None:
    """What ``aplay`` playing a moment of silence says: None when the output opened (or is
    only busy, i.e. something else is playing), else the report."""
    if returncode == 0:
        return None
    opened = _OPEN_ERROR.search(stderr)
    if opened and _BUSY in opened.group(1):
        return None
    tail = _last_line(stderr) or f"exit code {returncode}"
    if opened:
        return SoundReport(SoundState.NO_DEVICE, f"aplay: {opened.group(0)}")
    return SoundReport(SoundState.UNKNOWN, f"aplay failed: {tail}")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# ---------------------------------------------------------------- /proc/asound/cards

_CARD = re.compile(r"^\s*(\d+)\s+\[[^\]]*\]:\s*(.+)$")


def parse_cards(text: str) -> tuple[str, ...]:
    """Card names from ``/proc/asound/cards`` ("0 [PCH ]: HDA-Intel - HDA Intel PCH")."""
    return tuple(m.group(2).strip() for line in text.splitlines()
                 if (m := _CARD.match(line)))


# ---------------------------------------------------------------- amixer

_CONTROL = re.compile(r"^Simple mixer control '([^']*)',\d+")
_PLAYBACK = re.compile(r"^\s+[^:]+: Playback(?: -?\d+)?(.*)$")
_PERCENT = re.compile(r"\[(\d+)%\]")
_SWITCH = re.compile(r"\[(on|off)\]")
# The control that mutes everything, in the order sound cards name it.
MAIN_CONTROLS = ("Master", "PCM", "Speaker")


def parse_mixers(text: str) -> dict[str, Mixer]:
    """Every simple control of ``amixer scontents`` with its playback levels and switches."""
    levels: dict[str, tuple[list[int], list[bool]]] = {}
    name: str | None = None
    for line in text.splitlines():
        if control := _CONTROL.match(line):
            name = control.group(1)
            levels[name] = ([], [])
        elif name is not None and (playback := _PLAYBACK.match(line)):
            levels[name][0].extend(int(p) for p in _PERCENT.findall(playback.group(1)))
            levels[name][1].extend(s == "on" for s in _SWITCH.findall(playback.group(1)))
    return {n: Mixer(n, tuple(p), tuple(s)) for n, (p, s) in levels.items() if p or s}


def main_mixer(mixers: dict[str, Mixer]) -> Mixer | None:
    return next((mixers[n] for n in MAIN_CONTROLS if n in mixers), None)


def judge_mixer(mixer: Mixer | None) -> SoundReport:
    """The state once the output opens: muted or at zero on its main control, else ok."""
    if mixer is None:
        return SoundReport(SoundState.OK, "the output opens; no volume control to read")
    levels = "/".join(f"{p}%" for p in mixer.percents) or "no level"
    switches = "/".join("on" if s else "off" for s in mixer.switches) or "no switch"
    detail = f"mixer control {mixer.name}: {levels}, {switches}"
    if mixer.muted:
        return SoundReport(SoundState.MUTED, detail, mixer)
    if mixer.silent:
        return SoundReport(SoundState.VOLUME_ZERO, detail, mixer)
    return SoundReport(SoundState.OK, f"the output opens; {detail}", mixer)


# ---------------------------------------------------------------- the volunteers' sound test

TEST_SENTENCE = N_("This is the sound test. If you can hear this sentence, the sound works.")
NOT_PLAYED = N_("The test sentence could not be played ({reason}). Check that the speakers "
                "are plugged in and switched on, then test the sound again.")
NO_VOICE = N_("Read-aloud is switched off or not working ({reason}), so no sentence could be "
              "played; ask the technician to run: {command}")


@dataclass(frozen=True)
class SoundTest:
    """What the sound test found: the probe's report (None without a probe) and how the
    sentence went (None when it was played)."""

    report: SoundReport | None
    not_played: str | None
    voice_missing: bool = False

    def sentence(self) -> str:
        """The result for the volunteer, in the current language."""
        report = self.report
        if self.voice_missing:
            return _(NO_VOICE).format(reason=self.not_played, command="seniorlearn doctor")
        if report is not None and not report.audible:
            return what_to_do(report)  # what to plug in or turn up
        if self.not_played is not None:
            return _(NOT_PLAYED).format(reason=self.not_played)
        return what_to_do(SoundReport(SoundState.OK, ""))


def run_sound_test(speaker: object, sound: SoundChecker | None, text: str,
                   language: str) -> SoundTest:
    """Look at the output, then read ``text`` through the kiosk's own voice and player.
    Blocks until the sentence has been read: call it off the UI thread."""
    report = sound.check(full=True) if sound is not None else None
    play = getattr(speaker, "play_test", None)
    if not callable(play):
        problem = getattr(speaker, "problem", lambda: None)() or "read-aloud is off"
        return SoundTest(report, str(problem), voice_missing=True)
    return SoundTest(report, play(text, language))
