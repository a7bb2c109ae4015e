"""Behind the PIN: the learners. Find one by number or the first characters of the name
(results as you type, read off the UI thread), tap one to change it, add one, import a
roster, and save or print everyone's study cards.

The search field is a plain text field: Chinese names come through the system's input
method, and a card held to the scanner types its number into it (the scanner listener
leaves a focused text field alone), which finds that learner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.models import Learner
from seniorlearn.ui.screens.base import UiContext, register, widget_speech
from seniorlearn.ui.screens.course_admin import VolunteerScreen
from seniorlearn.ui.widgets.common import BigButton
from seniorlearn.ui.widgets.paged import PagedList

SHOWN_AT_MOST = 200
NO_DATABASE = N_("The learner list cannot be used just now. Please tell a technician "
                 "(seniorlearn doctor shows why).")
NO_LEARNERS = N_("No learners yet. Tap “Add a learner”, or import a roster from the USB "
                 "stick.")
NONE_FOUND = N_("No learner has a number or name that starts with “{text}”.")
MORE_FOUND = N_("Showing the first {count}. Type more of the number or name to find the "
                "others.")
SEARCH_HINT = N_("Number or name")
LINE = N_("{number}  {name}")
LINE_WITH_CALL_NAME = N_("{number}  {name} ({call_name})")
NO_CARDS = N_("There are no learners yet, so there are no cards to make.")


def learner_line(learner: Learner) -> str:
    """Number, name and how to address them, as one row shows them."""
    return _(LINE_WITH_CALL_NAME if learner.call_name else LINE).format(
        number=learner.number, name=learner.name, call_name=learner.call_name)


class ElidedButton(BigButton):
    """A learner's row: a long name ends in "…" rather than widening the screen; the
    accessible name and read-aloud keep all of it."""

    def __init__(self, text: str) -> None:
        super().__init__(text, translate=False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("text-align: left;")

    def retranslate(self) -> None:
        super().retranslate()
        self._elide()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option,
                                           self).width()
        shown = self.fontMetrics().elidedText(self.plain_text(), Qt.TextElideMode.ElideRight,
                                              max(room - 2, 0))
        if shown != self.text():
            self.setText(shown)


class StickUser:
    """A screen that looks at USB sticks; tests point ``mount_roots`` at a real folder."""

    mount_roots: tuple[Path, ...] | None = None

    def roots(self) -> tuple[Path, ...]:
        from seniorlearn.core.learner_files import MOUNT_ROOTS

        return self.mount_roots or MOUNT_ROOTS


@register
class LearnersScreen(StickUser, VolunteerScreen):
    name = "learners"
    title_msgid = N_("Learners")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        # The search sits in the title row and the actions in a column beside the list:
        # at 1280x800 in 特大 text that leaves room for two learners a page.
        self.search = QLineEdit()
        self.search.setObjectName("LearnerSearch")
        self.search.textChanged.connect(lambda text: self.look_up(text))
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(lambda: self.ctx.go("volunteer"))
        self.put_beside_title(self.search, self.back)
        item = self.column.itemAt(0)
        top = item.layout() if item is not None else None
        assert isinstance(top, QHBoxLayout)
        top.setStretch(0, 0)
        top.setStretch(1, 1)  # the field takes the room the title leaves
        self.column.removeWidget(self.message)
        self.column.addWidget(self.message)
        body = QHBoxLayout()
        self.list = PagedList(per_page=6)
        # Short page words: the list has only part of the width.
        self.list.previous.set_message(N_("Previous"))
        self.list.next.set_message(N_("Next"))
        body.addWidget(self.list, 1)
        body.addLayout(self._action_column())
        self.column.addLayout(body, 1)
        self.retranslate()
        self.searching = 0  # the newest search asked for: older answers are dropped

    def _action_column(self) -> QVBoxLayout:
        right = QVBoxLayout()
        self.add = BigButton(N_("Add a learner"), icon="plus", kind="primary")
        self.add.clicked.connect(lambda: self.ctx.go("learner_edit"))
        self.import_roster = BigButton(N_("Import a roster"), icon="usb")
        self.import_roster.clicked.connect(lambda: self.ctx.go("roster_import"))
        self.cards = BigButton(N_("All cards"), icon="print")
        self.cards.setObjectName("AllCards")
        self.cards.clicked.connect(lambda: self.ctx.go("learner_cards"))
        self.action_buttons = (self.add, self.import_roster, self.cards)
        for button in self.action_buttons:
            right.addWidget(button)
        right.addStretch(1)
        return right

    def retranslate(self) -> None:
        hint = _(SEARCH_HINT)
        self.search.setPlaceholderText(hint)
        self.search.setAccessibleName(hint)

    def speech_parts(self) -> list[str]:
        """The list column first, then the actions: read row by row, the two columns would
        mix a learner's name with "Add a learner"."""
        parts = [self.title_label.plain_text()]
        if self.search.isVisibleTo(self):
            parts += [self.search.accessibleName(), self.search.text()]
        if self.message.isVisibleTo(self):
            parts.append(self.message.plain_text())
        for row in self.list.shown:  # a learner's line, then its "Card"
            parts += [button.plain_text() for button in row.findChildren(BigButton)]
        shown = [self.list.position] if self.list.nav.isVisibleTo(self) else []
        for widget in [*shown, *self.action_buttons, self.back]:
            if widget.isVisibleTo(self):
                parts += widget_speech(widget)
        return [part for part in parts if part]

    def enter(self, **kwargs: object) -> None:
        ready = self.ctx.learners is not None
        for widget in (self.search, self.list, *self.action_buttons):
            widget.setVisible(ready)
        if not ready:
            self.show_message(lambda: self.message.set_message(NO_DATABASE))
            return
        said = str(kwargs.get("said", ""))  # what the last screen did, e.g. "Saved"
        self.show_message(lambda: self.message.set_plain(said))
        shown = str(kwargs.get("show", self.search.text()))
        self.search.blockSignals(True)
        self.search.setText(shown)
        self.search.blockSignals(False)
        self.look_up(shown, keep_message=bool(said))

    def show_message(self, change: Callable[[], None]) -> None:
        change()
        self.message.setVisible(bool(self.message.plain_text()))

    def reset(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.list.set_rows([])
        self.show_message(lambda: self.message.set_message(""))

    def look_up(self, text: str, keep_message: bool = False) -> None:
        learners = self.ctx.learners
        if learners is None:
            return
        self.searching += 1
        asked = self.searching
        self.ctx.run_task(lambda: learners.find(text, limit=SHOWN_AT_MOST + 1),
                          lambda found: self._found(found, text, asked, keep_message))

    def _found(self, found: object, text: str, asked: int, keep_message: bool) -> None:
        if asked != self.searching:
            return  # the person typed on meanwhile: a newer answer is coming
        if isinstance(found, Exception):
            self.list.set_rows([])
            self.show_message(lambda: self.message.set_message(NO_DATABASE))
            return
        assert isinstance(found, list)
        if not keep_message:
            self.show_message(lambda: self._what_was_found(found, text.strip()))
        self.list.set_rows([self._row(learner) for learner in found[:SHOWN_AT_MOST]])
        self.list.fit(self.fits)

    def _what_was_found(self, found: list[Learner], text: str) -> None:
        if not found:
            self.message.set_message(NONE_FOUND if text else NO_LEARNERS, text=text)
        elif len(found) > SHOWN_AT_MOST:
            self.message.set_message(MORE_FOUND, count=SHOWN_AT_MOST)
        else:
            self.message.set_message("")

    def refit(self) -> None:
        self.list.fit(self.fits)

    def _row(self, learner: Learner) -> Callable[[], QWidget]:
        def make() -> QWidget:
            button = ElidedButton(learner_line(learner))
            button.setObjectName(f"learner_{learner.number}")
            button.clicked.connect(lambda: self.ctx.go("learner_edit", number=learner.number))
            card = BigButton(N_("Card"), icon="print")
            card.setObjectName(f"card_{learner.number}")
            card.clicked.connect(lambda: self.ctx.go("learner_cards", number=learner.number))
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(button, 1)
            line.addWidget(card)
            return row

        return make

