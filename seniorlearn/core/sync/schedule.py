"""When to try again: exponential backoff with full jitter, capped, so that a county's kiosks
do not all come back at the same second after an outage (AWS's "full jitter")."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

FIRST_S = 10.0
CAP_S = 15 * 60.0
EVERY_S = 5 * 60.0  # with nothing wrong, a look every five minutes


@dataclass
class Backoff:
    first_s: float = FIRST_S
    cap_s: float = CAP_S
    random: Callable[[float, float], float] = field(default=random.uniform)
    failures: int = 0

    def failed(self) -> float:
        """Seconds to wait after one more failure in a row."""
        self.failures += 1
        return self.random(0.0, min(self.cap_s, self.first_s * 2 ** (self.failures - 1)))

    def succeeded(self) -> float:
        self.failures = 0
        return EVERY_S
