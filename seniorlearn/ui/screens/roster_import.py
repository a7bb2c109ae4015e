"""Behind the PIN: import a county's roster from a USB stick.

The .csv and .xlsx files directly in the stick's SENIORLEARN folder are listed (the same
folder as course packs); tapping "Import" beside one imports it off the UI thread. The
answer is one sentence with the counts, or, for a file with bad rows, "nothing was
imported" and the first problems by line. A stick pulled out says so; the database is
unchanged then, as it is for any file with a problem.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.services.learners import RosterImport
from seniorlearn.ui.screens.base import UiContext, register
from seniorlearn.ui.screens.course_admin import Row, VolunteerScreen
from seniorlearn.ui.screens.learners import NO_DATABASE, StickUser
from seniorlearn.ui.widgets.common import BigButton
from seniorlearn.ui.widgets.paged import PagedList

NO_ROSTERS = N_("No roster files were found. Put the roster (.csv or .xlsx) in a folder named "
                "SENIORLEARN on the USB stick, plug it in, then tap “Look again”.")
FOUND = N_("Roster files found on the USB stick: tap “Import” beside one.")
IMPORTING = N_("Importing “{name}”…")
IMPORTED = N_("Roster imported: {added} new, {updated} updated, {unchanged} already up to "
              "date.")
NOT_IMPORTED = N_("Nothing was imported: {count} rows need fixing. Correct them in the file "
                  "and import it again.")
ROW_PROBLEM = N_("Line {line}: {problem}")
MORE_PROBLEMS = N_("…and {count} more.")
PROBLEMS_SHOWN = 3


def outcome(result: RosterImport, shown: int = PROBLEMS_SHOWN) -> str:
    """The sentence for an import: the counts, or the first ``shown`` problems by line."""
    if result.imported:
        return _(IMPORTED).format(added=result.added, updated=result.updated,
                                  unchanged=result.unchanged)
    lines = len({line for line, _problem in result.problems})
    parts = [_(NOT_IMPORTED).format(count=lines)]
    parts += [_(ROW_PROBLEM).format(line=line, problem=problem)
              for line, problem in result.problems[:shown]]
    if len(result.problems) > shown:
        parts.append(_(MORE_PROBLEMS).format(count=len(result.problems) - shown))
    return "\n".join(parts)


@register
class RosterImportScreen(StickUser, VolunteerScreen):
    name = "roster_import"
    title_msgid = N_("Import a roster from the USB stick")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.message.setObjectName("RosterMessage")
        self.list = PagedList(per_page=4)  # fewer when they do not fit (see PagedList.fit)
        self.column.addWidget(self.list, 1)
        self.look_again = BigButton(N_("Look again"), icon="forward", kind="primary")
        self.look_again.clicked.connect(self.scan)
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(lambda: self.ctx.go("learners"))
        self.put_beside_title(self.look_again, self.back)
        self.busy = False

    def enter(self, **kwargs: object) -> None:
        self.scan()

    def reset(self) -> None:
        self.list.set_rows([])
        self.message.set_message("")

    def scan(self) -> None:
        from seniorlearn.core.learner_files import find_rosters

        if self.ctx.learners is None:
            self.list.set_rows([])
            self.message.set_message(NO_DATABASE)
            self.look_again.setEnabled(False)
            return
        roots = self.roots()
        self.ctx.run_task(lambda: find_rosters(roots), self._found)

    def _found(self, result: object) -> None:
        if isinstance(result, Exception):
            self.list.set_rows([])
            self.failed(result)
            return
        assert isinstance(result, list)
        self.message.set_message(FOUND if result else NO_ROSTERS)
        self.list.set_rows([self._row(path) for path in result])
        self.list.fit(self.fits)

    def refit(self) -> None:
        self.list.fit(self.fits)

    def _row(self, path: Path) -> Callable[[], Row]:
        def make() -> Row:
            button = BigButton(N_("Import"), icon="plus", kind="primary")
            button.setObjectName(f"import_{path.name}")
            button.clicked.connect(lambda: self.start_import(path))
            return Row(path.name, [button])

        return make

    def start_import(self, path: Path) -> None:
        from seniorlearn.core.learner_files import import_roster_from_stick

        service = self.ctx.learners
        if service is None or self.busy:
            return  # a second tap while the first import runs does nothing
        self._set_busy(True)
        self.say_message(IMPORTING, name=path.name)
        self.ctx.run_task(lambda: import_roster_from_stick(service, path),
                          lambda result: self._imported(result, path), writes=True)

    def _imported(self, result: object, path: Path) -> None:
        from seniorlearn.core.courses import STICK_REMOVED
        from seniorlearn.core.roster import RosterError

        self._set_busy(False)
        if isinstance(result, RosterImport):
            if result.imported:
                self.ctx.pins.audit.record("volunteer", "roster_imported", at=self.ctx.clock(),
                                           file=path.name, added=result.added,
                                           updated=result.updated)
            self._say_outcome(result)
        elif isinstance(result, RosterError):
            if str(result) == _(STICK_REMOVED):
                self.list.set_rows([])  # those rows were the stick's: gone with it
            self.say_plain(str(result))
        else:
            self.failed(result)
        self.list.fit(self.fits)

    def _say_outcome(self, result: RosterImport) -> None:
        """As many of the problems as fit the screen (all three on a large one); the
        voice reads what is shown."""
        for shown in range(PROBLEMS_SHOWN, 0, -1):
            self.message.set_plain(outcome(result, shown))
            self.list.fit(self.fits)
            if self.fits():
                break
        self.say_plain(self.message.plain_text())

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.list.setEnabled(not busy)
        self.look_again.setEnabled(not busy)
        self.back.setEnabled(not busy)
