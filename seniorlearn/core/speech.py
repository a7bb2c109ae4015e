"""What the kiosk needs from a voice; adapters/speech.py implements it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

# How one request to read ended, told to its ``done`` callback: read to the end (heard or
# not: a missing sound card is not the voice's failure), replaced or stopped before the
# end, or not read at all because the engine cannot speak.
FINISHED, STOPPED, FAILED = "finished", "stopped", "failed"
ReadingDone = Callable[[str], None]


class Speaker(Protocol):
    """Reads text aloud without ever making the caller wait."""

    def speak(self, parts: Sequence[str], language: str,
              done: ReadingDone | None = None) -> None:
        """Stop whatever is being read and read ``parts`` in order, in ``language``;
        ``done(outcome)`` is called once, from any thread, when this reading ends."""

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

    def speak(self, parts: Sequence[str], language: str,
              done: ReadingDone | None = None) -> None:
        if done is not None:
            done(FINISHED)  # nothing to wait for

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
