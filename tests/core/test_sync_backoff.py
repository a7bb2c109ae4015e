"""When the sync tries again: full jitter under a doubling ceiling, capped at 15 minutes, so a
county's kiosks spread out after an outage instead of all coming back at the same second."""

from __future__ import annotations

import random

from seniorlearn.core.sync.schedule import CAP_S, EVERY_S, FIRST_S, Backoff


def test_each_failure_doubles_the_ceiling_up_to_the_cap() -> None:
    asked: list[tuple[float, float]] = []
    backoff = Backoff(random=lambda low, high: asked.append((low, high)) or high)
    waits = [backoff.failed() for _ in range(12)]
    assert asked[0] == (0.0, FIRST_S) and asked[1] == (0.0, 2 * FIRST_S)
    assert waits == sorted(waits) and max(waits) == CAP_S == 15 * 60
    assert all(low == 0.0 for low, _high in asked)  # full jitter: anywhere from now on
    assert backoff.succeeded() == EVERY_S and backoff.failed() == FIRST_S  # a fresh start


def test_a_hundred_kiosks_after_an_outage_do_not_come_back_together() -> None:
    rng = random.Random(7)
    kiosks = [Backoff(random=rng.uniform) for _ in range(100)]
    for kiosk in kiosks:
        for _ in range(5):
            kiosk.failed()
    fifth = [kiosk.failed() for kiosk in kiosks]  # ceiling 10 s * 2**5 = 320 s
    assert all(0.0 <= wait <= FIRST_S * 2 ** 5 for wait in fifth)
    per_minute = [sum(1 for wait in fifth if m * 60 <= wait < (m + 1) * 60) for m in range(6)]
    assert max(per_minute) < 40, per_minute  # spread over the minutes, not one burst
