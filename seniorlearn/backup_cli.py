"""``seniorlearn backup``: make today's backup of the database now (the kiosk also makes one
a day by itself). Exit status 0 when today's backup is there, 2 with a sentence when not."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from seniorlearn.core.i18n import N_, _

MADE = N_("Backup made: {path}. The newest {keep} backups are kept.")
ALREADY = N_("Today's backup is already there: {path}.")
REMOVED = N_("Older backups removed: {names}.")
CANCELLED = N_("The backup was stopped; nothing was changed.")
UNEXPECTED = N_("The command failed unexpectedly ({cause}); run “seniorlearn doctor” and tell "
                "the support team.")


def add_backup_command(subparsers: Any) -> None:
    subparsers.add_parser("backup", help="make today's backup of the database now "
                                         "(at most one a day, the newest seven kept)")


def main(_args: argparse.Namespace) -> int:
    from seniorlearn.core.config import Config
    from seniorlearn.core.i18n import set_language
    from seniorlearn.core.paths import Paths
    from seniorlearn.core.storage.backup import KEEP, BackupError, make_backup

    paths = Paths.from_env()
    try:
        set_language(Config(paths.config_file).get("language"))
        result = make_backup(paths.database, paths.backups)
    except BackupError as exc:
        _say(str(exc))
        return 2
    except KeyboardInterrupt:
        _say(_(CANCELLED))
        return 130
    except Exception as exc:  # a person must never see a traceback
        _say(_(UNEXPECTED).format(cause=f"{type(exc).__name__}: {exc}"))
        return 1
    print(_(MADE if result.made else ALREADY).format(path=result.path, keep=KEEP))
    if result.removed:
        print(_(REMOVED).format(names=", ".join(path.name for path in result.removed)))
    return 0


def _say(sentence: str) -> None:
    print(sentence, file=sys.stderr, flush=True)
