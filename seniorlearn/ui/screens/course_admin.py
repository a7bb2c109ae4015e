"""Behind the PIN: the installed courses (check, remove) and importing packs from a USB stick.

Import, check and removal run off the UI thread; import reports progress through a signal
and can be cancelled, and every outcome is one sentence, shown and read aloud.

Removing asks first in a separate row below the list, with a big "No, keep it": while it is
shown the course rows are disabled, so a double tap on "Remove" can never remove a course,
and "Yes, remove" acts only when it was pressed while that very question was shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from seniorlearn.core.i18n import N_, _
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.widgets.common import BigButton, TrLabel, localized
from seniorlearn.ui.widgets.paged import PagedList

COURSE_ROW = N_("{title} (version {version}, {lessons} lessons)")
CONFIRM_REMOVE = N_("Remove “{title}”? Tap “Yes, remove” below to remove it, or “No, keep it” "
                    "to keep it. Learners' study records are kept either way.")
MISSING_ROW = N_("{title} (version {version}): its files are missing. Import its course pack "
                 "again, or remove it.")
KEPT = N_("“{title}” was kept.")
REMOVED = N_("“{title}” was removed.")
ALL_GOOD = N_("All files of “{title}” are in good order.")
ALL_COURSES_GOOD = N_("All files of every course are in good order.")
PROBLEMS = N_("{count} damaged or missing files. First: {first} Import the course pack again.")
NO_COURSES_INSTALLED = N_("No courses are installed yet. Import a course pack from a USB stick.")
FAILED = N_("That did not work: {cause} Please try again.")
NO_STICK = N_("No course packs were found. Put the packs in a folder named SENIORLEARN on the "
              "USB stick, plug it in, then tap “Look again”.")
FOUND = N_("Course packs found on the USB stick: tap “Import” beside one.")
IMPORTING = N_("Importing “{name}”…")
PROGRESS = N_("{percent}% copied")
CANCELLED = N_("Import cancelled. The courses on this kiosk are unchanged.")


class ProgressRelay(QObject):
    """Carries import progress from the worker thread to the UI thread."""

    progress_did_change = Signal(object)


class LineLabel(TrLabel):
    """A label whose text is made again at each language change (a pack's line)."""

    def __init__(self, make_text: Callable[[], str]) -> None:
        self.make_text = make_text
        super().__init__("", role="body")

    def plain_text(self) -> str:
        return self.make_text()


class Row(QWidget):
    """A line of text with its buttons, read aloud as text then button names."""

    def __init__(self, text: str | Callable[[], str], buttons: list[BigButton]) -> None:
        super().__init__()
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        if callable(text):
            self.label: TrLabel = LineLabel(text)
        else:
            self.label = TrLabel("", role="body")
            self.label.set_plain(text)
        line.addWidget(self.label, 1)
        for button in buttons:
            line.addWidget(button)


class VolunteerScreen(Screen):
    volunteer_only = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.message = TrLabel("", role="body")
        self.message.setObjectName("AdminMessage")
        self.column.addWidget(self.message)

    def say_message(self, msgid: str, **args: object) -> None:
        self.message.set_message(msgid, **args)
        if self.isVisible():
            self.ctx.say([self.message.plain_text()])

    def say_plain(self, text: str) -> None:
        self.message.set_plain(text)
        if self.isVisible():
            self.ctx.say([text])

    def failed(self, error: object) -> None:
        cause = getattr(error, "message", None) or str(error)
        self.say_message(FAILED, cause=cause)


@register
class CourseAdminScreen(VolunteerScreen):
    name = "course_admin"
    title_msgid = N_("Courses on this kiosk")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.list = PagedList(per_page=2)
        self.column.addWidget(self.list, 1)
        self.column.addWidget(self._confirm_row())
        bottom = QHBoxLayout()
        self.import_button = BigButton(N_("Import from a USB stick"), icon="plus", kind="primary")
        self.import_button.clicked.connect(lambda: self.ctx.go("course_import"))
        self.verify_all = BigButton(N_("Check all"), icon="check")
        self.verify_all.clicked.connect(lambda: self.verify(None))
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(lambda: self.ctx.go("volunteer"))
        for button in (self.import_button, self.verify_all, self.back):
            bottom.addWidget(button)
        self.column.addLayout(bottom)
        self.courses: list[Any] = []
        self.missing: list[Any] = []
        self.confirming: Any = None  # the course (or missing course) asked about
        self._pressed_on: Any = None
        self._set_confirming(None)

    def _confirm_row(self) -> QWidget:
        self.confirm = QWidget()
        self.confirm.setObjectName("confirm_remove")
        column = QVBoxLayout(self.confirm)
        column.setContentsMargins(0, 0, 0, 0)
        self.confirm_text = TrLabel("", role="body")
        column.addWidget(self.confirm_text)
        buttons = QHBoxLayout()
        self.yes_remove = BigButton(N_("Yes, remove"), icon="delete", kind="danger")
        self.yes_remove.setObjectName("yes_remove")
        self.yes_remove.pressed.connect(self._yes_pressed)
        self.yes_remove.clicked.connect(self._yes_clicked)
        self.keep = BigButton(N_("No, keep it"), icon="back", kind="primary")
        self.keep.setObjectName("keep_course")
        self.keep.clicked.connect(self._keep)
        buttons.addWidget(self.yes_remove)
        buttons.addStretch(1)
        buttons.addWidget(self.keep, 2)
        column.addLayout(buttons)
        return self.confirm

    def enter(self, **kwargs: object) -> None:
        self._set_confirming(None)
        self.message.set_message("")
        self._fit_message()
        self.refresh()

    def say_message(self, msgid: str, **args: object) -> None:
        super().say_message(msgid, **args)
        self._fit_message()

    def say_plain(self, text: str) -> None:
        super().say_plain(text)
        self._fit_message()

    def _fit_message(self) -> None:
        """An empty message line takes no room: at 1280x800 that room is a second course a
        page (one a page made four courses four pages)."""
        shown = bool(self.message.plain_text())
        if shown != self.message.isVisibleTo(self):
            self.message.setVisible(shown)
            self.list.fit(self.fits)

    def reset(self) -> None:
        self._set_confirming(None)

    def refresh(self) -> None:
        library = self.ctx.library
        if library is None:
            return
        self.ctx.run_task(lambda: (library.courses(), library.missing()), self._show)

    def _show(self, result: object) -> None:
        if isinstance(result, Exception):
            self.failed(result)
            return
        assert isinstance(result, tuple)
        self.courses, self.missing = result
        if not self.courses and not self.missing and not self.message.plain_text():
            self.message.set_message(NO_COURSES_INSTALLED)
        self.message.setVisible(bool(self.message.plain_text()))
        self.list.set_rows([self._row(course) for course in self.courses]
                           + [self._missing_row(gone) for gone in self.missing])
        self.list.fit(self.fits)

    def refit(self) -> None:
        """Text size changed, or the question row came or went: rows a page to fit."""
        self.list.fit(self.fits)

    def _row(self, course: Any):
        def make() -> Row:
            check = BigButton(N_("Check"), icon="check")
            check.clicked.connect(lambda: self.verify(course))
            text = _(COURSE_ROW).format(title=localized(course.title), version=course.version,
                                        lessons=len(course.lessons))
            return Row(text, [check, self._remove_button(course)])

        return make

    def _missing_row(self, gone: Any):
        def make() -> Row:
            text = _(MISSING_ROW).format(title=localized(gone.title), version=gone.version)
            return Row(text, [self._remove_button(gone)])

        return make

    def _remove_button(self, course: Any) -> BigButton:
        remove = BigButton(N_("Remove"), icon="delete")
        remove.setObjectName(f"remove_{course.id}")
        remove.clicked.connect(lambda: self.ask_remove(course))
        return remove

    def ask_remove(self, course: Any) -> None:
        """Show the question below the list; the rows stay disabled until it is answered."""
        if self.confirming is not None:
            return
        self._set_confirming(course)
        self.confirm_text.set_message(CONFIRM_REMOVE, title=localized(course.title))
        if self.isVisible():
            self.ctx.say([self.confirm_text.plain_text()])

    def _set_confirming(self, course: Any) -> None:
        self.confirming = course
        self._pressed_on = None
        asking = course is not None
        self.confirm.setVisible(asking)
        for widget in (self.list, self.import_button, self.verify_all):
            widget.setEnabled(not asking)
        # While the question shows, the list steps aside: on a small screen both do not fit.
        self.list.setVisible(not asking or self.fits())
        self.list.fit(self.fits)

    def _yes_pressed(self) -> None:
        self._pressed_on = self.confirming if self.confirm.isVisible() else None

    def _yes_clicked(self) -> None:
        course, pressed_on = self.confirming, self._pressed_on
        if course is None or pressed_on is not course:
            return  # pressed before this question was on screen
        self._set_confirming(None)
        self.remove(course)

    def _keep(self) -> None:
        course = self.confirming
        self._set_confirming(None)
        if course is not None:
            self.say_message(KEPT, title=localized(course.title))

    def verify(self, course: Any) -> None:
        library = self.ctx.library
        assert library is not None
        course_id = course.id if course is not None else None
        title = localized(course.title) if course is not None else ""
        self.ctx.run_task(lambda: library.verify(course_id),
                          lambda result: self._verified(result, title))

    def _verified(self, result: object, title: str) -> None:
        if isinstance(result, Exception):
            self.failed(result)
        elif result:
            assert isinstance(result, list)
            self.say_message(PROBLEMS, count=len(result), first=result[0].problem)
        elif title:
            self.say_message(ALL_GOOD, title=title)
        else:
            self.say_message(ALL_COURSES_GOOD)

    def remove(self, course: Any) -> None:
        assert self.ctx.library is not None
        title = localized(course.title)
        library = self.ctx.library
        self.ctx.run_task(lambda: library.remove(course.id),
                          lambda result: self._removed(result, title))

    def _removed(self, result: object, title: str) -> None:
        if isinstance(result, Exception):
            self.failed(result)
        else:
            self.ctx.pins.audit.record("volunteer", "course_removed", at=self.ctx.clock(),
                                       course=title)
            self.say_message(REMOVED, title=title)
        self.refresh()


@register
class CourseImportScreen(VolunteerScreen):
    name = "course_import"
    title_msgid = N_("Import courses from a USB stick")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.list = PagedList(per_page=4)  # fewer when they do not fit (see PagedList.fit)
        self.column.addWidget(self.list, 1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(_(N_("Import progress")))
        self.progress_text = TrLabel(PROGRESS, role="value", percent=0)
        self.cancel = BigButton(N_("Cancel import"), icon="delete", kind="danger")
        self.cancel.clicked.connect(self.cancel_import)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.progress_text)
        busy.addWidget(self.cancel)
        self.busy = QWidget()
        self.busy.setLayout(busy)
        busy.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.busy)
        self.look_again = BigButton(N_("Look again"), icon="forward", kind="primary")
        self.look_again.clicked.connect(lambda: self.scan())
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(lambda: self.ctx.go("course_admin"))
        # Beside the title: on a 1280x800 screen that row is worth a second pack a page.
        self.put_beside_title(self.look_again, self.back)
        self.relay = ProgressRelay()
        self.relay.progress_did_change.connect(self._progress)
        self.token: Any = None
        self.mount_roots: tuple[Path, ...] | None = None  # tests point this at a folder
        self._set_busy(False)

    def enter(self, **kwargs: object) -> None:
        self.scan()

    def reset(self) -> None:
        self.cancel_import()

    def scan(self, keep_message: bool = False) -> None:
        """Look at the stick; ``keep_message``: after an import, the rows say what is
        installed now and the sentence of what happened stays."""
        from seniorlearn.core.courses import describe_packs, find_usb_packs

        roots, library = self.mount_roots, self.ctx.library
        if library is None:
            return

        def look() -> list[Any]:
            return describe_packs(find_usb_packs(roots) if roots else find_usb_packs(), library)

        self.ctx.run_task(look, lambda result: self._found(result, keep_message))

    def _found(self, result: object, keep_message: bool = False) -> None:
        if isinstance(result, Exception):
            self.list.set_rows([])
            self.say_plain(getattr(result, "message", None) or str(result))
            return
        assert isinstance(result, list)
        if not keep_message:
            self.message.set_message(FOUND if result else NO_STICK)
        anchor = self.list.anchor if keep_message else 0
        self.list.set_rows([self._row(pack) for pack in result])
        self.list.anchor = min(anchor, max(len(result) - 1, 0))  # the page it was on
        self.list.fit(self.fits)

    def refit(self) -> None:
        self.list.fit(self.fits)

    def _row(self, pack: Any):
        def make() -> Row:
            if pack.problem is not None:  # nothing to import: the line says what to do
                return Row(pack.line, [])
            button = BigButton(N_("Import"), icon="plus", kind="primary")
            button.setObjectName(f"import_{pack.path.name}")
            button.clicked.connect(lambda: self.start_import(pack.path, pack.title))
            return Row(pack.line, [button])

        return make

    def start_import(self, path: Path, title: dict[str, str] | None = None) -> None:
        from seniorlearn.core.courses import CancelToken, import_from_stick

        assert self.ctx.library is not None
        self.token = CancelToken()
        token, library, relay = self.token, self.ctx.library, self.relay
        self.say_message(IMPORTING, name=localized(title) if title else path.name)
        self._set_busy(True)
        self.ctx.run_task(lambda: import_from_stick(
            library, path, progress=relay.progress_did_change.emit, cancel=token),
            self._imported)

    def _progress(self, progress: Any) -> None:
        percent = int(100 * progress.done_bytes / max(progress.total_bytes, 1))
        self.progress.setValue(percent)
        self.progress_text.set_message(PROGRESS, percent=percent)

    def cancel_import(self) -> None:
        if self.token is not None:
            self.token.cancel()

    def _imported(self, result: object) -> None:
        from seniorlearn.core.courses import STICK_REMOVED, ImportCancelled

        self.token = None
        self._set_busy(False)
        if isinstance(result, ImportCancelled):
            self.say_message(CANCELLED)
        elif isinstance(result, Exception):
            if getattr(result, "msgid", None) == STICK_REMOVED:
                self.list.set_rows([])  # those rows were the stick's: gone with it
            self.say_plain(getattr(result, "message", None) or str(result))
        else:
            course = getattr(result, "course", None)
            if getattr(result, "outcome", "") != "same_version" and course is not None:
                self.ctx.pins.audit.record("volunteer", "course_imported", at=self.ctx.clock(),
                                           course=localized(course.title),
                                           version=course.version)
            self.say_plain(getattr(result, "message", ""))
            self.scan(keep_message=True)  # its row says 已安装 now, not 新课程

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.list.setEnabled(not busy)
        self.look_again.setEnabled(not busy)
        self.back.setEnabled(not busy)
        if busy:
            self.progress.setValue(0)
            self.progress_text.set_message(PROGRESS, percent=0)
        self.progress.setFocusPolicy(Qt.FocusPolicy.NoFocus)
