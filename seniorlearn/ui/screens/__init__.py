"""Kiosk screens. Each module registers its screens (see base.register) when imported.

Only the home screen is imported before the first paint; ``load_all`` brings in the
rest when a screen is first opened, and the audit and screenshot script call it too.
"""

from __future__ import annotations

import importlib

MODULES = ("home", "topics", "courses", "kinds", "lesson", "pinpad", "volunteer",
           "course_admin", "idle", "volunteer_tools", "my_learning", "signin", "learners",
           "learner_edit", "learner_cards", "roster_import", "camera_signin", "sync_status",
           "reports", "learner_report")


def load_all() -> None:
    for module in MODULES:
        importlib.import_module(f"seniorlearn.ui.screens.{module}")
