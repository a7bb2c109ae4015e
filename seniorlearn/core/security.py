"""The volunteer PIN: a salted scrypt hash on disk, and locks that grow after wrong tries.

Five wrong tries lock the pad for 15 minutes, five more for an hour, every five after that
for a day; the count only restarts with the right PIN. Each wrong try is saved twice: in the
PIN file and in the audit log, and the stricter of the two counts, so editing one file does
not lift a lock. A PIN file whose fields do not agree counts as locked, as does a missing one
once a PIN has been set (a separate marker remembers that): only ``seniorlearn pin reset``
from a terminal lifts those.

Checking the right PIN never needs a write (a read-only or full disk must not lock the
volunteers out); a wrong try that cannot be saved anywhere locks the pad in memory.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.paths import Paths

MAX_TRIES = 5
LOCK_STEPS = (15 * 60, 60 * 60, 24 * 60 * 60)
LOCK_SECONDS = LOCK_STEPS[0]
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
FORMAT = 2
# scrypt cost: about 50 ms here, far too slow for guessing 10^4..10^8 PINs offline quickly.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# Events after which the audit log's count of wrong tries starts again.
COUNT_RESETS = {"pin_set", "pin_reset", "pin_changed", "volunteer_opened", "pin_accepted"}
# The PINs people pick most that the pattern rules below do not already catch.
COMMON_PINS = {"1004", "2000", "2001", "6969", "1122", "1313", "1010", "2580", "0852",
               "1470", "0741", "3690", "0963", "1379", "9731", "1998", "1999"}

PIN_LENGTH = N_("A PIN has {low} to {high} digits (0 to 9). Please choose another one.")
PIN_TOO_EASY = N_("That PIN is too easy to guess (like 1111, 1234 or 1212). "
                  "Please choose digits without a pattern.")
PIN_ALREADY_SET = N_("A volunteer PIN has already been set on this kiosk. To replace it, a "
                     "technician runs this in a terminal: seniorlearn pin reset")


class PinError(ValueError):
    """A PIN that may not be used; ``sentence()`` says why and what to do."""

    def __init__(self, msgid: str) -> None:
        super().__init__(msgid.format(low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS))
        self.msgid = msgid

    def sentence(self) -> str:
        return _(self.msgid).format(low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS)


class PinState(Enum):
    NEVER_SET = "never_set"
    SET = "set"
    MISSING = "missing"  # a PIN was set, but its file is gone
    DAMAGED = "damaged"  # unreadable, or fields that do not agree


class PinOutcome(Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"


class LockReason(Enum):
    TRIES = "tries"
    MISSING = "missing"
    DAMAGED = "damaged"
    UNSAVED = "unsaved"  # a wrong try could not be saved on disk


@dataclass(frozen=True)
class PinCheck:
    outcome: PinOutcome
    tries_left: int = 0
    locked_until: float = 0.0
    reason: LockReason | None = None


@dataclass(frozen=True)
class PinStatus:
    state: PinState
    failures: int = 0
    locked_until: float = 0.0  # 0 when not locked; inf when only a technician can lift it
    reason: LockReason | None = None

    @property
    def tries_left(self) -> int:
        return MAX_TRIES - self.failures % MAX_TRIES


def pin_problem(pin: str) -> str | None:
    """The msgid saying why ``pin`` may not be chosen, or None when it may."""
    if not (pin.isascii() and pin.isdigit() and PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS):
        return PIN_LENGTH
    digits = [int(c) for c in pin]
    steps = {(b - a) % 10 for a, b in zip(digits, digits[1:], strict=False)}
    if steps in ({0}, {1}, {9}):  # 1111, 1234 (7890 too), 4321
        return PIN_TOO_EASY
    repeats = any(all(pin[i] == pin[i - period] for i in range(period, len(pin)))
                  for period in range(1, len(pin) // 2 + 1))
    return PIN_TOO_EASY if repeats or pin in COMMON_PINS else None


def valid_new_pin(pin: str) -> bool:
    return pin_problem(pin) is None


def lock_seconds(failures: int) -> int:
    """How long the lock started by the ``failures``-th wrong try in a row lasts."""
    level = failures // MAX_TRIES
    return LOCK_STEPS[min(level, len(LOCK_STEPS)) - 1] if level else 0


def lock_end(failure_times: list[float]) -> float:
    """When the lock set off by these wrong tries (in order) ends; 0 for none."""
    level = len(failure_times) // MAX_TRIES
    if not level:
        return 0.0
    return failure_times[level * MAX_TRIES - 1] + lock_seconds(len(failure_times))


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    import hashlib  # loads OpenSSL: not needed until someone enters a PIN

    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=32)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


def _counts(data: dict[str, Any]) -> dict[str, Any] | None:
    """failures, locked_until and lock_started when they agree with each other, else None."""
    failures = data.get("failures")
    until, started = _number(data.get("locked_until", 0.0)), _number(data.get("lock_started", 0.0))
    if isinstance(failures, bool) or not isinstance(failures, int) or failures < 0:
        return None
    if until is None or started is None:
        return None
    if data.get("version") is None:  # written before locks grew: the count restarted
        if failures >= MAX_TRIES:
            return None
        if until:
            failures, started = MAX_TRIES + failures, until - LOCK_SECONDS
    elif failures < MAX_TRIES:
        if until or started:
            return None
    elif not started or not math.isclose(until, started + lock_seconds(failures), abs_tol=0.01):
        return None
    return {"failures": failures, "locked_until": until, "lock_started": started}


def _parsed(data: Any) -> dict[str, Any] | None:
    if not isinstance(data, dict) or data.get("algorithm") != "scrypt":
        return None
    n, r, p = data.get("n"), data.get("r"), data.get("p")
    if not (isinstance(n, int) and isinstance(r, int) and isinstance(p, int)):
        return None
    if not (2**10 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        return None
    try:
        salt, digest = bytes.fromhex(data["salt"]), bytes.fromhex(data["hash"])
    except (KeyError, TypeError, ValueError):
        return None
    counts = _counts(data)
    if counts is None or len(digest) != 32 or not 16 <= len(salt) <= 64:
        return None
    return {"n": n, "r": r, "p": p, "salt": salt, "hash": digest, **counts}


if TYPE_CHECKING:
    from seniorlearn.core.audit import AuditLog


class PinStore:
    """The PIN file, the "a PIN was set" marker and the PIN's records in the audit log.

    Time is passed in so tests can move it.
    """

    def __init__(self, path: Path, audit: AuditLog | None = None) -> None:
        paths = Paths(path.parent)
        self.path = path
        self.marker = paths.pin_was_set
        self._paths = paths
        self._audit = audit
        self._memory_lock_until = 0.0
        self._lock = threading.Lock()

    @property
    def audit(self) -> AuditLog:
        """Made at first use: the kiosk's first paint does not need the log's imports."""
        if self._audit is None:
            from seniorlearn.core.audit import AuditLog

            self._audit = AuditLog(self._paths)
        return self._audit

    # ------------------------------------------------------------------ reading

    def _load(self) -> tuple[PinState, dict[str, Any] | None]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return (PinState.MISSING if self.was_ever_set() else PinState.NEVER_SET), None
        except (OSError, ValueError):
            return PinState.DAMAGED, None
        data = _parsed(raw)
        return (PinState.SET, data) if data else (PinState.DAMAGED, None)

    def was_ever_set(self) -> bool:
        """A PIN was set here once: the marker exists, or the audit log says so."""
        if self.marker.exists() or self.path.exists():
            return True
        return any(r.what in ("pin_set", "pin_reset") for r in self.audit.records())

    def _audit_counts(self) -> tuple[int, float]:
        """Wrong tries in a row and the end of their lock, as the audit log tells them."""
        times: list[float] = []
        count, until = 0, 0.0
        for record in self.audit.records():
            if record.what in COUNT_RESETS:
                times, count, until = [], 0, 0.0
            elif record.what == "pin_wrong":
                times.append(record.time)
                said = _number(record.detail.get("failures"))
                count = max(count + 1, int(said or 0))
            elif record.what == "pin_locked":
                minutes = _number(record.detail.get("minutes")) or 0.0
                until = max(until, record.time + 60 * minutes)
        return count, max(until, lock_end(times))

    def status(self, now: float) -> PinStatus:
        """Whether a PIN is set, and whether (and until when) the pad is locked."""
        state, data = self._load()
        if state is PinState.NEVER_SET:
            return PinStatus(state)
        if data is None:
            reason = LockReason.MISSING if state is PinState.MISSING else LockReason.DAMAGED
            return PinStatus(state, locked_until=math.inf, reason=reason)
        logged, logged_until = self._audit_counts()
        failures = max(data["failures"], logged)
        until = max(data["locked_until"], logged_until)
        if self._memory_lock_until > now and self._memory_lock_until >= until:
            return PinStatus(state, failures, self._memory_lock_until, LockReason.UNSAVED)
        if until > now:
            return PinStatus(state, failures, until, LockReason.TRIES)
        return PinStatus(state, failures)

    def is_set(self) -> bool:
        """False only while no PIN has ever been set (the first-run case)."""
        return self._load()[0] is not PinState.NEVER_SET

    def locked_until(self, now: float) -> float:
        return self.status(now).locked_until

    # ------------------------------------------------------------------ writing

    def _write(self, data: dict[str, Any]) -> None:
        tmp = self._write_tmp(data)
        os.replace(tmp, self.path)

    def _write_tmp(self, data: dict[str, Any]) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                os.fchmod(fh.fileno(), 0o600)
                json.dump(data, fh)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        return tmp

    def _record(self, data: dict[str, Any], failures: int, until: float) -> dict[str, Any]:
        started = until - lock_seconds(failures) if failures >= MAX_TRIES else 0.0
        return {"version": FORMAT, "algorithm": "scrypt", "n": data["n"], "r": data["r"],
                "p": data["p"], "salt": data["salt"].hex(), "hash": data["hash"].hex(),
                "failures": failures, "locked_until": until if started else 0.0,
                "lock_started": started}

    def set_pin(self, pin: str, now: float | None = None, event: str = "pin_set",
                via: str = "terminal") -> None:
        """Replace the PIN (and lift any lock). Raises PinError, or OSError if not saved."""
        problem = pin_problem(pin)
        if problem:
            raise PinError(problem)
        salt = os.urandom(16)
        data = {**SCRYPT, "salt": salt, "hash": _hash(pin, salt, **SCRYPT)}
        with self._lock:
            tmp = self._write_tmp(self._record(data, 0, 0.0))
            try:
                # The marker first: once the PIN file is there, losing it must mean locked.
                with open(self.marker, "w", encoding="utf-8") as fh:
                    fh.write("A volunteer PIN was set on this kiosk.\n")
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise
            self._memory_lock_until = 0.0
        self.audit.record("volunteer", event, at=now, via=via)

    def set_first_pin(self, pin: str, now: float) -> None:
        """The first-run screen's PIN: refused once any PIN has been set here."""
        if self.was_ever_set():
            raise PinError(PIN_ALREADY_SET)
        self.set_pin(pin, now, via="screen")

    # ------------------------------------------------------------------ checking

    def check(self, pin: str, now: float, opens: str | None = "volunteer_opened") -> PinCheck:
        """Check ``pin``; when it is right, record ``opens`` (if any) in the audit log."""
        with self._lock:
            status = self.status(now)
            if status.locked_until:
                return PinCheck(PinOutcome.LOCKED, locked_until=status.locked_until,
                                reason=status.reason)
            state, data = self._load()
            if data is None:  # changed between the two reads
                return PinCheck(PinOutcome.LOCKED, locked_until=math.inf,
                                reason=LockReason.DAMAGED)
            given = _hash(pin, data["salt"], data["n"], data["r"], data["p"])
            import hmac  # loads OpenSSL: not needed until someone enters a PIN

            if hmac.compare_digest(data["hash"], given):
                self._accepted(data, status, now, opens)
                return PinCheck(PinOutcome.ACCEPTED)
            return self._wrong(data, status, now)

    def _accepted(self, data: dict[str, Any], status: PinStatus, now: float,
                  opens: str | None) -> None:
        # Best effort: a read-only or full disk must not keep a volunteer out.
        if status.failures or data["locked_until"]:
            with contextlib.suppress(OSError):
                self._write(self._record(data, 0, 0.0))
        if not self.marker.exists():
            with contextlib.suppress(OSError):
                self.marker.write_text("A volunteer PIN was set on this kiosk.\n")
        if opens:
            self.audit.record("volunteer", opens, at=now)

    def _wrong(self, data: dict[str, Any], status: PinStatus, now: float) -> PinCheck:
        failures = status.failures + 1
        locks = failures % MAX_TRIES == 0
        if locks:
            until = now + lock_seconds(failures)
        else:  # the lock that has ended, kept so the file's fields still agree
            until = max(data["locked_until"], self._audit_counts()[1], now)
        try:
            self._write(self._record(data, failures, until))
            saved = True
        except OSError:
            saved = False
        logged = self.audit.record("volunteer", "pin_wrong", at=now, failures=failures)
        if not (saved or logged):
            # Nowhere to count it: refuse further tries for a while rather than allow
            # unlimited guesses on a read-only or full disk.
            self._memory_lock_until = now + lock_seconds(max(failures, MAX_TRIES))
            return PinCheck(PinOutcome.LOCKED, locked_until=self._memory_lock_until,
                            reason=LockReason.UNSAVED)
        if locks:
            self.audit.record("system", "pin_locked", at=now, failures=failures,
                              minutes=lock_seconds(failures) // 60)
            return PinCheck(PinOutcome.LOCKED, locked_until=until, reason=LockReason.TRIES)
        return PinCheck(PinOutcome.WRONG, tries_left=MAX_TRIES - failures % MAX_TRIES)
