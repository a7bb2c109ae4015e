"""Behind the PIN: add a learner, or change one (the number stays: it is on their card).

Every field is checked before anything is written, and what is wrong is said in sentences
below the form; saving goes through the one database writer, off the UI thread. A second
tap on Save while the first is being saved does nothing, so a double tap adds once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit

from seniorlearn.core.config import sentences
from seniorlearn.core.i18n import N_, _
from seniorlearn.core.models import Learner
from seniorlearn.core.roster import check_learner
from seniorlearn.core.services.learners import LearnerError
from seniorlearn.ui.screens.base import UiContext, register
from seniorlearn.ui.screens.course_admin import VolunteerScreen
from seniorlearn.ui.screens.learners import NO_DATABASE
from seniorlearn.ui.widgets.common import BigButton, TrLabel

ADD_TITLE = N_("Add a learner")
CHANGE_TITLE = N_("Change a learner")
SAVED = N_("Saved: {number} {name}.")
SAVING = N_("Saving…")
GONE = N_("There is no learner with the number {number}.")
NOT_SAVED = N_("The learner could not be saved just now, so nothing was changed. Please try "
               "again, or tell a technician.")
# (field, label, optional hint) in the order the form shows them, two a row.
FIELDS = (("number", N_("Number"), ""), ("name", N_("Name"), ""),
          ("call_name", N_("Call name"), N_("e.g. 王阿姨")),
          ("birth_year", N_("Birth year"), N_("optional")),
          ("phone", N_("Phone"), N_("optional")))
DIGITS = Qt.InputMethodHint.ImhDigitsOnly
PER_ROW = 2


@register
class LearnerEditScreen(VolunteerScreen):
    name = "learner_edit"
    title_msgid = ADD_TITLE

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        # Save and Back beside the title: the problems then have room for two lines below
        # the form at 1280x800 in 特大 text.
        self.save_button = BigButton(N_("Save"), icon="check", kind="primary")
        self.save_button.setObjectName("SaveLearner")
        self.save_button.clicked.connect(self.save)
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(self.go_back)
        # A learner's year and certificates, once there is a learner to show.
        self.record = BigButton(N_("Study record"), icon="chart")
        self.record.setObjectName("StudyRecord")
        self.record.clicked.connect(self.show_record)
        self.put_beside_title(self.record, self.save_button, self.back)
        self.column.removeWidget(self.message)
        self.column.addLayout(self._form())
        self.message.setObjectName("LearnerProblems")
        self.column.addWidget(self.message)
        self.column.addStretch(1)
        self.editing: Learner | None = None  # None: adding a new learner
        self.saving = False

    def _form(self) -> QGridLayout:
        grid = QGridLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.labels: dict[str, TrLabel] = {}
        for index, (key, label, _hint) in enumerate(FIELDS):
            row, column = index // PER_ROW, index % PER_ROW * 2
            self.labels[key] = TrLabel(label, role="value")
            field = QLineEdit()
            field.setObjectName(f"field_{key}")
            if key in ("birth_year", "phone"):
                field.setInputMethodHints(DIGITS)
            field.returnPressed.connect(self.save)
            self.fields[key] = field
            grid.addWidget(self.labels[key], row, column)
            grid.addWidget(field, row, column + 1)
        for column in range(PER_ROW):
            grid.setColumnStretch(column * 2 + 1, 1)
        self.fields["birth_year"].setMaxLength(4)
        self.retranslate()
        return grid

    def retranslate(self) -> None:
        for key, label, hint in FIELDS:
            field = self.fields[key]
            field.setAccessibleName(_(label))
            field.setPlaceholderText(_(hint) if hint else "")

    # ------------------------------------------------------------------ showing

    def enter(self, **kwargs: object) -> None:
        self.saving = False
        self.message.set_message("")
        number = kwargs.get("number")
        learners = self.ctx.learners
        if learners is None:
            self._show(None)
            self.message.set_message(NO_DATABASE)
            self.save_button.setEnabled(False)
            return
        if number is None:
            self._show(None)
            return
        self.ctx.run_task(lambda: learners.get(str(number)),
                          lambda found: self._loaded(found, str(number)))

    def _loaded(self, found: object, number: str) -> None:
        if isinstance(found, Learner):
            self._show(found)
        else:
            self._show(None)
            self.message.set_message(NO_DATABASE if isinstance(found, Exception) else GONE,
                                     number=number)

    def _show(self, learner: Learner | None) -> None:
        self.editing = learner
        self.title_label.set_message(CHANGE_TITLE if learner else ADD_TITLE)
        values = {"number": "", "name": "", "call_name": "", "birth_year": "", "phone": ""}
        if learner is not None:
            values = {"number": learner.number, "name": learner.name,
                      "call_name": learner.call_name, "phone": learner.phone,
                      "birth_year": str(learner.birth_year or "")}
        for key, value in values.items():
            self.fields[key].setText(value)
        self.fields["number"].setEnabled(learner is None)  # on the card: never changed here
        self.record.setVisible(learner is not None)
        self.save_button.setEnabled(True)
        if self.ctx.window is not None and self.isVisible():
            self.ctx.window._focus_first(self)

    def reset(self) -> None:
        self._show(None)
        self.message.set_message("")

    def go_back(self) -> None:
        self.ctx.go("learners")

    def show_record(self) -> None:
        if self.editing is not None:
            self.ctx.go("learner_report", number=self.editing.number)

    # ------------------------------------------------------------------ saving

    def typed(self) -> Learner | None:
        """The learner as typed, or None with the problems shown as sentences."""
        text = {key: field.text() for key, field in self.fields.items()}
        if self.editing is not None:
            text["number"] = self.editing.number
        learner, problems = check_learner(
            text["number"], text["name"], text["call_name"], text["birth_year"],
            text["phone"], self.editing.study_point if self.editing else "")
        if learner is None:
            self.say_plain(sentences(*problems))
        return learner

    def save(self) -> None:
        learners = self.ctx.learners
        if learners is None or self.saving:
            return  # the second tap of a double tap: the first is being saved
        learner = self.typed()
        if learner is None:
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.message.set_message(SAVING)
        adding = self.editing is None
        work = learners.add if adding else learners.change
        self.ctx.run_task(lambda: work(learner),
                          lambda result: self._saved(result, learner, adding), writes=True)

    def _saved(self, result: object, learner: Learner, adding: bool) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(result, Exception):
            # A refusal the service words for the volunteer (a number in use), or a crash.
            self.say_plain(str(result) if isinstance(result, LearnerError) else _(NOT_SAVED))
            return
        self.ctx.pins.audit.record("volunteer", "learner_added" if adding else
                                   "learner_changed", at=self.ctx.clock(),
                                   number=learner.number)
        said = _(SAVED).format(number=learner.number, name=learner.name)
        self.ctx.go("learners", said=said, show=learner.number)
        self.ctx.say([said])
