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


# ---------------------------------------------------------------- the defects

import math  # noqa: E402

from seniorlearn.core.audit import AuditLog  # noqa: E402
from seniorlearn.core.paths import Paths  # noqa: E402
from seniorlearn.core.security import (  # noqa: E402
    LOCK_STEPS,
    PIN_TOO_EASY,
    LockReason,
    PinError,
    PinState,
    pin_problem,
)
from tests import faults  # noqa: E402


def wrong_tries(store: PinStore, count: int, at: float) -> list:
    return [store.check("9753", at) for _ in range(count)]


def test_a_deleted_pin_file_means_locked_not_first_run(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    (tmp_path / "pin.json").unlink()
    assert store.is_set()
    assert store.status(NOW).state is PinState.MISSING
    assert store.check("2468", NOW).outcome is PinOutcome.LOCKED
    assert store.locked_until(NOW) == math.inf
    with pytest.raises(PinError):
        store.set_first_pin("1357", NOW)
    assert not (tmp_path / "pin.json").exists()


def test_deleting_the_marker_too_is_still_not_first_run(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    (tmp_path / "pin.json").unlink()
    Paths(tmp_path).pin_was_set.unlink()
    assert store.status(NOW).state is PinState.MISSING  # the audit log remembers


def test_first_pin_only_while_none_was_ever_set(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    assert store.status(NOW).state is PinState.NEVER_SET and not store.is_set()
    store.set_first_pin("2468", NOW)
    with pytest.raises(PinError):
        store.set_first_pin("1357", NOW)
    assert store.check("2468", NOW).outcome is PinOutcome.ACCEPTED


def test_locks_grow_and_the_count_survives_them(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    now = NOW
    for step in (*LOCK_STEPS, LOCK_STEPS[-1]):
        results = wrong_tries(store, MAX_TRIES, now)
        assert [r.outcome for r in results[:-1]] == [PinOutcome.WRONG] * (MAX_TRIES - 1)
        assert results[-1].outcome is PinOutcome.LOCKED
        assert results[-1].locked_until == now + step
        assert store.check("2468", now + step - 1).outcome is PinOutcome.LOCKED
        now += step
    assert store.status(now).failures == 4 * MAX_TRIES
    assert store.check("2468", now).outcome is PinOutcome.ACCEPTED
    assert store.check("9753", now).tries_left == MAX_TRIES - 1


def test_four_digit_pin_takes_years_to_guess(tmp_path: Path) -> None:
    """The issue: with a lock that restarted, 10,000 PINs fell in at most 21 days."""
    tries_per_day_after_the_first = MAX_TRIES * 86400 / LOCK_STEPS[-1]
    assert 10_000 / tries_per_day_after_the_first > 365


def _edit(path: Path, **fields: object) -> None:
    data = json.loads(path.read_text())
    data.update(fields)
    path.write_text(json.dumps(data))


def test_setting_locked_until_to_zero_does_not_lift_a_lock(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    wrong_tries(store, MAX_TRIES, NOW)
    _edit(tmp_path / "pin.json", locked_until=0)
    assert store.check("2468", NOW + 1).outcome is PinOutcome.LOCKED
    assert PinStore(tmp_path / "pin.json").locked_until(NOW + 10 * LOCK_SECONDS) == math.inf


def test_zeroing_every_count_in_the_file_does_not_lift_a_lock(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    wrong_tries(store, MAX_TRIES, NOW)
    _edit(tmp_path / "pin.json", failures=0, locked_until=0, lock_started=0)
    restarted = PinStore(tmp_path / "pin.json")
    check = restarted.check("2468", NOW + 60)
    assert check.outcome is PinOutcome.LOCKED and check.locked_until == NOW + LOCK_SECONDS
    assert restarted.check("2468", NOW + LOCK_SECONDS).outcome is PinOutcome.ACCEPTED


def test_an_old_format_file_is_read(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    data = json.loads((tmp_path / "pin.json").read_text())
    for key in ("version", "lock_started"):
        del data[key]
    (tmp_path / "pin.json").write_text(json.dumps({**data, "failures": 2}))
    status = PinStore(tmp_path / "pin.json").status(NOW)
    assert status.state is PinState.SET and status.tries_left == MAX_TRIES - 2


@pytest.mark.parametrize("fields", [
    {"failures": -1}, {"failures": "3"}, {"failures": True}, {"locked_until": "soon"},
    {"failures": 7, "locked_until": 0}, {"failures": 2, "locked_until": NOW},
    {"n": 2**30}, {"hash": "zz"}, {"salt": ""}, {"algorithm": "plain"},
    {"locked_until": float("nan")},
])
def test_inconsistent_or_damaged_fields_count_as_locked(tmp_path: Path, fields) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468")
    _edit(tmp_path / "pin.json", **fields)
    status = store.status(NOW)
    assert status.state is PinState.DAMAGED and status.locked_until == math.inf
    assert store.check("2468", NOW).reason is LockReason.DAMAGED


@pytest.mark.parametrize("pin", ["1111", "0000", "9999", "1234", "4321", "7890", "0987",
                                 "12345678", "1212", "123123", "2580", "5555"])
def test_trivial_pins_are_refused_with_a_sentence(tmp_path: Path, pin: str) -> None:
    assert pin_problem(pin) == PIN_TOO_EASY
    with pytest.raises(PinError) as refused:
        PinStore(tmp_path / "pin.json").set_pin(pin)
    assert "太容易" in refused.value.sentence()
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("pin", ["2468", "1357", "8264", "5093", "70315"])
def test_ordinary_pins_are_accepted(pin: str) -> None:
    assert pin_problem(pin) is None


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_read_only_home_right_pin_opens_wrong_pin_locks(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = PinStore(Paths(home).pin_file)
    store.set_pin("2468")
    wrong_tries(store, 2, NOW)  # so the right PIN has a count to reset
    before = _snapshot(home)
    with faults.read_only(home):
        assert store.check("2468", NOW).outcome is PinOutcome.ACCEPTED
        wrong = store.check("9753", NOW)
        assert wrong.outcome is PinOutcome.LOCKED and wrong.reason is LockReason.UNSAVED
        assert wrong.locked_until == NOW + LOCK_SECONDS
        assert store.check("2468", NOW + 1).outcome is PinOutcome.LOCKED
        assert _snapshot(home) == before
    assert store.check("2468", NOW + LOCK_SECONDS).outcome is PinOutcome.ACCEPTED


def test_full_home_right_pin_opens_wrong_pin_locks(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with faults.small_disk(home, "64k"):
        store = PinStore(Paths(home).pin_file)
        store.set_pin("2468")
        wrong_tries(store, 1, NOW)
        faults.fill(home)
        before = store.path.read_bytes()
        assert store.check("2468", NOW).outcome is PinOutcome.ACCEPTED
        assert store.path.read_bytes() == before
        # The PIN file cannot grow, but the log's last page had room: the try still counts.
        wrong_tries(store, MAX_TRIES - 1, NOW)
        assert store.status(NOW).failures == MAX_TRIES
        assert store.check("2468", NOW + 1).outcome is PinOutcome.LOCKED


def test_every_pin_event_is_in_the_audit_log(tmp_path: Path) -> None:
    store = PinStore(tmp_path / "pin.json")
    store.set_pin("2468", NOW)
    wrong_tries(store, MAX_TRIES, NOW)
    store.check("2468", NOW + LOCK_SECONDS)
    events = [r.what for r in AuditLog(Paths(tmp_path)).records()]
    assert events == ["pin_set", *["pin_wrong"] * MAX_TRIES, "pin_locked", "volunteer_opened"]


def test_a_first_pin_that_cannot_be_saved_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    store = PinStore(Paths(home).pin_file)
    with faults.read_only(home):
        with pytest.raises(OSError):
            store.set_first_pin("2468", NOW)
    assert list(home.iterdir()) == []
    assert store.status(NOW).state is PinState.NEVER_SET
