"""What can go wrong with a course pack, as one translated sentence each.

Every sentence says what is wrong and what to do next. ``PackError.message`` translates
when it is read (the kiosk's current language); ``PackError.cause`` is English for logs.
"""

from __future__ import annotations

from typing import Any

from seniorlearn.core.i18n import N_, _

NOT_FOUND = N_("{name} was not found; check the path and try again.")
NOT_A_PACK = N_("{name} is not a course pack (it has no manifest.json at its top); choose a "
                "folder or .zip file made for SeniorLearn.")
BAD_ZIP = N_("{name} is not a readable .zip file; copy it from the publisher again and retry.")
BAD_JSON = N_("The pack's list of contents (manifest.json) cannot be read; ask the publisher "
              "for a new copy of the pack.")
SCHEMA_VERSION = N_("This pack uses format {version}, which this SeniorLearn cannot read; "
                    "ask the publisher for a pack in format 1 or update SeniorLearn.")
MISSING_FIELD = N_("The pack's list of contents lacks the entry {field}; ask the publisher "
                   "to fix the pack.")
EXTRA_FIELD = N_("The pack's list of contents has an unknown entry {field}; ask the publisher "
                 "to fix the pack.")
BAD_VALUE = N_("The entry {field} in the pack's list of contents is not valid; ask the "
               "publisher to fix the pack.")
DUPLICATE_LESSON = N_("Two lessons in the pack have the same id {lesson}; ask the publisher "
                      "to fix the pack.")
DUPLICATE_FILE = N_("The pack holds the file {path} twice; ask the publisher for a corrected "
                    "pack.")
MISSING_FILE = N_("The file {path} listed in the pack is missing; copy the whole pack again "
                  "and retry.")
DAMAGED_FILE = N_("The file {path} in the pack is damaged or incomplete; copy the pack again "
                  "and retry.")
UNLISTED_FILE = N_("The pack holds a file that is not in its list of contents ({path}); use "
                   "the pack exactly as the publisher made it.")
UNSAFE_PATH = N_("The pack names a file in a way that is not allowed ({path}); do not use "
                 "this pack and tell the publisher.")
LINK = N_("The pack contains a link or special file ({path}) instead of a plain file; copy "
          "the pack again as plain files.")
BOMB = N_("The file {path} in the pack unpacks to far more than it should, so the pack was "
          "refused; do not use this pack and tell the publisher.")
BAD_NAME = N_("The pack contains a file whose name cannot be read ({path}); ask the "
              "publisher for a corrected pack.")
BAD_VIDEO = N_("The video {path} in the pack cannot be played; ask the publisher for a "
               "corrected pack.")
NO_SPACE = N_("There is not enough free space for this course ({needed} MB needed, {free} MB "
              "free); remove a course that is no longer needed and try again.")
OLDER = N_("A newer version of this course is already installed (version {installed}, the "
           "pack has version {version}); remove the installed course first if you really "
           "want the older one.")
DISK_FULL = N_("The kiosk's disk became full while the course was being saved, so nothing "
               "was changed; remove a course that is no longer needed and try again.")
CANCELLED = N_("The import was cancelled; the courses on this kiosk are unchanged.")
NOT_INSTALLED = N_("No course with the id {course_id} is installed; run “seniorlearn courses "
                   "list” to see the installed ones.")
READ_FAILED = N_("The pack could not be read; check that the USB stick is still plugged in "
                 "and try again.")
WRITE_FAILED = N_("The course could not be saved on this kiosk; run “seniorlearn doctor” to "
                  "check the data folder.")
BUSY = N_("Another course import or removal is running; wait for it to finish and try again.")
INDEX_DAMAGED = N_("The list of installed courses on this kiosk is damaged; run “seniorlearn "
                   "courses verify” and tell the support team.")


class PackError(Exception):
    """A pack or library problem a person can act on."""

    def __init__(self, msgid: str, cause: str = "", **fields: Any) -> None:
        self.msgid = msgid
        self.fields = fields
        self.cause = cause or msgid.format(**fields)
        super().__init__(self.cause)

    @property
    def message(self) -> str:
        """The sentence for a person, in the kiosk's current language."""
        return _(self.msgid).format(**self.fields)


class ImportCancelled(PackError):
    """The person pressed Cancel; nothing was changed."""

    def __init__(self) -> None:
        super().__init__(CANCELLED, "import cancelled")
