"""``seniorlearn courses ...``: import, list, verify and remove course packs.

``add_course_commands(subparsers)`` adds the ``courses`` group to the main parser and returns
its own subparsers, so more actions (``build``) can join; ``main(args)`` runs one action.
``list`` and ``verify`` only read (they never delete anything); ``import`` and ``remove``
clear what an interrupted import provably left. A problem is one translated sentence on
stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seniorlearn.core.i18n import N_, _

if TYPE_CHECKING:
    from seniorlearn.core.courses import CourseLibrary, ImportProgress

NO_COURSES = N_("No courses are installed.")
ALL_INTACT = N_("All {count} files of the installed courses are intact.")
REMOVED = N_("The course “{title}” was removed; its study records are kept.")
FILES_GONE = N_("The files of this course are missing; import its course pack again to "
                "reinstall it.")
INDEX_REBUILT = N_("The list of installed courses was missing or damaged; it has been rebuilt "
                   "from the course folders, nothing else needs to be done.")
NO_PACKS = N_("No course packs were found. Put the packs in a folder named SENIORLEARN on the "
              "USB stick and plug it in.")
UNEXPECTED = N_("The command failed unexpectedly ({cause}); run “seniorlearn doctor” and tell "
                "the support team.")

Handler = Callable[["CourseLibrary", argparse.Namespace], int]
HANDLERS: dict[str, Handler] = {}


def add_course_commands(subparsers: Any) -> Any:
    """Add ``courses import|list|verify|remove``; returns the group's subparsers."""
    courses = subparsers.add_parser("courses", help="import, list, check and remove courses")
    actions = courses.add_subparsers(dest="courses_action", required=True)
    imp = actions.add_parser("import", help="install a course pack (a folder or a .zip)")
    imp.add_argument("path", type=Path)
    imp.add_argument("--reserve-mb", type=int, default=200, metavar="MB",
                     help="free space to leave on the disk after the import (default 200)")
    listing = actions.add_parser("list", help="the installed courses and their lessons")
    listing.add_argument("--json", action="store_true", help="print them as JSON")
    verify = actions.add_parser("verify", help="re-check every installed file's hash")
    verify.add_argument("course_id", nargs="?")
    scan = actions.add_parser("scan", help="the course packs on a USB stick, and how each "
                              "compares with the installed course")
    scan.add_argument("folder", nargs="?", type=Path,
                      help="where to look (default: the USB sticks under /media and /run/media)")
    scan.add_argument("--json", action="store_true", help="print them as JSON")
    remove = actions.add_parser("remove", help="uninstall a course (study records are kept)")
    remove.add_argument("course_id")
    return actions


def main(args: argparse.Namespace) -> int:
    """Run ``args.courses_action``; 0 on success, 2 for a problem the person can fix."""
    from seniorlearn.core.config import Config
    from seniorlearn.core.courses import CourseLibrary, PackError
    from seniorlearn.core.i18n import set_language
    from seniorlearn.core.paths import Paths

    paths = Paths.from_env()
    _log_to_file(paths.logs / "courses.log")
    try:
        set_language(Config(paths.config_file).get("language"))
        reserve = getattr(args, "reserve_mb", 200) * 2**20
        library = CourseLibrary(paths, reserve_bytes=reserve)
        code = HANDLERS[args.courses_action](library, args)
        if library.repaired:
            _say_problem(_(INDEX_REBUILT))
        return code
    except PackError as exc:
        _say_problem(exc.message)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a person must never see a traceback
        _say_problem(_(UNEXPECTED).format(cause=f"{type(exc).__name__}: {exc}"))
        return 1


