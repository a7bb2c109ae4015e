"""A screen of plain words and one way back: shown while the courses are being prepared."""

from __future__ import annotations

from seniorlearn.core.i18n import N_
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.widgets.common import BigButton, TrLabel


class WaitingScreen(Screen):
    body_msgid: str

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.body = TrLabel(self.body_msgid, role="body")
        self.column.addWidget(self.body)
        self.column.addStretch(1)
        self.back = BigButton(N_("Back to the home screen"), icon="home", kind="primary")
        self.back.setObjectName("BackHome")
        self.back.clicked.connect(self.ctx.go_home)
        self.column.addWidget(self.back)


PREPARING = N_("The courses are being prepared. This takes a moment; the screen opens by itself.")
PREPARE_FAILED = N_("The courses could not be opened. Please tell a volunteer.")


@register
class PreparingScreen(WaitingScreen):
    """Shown instead of a course screen until the library is open (right after start-up)."""

    name = "preparing"
    title_msgid = N_("Preparing the courses…")
    body_msgid = PREPARING

    def enter(self, **kwargs: object) -> None:
        failed = self.ctx.window is not None and self.ctx.window.library_failed
        self.title_label.set_message(N_("We are sorry") if failed else self.title_msgid)
        self.body.set_message(PREPARE_FAILED if failed else PREPARING)
