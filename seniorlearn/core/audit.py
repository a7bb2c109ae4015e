"""The audit log: who did what on this kiosk, for the volunteers and the technician.

One JSON object a line in ``audit-log.jsonl`` under the data home (mode 0600), appended and
fsynced, never rewritten. Each record has ``time`` (ISO 8601, UTC), ``who`` (volunteer,
learner or system), ``what`` (an event code, see ``EVENTS``) and ``detail`` (a small dict).

Logging must never stop the kiosk: ``record`` does not raise. A record that cannot be
written is reported to the program log and in ``problem``, and ``record`` returns False.

    log = AuditLog(paths)
    log.record("volunteer", "setting_changed", key="speech_rate", value=130)
    log.recent(20)  # newest first
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.paths import Paths

log = logging.getLogger(__name__)

WHO = ("volunteer", "learner", "system")
WHO_WORDS = {"volunteer": N_("Volunteer"), "learner": N_("Learner"), "system": N_("Kiosk")}

# Event code -> the sentence a volunteer reads; ``{...}`` names come from the detail.
EVENTS = {
    "pin_set": N_("The volunteer PIN was set."),
    "pin_changed": N_("The volunteer PIN was changed."),
    "pin_reset": N_("A technician set a new volunteer PIN from a terminal."),
    "pin_wrong": N_("A wrong PIN was entered (wrong try {failures} in a row)."),
    "pin_locked": N_("The PIN pad was locked for {minutes} minutes after {failures} wrong tries."),
    "volunteer_opened": N_("The volunteer area was opened."),
    "course_imported": N_("The course “{course}” was imported."),
    "course_removed": N_("The course “{course}” was removed."),
    "learner_added": N_("The learner {number} was added."),
    "learner_changed": N_("The details of learner {number} were changed."),
    "roster_imported": N_("A roster was imported ({file}): {added} new, {updated} updated."),
    "setting_changed": N_("The setting “{key}” was changed to {value}."),
    "kiosk_exited": N_("The kiosk was closed from the volunteer area."),
    "kiosk_stopped": N_("The kiosk was stopped by the computer ({signal})."),
}
UNKNOWN_EVENT = N_("Event “{what}”: {detail}")
ROW = N_("{time}  {who}: {sentence}")


@dataclass(frozen=True)
class AuditRecord:
    time: float
    who: str
    what: str
    detail: dict[str, Any] = field(default_factory=dict)

    def sentence(self) -> str:
        """What happened, in the kiosk's current language."""
        template = EVENTS.get(self.what)
        if template is not None:
            try:
                return _(template).format(**self.detail)
            except (KeyError, IndexError, ValueError):
                pass  # an older or damaged record: fall back to the plain form below
        detail = ", ".join(f"{k}={v}" for k, v in self.detail.items())
        return _(UNKNOWN_EVENT).format(what=self.what, detail=detail)

    def row(self) -> str:
        """Time, who and the sentence, as one line of the audit screen."""
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.time))
        who = _(WHO_WORDS.get(self.who, self.who))
        return _(ROW).format(time=stamp, who=who, sentence=self.sentence())


def _stamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def _parse(line: str) -> AuditRecord | None:
    try:
        data = json.loads(line)
        when = datetime.fromisoformat(data["time"]).timestamp()
        who, what, detail = data["who"], data["what"], data.get("detail", {})
    except (ValueError, KeyError, TypeError):
        return None
    if not (isinstance(who, str) and isinstance(what, str) and isinstance(detail, dict)):
        return None
    return AuditRecord(when, who, what, detail)


class AuditLog:
    """Appends to and reads the audit log of one data home."""

    def __init__(self, paths: Paths, clock: Callable[[], float] = time.time) -> None:
        self.path = paths.audit_log
        self.clock = clock
        self.problem: str | None = None
        # One append at a time from this process: the kiosk records from worker threads too.
        self._lock = threading.Lock()

    def record(self, who: str, what: str, /, *, at: float | None = None,
               **detail: Any) -> bool:
        """Append one record; True when it reached the disk. Never raises."""
        if who not in WHO:
            log.warning("audit record with unknown who %r for %r", who, what)
        line = json.dumps({"time": _stamp(self.clock() if at is None else at), "who": who,
                           "what": what, "detail": detail}, ensure_ascii=False, default=str)
        try:
            with self._lock:
                self._append((line + "\n").encode("utf-8"))
        except Exception as exc:  # noqa: BLE001 - a log must never break what it logs
            self.problem = f"{type(exc).__name__}: {exc}"
            log.error("the audit log %s could not be written (%s); lost record: %s",
                      self.path, self.problem, line)
            return False
        self.problem = None
        return True

    def _append(self, data: bytes) -> None:
        created = not self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.fchmod(fd, 0o600)
            size = os.fstat(fd).st_size
            # A line cut short by an earlier full disk must not swallow this record.
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data
            try:
                written = 0
                while written < len(data):
                    written += os.write(fd, data[written:])
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size)  # leave no half record behind
                raise
        finally:
            os.close(fd)
        if created:
            _fsync_dir(self.path.parent)

    def records(self) -> list[AuditRecord]:
        """Every readable record, oldest first; damaged lines are skipped."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        except OSError as exc:
            self.problem = f"{type(exc).__name__}: {exc}"
            log.error("the audit log %s could not be read (%s)", self.path, self.problem)
            return []
        return [r for r in (_parse(line) for line in text.splitlines() if line.strip())
                if r is not None]

    def recent(self, n: int = 20, skip: int = 0) -> list[AuditRecord]:
        """Up to ``n`` records, newest first, after skipping the ``skip`` newest."""
        newest_first = self.records()[::-1]
        return newest_first[skip:skip + n]


def _fsync_dir(folder: os.PathLike[str]) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def record_from_terminal(paths: Paths, what: str, **detail: Any) -> bool:
    """A change made with the ``seniorlearn`` command goes into the log like one made on
    screen (a technician at a terminal counts as a volunteer)."""
    return AuditLog(paths).record("volunteer", what, via="terminal", **detail)
