"""The Qt Multimedia backend (QMediaPlayer + QVideoWidget, FFmpeg inside the PySide6 wheel),
used when libvlc is missing or chosen in the settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget

from seniorlearn.core.playback.player import PlayerState, clamp_rate
from seniorlearn.ui.player import gil_free


class QtPlayer:
    backend = "qt"

    def __init__(self, video: QVideoWidget) -> None:
        self.media_player = QMediaPlayer(video)
        self.audio = QAudioOutput(video)
        self.audio.setVolume(0.8)
        self.media_player.setAudioOutput(self.audio)
        self.media_player.setVideoOutput(video)
        self.media_player.errorOccurred.connect(self._did_fail)
        self.media_player.mediaStatusChanged.connect(self._status_did_change)
        self._rate = 1.0
        self._error: str | None = None
        self._start_s = 0.0
        self._ended = False
        self._path: Path | None = None

    def open(self, path: Path, start_s: float = 0.0) -> None:
        self.close()
        self._error, self._path, self._ended = None, path, False
        if not path.is_file():
            self._error = f"the video file {path} is missing"
            return
        self._start_s = start_s
        # setSource returns at once; FFmpeg opens the file on Qt's own threads.
        gil_free.set_source(self.media_player, QUrl.fromLocalFile(str(path)))
        self.media_player.setPlaybackRate(self._rate)
        self.media_player.play()

    def _status_did_change(self, status: QMediaPlayer.MediaStatus) -> None:
        statuses = QMediaPlayer.MediaStatus
        if status in (statuses.LoadedMedia, statuses.BufferedMedia) and self._start_s > 0:
            self.media_player.setPosition(int(self._start_s * 1000))
            self._start_s = 0.0
        elif status == statuses.EndOfMedia:
            self._ended = True
        elif status == statuses.InvalidMedia and self._error is None:
            self._error = f"Qt Multimedia cannot play {self._path}: invalid media"

    def _did_fail(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self._error = f"Qt Multimedia cannot play {self._path}: {error.name} {message}"

    def play(self) -> None:
        if not self._ended:
            self.media_player.play()

    def pause(self) -> None:
        self.media_player.pause()

    def seek(self, seconds: float) -> None:
        self._ended = False
        self.media_player.setPosition(max(0, int(seconds * 1000)))

    def position(self) -> float:
        return max(0, self.media_player.position()) / 1000

    def duration(self) -> float | None:
        length = self.media_player.duration()
        return length / 1000 if length > 0 else None

    def set_rate(self, rate: float) -> None:
        self._rate = clamp_rate(rate)
        self.media_player.setPlaybackRate(self._rate)

    def rate(self) -> float:
        return self._rate

    def set_volume(self, percent: int) -> None:
        self.audio.setVolume(max(0, min(100, percent)) / 100)

    def state(self) -> PlayerState:
        if self._error is not None:
            return PlayerState.ERROR
        if self._ended:
            return PlayerState.ENDED
        if self.media_player.source().isEmpty():
            return PlayerState.IDLE
        playing = self.media_player.playbackState()
        states = QMediaPlayer.PlaybackState
        if playing == states.PlayingState:
            return PlayerState.PLAYING if self.position() > 0 else PlayerState.OPENING
        if playing == states.PausedState:
            return PlayerState.PAUSED
        return PlayerState.OPENING

    def error(self) -> str | None:
        return self._error

    def close(self) -> None:
        gil_free.stop(self.media_player)  # see gil_free: a freeze otherwise, now and then
        gil_free.set_source(self.media_player, QUrl())
        self._ended, self._error = False, None

    def has_picture(self) -> bool:
        return self.position() > 0
