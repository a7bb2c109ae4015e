"""The volunteer PIN pad, and the screen that changes the PIN behind it.

The first PIN is chosen here only while no PIN has ever been set on this kiosk; a PIN file
that disappears later means locked (see core/security.py). Wrong tries lock the pad for
longer and longer. Digits, Backspace and Enter work from a keyboard wherever focus is.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.security import (
    PIN_MAX_DIGITS,
    PIN_MIN_DIGITS,
    LockReason,
    PinCheck,
    PinError,
    PinOutcome,
    PinState,
    pin_problem,
)
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.theme import Theme
from seniorlearn.ui.widgets.common import BigButton, TrLabel

ASK_PIN = N_("Please enter the volunteer PIN.")
ASK_NEW = N_("No volunteer PIN is set yet. Choose a PIN of {low} to {high} digits.")
ASK_AGAIN = N_("Please enter the same PIN once more.")
MISMATCH = N_("The two PINs were different. Please choose a PIN again.")
TOO_SHORT = N_("A PIN has {low} to {high} digits. Please add more digits.")
WRONG = N_("That PIN is not right. You can try {tries} more times.")
LOCKED = N_("Too many wrong tries, so the PIN pad is locked for {wait}, until {time}. Please "
            "come back then.")
KEYS_LOCKED = N_("The keys are locked.")
WAIT_UNDER_A_MINUTE = N_("less than a minute")
WAIT_ONE_MINUTE = N_("one minute")
WAIT_MINUTES = N_("{minutes} minutes")
WAIT_ONE_HOUR = N_("about an hour")
WAIT_HOURS = N_("about {hours} hours")
LOCKED_MISSING = N_("The PIN file has disappeared, so the PIN pad is locked. Please ask a "
                    "technician to set a new PIN.")
LOCKED_DAMAGED = N_("The PIN file is damaged, so the PIN pad is locked. Please ask a "
                    "technician to set a new PIN.")
LOCKED_UNSAVED = N_("This wrong try could not be saved (the kiosk's disk is full or cannot be "
                    "written), so the PIN pad is locked until {time}. Please tell a technician.")
NOT_SAVED = N_("The PIN could not be saved, because the kiosk's disk is full or cannot be "
               "written. Nothing was changed. Please tell a technician.")
CHECKING = N_("Checking…")
PIN_ERROR = N_("The PIN could not be checked. Please try again, or restart the kiosk.")
ASK_OLD = N_("To change the PIN, first enter the PIN you use now.")
ASK_CHANGED = N_("Now choose the new PIN, {low} to {high} digits.")
CHANGED = N_("The new PIN is saved. Use it from now on.")

# Keys that stand for a press of the pad's own buttons.
SUBMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def wait_words(until: float, now: float) -> str:
    """How long until ``until``, in words a person says: "14 minutes", "about 2 hours"."""
    seconds = max(0.0, until - now)
    minutes, hours = math.ceil(seconds / 60), math.ceil(seconds / 3600)
    if seconds < 60:
        return _(WAIT_UNDER_A_MINUTE)
    if minutes < 60:
        return _(WAIT_ONE_MINUTE) if minutes == 1 else _(WAIT_MINUTES).format(minutes=minutes)
    return _(WAIT_ONE_HOUR) if hours == 1 else _(WAIT_HOURS).format(hours=hours)


def lock_time(until: float, now: float) -> str:
    same_day = time.localtime(until)[:3] == time.localtime(now)[:3]
    return time.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M", time.localtime(until))


class PinKeyboard(QObject):
    """Sends digits, Backspace and Enter to the pad while it is shown, wherever focus is
    (on a key button, in the top bar, or nowhere after the focused key was disabled)."""

    def __init__(self, screen: PinScreen) -> None:
        super().__init__(screen)
        self.screen = screen

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        screen = self.screen
        if event.type() != QEvent.Type.KeyPress or not screen.isVisible():
            return False
        if not isinstance(watched, QWidget) or watched.window() is not screen.window():
            return False
        text, key = event.text(), event.key()
        if text.isascii() and text.isdigit() and len(text) == 1:
            if screen.ok.isEnabled():
                screen.add_digit(text)
            return True
        if key == Qt.Key.Key_Backspace:
            if screen.delete.isEnabled():
                screen.remove_digit()
            return True
        if key in SUBMIT_KEYS:
            if screen.ok.isEnabled():
                screen.submit()
            return True
        return False


class PinScreen(Screen):
    """A message, the dots and the 0-9 / Delete / OK keys; subclasses decide what OK does."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.digits = ""
        self.locked = False  # the keys are out of use until a lock ends
        self.message = TrLabel(ASK_PIN, role="body")
        self.message.setObjectName("PinMessage")
        self.display = TrLabel("", role="display")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setObjectName("PinDisplay")
        grid = QGridLayout()
        self.keys: list[BigButton] = []
        for index, digit in enumerate("123456789"):
            self._add_key(grid, digit, index // 3, index % 3)
        self.delete = BigButton(N_("Delete"), icon="delete")
        self.delete.clicked.connect(self.remove_digit)
        grid.addWidget(self.delete, 3, 0)
        self._add_key(grid, "0", 3, 1)
        self.ok = BigButton(N_("OK"), icon="check", kind="primary")
        self.ok.clicked.connect(self.submit)
        grid.addWidget(self.ok, 3, 2)
        for button in (self.delete, self.ok):
            button.setProperty("pad", True)
        # What to do on the left, the keys on the right: four rows of big keys under a
        # title and a message do not fit a 1280x800 screen in 特大 text.
        self.column.removeWidget(self.title_label)
        self.side = QVBoxLayout()
        for widget in (self.title_label, self.message, self.display):
            self.side.addWidget(widget)
        self.side.addStretch(1)
        keypad = QVBoxLayout()
        keypad.addLayout(grid)
        keypad.addStretch(1)  # the rows of keys stay together on a tall screen
        row = QHBoxLayout()
        row.addLayout(self.side, 2)
        row.addLayout(keypad, 3)
        self.column.addLayout(row, 1)
        self.grid = grid
        self.keyboard = PinKeyboard(self)
        # A pad left on screen while locked opens up again by itself when the lock ends.
        self.unlock_timer = QTimer(self)
        self.unlock_timer.setSingleShot(True)
        self.unlock_timer.timeout.connect(self._lock_may_have_ended)

    def speech_parts(self) -> list[str]:
        # The message before the keys, though the first row of keys is level with the title.
        first = [self.title_label.plain_text(), self.message.plain_text()]
        rest = [part for part in super().speech_parts() if part not in first]
        if self.locked:  # not "1, 2, 3 …": keys that cannot be pressed are one sentence
            keys = {key.plain_text() for key in [*self.keys, self.delete, self.ok]}
            rest = [_(KEYS_LOCKED)] + [part for part in rest if part not in keys]
        return first + rest

    def _add_key(self, grid: QGridLayout, digit: str, row: int, column: int) -> None:
        key = BigButton(digit, kind="key", translate=False)
        key.setObjectName(f"Key{digit}")
        key.setProperty("pad", True)
        key.clicked.connect(lambda _=False, d=digit: self.add_digit(d))
        grid.addWidget(key, row, column)
        self.keys.append(key)

    def apply_theme(self, theme: Theme) -> None:
        # Locked keys must look out of use, not merely have a dashed edge.
        p = theme.palette
        muted = p.disabled
        self.setStyleSheet(
            f'QPushButton[pad="true"]:disabled {{ background: {p.background}; color: {muted};'
            f" border-color: {muted}; border-style: dashed; }}")

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        app = _app()
        if app is not None:
            app.installEventFilter(self.keyboard)
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        app = _app()
        if app is not None:
            app.removeEventFilter(self.keyboard)
        self.unlock_timer.stop()
        super().hideEvent(event)

    def _lock_may_have_ended(self) -> None:
        # Either way the screen is shown again: the wait in the message counts down.
        self.reset()

    def set_keys_enabled(self, enabled: bool) -> None:
        self.locked = False
        for key in [*self.keys, self.delete, self.ok]:
            key.setEnabled(enabled)

    def _refresh(self) -> None:
        # Dots, never the digits: a learner standing by should not see the PIN.
        self.display.setText("●" * len(self.digits) if self.digits else "")
        self.display.setAccessibleName(
            f"{len(self.digits)}" if self.digits else self.message.plain_text()
        )

    def add_digit(self, digit: str) -> None:
        if len(self.digits) < PIN_MAX_DIGITS:
            self.digits += digit
            self._refresh()

    def remove_digit(self) -> None:
        self.digits = self.digits[:-1]
        self._refresh()

    def submit(self) -> None:
        pin, self.digits = self.digits, ""
        self._refresh()
        self.submit_pin(pin)

    def submit_pin(self, pin: str) -> None:
        raise NotImplementedError

    def say_message(self) -> None:
        if self.isVisible():
            self.ctx.say([self.message.plain_text()])

    # ------------------------------------------------------------------ shared steps

    def show_lock(self, until: float, reason: LockReason | None) -> None:
        """Show why and until when the pad is locked, and take the keys out of use."""
        now = self.ctx.clock()
        timed = until != float("inf")
        msgid = {LockReason.MISSING: LOCKED_MISSING, LockReason.DAMAGED: LOCKED_DAMAGED,
                 LockReason.UNSAVED: LOCKED_UNSAVED}.get(reason or LockReason.TRIES, LOCKED)
        self.message.set_message(msgid, time=lock_time(until, now) if timed else "",
                                 wait=wait_words(until, now) if timed else "")
        self.set_keys_enabled(False)
        self.locked = True
        if until != float("inf"):
            self._start_unlock_timer()

    def _start_unlock_timer(self) -> None:
        left = self.ctx.pins.locked_until(self.ctx.clock()) - self.ctx.clock()
        # Checked at least every 30 s: the kiosk's clock may be moved while it waits.
        self.unlock_timer.start(int(min(30.0, max(1.0, left)) * 1000))

    def check_pin(self, pin: str, opens: str | None) -> None:
        """Check ``pin`` off the UI thread; ``checked_right`` runs when it is right."""
        self.message.set_message(CHECKING)
        self.set_keys_enabled(False)
        now = self.ctx.clock()
        self.ctx.run_task(lambda: self.ctx.pins.check(pin, now, opens), self._checked)

    def _checked(self, result: object) -> None:
        self.set_keys_enabled(True)
        if not self.isVisible():
            # Home was pressed (or the idle reset came) while the PIN was being checked:
            # the volunteer area must not open behind the next person's back.
            self.reset()
            return
        if not isinstance(result, PinCheck):
            self.message.set_message(PIN_ERROR)
        elif result.outcome is PinOutcome.ACCEPTED:
            self.checked_right()
            return
        elif result.outcome is PinOutcome.LOCKED:
            self.show_lock(result.locked_until, result.reason)
        else:
            self.message.set_message(WRONG, tries=result.tries_left)
        self._refresh()
        self.say_message()

    def checked_right(self) -> None:
        raise NotImplementedError

    def new_pin_step(self, pin: str, first: str | None) -> str | None:
        """One step of choosing a PIN twice: the PIN to wait for again, or None to start over
        (the message says why). Returns ``pin`` itself when it is the first entry."""
        problem = TOO_SHORT if len(pin) < PIN_MIN_DIGITS else pin_problem(pin)
        if problem:
            self.message.set_message(problem, low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS)
            return None
        if first is None:
            self.message.set_message(ASK_AGAIN)
            return pin
        if pin != first:
            self.message.set_message(MISMATCH)
            return None
        return pin


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


@register
class PinPadScreen(PinScreen):
    name = "pinpad"
    title_msgid = N_("Volunteer area")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.first_pin: str | None = None
        self.setting_new = False

    def enter(self, **kwargs: object) -> None:
        self.reset()

    def reset(self) -> None:
        self.digits = ""
        self.first_pin = None
        status = self.ctx.pins.status(self.ctx.clock())
        self.setting_new = status.state is PinState.NEVER_SET
        self.set_keys_enabled(True)
        if self.setting_new:
            self.message.set_message(ASK_NEW, low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS)
        elif status.locked_until:
            self.show_lock(status.locked_until, status.reason)
        else:
            self.message.set_message(ASK_PIN)
        self._refresh()

    def submit_pin(self, pin: str) -> None:
        if self.setting_new:
            self._submit_new(pin)
        elif pin:
            self.check_pin(pin, "volunteer_opened")

    def _submit_new(self, pin: str) -> None:
        wanted = self.new_pin_step(pin, self.first_pin)
        if wanted is not None and self.first_pin is not None:
            self._save_first(wanted)
            return
        self.first_pin = wanted
        self._refresh()
        self.say_message()

    def _save_first(self, pin: str) -> None:
        self.first_pin = None
        now = self.ctx.clock()
        try:
            self.ctx.pins.set_first_pin(pin, now)
        except PinError as exc:
            self.message.set_message(exc.msgid, low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS)
            self.reset_keeping_message()
            return
        except OSError:
            self.message.set_message(NOT_SAVED)
            self.say_message()
            return
        self.ctx.pins.audit.record("volunteer", "volunteer_opened", at=now)
        self.checked_right()

    def reset_keeping_message(self) -> None:
        self.setting_new = self.ctx.pins.status(self.ctx.clock()).state is PinState.NEVER_SET
        self._refresh()
        self.say_message()

    def checked_right(self) -> None:
        self.ctx.session.volunteer = True
        self.ctx.go("volunteer")


@register
class ChangePinScreen(PinScreen):
    """Old PIN, then the new one twice."""

    name = "change_pin"
    title_msgid = N_("Change the PIN")
    volunteer_only = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.old_ok = False
        self.first_pin: str | None = None
        self.back = BigButton(N_("Back"), icon="back")  # a short word: the column is narrow
        self.back.clicked.connect(lambda: self.ctx.go("volunteer"))
        self.side.addWidget(self.back)

    def enter(self, **kwargs: object) -> None:
        self.reset()

    def reset(self) -> None:
        self.digits, self.old_ok, self.first_pin = "", False, None
        self.set_keys_enabled(True)
        status = self.ctx.pins.status(self.ctx.clock())
        if status.locked_until:
            self.show_lock(status.locked_until, status.reason)
        else:
            self.message.set_message(ASK_OLD)
        self._refresh()

    def submit_pin(self, pin: str) -> None:
        if not self.old_ok:
            if pin:
                self.check_pin(pin, None)
            return
        wanted = self.new_pin_step(pin, self.first_pin)
        if wanted is not None and self.first_pin is not None:
            self._save(wanted)
            return
        self.first_pin = wanted
        self._refresh()
        self.say_message()

    def checked_right(self) -> None:
        self.old_ok = True
        self.message.set_message(ASK_CHANGED, low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS)
        self._refresh()
        self.say_message()

    def _save(self, pin: str) -> None:
        self.first_pin = None
        try:
            self.ctx.pins.set_pin(pin, self.ctx.clock(), event="pin_changed", via="screen")
        except PinError as exc:
            self.message.set_message(exc.msgid, low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS)
        except OSError:
            self.message.set_message(NOT_SAVED)
        else:
            self.message.set_message(CHANGED)
            self.old_ok = False
            self.set_keys_enabled(False)
        self._refresh()
        self.say_message()
