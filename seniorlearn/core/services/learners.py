"""Learners, in the words a screen or a command uses: add, change, find, import a roster."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlite_utils

from seniorlearn.core.i18n import _
from seniorlearn.core.models import Learner
from seniorlearn.core.roster import Roster, read_roster
from seniorlearn.core.storage import learners as table
from seniorlearn.core.storage.writer import DatabaseWriter


class LearnerError(Exception):
    """A learner cannot be added or changed; the message is a sentence for the volunteer."""


@dataclass
class RosterImport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, sentence)

    @property
    def imported(self) -> bool:
        return not self.problems


class LearnerService:
    def __init__(self, writer: DatabaseWriter) -> None:
        self._writer = writer

    def add(self, learner: Learner) -> None:
        """Add a new learner; a number already in use is refused with a sentence."""
        def job(db: sqlite_utils.Database) -> None:
            if table.get(db, learner.number) is not None:
                raise LearnerError(_("The learner number {number} is already in use.")
                                   .format(number=learner.number))
            table.insert(db, [learner])
        self._writer.write(job)

    def change(self, learner: Learner) -> None:
        def job(db: sqlite_utils.Database) -> None:
            if not table.update(db, learner):
                raise LearnerError(_("There is no learner with the number {number}.")
                                   .format(number=learner.number))
        self._writer.write(job)

    def get(self, number: str) -> Learner | None:
        with _closing(self._writer.reader()) as db:
            return table.get(db, number.strip())

    def find(self, text: str, limit: int = 50) -> list[Learner]:
        with _closing(self._writer.reader()) as db:
            return table.find(db, text, limit)

    def every(self) -> list[Learner]:
        with _closing(self._writer.reader()) as db:
            return table.every(db)

    def import_roster(self, path: Path) -> RosterImport:
        """All of the file's learners, or none: every bad row is reported by its line.

        A number already here with the same name is an update (a county sends a new roster
        each year); with another name it is a problem, since two people would share a card.
        """
        roster = read_roster(path)  # RosterError: not a roster at all
        return self._writer.write(lambda db: _import(db, roster))


def _import(db: sqlite_utils.Database, roster: Roster) -> RosterImport:
    result = RosterImport(problems=list(roster.problems))
    new, changed = [], []
    for line, learner in roster.learners:
        known = table.get(db, learner.number)
        if known is None:
            new.append(learner)
        elif known.name != learner.name:
            result.problems.append((line, _(
                "The learner number {number} already belongs to {name}.").format(
                number=learner.number, name=known.name)))
        elif (merged := _kept_details(known, learner)) != known:
            changed.append(merged)
        else:
            result.unchanged += 1
    if result.problems:
        result.problems.sort()
        result.unchanged = 0
        return result
    table.insert(db, new)
    for learner in changed:
        table.update(db, learner)
    result.added, result.updated = len(new), len(changed)
    return result


def _kept_details(known: Learner, roster: Learner) -> Learner:
    """The roster's details, keeping what a volunteer typed where the roster has a blank."""
    kept = {name: getattr(known, name) for name in ("call_name", "birth_year", "phone",
                                                   "study_point") if not getattr(roster, name)}
    return replace(roster, **kept)


class _closing:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def __enter__(self) -> sqlite_utils.Database:
        return self.db

    def __exit__(self, *exc: object) -> None:
        self.db.conn.close()
