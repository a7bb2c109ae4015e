import json
from pathlib import Path

import pytest

from seniorlearn.core.security import LOCK_SECONDS, MAX_TRIES, PinOutcome, PinStore

NOW = 1_800_000_000.0


def test_pin_is_stored_as_a_salted_scrypt_hash(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    data = json.loads((tmp_path / "pin.json").read_text())
    assert data["algorithm"] == "scrypt"
    assert "2468" not in (tmp_path / "pin.json").read_text()
    other = PinStore(tmp_path / "other.json")
    other.set_pin("2468")
    assert json.loads((tmp_path / "other.json").read_text())["hash"] != data["hash"]


def test_right_pin_is_accepted_and_wrong_counts_down(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    assert store.check("2468", NOW).outcome is PinOutcome.ACCEPTED
    first = store.check("1111", NOW)
    assert first.outcome is PinOutcome.WRONG and first.tries_left == MAX_TRIES - 1


def test_five_wrong_tries_lock_for_fifteen_minutes_even_after_restart(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    results = [store.check("0000", NOW + i) for i in range(MAX_TRIES)]
    assert results[-1].outcome is PinOutcome.LOCKED
    restarted = PinStore(tmp_path / "pin.json")
    locked = restarted.check("2468", NOW + 60)
    assert locked.outcome is PinOutcome.LOCKED
    assert restarted.check("2468", NOW + MAX_TRIES + LOCK_SECONDS).outcome is PinOutcome.ACCEPTED


def test_a_right_pin_resets_the_count(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    for _ in range(MAX_TRIES - 1):
        store.check("0000", NOW)
    store.check("2468", NOW)
    assert store.check("0000", NOW).tries_left == MAX_TRIES - 1


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "１２３４", ""])
def test_bad_new_pins_are_refused(tmp_path: Path, pin: str) -> None:
    with pytest.raises(ValueError):
        PinStore(tmp_path / "pin.json").set_pin(pin)
    assert not (tmp_path / "pin.json").exists()


def test_a_damaged_pin_file_never_opens_the_volunteer_area(tmp_path: Path) -> None:
    path = tmp_path / "pin.json"
    path.write_text("{not json")
    store = PinStore(path)
    assert store.check("", NOW).outcome is PinOutcome.LOCKED
    assert store.locked_until(NOW) == float("inf")
