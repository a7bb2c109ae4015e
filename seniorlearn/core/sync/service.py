"""Send the outbox to the LRS: batches, the outcomes the issue lists, and what a volunteer
reads about it. Runs on a worker thread (never the UI thread); every change of a statement's
state goes through the one database writer.

- 200/204: the batch is sent.
- 409: some id is there already (Ralph refuses the whole batch). Each is looked up: the same
  content means an earlier answer was lost, so it is sent; different content is a real
  conflict, parked with the LRS's answer for the volunteer, never sent again blindly. The rest
  is sent again.
- 400: the batch is split to find the statement the LRS refuses; that one is parked with its
  error, the rest are sent.
- 401/403: stop, and tell the volunteer to check the user and password.
- 5xx, timeouts, resets: stop, and try again later (the schedule says when).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

import httpx
import sqlite_utils

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.storage import outbox, study
from seniorlearn.core.storage.writer import DatabaseWriter
from seniorlearn.core.sync.client import CA_UNREADABLE, UNTRUSTED, Answer, Kind, LrsClient
from seniorlearn.core.sync.statements import Origin, same_statement, statement
from seniorlearn.core.tasks import CancelToken

log = logging.getLogger(__name__)
T = TypeVar("T")
BATCH = 200
MAX_BYTES = 2_000_000
NOT_SET_UP = N_("Sending is not set up: set lrs.endpoint, lrs.username and lrs.password "
                "(seniorlearn config set …).")
WRONG_LOGIN = N_("The Learning Record Store refused the user name or password. Please check "
                 "lrs.username and lrs.password.")
UNREACHABLE = N_("The Learning Record Store cannot be reached just now ({detail}); the records "
                 "are kept and sent later by themselves.")
NOT_TRUSTED = N_("The Learning Record Store's certificate is not trusted, so nothing was sent. "
                 "Ask the county for its certificate file and set lrs.ca_file (seniorlearn "
                 "config set lrs.ca_file FILE); the records are kept.")
CA_FILE_UNUSABLE = N_("The county's certificate file {file} (lrs.ca_file) cannot be read or is "
                      "not a certificate, so nothing was sent. Copy the county's file there "
                      "again, or set lrs.ca_file to where it is; the records are kept.")
PARKED = N_("The Learning Record Store refused this record: {detail}")
NO_SUCH_PARKED = N_("No refused record has the id {id} (seniorlearn sync status lists them).")
CONFLICT = N_("The Learning Record Store already holds a different record with this id: "
              "{detail}")


def ca_file_words(answer: Answer) -> str:
    """The sentence for an answer that the county's CA file cannot be used."""
    return _(CA_FILE_UNUSABLE).format(file=answer.detail.removeprefix(f"{CA_UNREADABLE}: "))


class StopSending(Exception):
    """Sending stopped for now; the message is a sentence for the volunteer."""


@dataclass
class Batch:
    bodies: list[dict] = field(default_factory=list)
    encoded: list[bytes] = field(default_factory=list)
    size: int = 0

    def add(self, body: dict, data: bytes) -> None:
        self.bodies.append(body)
        self.encoded.append(data)
        self.size += len(data) + 1


@dataclass
class SyncReport:
    sent: int = 0
    parked: int = 0
    pending: int = 0
    problem: str | None = None
    auth_failed: bool = False
    batches: int = field(default=0)
    # "sent" commits handed to the writer and not yet waited for (this run's only)
    marks: list[Future[None]] = field(default_factory=list, repr=False)


