"""The volunteer PIN pad: set a PIN on first use, then check it. Five wrong tries lock
the pad for fifteen minutes (the lock is kept on disk, see core/security.py)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from seniorlearn.core.i18n import N_
from seniorlearn.core.security import PIN_MAX_DIGITS, PIN_MIN_DIGITS, PinCheck, PinOutcome
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.widgets.common import BigButton, TrLabel

ASK_PIN = N_("Please enter the volunteer PIN.")
ASK_NEW = N_("No volunteer PIN is set yet. Choose a PIN of {low} to {high} digits.")
ASK_AGAIN = N_("Please enter the same PIN once more.")
MISMATCH = N_("The two PINs were different. Please choose a PIN again.")
TOO_SHORT = N_("A PIN has {low} to {high} digits. Please add more digits.")
WRONG = N_("That PIN is not right. You can try {tries} more times.")
LOCKED = N_("Too many wrong tries. The PIN pad is locked until {time}.")
CHECKING = N_("Checking…")
PIN_ERROR = N_("The PIN could not be checked. Please try again, or restart the kiosk.")


@register
class PinPadScreen(Screen):
    name = "pinpad"
    title_msgid = N_("Volunteer area")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.digits = ""
        self.first_pin: str | None = None
        self.setting_new = False
        self.message = TrLabel(ASK_PIN, role="body")
        self.message.setObjectName("PinMessage")
        self.column.addWidget(self.message)
        self.display = TrLabel("", role="display")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setObjectName("PinDisplay")
        self.column.addWidget(self.display)
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
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(grid, 3)
        row.addStretch(1)
        self.column.addLayout(row, 1)
        self.grid = grid

    def _add_key(self, grid: QGridLayout, digit: str, row: int, column: int) -> None:
        key = BigButton(digit, kind="key", translate=False)
        key.setObjectName(f"Key{digit}")
        key.clicked.connect(lambda _=False, d=digit: self.add_digit(d))
        grid.addWidget(key, row, column)
        self.keys.append(key)

    # ------------------------------------------------------------------ state

    def enter(self, **kwargs: object) -> None:
        self.reset()

    def reset(self) -> None:
        self.digits = ""
        self.first_pin = None
        self.setting_new = not self.ctx.pins.is_set()
        if self.setting_new:
            self.message.set_message(ASK_NEW, low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS)
        else:
            self.message.set_message(ASK_PIN)
        self._show_lock_if_any()
        self._refresh()

    def _show_lock_if_any(self) -> bool:
        until = self.ctx.pins.locked_until(self.ctx.clock())
        if until:
            self._show_locked(until)
        self._set_keys_enabled(not until)
        return bool(until)

    def _show_locked(self, until: float) -> None:
        stamp = time.strftime("%H:%M", time.localtime(until)) if until != float("inf") else "—"
        self.message.set_message(LOCKED, time=stamp)

    def _set_keys_enabled(self, enabled: bool) -> None:
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

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        text = event.text()
        if text.isdigit() and text.isascii():
            self.add_digit(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.remove_digit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.ok.isEnabled():
            self.submit()
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ submit

    def submit(self) -> None:
        pin, self.digits = self.digits, ""
        self._refresh()
        if self.setting_new:
            self._submit_new(pin)
        elif pin:
            self.message.set_message(CHECKING)
            self._set_keys_enabled(False)
            now = self.ctx.clock()
            self.ctx.run_task(lambda: self.ctx.pins.check(pin, now), self._checked)

    def _submit_new(self, pin: str) -> None:
        if not (PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS):
            self.message.set_message(TOO_SHORT, low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS)
        elif self.first_pin is None:
            self.first_pin = pin
            self.message.set_message(ASK_AGAIN)
        elif pin != self.first_pin:
            self.first_pin = None
            self.message.set_message(MISMATCH)
        else:
            self.ctx.pins.set_pin(pin)
            self._open_volunteer_area()
        self._speak_message()

    def _checked(self, result: object) -> None:
        self._set_keys_enabled(True)
        if not isinstance(result, PinCheck):
            self.message.set_message(PIN_ERROR)
            self._speak_message()
            return
        if result.outcome is PinOutcome.ACCEPTED:
            self._open_volunteer_area()
            return
        if result.outcome is PinOutcome.LOCKED:
            self._show_locked(result.locked_until)
            self._set_keys_enabled(False)
        else:
            self.message.set_message(WRONG, tries=result.tries_left)
        self._speak_message()

    def _speak_message(self) -> None:
        if self.isVisible():
            self.ctx.say([self.message.plain_text()])

    def _open_volunteer_area(self) -> None:
        self.ctx.session.volunteer = True
        self.ctx.go("volunteer")
