"""``seniorlearn pin set|reset|status``: the volunteer PIN from a terminal.

Whoever installs the kiosk sets the first PIN here (the kiosk's own first-run screen only
offers it while no PIN has ever been set). ``reset`` is the technician's way back from a
forgotten PIN, a locked pad or a lost or damaged PIN file. On a terminal the PIN is asked
twice without showing it; otherwise two lines are read from stdin, for scripts:

    printf '2468\\n2468\\n' | seniorlearn pin set
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from typing import Any

from seniorlearn.core.i18n import N_, _

ASK = N_("New volunteer PIN ({low} to {high} digits): ")
ASK_AGAIN = N_("The same PIN once more: ")
DIFFERENT = N_("The two PINs were different. Nothing was changed; please run the command again.")
NO_INPUT = N_("Two lines were expected on stdin, the PIN twice. Nothing was changed.")
NOT_SAVED = N_("The PIN could not be saved in {path} ({error}). Nothing was changed. Check "
               "that the data folder can be written: seniorlearn doctor")
SET_DONE = N_("The volunteer PIN is set. On the kiosk, hold the name 乐龄学堂 (top left) for "
              "three seconds to open the volunteer area.")
RESET_DONE = N_("A new volunteer PIN is set and the PIN pad is unlocked.")

RESET_HELP = ("give the kiosk a new volunteer PIN and lift any lock: for a forgotten PIN, a "
              "locked PIN pad, or a PIN file that was lost or damaged. Asks for the new PIN "
              "twice; the old one is not needed. Recorded in the audit log.")


def add_pin_commands(subparsers: Any) -> None:
    pin = subparsers.add_parser("pin", help="set, reset or check the volunteer PIN")
    actions = pin.add_subparsers(dest="pin_action", required=True)
    actions.add_parser("set", help="set the first volunteer PIN (refused if one was ever set; "
                                   "use reset then)")
    actions.add_parser("reset", help=RESET_HELP, description=RESET_HELP)
    actions.add_parser("status", help="whether a PIN is set, and whether the pad is locked "
                                      "(exit status 0 only when a PIN is set and not locked)")


def _read_twice() -> tuple[str, str] | None:
    from seniorlearn.core.security import PIN_MAX_DIGITS, PIN_MIN_DIGITS

    if sys.stdin.isatty():
        first = getpass.getpass(_(ASK).format(low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS))
        return first, getpass.getpass(_(ASK_AGAIN))
    lines = sys.stdin.read().splitlines()
    if len(lines) < 2:
        return None
    return lines[0].strip(), lines[1].strip()


def _fail(msgid: str, **args: object) -> int:
    print(f"seniorlearn pin: {_(msgid).format(**args)}", file=sys.stderr)
    return 2


def main(args: argparse.Namespace) -> int:
    """Run ``args.pin_action``; 0 on success, 2 for a problem the person can fix."""
    from seniorlearn.core.config import Config
    from seniorlearn.core.doctor import check_volunteer_pin
    from seniorlearn.core.i18n import set_language
    from seniorlearn.core.paths import Paths
    from seniorlearn.core.security import PIN_ALREADY_SET, PinError, PinStore

    paths = Paths.from_env()
    set_language(Config(paths.config_file).get("language"))
    if args.pin_action == "status":
        row = check_volunteer_pin(paths)
        print(row.detail)
        return 0 if row.ok else 1
    store = PinStore(paths.pin_file)
    resetting = args.pin_action == "reset"
    if not resetting and store.was_ever_set():
        return _fail(PIN_ALREADY_SET)
    try:
        pins = _read_twice()
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        return _fail(NO_INPUT)
    if pins is None:
        return _fail(NO_INPUT)
    if pins[0] != pins[1]:
        return _fail(DIFFERENT)
    try:
        store.set_pin(pins[0], time.time(), event="pin_reset" if resetting else "pin_set")
    except PinError as exc:
        print(f"seniorlearn pin: {exc.sentence()}", file=sys.stderr)
        return 2
    except OSError as exc:
        return _fail(NOT_SAVED, path=paths.pin_file, error=exc.strerror or exc)
    print(_(RESET_DONE if resetting else SET_DONE))
    return 0
