"""Sign-in by showing the card to the camera (offered only where the machine has one)."""

from __future__ import annotations

from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QSizePolicy

from seniorlearn.core.i18n import N_
from seniorlearn.ui.camera import CardReader
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.screens.signin import sign_in
from seniorlearn.ui.widgets.common import BigButton, TrLabel

HOLD_CARD = N_("Hold your study card in front of the camera, with the square code towards it.")
SAME_CARD_S = 4.0
NO_CAMERA = N_("The camera cannot be used just now. Tap “Type the number” to sign in.")


@register
class CameraSignInScreen(Screen):
    name = "sign_in_camera"
    title_msgid = N_("Show your card to the camera")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.then: str = "home"
        self.message = TrLabel(HOLD_CARD, role="body")
        self.message.setObjectName("CameraMessage")
        self.column.addWidget(self.message)
        self.preview = QVideoWidget()
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setAccessibleName(self.message.plain_text())
        self.column.addWidget(self.preview, 1)
        self.keypad = BigButton(N_("Type the number"), icon="list", kind="primary")
        self.keypad.setObjectName("TypeNumber")
        self.keypad.clicked.connect(lambda: self.ctx.go("sign_in", then=self.then))
        self.guest = BigButton(N_("Just look around"), icon="home")
        self.guest.clicked.connect(self.ctx.go_home)
        self.put_beside_title(self.keypad, self.guest)
        self.reader = CardReader(ctx.run_task, self.preview)
        self.reader.card_did_show.connect(self.card_did_show)
        self.then = "home"
        self._last_code, self._last_at = "", 0.0

    def enter(self, **kwargs: object) -> None:
        self.then = str(kwargs.get("then", "home"))
        started = self.reader.start()
        self.message.set_message(HOLD_CARD if started else NO_CAMERA)
        self.preview.setVisible(started)

    def card_did_show(self, number: str) -> None:
        if not self.isVisible():
            return  # a decode that finished after the person moved on
        now = self.ctx.clock()
        if number == self._last_code and now - self._last_at < SAME_CARD_S:
            return  # the same card still held up: it was answered already
        self._last_code, self._last_at = number, now
        # Known: the next screen opens and the camera stops; unknown: it is said aloud and
        # the camera goes on looking, for the right card.
        sign_in(self.ctx, number, then=self.then)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.reader.stop()  # the camera is never on behind another screen
        super().hideEvent(event)

    def reset(self) -> None:
        self.reader.stop()
        self._last_code = ""
