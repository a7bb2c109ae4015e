"""Behind the PIN: the installed courses (check, remove) and importing packs from a USB stick.

Import, check and removal run off the UI thread; import reports progress through a signal
and can be cancelled, and every outcome is one sentence, shown and read aloud.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from seniorlearn.core.i18n import N_, _
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.widgets.common import BigButton, TrLabel, localized
from seniorlearn.ui.widgets.paged import PagedList

COURSE_ROW = N_("{title} (version {version}, {lessons} lessons)")
CONFIRM_REMOVE = N_("Tap “Yes, remove” to remove “{title}”. Learners' study records are kept.")
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


class Row(QWidget):
    """A line of text with its buttons, read aloud as text then button names."""

    def __init__(self, text: str, buttons: list[BigButton]) -> None:
        super().__init__()
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
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
        self.confirming: str | None = None

    def enter(self, **kwargs: object) -> None:
        self.confirming = None
        self.message.set_message("")
        self.refresh()

    def refresh(self) -> None:
        if self.ctx.library is None:
            return
        self.ctx.run_task(self.ctx.library.courses, self._show)

    def _show(self, result: object) -> None:
        if isinstance(result, Exception):
            self.failed(result)
            return
        assert isinstance(result, list)
        self.courses = result
        if not result and not self.message.plain_text():
            self.message.set_message(NO_COURSES_INSTALLED)
        self.list.set_rows([self._row(course) for course in result])

    def _row(self, course: Any):
        def make() -> Row:
            check = BigButton(N_("Check"), icon="check")
            check.clicked.connect(lambda: self.verify(course))
            confirming = self.confirming == course.id
            remove = BigButton(N_("Yes, remove") if confirming else N_("Remove"),
                               icon="delete", kind="danger" if confirming else "secondary")
            remove.setObjectName(f"remove_{course.id}")
            remove.clicked.connect(lambda: self.remove(course))
            text = _(COURSE_ROW).format(title=localized(course.title), version=course.version,
                                        lessons=len(course.lessons))
            return Row(text, [check, remove])

        return make

    def verify(self, course: Any) -> None:
        assert self.ctx.library is not None
        course_id = course.id if course is not None else None
        title = localized(course.title) if course is not None else ""
        self.ctx.run_task(lambda: self.ctx.library.verify(course_id),
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
        title = localized(course.title)
        if self.confirming != course.id:
            self.confirming = course.id
            self.say_message(CONFIRM_REMOVE, title=title)
            self.list.show_page(self.list.page)
            return
        self.confirming = None
        assert self.ctx.library is not None
        self.ctx.run_task(lambda: self.ctx.library.remove(course.id),
                          lambda result: self._removed(result, title))

    def _removed(self, result: object, title: str) -> None:
        if isinstance(result, Exception):
            self.failed(result)
        else:
            self.say_message(REMOVED, title=title)
        self.refresh()


@register
class CourseImportScreen(VolunteerScreen):
    name = "course_import"
    title_msgid = N_("Import courses from a USB stick")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.list = PagedList(per_page=2)
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
        bottom = QHBoxLayout()
        self.look_again = BigButton(N_("Look again"), icon="forward", kind="primary")
        self.look_again.clicked.connect(self.scan)
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(lambda: self.ctx.go("course_admin"))
        bottom.addWidget(self.look_again)
        bottom.addWidget(self.back)
        self.column.addLayout(bottom)
        self.relay = ProgressRelay()
        self.relay.progress_did_change.connect(self._progress)
        self.token: Any = None
        self.mount_roots: tuple[Path, ...] | None = None  # tests point this at a folder
        self._set_busy(False)

    def enter(self, **kwargs: object) -> None:
        self.scan()

    def reset(self) -> None:
        self.cancel_import()

    def scan(self) -> None:
        from seniorlearn.core.courses import find_usb_packs

        roots = self.mount_roots
        self.ctx.run_task(lambda: find_usb_packs(roots) if roots else find_usb_packs(),
                          self._found)

    def _found(self, result: object) -> None:
        if isinstance(result, Exception):
            self.failed(result)
            return
        assert isinstance(result, list)
        self.message.set_message(FOUND if result else NO_STICK)
        self.list.set_rows([self._row(path) for path in result])

    def _row(self, path: Path):
        def make() -> Row:
            button = BigButton(N_("Import"), icon="plus", kind="primary")
            button.setObjectName(f"import_{path.name}")
            button.clicked.connect(lambda: self.start_import(path))
            return Row(path.name, [button])

        return make

    def start_import(self, path: Path) -> None:
        from seniorlearn.core.courses import CancelToken

        assert self.ctx.library is not None
        self.token = CancelToken()
        token, library, relay = self.token, self.ctx.library, self.relay
        self.say_message(IMPORTING, name=path.name)
        self._set_busy(True)
        self.ctx.run_task(lambda: library.import_pack(
            path, progress=relay.progress_did_change.emit, cancel=token), self._imported)

    def _progress(self, progress: Any) -> None:
        percent = int(100 * progress.done_bytes / max(progress.total_bytes, 1))
        self.progress.setValue(percent)
        self.progress_text.set_message(PROGRESS, percent=percent)

    def cancel_import(self) -> None:
        if self.token is not None:
            self.token.cancel()

    def _imported(self, result: object) -> None:
        from seniorlearn.core.courses import ImportCancelled

        self.token = None
        self._set_busy(False)
        if isinstance(result, ImportCancelled):
            self.say_message(CANCELLED)
        elif isinstance(result, Exception):
            self.say_plain(getattr(result, "message", None) or str(result))
        else:
            self.say_plain(getattr(result, "message", ""))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.list.setEnabled(not busy)
        self.look_again.setEnabled(not busy)
        self.back.setEnabled(not busy)
        if busy:
            self.progress.setValue(0)
            self.progress_text.set_message(PROGRESS, percent=0)
        self.progress.setFocusPolicy(Qt.FocusPolicy.NoFocus)
