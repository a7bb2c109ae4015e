"""The UI thread's turn at the interpreter while workers compute.

Python hands its lock (the GIL) from one busy thread to the next every switch interval, 5 ms
by default. With a sync's three workers busy (building statements, posting, the database
writer) the UI thread can wait for several of those turns in a row: the sync bench measured
24-34 ms stalls on a loaded machine, 10-13 ms with a 1 ms interval. A kiosk is for people, not
throughput: the workers lose a little, the screen stays within a frame.
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL_S = 0.001


def favour_ui_thread() -> None:
    """Shorter turns for every thread, so the UI thread gets the interpreter back sooner."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
