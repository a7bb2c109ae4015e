"""Telling a card scanner from a person at the keyboard, by speed alone.

A USB QR/barcode scanner is a "keyboard wedge": it types the card's code and Enter, a key
every few milliseconds. A person, even a fast typist, leaves 60 ms or more between keys; a
senior much more. So a run of keys that arrives faster than any hand, ending in Enter, is a
scan on whatever screen is showing; anything slower is typing and is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Scanners measured in the field type at 2-20 ms a key; 35 ms leaves room for a busy USB bus.
MAX_GAP_MS = 35.0
MIN_LENGTH = 3
MAX_LENGTH = 64


@dataclass
class ScanDetector:
    """Feed every key with its event time; ``enter`` returns the scanned code or None."""

    max_gap_ms: float = MAX_GAP_MS
    _keys: list[str] = field(default_factory=list)
    _last_ms: float | None = None

    def key(self, text: str, at_ms: float) -> None:
        if not text or not text.isprintable() or len(text) != 1:
            self.reset()
            return
        if self._last_ms is None or at_ms - self._last_ms > self.max_gap_ms:
            self._keys = []  # too slow to belong to the run before: a new run starts here
        self._keys.append(text)
        self._last_ms = at_ms
        if len(self._keys) > MAX_LENGTH:
            self.reset()

    def enter(self, at_ms: float) -> str | None:
        """Enter ends a scan if it came as fast as the keys before it."""
        keys, last = self._keys, self._last_ms
        self.reset()
        if last is None or at_ms - last > self.max_gap_ms or len(keys) < MIN_LENGTH:
            return None
        return "".join(keys).strip() or None

    def in_burst(self, at_ms: float) -> bool:
        """True while a fast run is under way (its keys should not reach the screen)."""
        return (len(self._keys) >= 2 and self._last_ms is not None
                and at_ms - self._last_ms <= self.max_gap_ms)

    def reset(self) -> None:
        self._keys, self._last_ms = [], None