def _log_to_file(path: Path) -> None:
    """The library's log lines (what was rebuilt, what was left alone) go to a file made
    at the first line, never to the volunteer's terminal as English lines."""
    import logging

    class LazyFile(logging.FileHandler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                return  # a read-only data home: the sentence on the terminal still shows
            super().emit(record)

        def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging API)
            pass  # a log that cannot be written must not print a traceback to the volunteer

    handler = LazyFile(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _say_problem(sentence: str) -> None:
    print(sentence, file=sys.stderr, flush=True)


def handler(name: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[name] = function
        return function
    return register


@handler("import")
def import_command(library: CourseLibrary, args: argparse.Namespace) -> int:
    progress = _print_progress if sys.stdout.isatty() else None
    result = library.import_pack(args.path, progress=progress)
    if progress is not None:
        print(flush=True)
    if result.outcome != "same_version":
        from seniorlearn.core.audit import record_from_terminal

        record_from_terminal(library.paths, "course_imported", course=_title(result.course.title),
               version=result.course.version)
    print(result.message)
    return 0


def _title(title: dict[str, str]) -> str:
    from seniorlearn.core.courses import localized
    from seniorlearn.core.i18n import current_language

    return localized(title, current_language())



def _print_progress(progress: ImportProgress) -> None:
    percent = int(100 * progress.done_bytes / max(progress.total_bytes, 1))
    print(f"\r{percent:3d}%", end="", flush=True)


@handler("list")
def list_command(library: CourseLibrary, args: argparse.Namespace) -> int:
    from seniorlearn.core.courses import localized
    from seniorlearn.core.i18n import current_language

    courses = library.courses()
    missing = library.missing()
    if args.json:
        print(json.dumps([{
            "id": c.id, "version": c.version, "title": c.title, "category": c.category,
            "files_missing": False,
            "lessons": [{"id": lesson.id, "title": lesson.title,
                         "duration_s": lesson.duration_s} for lesson in c.lessons],
        } for c in courses] + [{
            "id": m.id, "version": m.version, "title": m.title, "files_missing": True,
        } for m in missing], ensure_ascii=False, indent=2))
        return 0
    if not courses and not missing:
        print(_(NO_COURSES))
    language = current_language()
    for course in courses:
        print(f"{course.id}  v{course.version}  {localized(course.title, language)}")
        for lesson in course.lessons:
            print(f"    {lesson.id}  {_clock(lesson.duration_s)}  "
                  f"{localized(lesson.title, language)}")
    for gone in missing:
        print(f"{gone.id}  v{gone.version}  {localized(gone.title, language)}")
        print(f"    {_(FILES_GONE)}")
    return 0


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


@handler("scan")
def scan_command(library: CourseLibrary, args: argparse.Namespace) -> int:
    """The same lines the kiosk's import screen shows."""
    from seniorlearn.core.courses import describe_packs, find_usb_packs

    found = _packs_at(args.folder) if args.folder else find_usb_packs()
    packs = describe_packs(found, library)
    if args.json:
        print(json.dumps([pack.as_dict() for pack in packs], ensure_ascii=False, indent=2))
    elif not packs:
        print(_(NO_PACKS))
    for pack in [] if args.json else packs:
        print(pack.line())
        print(f"    {pack.path}")
    return 0


def _packs_at(folder: Path) -> list[Path]:
    """A pack itself, a SENIORLEARN folder, or a place with SENIORLEARN folders below it."""
    from seniorlearn.core.courses import find_usb_packs
    from seniorlearn.core.courses.discovery import USB_FOLDER, packs_in
    from seniorlearn.core.courses.manifest import MANIFEST_NAME

    if folder.suffix.lower() == ".zip" or (folder / MANIFEST_NAME).is_file():
        return [folder]
    if folder.name.upper() == USB_FOLDER:
        return sorted(packs_in(folder))
    return find_usb_packs([folder])


@handler("verify")
def verify_command(library: CourseLibrary, args: argparse.Namespace) -> int:
    problems = library.verify(args.course_id)
    for problem in problems:
        print(f"{problem.course_id}: {problem.path}: {problem.problem}")
    if problems:
        return 2
    courses = [library.course(args.course_id)] if args.course_id else library.courses()
    count = sum(len(c.media()) for c in courses if c is not None)
    print(_(ALL_INTACT).format(count=count))
    return 0


@handler("remove")
def remove_command(library: CourseLibrary, args: argparse.Namespace) -> int:
    from seniorlearn.core.courses import localized
    from seniorlearn.core.i18n import current_language

    course = library.course(args.course_id)
    gone = [m.title for m in library.missing() if m.id == args.course_id]
    library.remove(args.course_id)
    title = course.title if course is not None else (gone or [{"zh_CN": args.course_id}])[0]
    from seniorlearn.core.audit import record_from_terminal

    record_from_terminal(library.paths, "course_removed", course=_title(title))
    print(_(REMOVED).format(title=localized(title, current_language())))
    return 0
