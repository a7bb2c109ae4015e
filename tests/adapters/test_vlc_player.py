"""The python-vlc backend on its own, headless (dummy outputs), with real files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from seniorlearn.adapters.vlc_player import VlcPlayer, instance_args, load_vlc
from seniorlearn.core.playback import PlayerState
from tests.core.playback.packs import make_video

pytestmark = pytest.mark.skipif(load_vlc() is None, reason="libvlc is not installed")


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return make_video(tmp_path_factory.mktemp("vlc") / "clip.mp4", 6)


def wait_for(predicate, timeout: float = 6.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_arguments_never_leave_libvlc_without_an_output() -> None:
    assert {"--vout=dummy", "--aout=dummy"} <= set(instance_args(embedded=False, sound=True))
    embedded = instance_args(embedded=True, sound=False)
    assert "--aout=dummy" in embedded and "--vout=dummy" not in embedded
    assert not any(a.startswith("--aout") for a in instance_args(embedded=True, sound=True))
    # We draw subtitles ourselves: VLC must not load a same-named .srt as well.
    assert "--no-sub-autodetect-file" in embedded


def test_plays_from_a_start_time_and_releases_on_close(clip: Path) -> None:
    player = VlcPlayer(None)
    opened = time.monotonic()
    player.open(clip, start_s=3.0)
    assert time.monotonic() - opened < 0.2, "open must not wait for the file"
    assert wait_for(lambda: player.state() == PlayerState.PLAYING)
    assert player.position() >= 2.9 and player.duration() == pytest.approx(6.0, abs=0.1)
    player.close()
    assert player.state() == PlayerState.IDLE and player.released == 1
    player.close()
    assert player.released == 1


def test_missing_and_unreadable_files_are_errors(tmp_path: Path) -> None:
    player = VlcPlayer(None)
    player.open(tmp_path / "gone.mp4")
    assert player.state() == PlayerState.ERROR and "missing" in (player.error() or "")
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\0not a video" * 100)
    player.open(junk)
    assert wait_for(lambda: player.state() in (PlayerState.ERROR, PlayerState.ENDED))
    player.close()


def test_rate_never_goes_above_normal(clip: Path) -> None:
    player = VlcPlayer(None)
    player.set_rate(2.0)
    assert player.rate() == 1.0
    player.set_rate(0.5)
    assert player.rate() == 0.75
    player.open(clip)
    assert wait_for(lambda: player.state() == PlayerState.PLAYING)
    assert player.media_player.get_rate() == pytest.approx(0.75)
    player.close()


def test_pause_and_resume_are_the_state_at_once(clip: Path) -> None:
    """libvlc answers set_pause on its own thread; the lesson screen polls the state right
    after a tap, and an old answer flipped the pause sign back on (seen in a CI run)."""
    player = VlcPlayer(None)
    player.open(clip)
    assert wait_for(lambda: player.state() == PlayerState.PLAYING)
    for _ in range(10):
        player.pause()
        assert player.state() == PlayerState.PAUSED
        time.sleep(0.05)
        player.play()
        assert player.state() == PlayerState.PLAYING
        time.sleep(0.05)
    # Once libvlc has caught up it is libvlc that answers again.
    assert wait_for(lambda: player.media_player.get_state() == player._vlc.State.Playing)
    assert player.state() == PlayerState.PLAYING and player._asked is None
    player.close()
