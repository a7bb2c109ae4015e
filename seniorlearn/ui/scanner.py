"""The card scanner, heard on every screen.

A USB scanner types the card's code and Enter faster than any hand (core/scanner.py tells
the two apart). This filter watches every key press of the kiosk window: a scan signs the
learner in wherever they are; a person typing is left alone. While a text field has focus
(a volunteer typing a name) nothing is intercepted: a scan there types the code into it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from seniorlearn.core.scanner import ScanDetector

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ScanListener(QObject):
    def __init__(self, window: QObject, on_scan: Callable[[str], None]) -> None:
        super().__init__(window)
        self.window = window
        self.on_scan = on_scan
        self.detector = ScanDetector()
        self._last: tuple[int, int, str] | None = None
        self._last_answer = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if getattr(watched, "window", lambda: None)() is not self.window:
            return False
        # One key press reaches the filter once for each widget it propagates through.
        seen = (event.timestamp(), event.key(), event.text())
        if seen == self._last:
            return self._last_answer
        self._last = seen
        self._last_answer = self._decide(event)
        return self._last_answer

    def _decide(self, event: QKeyEvent) -> bool:
        if isinstance(QApplication.focusWidget(), (QLineEdit, QTextEdit, QPlainTextEdit)):
            self.detector.reset()
            return False
        at = float(event.timestamp())
        if event.key() in ENTER_KEYS:
            code = self.detector.enter(at)
            if code is None:
                return False
            self.on_scan(code)
            return True
        text = event.text()
        self.detector.key(text, at)
        # The keys of a scan must not press buttons or type into the PIN pad.
        return self.detector.in_burst(at) and text.strip() != ""
