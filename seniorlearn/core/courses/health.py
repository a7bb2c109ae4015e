"""The doctor's "Course library" row: is every installed course's folder there and whole?

Only reads (a lost index is rebuilt from ``store/`` as any read does) and only stats files,
so it is quick; ``seniorlearn courses verify`` re-hashes every byte.
"""

from __future__ import annotations

from seniorlearn.core.courses.errors import PackError
from seniorlearn.core.courses.library import CourseLibrary
from seniorlearn.core.courses.manifest import localized
from seniorlearn.core.doctor import CheckResult
from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.core.paths import Paths

TITLE = N_("Course library")
ALL_THERE = N_("{count} courses are installed and all their files are there (“seniorlearn "
               "courses verify” checks every byte).")
NONE_YET = N_("No courses are installed yet; the demo courses are installed when the kiosk "
              "starts, others from a USB stick in the volunteer area.")
INCOMPLETE = N_("Files of {count} courses are missing ({titles}); in the volunteer area → "
                "Courses, import their course packs again or remove them.")
REBUILT = N_("The list of installed courses was missing or damaged and has been rebuilt from "
             "the course folders.")
UNREADABLE = N_("The course library cannot be read ({cause}); run “seniorlearn courses "
                "list” and tell the support team.")


def check_course_library(paths: Paths) -> CheckResult:
    """A warning (not a failure) for courses whose files are gone: the others still work."""
    title = _(TITLE)
    library = CourseLibrary(paths, video_check=None)
    try:
        courses = library.courses()
        broken = [localized(m.title, current_language()) for m in library.missing()]
        broken += [localized(c.title, current_language()) for c in courses
                   if not library.is_complete(c.id)]
    except PackError as exc:
        return CheckResult("courses", title, False, _(UNREADABLE).format(cause=exc.message))
    note = _(REBUILT) + " " if library.repaired else ""
    if broken:
        return CheckResult("courses", title, False, note + _(INCOMPLETE).format(
            count=len(broken), titles="、".join(broken)), required=False)
    if not courses:
        return CheckResult("courses", title, True, note + _(NONE_YET))
    return CheckResult("courses", title, True, note + _(ALL_THERE).format(count=len(courses)))