@dataclass
class ResendReport:
    requeued: int = 0      # back to waiting, sent by the sync that follows
    already: int = 0       # the LRS holds the same record: sent
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (id, the LRS's record)
    problem: str | None = None


class SyncService:
    def __init__(self, writer: DatabaseWriter, origin: Origin,
                 client: Callable[[], LrsClient | None], clock: Callable[[], float] = time.time,
                 batch: int = BATCH, max_bytes: int = MAX_BYTES) -> None:
        self._writer, self.origin, self.client, self._clock = writer, origin, client, clock
        self.batch, self.max_bytes = batch, max_bytes

    # ------------------------------------------------------------ sending

    def sync_once(self, cancel: CancelToken | None = None) -> SyncReport:
        """Send everything pending (or until the LRS or the network says stop)."""
        report = SyncReport()
        client = self.client()
        if client is None:
            report.problem = _(NOT_SET_UP)
            report.pending = self.counts()["pending"]
            return report
        try:
            # The next page (a few batches) is read and encoded while this one is on the
            # network: the LRS's answer is most of the time, and waiting for it frees the GIL.
            with ThreadPoolExecutor(1, thread_name_prefix="sync-prepare") as prepare:
                upcoming = prepare.submit(self._page, 0)
                while not (cancel is not None and cancel.cancelled):
                    last_rowid, batches = upcoming.result()
                    if not batches:
                        break
                    upcoming = prepare.submit(self._page, last_rowid)
                    for batch in batches:
                        if cancel is not None and cancel.cancelled:
                            break
                        self._send(client, batch, report)
                        report.batches += 1
            if not (cancel is not None and cancel.cancelled):  # stopped early: not everything
                self._note("last_success", str(self._clock()))
                self._note("last_error", "")
        except StopSending as stop:
            report.problem = str(stop)
            self._note("last_error", str(stop))
        finally:
            client.close()
            _settle(report.marks)
            report.pending = self.counts()["pending"]
        return report

    def _mark_sent(self, ids: list[str], report: SyncReport) -> None:
        """Hand "sent" to the writer without waiting for its commit: the next batch goes on
        the network meanwhile. A crash before the commit only means a resend with the same
        ids, which the LRS answers 409 with the same content: sent then."""
        waiting: list[Future[None]] = []
        for mark in report.marks:
            if mark.done():
                mark.result()  # a commit that failed stops the sync here
            else:
                waiting.append(mark)
        waiting.append(self._writer.submit(partial(outbox.mark_sent, ids=ids,
                                                   now=self._clock())))
        report.marks = waiting

    def _page(self, after: int) -> tuple[int, list[Batch]]:
        """The pending statements after ``after`` (rowid), as batches ready to post."""
        rows = self._read(partial(_pending, limit=self.batch * 5, after=after))
        return (rows[-1][0], self._batches(rows)) if rows else (after, [])

    def _batches(self, rows: list[tuple[int, str, str, str]]) -> list[Batch]:
        """At most ``batch`` statements and ``max_bytes`` of JSON each; each statement is
        encoded once, here."""
        records = self._read(partial(study.by_ids, ids=sorted({r[2] for r in rows})))
        batches: list[Batch] = [Batch()]
        for _rowid, statement_id, record_id, verb in rows:
            body = statement(statement_id, verb, records[record_id], self.origin)
            data = json.dumps(body, ensure_ascii=False).encode()
            last = batches[-1]
            if last.bodies and (len(last.bodies) >= self.batch
                                or last.size + len(data) > self.max_bytes):
                batches.append(last := Batch())
            last.add(body, data)
        return [batch for batch in batches if batch.bodies]

    def _send(self, client: LrsClient, batch: Batch | list[dict], report: SyncReport) -> None:
        if isinstance(batch, Batch):
            answer = client.post(batch.bodies, batch.encoded)
            batch = batch.bodies
        else:
            answer = client.post(batch)
        ids = [body["id"] for body in batch]
        if answer.kind is Kind.SENT:
            self._mark_sent(ids, report)
            report.sent += len(ids)
        elif answer.kind is Kind.CONFLICT:
            self._settle_conflict(client, batch, report)
        elif answer.kind is Kind.BAD:
            if len(batch) == 1:
                reason = _(PARKED).format(detail=answer.detail)
                self._write(lambda db: outbox.park(db, ids[0], reason))
                report.parked += 1
                log.warning("statement %s parked: HTTP %s %s", ids[0], answer.status,
                            answer.detail[:200])
            else:
                half = len(batch) // 2
                self._send(client, batch[:half], report)
                self._send(client, batch[half:], report)
        elif answer.kind is Kind.AUTH:
            report.auth_failed = True
            raise StopSending(_(WRONG_LOGIN))
        else:
            self._write(lambda db: outbox.count_attempt(db, ids))
            log.info("LRS not reached: HTTP %s %s", answer.status, answer.detail[:200])
            if answer.detail == UNTRUSTED:
                raise StopSending(_(NOT_TRUSTED))
            if answer.detail.startswith(CA_UNREADABLE):
                raise StopSending(ca_file_words(answer))
            raise StopSending(_(UNREACHABLE).format(detail=_what(answer)))

    def _settle_conflict(self, client: LrsClient, batch: list[dict],
                         report: SyncReport) -> None:
        rest: list[dict] = []
        try:
            for body in batch:
                stored = client.get(body["id"])
                if stored is None:
                    rest.append(body)
                elif same_statement(body, stored):  # an earlier answer was lost
                    self._write(partial(outbox.mark_sent, ids=[body["id"]], now=self._clock()))
                    report.sent += 1
                else:
                    reason = _(CONFLICT).format(detail=json.dumps(stored, ensure_ascii=False)
                                                [:1000])
                    self._write(partial(outbox.park, statement=body["id"], reason=reason))
                    report.parked += 1
        except httpx.HTTPError as exc:
            raise StopSending(_(UNREACHABLE).format(detail=type(exc).__name__)) from None
        if rest and len(rest) < len(batch):
            self._send(client, rest, report)
        elif rest:  # 409 and none of them there: the LRS contradicts itself; try one by one
            for body in rest:
                if client.post([body]).kind is Kind.SENT:
                    self._write(partial(outbox.mark_sent, ids=[body["id"]], now=self._clock()))
                    report.sent += 1
                else:
                    raise StopSending(_(UNREACHABLE).format(detail="409"))

    def resend(self, ids: list[str] | None = None) -> ResendReport:
        """Parked records (``ids``, or all) back to waiting, after a look at what the LRS
        holds under each id: a different record there is a conflict that no resend can
        mend (it stays parked, with that record); the same one means it is sent."""
        report = ResendReport()
        parked = {sid for sid, _verb, _reason in self._read(
            partial(outbox.parked, limit=1_000_000))}
        wanted = sorted(parked) if ids is None else ids
        unknown = [sid for sid in wanted if sid not in parked]
        if unknown:
            report.problem = _(NO_SUCH_PARKED).format(id=unknown[0])
            return report
        client = self.client()
        if client is None:
            report.problem = _(NOT_SET_UP)
            return report
        try:
            self._sort_parked(client, wanted, report)
        except httpx.HTTPStatusError as exc:
            report.problem = (_(WRONG_LOGIN) if exc.response.status_code in (401, 403)
                              else _(UNREACHABLE).format(detail=_network_error(exc)))
        except httpx.HTTPError as exc:
            report.problem = _(UNREACHABLE).format(detail=_network_error(exc))
        finally:
            client.close()
        return report

    def _sort_parked(self, client: LrsClient, ids: list[str], report: ResendReport) -> None:
        bodies = {body["id"]: body for body in self._bodies(ids)}
        again: list[str] = []
        for sid in ids:
            stored = client.get(sid)
            if stored is None:
                again.append(sid)
            elif same_statement(bodies[sid], stored):
                self._write(partial(outbox.mark_sent, ids=[sid], now=self._clock()))
                report.already += 1
            else:
                stored_text = json.dumps(stored, ensure_ascii=False)[:1000]
                self._write(partial(outbox.park, statement=sid,
                                    reason=_(CONFLICT).format(detail=stored_text)))
                report.conflicts.append((sid, stored_text))
        report.requeued = self._write_result(partial(outbox.requeue, ids=again))

    def _bodies(self, ids: list[str]) -> list[dict]:
        rows = self._read(lambda db: [tuple(r) for r in db.execute(
            "SELECT rowid, id, record_id, verb FROM outbox WHERE id IN (SELECT value FROM"
            " json_each(?))", (json.dumps(ids),))])
        records = self._read(partial(study.by_ids, ids=sorted({r[2] for r in rows})))
        return [statement(sid, verb, records[rid], self.origin) for _r, sid, rid, verb in rows]

    def probe(self) -> Answer | None:
        """A cheap look at the LRS (reached? our user taken?); None when not set up."""
        client = self.client()
        if client is None:
            return None
        try:
            return client.probe()
        finally:
            client.close()

    # ------------------------------------------------------------ reading

    def counts(self) -> dict[str, int]:
        return self._read(outbox.counts)

    def status(self) -> dict[str, object]:
        counts = self.counts()
        notes = self._read(lambda db: (outbox.get_state(db, "last_success"),
                                       outbox.get_state(db, "last_error")))
        success = float(notes[0]) if notes[0] else None
        return {**counts, "last_success": success, "last_error": notes[1] or None}

    def parked(self) -> list[tuple[str, str, str]]:
        return self._read(outbox.parked)

    def pending_statements(self) -> list[dict]:
        """Every pending statement's body, oldest first (for the USB export)."""
        bodies: list[dict] = []
        after = 0
        while True:
            rows = self._read(partial(_pending, limit=5000, after=after))
            if not rows:
                return bodies
            after = rows[-1][0]
            records = self._read(partial(study.by_ids, ids=sorted({r[2] for r in rows})))
            bodies += [statement(sid, verb, records[rid], self.origin)
                       for _r, sid, rid, verb in rows]

    # ------------------------------------------------------------ plumbing

    def _read(self, job: Callable[[sqlite_utils.Database], T]) -> T:
        reader = self._writer.reader()
        try:
            return job(reader)
        finally:
            reader.conn.close()

    def _write(self, job: Callable[[sqlite_utils.Database], object]) -> None:
        self._writer.write(job)

    def _write_result(self, job: Callable[[sqlite_utils.Database], T]) -> T:
        return self._writer.write(job)

    def _note(self, key: str, value: str) -> None:
        self._write(lambda db: outbox.set_state(db, key, value))


def _pending(db: sqlite_utils.Database, limit: int, after: int
             ) -> list[tuple[int, str, str, str]]:
    return outbox.pending(db, limit, after)


def _settle(marks: list[Future[None]]) -> None:
    """Every "sent" committed before a count or a report is given out."""
    while marks:
        marks.pop(0).result(timeout=60)


def _network_error(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    return _("no answer over the network")


def _what(answer: Answer) -> str:
    """In the sentence: the LRS's status, or plain words for the network (the technical
    cause goes to the log)."""
    if answer.status is not None:
        return f"HTTP {answer.status}"
    return _("no answer over the network")
