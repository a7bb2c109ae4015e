"""The volunteer PIN: a salted scrypt hash on disk, and a lock after repeated wrong tries.

The failure count and lock time are stored with the hash, so restarting the kiosk does
not reset the lock.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

MAX_TRIES = 5
LOCK_SECONDS = 15 * 60
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
# scrypt cost: about 50 ms here, far too slow for guessing 10^4..10^8 PINs offline quickly.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class PinOutcome(Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class PinCheck:
    outcome: PinOutcome
    tries_left: int = 0
    locked_until: float = 0.0


def valid_new_pin(pin: str) -> bool:
    return pin.isdigit() and pin.isascii() and PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    import hashlib  # loads OpenSSL: not needed until someone enters a PIN

    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=32)


class PinStore:
    """Reads and writes ``volunteer-pin.json``; time is passed in so tests can move it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            # A damaged file must not open the volunteer area: treat it as a locked PIN
            # that only deleting the file (a technician's job) resets.
            return {"damaged": True}
        return data if isinstance(data, dict) else {"damaged": True}

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def is_set(self) -> bool:
        return self._read() is not None

    def set_pin(self, pin: str) -> None:
        if not valid_new_pin(pin):
            raise ValueError(f"a PIN has {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits")
        salt = os.urandom(16)
        self._write({
            "algorithm": "scrypt", **SCRYPT, "salt": salt.hex(),
            "hash": _hash(pin, salt, **SCRYPT).hex(), "failures": 0, "locked_until": 0.0,
        })

    def check(self, pin: str, now: float) -> PinCheck:
        data = self._read()
        if data is None or data.get("damaged"):
            return PinCheck(PinOutcome.LOCKED, locked_until=float("inf"))
        if now < data.get("locked_until", 0.0):
            return PinCheck(PinOutcome.LOCKED, locked_until=data["locked_until"])
        expected = bytes.fromhex(data["hash"])
        given = _hash(pin, bytes.fromhex(data["salt"]), data["n"], data["r"], data["p"])
        import hmac

        if hmac.compare_digest(expected, given):
            data.update(failures=0, locked_until=0.0)
            self._write(data)
            return PinCheck(PinOutcome.ACCEPTED)
        failures = int(data.get("failures", 0)) + 1
        if failures >= MAX_TRIES:
            data.update(failures=0, locked_until=now + LOCK_SECONDS)
            self._write(data)
            return PinCheck(PinOutcome.LOCKED, locked_until=now + LOCK_SECONDS)
        data.update(failures=failures)
        self._write(data)
        return PinCheck(PinOutcome.WRONG, tries_left=MAX_TRIES - failures)

    def locked_until(self, now: float) -> float:
        data = self._read()
        if data is None:
            return 0.0
        if data.get("damaged"):
            return float("inf")
        until = float(data.get("locked_until", 0.0))
        return until if until > now else 0.0
