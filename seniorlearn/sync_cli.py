"""``seniorlearn sync``, ``sync status`` and ``export --to DIR``.

``sync`` exits 0 when nothing is left pending, 2 with a sentence otherwise. ``export`` writes
the pending statements as xAPI JSON lines with a manifest (counts, sha256) for a study point
with no network; they stay pending until an LRS acknowledges them (same ids: harmless).
"""

from __future__ import annotations

import argparse
import datetime
import json
import signal
import sys
from pathlib import Path
from typing import Any

from seniorlearn.core.i18n import N_, _

ALL_SENT = N_("Everything is sent: {sent} records now, none left waiting.")
LEFT = N_("{sent} records sent now; {pending} are still waiting. {problem}")
PARKED_LEFT = N_("{parked} records were refused by the Learning Record Store and are kept for "
                 "a volunteer to look at (seniorlearn sync status).")
STATUS = N_("Waiting to be sent: {pending}. Sent: {sent}. Refused and kept: {parked}.")
LAST_SUCCESS = N_("Last sent in full: {when}.")
NEVER = N_("Nothing has been sent in full yet.")
LAST_ERROR = N_("Last problem: {problem}")
EXPORTED = N_("{count} records written to {folder} (statements.jsonl and manifest.json). They "
              "stay waiting here until the Learning Record Store has them.")
EXPORT_FAILED = N_("The export could not be written to {folder}: {cause} Nothing was changed "
                   "on the kiosk.")
RESENT = N_("{requeued} refused records are waiting to be sent again; {already} were already "
            "at the Learning Record Store and count as sent.")
KEPT_CONFLICT = N_("Record {id} stays kept here: the Learning Record Store already holds a "
                   "different record with this id, and sending it again cannot change that. "
                   "Please give this id to the county's technician, who can tell which record "
                   "is right. What the Learning Record Store holds: {stored}")
RESEND_WHICH = N_("Say which record to send again (its id, from seniorlearn sync status) or "
                  "--all.")
STOPPED = N_("Sending was stopped (the kiosk is shutting down): {sent} records are at the "
             "Learning Record Store, {pending} wait here and are sent next time.")
NO_DATABASE = N_("The study records cannot be opened: {cause}")


class Terminated(BaseException):
    """SIGTERM arrived: leave the request in flight (a resend of it is harmless: same ids)."""


def _on_sigterm(_signum: int, _frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the clean-up
    raise Terminated


def add_sync_commands(subparsers: Any) -> None:
    sync = subparsers.add_parser("sync", help="send study records to the county's LRS")
    actions = sync.add_subparsers(dest="sync_action")
    status = actions.add_parser("status", help="what is waiting, sent and refused")
    status.add_argument("--json", action="store_true")
    resend = actions.add_parser("resend", help="send refused (kept) records again")
    resend.add_argument("ids", nargs="*", metavar="ID")
    resend.add_argument("--all", action="store_true", dest="every")
    export = subparsers.add_parser("export", help="write waiting records to a folder (USB)")
    export.add_argument("--to", required=True, type=Path, dest="folder")


def main(args: argparse.Namespace) -> int:
    from seniorlearn.core.config import Config
    from seniorlearn.core.i18n import set_language
    from seniorlearn.core.paths import Paths
    from seniorlearn.core.storage.writer import DatabaseWriter
    from seniorlearn.core.sync.setup import sync_service

    paths = Paths.from_env()
    config = Config(paths.config_file)
    set_language(config.get("language"))
    try:
        writer = DatabaseWriter(paths.database)
    except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
        print(_(NO_DATABASE).format(cause=exc), file=sys.stderr)
        return 2
    try:
        service = sync_service(writer, config, paths)
        if args.command == "export":
            return _export(service, args.folder)
        if getattr(args, "sync_action", None) == "status":
            return _status(service, args.json)
        signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            if getattr(args, "sync_action", None) == "resend":
                return _resend(service, args.ids, args.every)
            return _sync(service)
        except Terminated:
            counts = service.counts()
            print(_(STOPPED).format(sent=counts["sent"], pending=counts["pending"]),
                  file=sys.stderr)
            return 3
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    finally:
        writer.close()


def _sync(service) -> int:
    report = service.sync_once()
    if report.pending == 0 and report.problem is None:
        print(_(ALL_SENT).format(sent=report.sent))
        code = 0
    else:
        print(_(LEFT).format(sent=report.sent, pending=report.pending,
                             problem=report.problem or ""), file=sys.stderr)
        code = 2
    if report.parked:
        print(_(PARKED_LEFT).format(parked=report.parked), file=sys.stderr)
    return code


def _resend(service, ids: list[str], every: bool) -> int:
    if bool(ids) == every:
        print(_(RESEND_WHICH), file=sys.stderr)
        return 2
    report = service.resend(None if every else ids)
    if report.problem:
        print(report.problem, file=sys.stderr)
        return 2
    print(_(RESENT).format(requeued=report.requeued, already=report.already))
    for sid, stored in report.conflicts:
        print(_(KEPT_CONFLICT).format(id=sid, stored=stored), file=sys.stderr)
    code = _sync(service) if report.requeued else 0
    return code or (2 if report.conflicts else 0)


def _status(service, as_json: bool) -> int:
    status = service.status()
    if as_json:
        parked = [{"id": sid, "verb": verb, "reason": reason}
                  for sid, verb, reason in service.parked()]
        when = status["last_success"]
        status["last_success"] = (datetime.datetime.fromtimestamp(float(when)).astimezone()
                                  .isoformat(timespec="seconds") if when else None)
        status["last_success_words"] = _(LAST_SUCCESS).format(when=_ago(float(when))) \
            if when else _(NEVER)
        print(json.dumps({**status, "parked_records": parked}, ensure_ascii=False, indent=2))
        return 0
    print(_(STATUS).format(**status))
    when = status["last_success"]
    print(_(LAST_SUCCESS).format(when=_ago(float(when))) if when else _(NEVER))
    if status["last_error"]:
        print(_(LAST_ERROR).format(problem=status["last_error"]))
    for sid, verb, reason in service.parked():
        print(f"  {sid} {verb}: {reason}")
    return 0


def _ago(at: float) -> str:
    return datetime.datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M")


def _export(service, folder: Path) -> int:
    from seniorlearn.core.sync.export import export_pending

    try:
        done = export_pending(service, folder)
    except OSError as exc:
        print(_(EXPORT_FAILED).format(folder=folder, cause=exc.strerror or exc), file=sys.stderr)
        return 2
    print(_(EXPORTED).format(count=done.count, folder=done.folder))
    return 0
