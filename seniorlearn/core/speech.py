"""What the kiosk needs from a voice; adapters/speech.py implements it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Speaker(Protocol):
    """Reads text aloud without ever making the caller wait."""

    def speak(self, parts: Sequence[str], language: str) -> None:
        """Stop whatever is being read and read ``parts`` in order, in ``language``."""

    def stop(self) -> None:
        """Stop reading now (navigation, idle reset)."""

    def set_rate(self, words_per_minute: int) -> None:
        """Change the reading speed for what is read next."""

    def is_available(self) -> bool:
        """False once the engine has failed for good; the kiosk then shows a quiet notice."""

    def problem(self) -> str | None:
        """Why speech is unavailable, in words for the log and ``doctor``; None when fine."""

    def shutdown(self) -> None:
        """Stop reading and release the engine."""


class SilentSpeaker:
    """A speaker that says nothing; used when speech is turned off in the settings."""

    def speak(self, parts: Sequence[str], language: str) -> None:
        pass

    def stop(self) -> None:
        pass

    def set_rate(self, words_per_minute: int) -> None:
        pass

    def is_available(self) -> bool:
        return True

    def problem(self) -> str | None:
        return None

    def shutdown(self) -> None:
        pass
