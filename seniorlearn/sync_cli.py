"""``seniorlearn sync``, ``sync status`` and ``export --to DIR``.

``sync`` exits 0 when nothing is left pending, 2 with a sentence otherwise. ``export`` writes
the pending statements as xAPI JSON lines with a manifest (counts, sha256) for a study point
with no network; they stay pending until an LRS acknowledges them (same ids: harmless).
"""

from __future__ import annotations

import argparse
import datetime
import json
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
NO_DATABASE = N_("The study records cannot be opened: {cause}")


def add_sync_commands(subparsers: Any) -> None:
    sync = subparsers.add_parser("sync", help="send study records to the county's LRS")
    actions = sync.add_subparsers(dest="sync_action")
    status = actions.add_parser("status", help="what is waiting, sent and refused")
    status.add_argument("--json", action="store_true")
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
        return _sync(service)
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
