"""Learner files on a volunteer's USB stick: the rosters found there, importing one, and
saving a card PDF onto it without ever leaving half a file.

Rosters are looked for where course packs are: directly in a folder named SENIORLEARN on
the stick (not its top level, nor deeper), so a volunteer learns one place for everything.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from seniorlearn.core.courses.discovery import usb_folders
from seniorlearn.core.courses.stick import STICK_REMOVED, stick_removed
from seniorlearn.core.i18n import N_, _
from seniorlearn.core.roster import RosterError
from seniorlearn.core.services.learners import LearnerService, RosterImport

ROSTER_SUFFIXES = (".csv", ".xlsx")
MOUNT_ROOTS = (Path("/media"), Path("/run/media"))
CANNOT_SAVE = N_("The file {path} cannot be written. Check the folder or USB stick and try "
                 "again.")


class SaveError(Exception):
    """A file could not be saved; the message is a sentence for the volunteer."""


def find_rosters(mount_roots: Sequence[Path] = MOUNT_ROOTS) -> list[Path]:
    """The .csv and .xlsx files directly in each stick's SENIORLEARN folder."""
    found = []
    for folder in usb_folders(mount_roots):
        with contextlib.suppress(OSError):
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                # "._x.csv" (a Mac's shadow file) and "~$x.xlsx" (an open Excel file) are
                # not rosters, though their names end like one.
                if (entry.name.lower().endswith(ROSTER_SUFFIXES)
                        and not entry.name.startswith((".", "~"))
                        and entry.is_file(follow_symlinks=False)):
                    found.append(Path(entry.path))
    return found


def import_roster_from_stick(service: LearnerService, path: Path) -> RosterImport:
    """``service.import_roster``, where a file that went away says the stick was removed
    (the database is unchanged either way: nothing is written before the whole file is read)."""
    try:
        return service.import_roster(path)
    except (RosterError, OSError) as exc:
        if stick_removed(path):
            raise RosterError(_(STICK_REMOVED)) from exc
        if isinstance(exc, RosterError):
            raise
        raise RosterError(_("The file {name} cannot be opened.").format(name=path.name)) from exc


def save_copy(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` through a scratch file, fsync, then rename: a full or
    read-only stick raises SaveError and leaves no partial file under the target's name."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        with source.open("rb") as data, partial.open("wb") as copy:
            shutil.copyfileobj(data, copy)
            copy.flush()
            os.fsync(copy.fileno())
        partial.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):  # a read-only stick refuses even this
            partial.unlink(missing_ok=True)
        raise SaveError(_(CANNOT_SAVE).format(path=target)) from exc


def stick_folder(mount_roots: Sequence[Path] = MOUNT_ROOTS) -> Path | None:
    """The first stick's SENIORLEARN folder, where cards are saved; None: no stick."""
    folders = usb_folders(mount_roots)
    return folders[0] if folders else None
