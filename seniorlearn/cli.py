"""The ``seniorlearn`` command: kiosk, doctor, config, pin, courses, learners, hours and
backup (sync and export join as their issues land)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from seniorlearn import (
    __version__,
    backup_cli,
    certificate_cli,
    courses_cli,
    hours_cli,
    learners_cli,
    pin_cli,
    sync_cli,
)
from seniorlearn.core.config import Config, ConfigError, setting
from seniorlearn.core.i18n import N_, _, set_language
from seniorlearn.core.paths import Paths
from seniorlearn.core.sync.setup import PASSWORD_KEY, save_password


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("give the size as WIDTHxHEIGHT, e.g. 1920x1080") from None
    return width, height


def build_parser(with_build: bool = True) -> argparse.ArgumentParser:
    """The whole command line. ``with_build=False`` leaves out ``courses build``'s options,
    whose module (slide drawing, narration) would cost the kiosk's start-up 40 ms."""
    parser = argparse.ArgumentParser(
        prog="seniorlearn",
        description="SeniorLearn learning kiosk. With no command, starts the kiosk full screen.")
    parser.add_argument("--version", action="version", version=f"seniorlearn {__version__}")
    commands = parser.add_subparsers(dest="command")

    kiosk = commands.add_parser("kiosk", help="start the kiosk (full screen unless --windowed)")
    kiosk.add_argument("--windowed", action="store_true",
                       help="show the kiosk in a normal window, without lockdown")
    kiosk.add_argument("--size", type=_size, help="window size as WIDTHxHEIGHT (windowed)")
    kiosk.add_argument("--quit-after", type=float, metavar="SECONDS",
                       help="quit by itself after SECONDS (for smoke checks)")
    kiosk.add_argument("--screenshot", type=Path, metavar="PNG",
                       help="with --quit-after: save a picture of the window before quitting")
    kiosk.add_argument("--open", metavar="LESSON_ID", dest="open_lesson",
                       help="start straight in this lesson (to check a new course pack)")
    kiosk.add_argument("--learner", metavar="NUMBER",
                       help="start signed in as this learner (with --open: the lesson counts "
                            "toward their study hours)")
    kiosk.add_argument("--bench-first-paint", action="store_true", help=argparse.SUPPRESS)

    service = commands.add_parser(
        "kiosk-service", help="switch the installed kiosk service off or on (as root)")
    service.add_argument("switch", choices=("off", "on", "status"),
                         help="off: until the next start of the machine or 'on'")

    doctor = commands.add_parser("doctor", help="check that this machine can run the kiosk")
    doctor.add_argument("--json", action="store_true", help="print the checks as JSON")
    doctor.add_argument("--verbose", action="store_true",
                        help="also the technical detail: paths, versions, raw errors")

    config = commands.add_parser("config", help="show or change settings")
    actions = config.add_subparsers(dest="action", required=True)
    show = actions.add_parser("show", help="every setting and its value, in words")
    show.add_argument("--verbose", action="store_true",
                      help="also each setting's key, raw value, range, default and meaning")
    show.add_argument("--json", action="store_true", help="print the settings as JSON")
    actions.add_parser("repair", help="set a damaged settings file aside, keep the good settings")
    get = actions.add_parser("get", help="print one setting's value")
    get.add_argument("key")
    put = actions.add_parser("set", help="change one setting")
    put.add_argument("key")
    put.add_argument("value")
    pin_cli.add_pin_commands(commands)
    learners_cli.add_learner_commands(commands)
    hours_cli.add_hours_commands(commands)
    sync_cli.add_sync_commands(commands)
    backup_cli.add_backup_command(commands)
    certificate_cli.add_certificate_commands(commands)
    build = courses_cli.add_course_commands(commands).add_parser(
        "build", help="make a lesson or a course pack from scripts")
    if with_build:
        from seniorlearn import authoring_build

        authoring_build.add_arguments(build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(with_build="courses" in words).parse_args(words)
    if not (args.command == "courses" and getattr(args, "courses_action", "") == "build"):
        os.umask(0o077)  # what lands in the data home is for the kiosk's user alone
    if args.command in (None, "kiosk"):
        from seniorlearn.app import KioskOptions, run_kiosk

        options = KioskOptions(
            windowed=getattr(args, "windowed", False),
            quit_after=getattr(args, "quit_after", None),
            screenshot=getattr(args, "screenshot", None),
            bench_first_paint=getattr(args, "bench_first_paint", False),
            size=getattr(args, "size", None),
            open_lesson=getattr(args, "open_lesson", None),
            learner=getattr(args, "learner", None),
        )
        return run_kiosk(options)
    if args.command == "kiosk-service":
        return kiosk_service_command(args.switch)
    if args.command == "doctor":
        from seniorlearn import doctor

        return doctor.main(["--json"] * args.json + ["--verbose"] * args.verbose)
    if args.command in ("courses", "pin", "config", "learners", "hours", "backup", "sync",
                        "export", "certificate") and (
            args.command != "courses" or args.courses_action != "build"):
        problem = _home_problem(args)
        if problem is not None:
            from seniorlearn.core.i18n import _, set_language
            from seniorlearn.core.paths import HOME_PROBLEMS

            set_language(Config(Paths.from_env().config_file).get("language"))

            print(_(HOME_PROBLEMS[problem]).format(path=Paths.from_env().home), file=sys.stderr)
            return 2
    if args.command == "courses" and args.courses_action == "build":
        from seniorlearn import authoring_build

        return authoring_build.run(args)
    if args.command == "courses":
        return courses_cli.main(args)
    if args.command == "pin":
        return pin_cli.main(args)
    if args.command == "learners":
        return learners_cli.main(args)
    if args.command == "hours":
        return hours_cli.main(args)
    if args.command == "backup":
        return backup_cli.main(args)
    if args.command in ("sync", "export"):
        return sync_cli.main(args)
    if args.command == "certificate":
        return certificate_cli.main(args)
    return config_command(args)


def kiosk_service_command(switch: str) -> int:
    """``seniorlearn-kiosk off|on|status`` (the package's wrapper of ``kiosk-service``)."""
    from seniorlearn.core import kiosk_service

    set_language(Config(Paths.from_env().config_file).get("language"))
    if switch == "status":
        state = kiosk_service.status()
        if not state.installed:
            print(_(kiosk_service.NOT_INSTALLED))
            return 2
        print(f"{state.values.get('ActiveState')} ({state.values.get('SubState')}), "
              f"NRestarts={state.restarts}")
        return 0 if state.running else 3
    code, sentence = kiosk_service.switch(switch == "on")
    print(sentence, file=sys.stdout if code == 0 else sys.stderr)
    return code


PASSWORD_HIDDEN = N_("The Learning Record Store password is never shown; set a new one with "
                     "seniorlearn config set lrs.password NEW.")
PASSWORD_SAVED = N_("The Learning Record Store password is saved (readable by the kiosk's user "
                    "only).")
REPAIRED = N_("The damaged settings file was kept as {copy}; the good settings were saved again "
              "in {path}.")
NOTHING_TO_REPAIR = N_("The settings file {path} is in good order; nothing was changed.")
UNEXPECTED = N_("The command failed unexpectedly ({cause}); run “seniorlearn doctor” and tell "
                "the support team.")


# What each command does to the data home: reading commands only need it to be a folder.
WRITING = {("courses", "import"), ("courses", "remove"), ("config", "set"), ("config", "repair"),
           ("pin", "set"), ("pin", "reset")}
# Every learners command opens the database, which may create or migrate it.
WRITING |= {("learners", action) for action in learners_cli.HANDLERS}
WRITING |= {("hours", action) for action in hours_cli.HANDLERS}
WRITING |= {("sync", ""), ("sync", "status"), ("export", "")}  # they open the database
WRITING |= {("certificate", "show"), ("certificate", "make")}  # both open the database
# ``backup`` only reads the home: its own sentences say why backups/ cannot be written.


def _home_problem(args: argparse.Namespace) -> str | None:
    """Why this command cannot use the data home (a key of HOME_PROBLEMS), or None; a
    reading command never creates or changes the folder."""
    from seniorlearn.core.paths import home_problem, prepare_home

    paths = Paths.from_env()
    action = (getattr(args, "courses_action", None) or getattr(args, "pin_action", None)
              or getattr(args, "learners_action", None) or getattr(args, "hours_action", None)
              or getattr(args, "sync_action", None) or getattr(args, "certificate_action", None)
              or getattr(args, "action", None) or "")
    if (args.command, action) in WRITING:
        return prepare_home(paths)
    return home_problem(paths)


def config_command(args: argparse.Namespace) -> int:
    """``config show|get|set|repair``: 0 when done, 2 for a problem the person can fix."""
    try:
        config = Config(Paths.from_env().config_file)
        set_language(config.get("language"))
        if args.action == "show":
            _print_problems(config)
            show_settings(config, verbose=args.verbose, as_json=args.json)
        elif args.action == "get" and args.key == PASSWORD_KEY:
            _say(_(PASSWORD_HIDDEN))
            return 2
        elif args.action == "get":
            print(config.get(setting(args.key).key))
        elif args.action == "set" and args.key == PASSWORD_KEY:
            save_password(Paths.from_env(), args.value)
            from seniorlearn.core.audit import record_from_terminal

            record_from_terminal(Paths.from_env(), "setting_changed", key=args.key, value="***")
            print(_(PASSWORD_SAVED))
        elif args.action == "set":
            config.set(args.key, args.value)
            from seniorlearn.core.audit import record_from_terminal

            record_from_terminal(Paths.from_env(), "setting_changed", key=args.key,
                                 value=config.get(args.key))
            _print_changed(config, args.key)
            _print_problems(config)
        else:
            copy = config.repair()
            message = NOTHING_TO_REPAIR if copy is None else REPAIRED
            print(_(message).format(copy=copy, path=config.path))
        sys.stdout.flush()  # a closed pipe must show up here, where it is handled
    except BrokenPipeError:
        return _reader_went_away()
    except ConfigError as exc:
        _say(exc.sentence())
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a person must never see a traceback
        _say(_(UNEXPECTED).format(cause=f"{type(exc).__name__}: {exc}"))
        return 1
    return 0


def show_settings(config: Config, verbose: bool, as_json: bool) -> None:
    """In the volunteer's words; the keys and raw values with --verbose, all of it in --json."""
    import json

    from seniorlearn.core.config_words import HOW_TO_CHANGE, setting_lines

    lines = setting_lines(config)
    if as_json:
        print(json.dumps([line.as_dict() for line in lines], ensure_ascii=False, indent=2))
        return
    for line in lines:
        print(line.line())
        if verbose:
            print(f"    {line.technical()}\n    {_(line.spec.description)}")
    print(f"\n{_(HOW_TO_CHANGE)}")


def _print_changed(config: Config, key: str) -> None:
    from seniorlearn.core.config_words import SettingLine

    spec = setting(key)
    print(SettingLine(spec, config.get(spec.key), config.source(spec.key)).line())


def _print_problems(config: Config) -> None:
    for sentence in config.problem_sentences():
        _say(sentence)


def _say(sentence: str) -> None:
    print(sentence, file=sys.stderr, flush=True)


def _reader_went_away() -> int:
    """``config show | head``: stop quietly, as a Unix tool killed by SIGPIPE would (see the
    Python docs, "Note on SIGPIPE"); stdout goes to /dev/null so the exit flush is silent."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 128 + 13  # 128 + SIGPIPE, what the shell reports for such a tool
