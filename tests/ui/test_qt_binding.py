"""Guards against a Qt binding that would crash a kiosk left running.

PySide6 6.12.0 on Python 3.11 takes a reference to None away on every call that returns
nothing; when the count runs out Python aborts the process ("none_dealloc"), minutes into a
lesson. pyproject.toml keeps that release out; this test fails on any release like it.
"""

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_that_return_nothing_keep_none_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(1_500):  # 3,000 calls: enough to see, too few to abort a bad binding
        label.setText(str(n % 7))
        label.hide()
    assert sys.getrefcount(None) > before - 1_000
