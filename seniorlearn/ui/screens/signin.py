"""Sign-in with no password: show the study card to the scanner, or type its number.

The scanner works on every screen (the shell listens for it); this screen is for typing the
number on big keys, and for a person without a card: "先随便看看" lets anyone learn as a guest
(nothing is recorded for a guest). A known number greets the learner by how they like to be
addressed, aloud; an unknown one says so and changes nothing else.
"""

from __future__ import annotations

import logging

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.models import Learner
from seniorlearn.ui.screens.base import UiContext, register
from seniorlearn.ui.screens.pinpad import PinScreen
from seniorlearn.ui.widgets.common import BigButton

log = logging.getLogger(__name__)
ASK_NUMBER = N_("Type the number on your study card, then tap OK.")
UNKNOWN_CARD = N_("This card was not found. Please ask a volunteer for help.")
NOT_READY = N_("Study cards cannot be read just now. Please ask a volunteer.")
LOOKING = N_("Looking for your card…")
GREETING = N_("Hello, {name}! You are signed in.")
GOODBYE = N_("Goodbye, {name}! Your learning today has been saved.")
MAX_DIGITS = 32


@register
class SignInScreen(PinScreen):
    name = "sign_in"
    title_msgid = N_("Sign in with your study card")

    def __init__(self, ctx: UiContext) -> None:
        self.then: str = "home"
        super().__init__(ctx)
        self.message.set_message(ASK_NUMBER)
        self.message.setObjectName("SignInMessage")
        self.display.setObjectName("SignInNumber")
        self.guest = BigButton(N_("Just look around"), icon="home")
        self.guest.setObjectName("GuestButton")
        self.guest.clicked.connect(self.ctx.go_home)
        self.side.insertWidget(self.side.count() - 1, self.guest)
        # Only where the machine has a camera (looked at each time: one may be plugged in).
        self.camera = BigButton(N_("Show your card to the camera"), icon="card")
        self.camera.setObjectName("CameraButton")
        self.camera.clicked.connect(lambda: self.ctx.go("sign_in_camera", then=self.then))
        self.camera.hide()
        self.side.insertWidget(self.side.count() - 1, self.camera)
        self.then = "home"

    def enter(self, **kwargs: object) -> None:
        from seniorlearn.ui.camera import camera_available

        self.then = str(kwargs.get("then", "home"))
        self.camera.setVisible(camera_available())
        self.reset()

    def reset(self) -> None:
        self.digits = ""
        self.message.set_message(ASK_NUMBER)
        self.set_keys_enabled(True)
        self._refresh()

    def _refresh(self) -> None:
        # The number itself, not dots: it is printed on the card for anyone to read.
        self.display.setText(self.digits)
        self.display.setAccessibleName(self.digits or self.message.plain_text())

    def add_digit(self, digit: str) -> None:
        if len(self.digits) < MAX_DIGITS:
            self.digits += digit
            self._refresh()

    def submit_pin(self, pin: str) -> None:
        if pin:
            sign_in(self.ctx, pin, then=self.then, screen=self)

    def show_unknown(self, sentence: str) -> None:
        self.set_keys_enabled(True)
        self.message.set_message(sentence)
        self._refresh()
        self.say_message()

    def _lock_may_have_ended(self) -> None:
        """Nothing locks this pad (the PIN's lock is for the volunteer pad only)."""


def sign_in(ctx: UiContext, number: str, then: str = "home",
            screen: SignInScreen | None = None) -> None:
    """Look ``number`` up off the UI thread; sign in and greet, or say it was not found."""
    learners = ctx.learners
    if learners is None:
        _not_found(ctx, NOT_READY, screen)
        return
    if screen is not None:
        screen.message.set_message(LOOKING)
        screen.set_keys_enabled(False)
    ctx.run_task(lambda: learners.get(number),
                 lambda found: _found(ctx, found, then, screen))


def _found(ctx: UiContext, found: object, then: str, screen: SignInScreen | None) -> None:
    if not isinstance(found, Learner):
        _not_found(ctx, NOT_READY if isinstance(found, Exception) else UNKNOWN_CARD, screen)
        return
    ctx.session.sign_in(found)
    log.info("learner %s signed in", found.number)
    if ctx.window is None or ctx.window.current.name != then:
        ctx.go(then)  # a scan during a lesson signs in and leaves the lesson playing
    else:  # already there (a scan on home): the screen shows who is here now
        refresh = getattr(ctx.window.current, "session_did_change", None)
        if callable(refresh):
            refresh()
    ctx.say([_(GREETING).format(name=found.greeting_name)])


def sign_out(ctx: UiContext) -> None:
    """退出: the learner leaves; the kiosk is made ready for the next person, as the idle
    reset does, and says goodbye by name."""
    learner = ctx.session.learner
    if ctx.window is not None:
        ctx.window.reset_for_next_person()
    else:
        ctx.session.sign_out()
    if learner is not None:
        ctx.say([_(GOODBYE).format(name=learner.greeting_name)])


def _not_found(ctx: UiContext, sentence: str, screen: SignInScreen | None) -> None:
    if screen is not None and screen.isVisible():
        screen.show_unknown(sentence)
    else:
        ctx.say([_(sentence)])

