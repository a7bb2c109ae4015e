"""Behind the PIN: study cards, for every learner or for one ("Card" beside a learner).

Two big actions: save the cards as a PDF on the USB stick, or print them. Both run off
the UI thread and end in one sentence saying what happened and where the file is. With no
printer set up, "Print" says so and saves the PDF instead (on the stick, else in the
kiosk's data folder). A second tap while the cards are being made does nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.models import Learner
from seniorlearn.ui.screens.base import UiContext, register
from seniorlearn.ui.screens.course_admin import VolunteerScreen
from seniorlearn.ui.screens.learners import NO_CARDS, NO_DATABASE, StickUser, learner_line
from seniorlearn.ui.widgets.common import BigButton, TrLabel

EVERYONE = N_("The cards of every learner: ten to an A4 sheet, ready to cut.")
ONE = N_("The card of {learner}.")
MAKING = N_("Making the cards…")


@register
class LearnerCardsScreen(StickUser, VolunteerScreen):
    name = "learner_cards"
    title_msgid = N_("Study cards")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(lambda: self.ctx.go("learners"))
        self.put_beside_title(self.back)
        self.column.removeWidget(self.message)
        self.which = TrLabel(EVERYONE, role="body")
        self.which.setObjectName("CardsFor")
        self.column.addWidget(self.which)
        buttons = QHBoxLayout()
        self.save = BigButton(N_("Save to the USB stick"), icon="usb", kind="primary")
        self.save.setObjectName("SaveCards")
        self.save.clicked.connect(lambda: self.make(print_them=False))
        self.print = BigButton(N_("Print"), icon="print", kind="primary")
        self.print.setObjectName("PrintCards")
        self.print.clicked.connect(lambda: self.make(print_them=True))
        buttons.addWidget(self.save)
        buttons.addWidget(self.print)
        buttons.addStretch(1)
        self.column.addLayout(buttons)
        self.message.setObjectName("CardsMessage")
        self.column.addWidget(self.message)
        self.column.addStretch(1)
        self.number: str | None = None  # one learner's card; None: everyone's
        self.busy = False

    def enter(self, **kwargs: object) -> None:
        number = kwargs.get("number")
        self.number = str(number) if number is not None else None
        self.message.set_message("")
        self._set_busy(False)
        learners = self.ctx.learners
        if learners is None:
            self.message.set_message(NO_DATABASE)
            self.save.setEnabled(False)
            self.print.setEnabled(False)
            return
        if self.number is None:
            self.which.set_message(EVERYONE)
        else:
            wanted = self.number
            self.ctx.run_task(lambda: learners.get(wanted), self._show_one)

    def _show_one(self, found: object) -> None:
        if isinstance(found, Learner):
            self.which.set_message(ONE, learner=learner_line(found))
        else:
            self.which.set_plain(_("There is no learner with the number {number}.")
                                 .format(number=self.number))
            self.save.setEnabled(False)
            self.print.setEnabled(False)

    def reset(self) -> None:
        self.number = None
        self.which.set_message(EVERYONE)
        self.message.set_message("")

    def chosen(self) -> Callable[[], list[Learner]]:
        """Who gets a card, read off the UI thread when the cards are made."""
        learners, number = self.ctx.learners, self.number
        assert learners is not None
        if number is None:
            return learners.every
        return lambda: [found] if (found := learners.get(number)) else []

    def make(self, print_them: bool) -> None:
        from seniorlearn.core.learner_files import stick_folder
        from seniorlearn.core.paths import Paths
        from seniorlearn.ui.render.card_output import print_or_save, save_to_stick

        if self.ctx.learners is None or self.busy:
            return  # the second tap of a double tap: the first is at work
        chosen, roots, data_folder = self.chosen(), self.roots(), Paths.from_env().cards

        def work() -> str:
            learners = chosen()
            if not learners:
                return _(NO_CARDS)
            stick = stick_folder(roots)
            return (print_or_save(learners, stick, data_folder) if print_them
                    else save_to_stick(learners, stick))

        self._set_busy(True)
        self.say_message(MAKING)
        self.ctx.run_task(work, self._done)

    def _done(self, result: object) -> None:
        self._set_busy(False)
        if isinstance(result, Exception):
            self.failed(result)
        else:
            self.say_plain(str(result))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.save, self.print, self.back):
            button.setEnabled(not busy)
