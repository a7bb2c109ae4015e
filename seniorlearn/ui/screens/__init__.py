"""Importing this package registers every kiosk screen (see base.register)."""

from seniorlearn.ui.screens import home, idle, pinpad, topics, volunteer  # noqa: F401
