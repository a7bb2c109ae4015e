"""Reading ALSA's tools: aplay's open errors (as this machine prints them) and amixer's
controls (in the format amixer 1.2 prints, with the levels a muted or silent card shows)."""

from __future__ import annotations

from seniorlearn.core.audio import (
    SoundReport,
    SoundState,
    judge_mixer,
    judge_open,
    main_mixer,
    parse_cards,
    parse_mixers,
    what_to_do,
)
from seniorlearn.core.i18n import set_language

# What aplay 1.2.8 printed on this machine (no sound card, Debian 12's alsa.conf).
NO_CARD = """ALSA lib confmisc.c:855:(parse_card) cannot find card '0'
ALSA lib conf.c:5180:(_snd_config_evaluate) function snd_func_card_inum returned error: \
No such file or directory
ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default
aplay: main:831: audio open error: No such file or directory
"""
BUSY = "aplay: main:831: audio open error: Device or resource busy\n"

HDA = """Simple mixer control 'Master',0
  Capabilities: pvolume pswitch
  Playback channels: Front Left - Front Right
  Limits: Playback 0 - 31
  Mono:
  Front Left: Playback 25 [81%] [-9.00dB] [on]
  Front Right: Playback 25 [81%] [-9.00dB] [on]
Simple mixer control 'PCM',0
  Capabilities: pvolume
  Playback channels: Front Left - Front Right
  Limits: Playback 0 - 255
  Mono:
  Front Left: Playback 255 [100%] [0.00dB]
  Front Right: Playback 255 [100%] [0.00dB]
Simple mixer control 'IEC958',0
  Capabilities: pswitch pswitch-joined
  Playback channels: Mono
  Mono: Playback [on]
Simple mixer control 'Capture',0
  Capabilities: cvolume cswitch
  Capture channels: Front Left - Front Right
  Limits: Capture 0 - 63
  Front Left: Capture 0 [0%] [-17.25dB] [off]
  Front Right: Capture 0 [0%] [-17.25dB] [off]
"""
MUTED = HDA.replace("[-9.00dB] [on]", "[-9.00dB] [off]")
ZERO = HDA.replace("Playback 25 [81%] [-9.00dB]", "Playback 0 [0%] [-46.50dB]")
# A USB speaker's card has no Master: its main control is PCM, mono, with a switch.
USB = """Simple mixer control 'PCM',0
  Capabilities: pvolume pvolume-joined pswitch pswitch-joined
  Playback channels: Mono
  Limits: Playback 0 - 64
  Mono: Playback 0 [0%] [-64.00dB] [on]
"""
# Only the left channel muted: one side still sounds.
HALF = HDA.replace("Front Right: Playback 25 [81%] [-9.00dB] [on]",
                   "Front Right: Playback 25 [81%] [-9.00dB] [off]")


def test_an_output_that_opens_or_is_busy_is_there() -> None:
    assert judge_open(0, "") is None
    assert judge_open(1, BUSY) is None  # something else plays: there is a device


def test_no_card_is_no_device_and_a_strange_failure_is_unknown() -> None:
    report = judge_open(1, NO_CARD)
    assert report is not None and report.state is SoundState.NO_DEVICE
    assert "audio open error: No such file or directory" in report.detail
    odd = judge_open(1, "aplay: pcm_write:2127: write error: Input/output error\n")
    assert odd is not None and odd.state is SoundState.UNKNOWN and "write error" in odd.detail


def test_mixer_levels_and_switches_are_read() -> None:
    mixers = parse_mixers(HDA)
    assert mixers["Master"].percents == (81, 81) and mixers["Master"].switches == (True, True)
    assert mixers["PCM"].switches == () and mixers["IEC958"].switches == (True,)
    assert "Capture" not in mixers  # no playback side
    assert main_mixer(mixers).name == "Master"
    assert main_mixer(parse_mixers(USB)).name == "PCM"
    assert main_mixer({}) is None


def test_muted_zero_and_fine_mixers() -> None:
    assert judge_mixer(main_mixer(parse_mixers(HDA))).state is SoundState.OK
    muted = judge_mixer(main_mixer(parse_mixers(MUTED)))
    assert muted.state is SoundState.MUTED and "Master: 81%/81%, off/off" in muted.detail
    assert judge_mixer(main_mixer(parse_mixers(ZERO))).state is SoundState.VOLUME_ZERO
    assert judge_mixer(main_mixer(parse_mixers(USB))).state is SoundState.VOLUME_ZERO
    assert judge_mixer(main_mixer(parse_mixers(HALF))).state is SoundState.OK
    assert judge_mixer(None).state is SoundState.OK


def test_cards_file() -> None:
    text = (" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n"
            "                      HDA Intel PCH at 0xf7f10000 irq 32\n"
            " 1 [Speaker        ]: USB-Audio - USB Speaker\n")
    assert parse_cards(text) == ("HDA-Intel - HDA Intel PCH", "USB-Audio - USB Speaker")
    assert parse_cards("--- no soundcards ---\n") == ()


def test_what_a_volunteer_is_told() -> None:
    set_language("zh_CN")
    try:
        assert "音箱" in what_to_do(SoundReport(SoundState.NO_DEVICE, "x"))
        assert "amixer set Master unmute" in what_to_do(SoundReport(SoundState.MUTED, "x"))
        assert "aplay hung" in what_to_do(SoundReport(SoundState.UNKNOWN, "aplay hung"))
    finally:
        set_language("zh_CN")
    assert not SoundReport(SoundState.MUTED, "").audible
    assert SoundReport(SoundState.UNKNOWN, "").audible
