"""The kiosk's domain records as plain dataclasses (no storage, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Learner:
    number: str            # the code printed on the card (and in its QR code)
    name: str              # the full name, as on the county's roster
    call_name: str = ""    # how the kiosk greets them: 王阿姨
    birth_year: int | None = None
    phone: str = ""
    study_point: str = ""

    @property
    def greeting_name(self) -> str:
        return self.call_name or self.name
