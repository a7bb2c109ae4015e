"""The checks behind ``seniorlearn doctor`` that need neither Qt nor an adapter.

Each check returns one :class:`CheckResult`: a row a volunteer reads, saying what was found
or what is wrong and what to do next, in the volunteer's words; paths, versions and raw
errors go in its ``technical`` part (``doctor --verbose`` and ``--json``).
``seniorlearn/doctor.py`` adds the checks that need libvlc, the voice and Qt, and prints
the table.
"""

from __future__ import annotations

import datetime
import os
import shutil
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from seniorlearn.core.audio import SoundReport, SoundState, what_to_do
from seniorlearn.core.config import Config, sentences
from seniorlearn.core.i18n import N_, _
from seniorlearn.core.paths import Paths
from seniorlearn.core.storage import backup
from seniorlearn.core.storage.db import integrity_problems

GOOD_FREE_BYTES = 2 * 1024**3
MIN_FREE_BYTES = 500 * 1024**2
PREFERRED_FONTS = ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi")

DATA_DIR = N_("Data folder")
DISK = N_("Free disk space")
DATABASE = N_("Database")
BACKUPS = N_("Backups")
BACKUP_STALE_DAYS = 2
FONT = N_("Chinese font")
SETTINGS = N_("Settings file")


@dataclass(frozen=True)
class CheckResult:
    """One row of the doctor's table; ``required=False`` rows only warn.

    ``detail`` is the sentence in the volunteer's language; ``technical`` what a technician
    needs besides (paths, versions, raw errors), shown only on request.
    """

    key: str
    title: str
    ok: bool
    detail: str
    required: bool = True
    technical: str = ""

    @property
    def status(self) -> str:
        """``ok``, ``warning`` (a problem that does not stop the kiosk) or ``failed``."""
        if self.ok:
            return "ok"
        return "failed" if self.required else "warning"


@dataclass(frozen=True)
class Check:
    """A check to run: its row key, its title (an untranslated msgid) and the function."""

    key: str
    title: str
    run: Callable[[], CheckResult]


class DiskUsage(NamedTuple):
    total: int
    used: int
    free: int


def exit_code(results: Sequence[CheckResult]) -> int:
    """0 when the kiosk can work (every required check passed), else 1."""
    return 0 if all(r.ok or not r.required for r in results) else 1


def run_checks(checks: Sequence[Check], timeout_s: float = 60.0) -> list[CheckResult]:
    """Run ``checks`` at the same time and return their rows in the order given.

    A check that raises or does not finish within ``timeout_s`` becomes a failed row.
    """
    results: list[CheckResult | None] = [None] * len(checks)

    def run(index: int, check: Check) -> None:
        try:
            results[index] = check.run()
        except Exception as exc:  # a broken check must still leave a row
            results[index] = _crashed(check, _("The check itself failed."),
                                      f"{type(exc).__name__}: {exc}")

    # Daemon threads rather than a ThreadPoolExecutor: its workers are joined at exit, so one
    # wedged engine (speech-dispatcher can need kill -9) would keep doctor from ever ending.
    threads = [threading.Thread(target=run, args=(i, c), daemon=True)
               for i, c in enumerate(checks)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout_s
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [r if r is not None else _crashed(c, _("The check did not finish within {seconds} "
                                                  "seconds.").format(seconds=round(timeout_s)))
            for r, c in zip(results, checks, strict=True)]


def _crashed(check: Check, detail: str, technical: str = "") -> CheckResult:
    return CheckResult(check.key, _(check.title), False, detail, technical=technical)


# ---------------------------------------------------------------- data folder and disk


def check_data_dir(paths: Paths) -> CheckResult:
    """The data home exists (created if missing) and a file written there reaches the disk."""
    title = _(DATA_DIR)
    probe = paths.home / f".doctor-probe-{os.getpid()}-{threading.get_ident()}"
    try:
        paths.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(probe, "wb") as fh:
            fh.write(b"seniorlearn doctor\n")
            fh.flush()
            os.fsync(fh.fileno())
        probe.unlink()
    except OSError as exc:
        return CheckResult("data_dir", title, False, _(
            "SeniorLearn cannot write to its data folder {path}. Make sure the folder exists and "
            "belongs to the kiosk's user, or set SENIORLEARN_HOME to a folder it can write to."
        ).format(path=paths.home), technical=str(exc))
    mode = stat.S_IMODE(paths.home.stat().st_mode)
    if mode & 0o077:
        return CheckResult("data_dir", title, False, _(
            "Other users of this computer can read the data folder; learners' records belong "
            "to the kiosk alone. Run: chmod 700 {path} (the kiosk also does this when it starts)."
        ).format(path=paths.home), required=False, technical=f"{paths.home}: mode {mode:o}")
    return CheckResult("data_dir", title, True,
                       _("The data folder can be written to, and only the kiosk's user can "
                         "read it."), technical=str(paths.home))


def _existing_ancestor(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.is_dir():
            return candidate
    return Path(path.anchor or ".")


def check_free_disk(
    paths: Paths, disk_usage: Callable[[Path], DiskUsage] | None = None
) -> CheckResult:
    """At least 2 GB free is fine, under 500 MB fails, in between is a warning."""
    measure = disk_usage or shutil.disk_usage
    title = _(DISK)
    where = _existing_ancestor(paths.home)
    try:
        free = measure(where).free
    except OSError as exc:
        return CheckResult("disk", title, False, _(
            "The free space on the kiosk's disk could not be measured."
        ), technical=f"{where}: {exc}")
    amount, where_text = _format_size(free), f"{paths.home}: {free} bytes free"
    if free >= GOOD_FREE_BYTES:
        return CheckResult("disk", title, True, _(
            "{amount} free on the kiosk's disk."
        ).format(amount=amount), technical=where_text)
    if free < MIN_FREE_BYTES:
        return CheckResult("disk", title, False, _(
            "Only {amount} free on the kiosk's disk; it needs at least 500 MB to save study "
            "records. Delete old backups or courses nobody uses, then run doctor again."
        ).format(amount=amount), technical=where_text)
    return CheckResult("disk", title, False, _(
        "Only {amount} free on the kiosk's disk. The kiosk works, but new courses may not "
        "fit: free up space soon (at least 2 GB is best)."
    ).format(amount=amount), required=False, technical=where_text)


def _format_size(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    return f"{size // 1024**2} MB"


# ---------------------------------------------------------------- database


def check_database(paths: Paths) -> CheckResult:
    """A missing database is fine (it is made at first start); an existing one must be sound."""
    title = _(DATABASE)
    path = paths.database
    if not path.exists():
        return CheckResult("database", title, True, _(
            "No database yet; it is made at the first start."), technical=str(path))
    problems = integrity_problems(path)
    if problems:
        return CheckResult("database", title, False, _(
            "The database {path} is damaged. Restore the latest copy from {backups}, or move the "
            "damaged file elsewhere so a new one is created (the study records in it are then "
            "missing until it is repaired)."
        ).format(path=path, backups=paths.backups), technical=str(problems[0]))
    return CheckResult("database", title, True, _("The database is in good order."),
                       technical=f"{path}: PRAGMA integrity_check ok")


NO_BACKUP_NEEDED = N_("No database yet, so no backup yet; the kiosk makes one each day once "
                      "it is in use.")
NO_BACKUP = N_("There is no backup of the database yet. The kiosk makes one each day while it "
               "runs; make one now with “seniorlearn backup”.")
BACKUP_TOO_OLD = N_("The newest backup is {days} days old ({day}), so backups have stopped. "
                    "Make one now with “seniorlearn backup”; if it fails, it says why.")
BACKUP_TODAY = N_("The newest backup is from today; {count} are kept (at most seven).")
BACKUP_YESTERDAY = N_("The newest backup is from yesterday; {count} are kept (at most seven).")
BACKUP_DAYS = N_("The newest backup is {days} days old ({day}); {count} are kept (at most "
                 "seven).")


def check_backups(paths: Paths, today: datetime.date | None = None) -> CheckResult:
    """The newest backup's age in words, and whether a backup can be made now; only warns
    (the kiosk works without backups, but a lost disk would take every record with it)."""
    found = backup.backups(paths.backups)
    technical = f"{paths.backups}: {', '.join(p.name for _d, p in found) or 'none'}"
    if not found and not paths.database.exists():
        return CheckResult("backups", _(BACKUPS), True, _(NO_BACKUP_NEEDED), required=False,
                           technical=technical)
    age = _backup_age(found, today or datetime.date.today())
    problem = backup.folder_problem(paths.database, paths.backups)
    ok = problem is None and age is not None and age[0] <= BACKUP_STALE_DAYS
    detail = sentences(problem or "", _backup_age_words(age, len(found)))
    return CheckResult("backups", _(BACKUPS), ok, detail, required=False, technical=technical)


def _backup_age(found: list[tuple[datetime.date, Path]],
                today: datetime.date) -> tuple[int, datetime.date] | None:
    if not found:
        return None
    newest = found[0][0]
    return max(0, (today - newest).days), newest  # a clock set back is not a future backup


def _backup_age_words(age: tuple[int, datetime.date] | None, count: int) -> str:
    if age is None:
        return _(NO_BACKUP)
    days, day = age
    if days > BACKUP_STALE_DAYS:
        return _(BACKUP_TOO_OLD).format(days=days, day=day.isoformat())
    if days == 0:
        return _(BACKUP_TODAY).format(count=count)
    if days == 1:
        return _(BACKUP_YESTERDAY).format(count=count)
    return _(BACKUP_DAYS).format(days=days, day=day.isoformat(), count=count)


# ---------------------------------------------------------------- settings file


def check_settings(paths: Paths) -> CheckResult:
    """Every line of config.toml reads and every value is allowed; only warns (defaults work)."""
    title = _(SETTINGS)
    config = Config(paths.config_file, environ={})
    if not config.file_problems:
        if not paths.config_file.exists():
            return CheckResult("settings", title, True, _(
                "No settings file yet; the defaults are used until a setting is changed."))
        return CheckResult("settings", title, True, _("The settings file is in good order."),
                           technical=str(paths.config_file))
    return CheckResult("settings", title, False, sentences(*config.problem_sentences()),
                       required=False)


# ---------------------------------------------------------------- Chinese font


Runner = Callable[..., "subprocess.CompletedProcess[str]"]


def check_cjk_font(run: Runner = subprocess.run) -> CheckResult:
    """fontconfig knows a Chinese font; Noto CJK, Source Han or WenQuanYi are preferred."""
    title = _(FONT)
    install = "sudo apt install fonts-noto-cjk"
    try:
        proc = run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                   timeout=30)
    except FileNotFoundError:
        return CheckResult("font", title, False, _(
            "The font tool fc-list is missing, so fonts cannot be checked. Please install it "
            "and a Chinese font: {command}"
        ).format(command="sudo apt install fontconfig fonts-noto-cjk"))
    except subprocess.TimeoutExpired:
        return CheckResult("font", title, False, _(
            "fc-list did not answer within 30 seconds. Run fc-cache -f once, then run doctor "
            "again."
        ))
    families = sorted({name.strip() for line in proc.stdout.splitlines()
                       for name in line.split(",") if name.strip()}, key=_font_rank)
    if not families:
        return CheckResult("font", title, False, _(
            "No Chinese font was found. Please install fonts-noto-cjk: {command}"
        ).format(command=install))
    if _font_rank(families[0])[0] == 0:
        return CheckResult("font", title, True,
                           _("Chinese font found: {family}.").format(family=families[0]))
    return CheckResult("font", title, False, _(
        "Only {family} was found for Chinese; some characters may look uneven. For the "
        "clearest text install fonts-noto-cjk: {command}"
    ).format(family=families[0], command=install), required=False)


def _font_rank(family: str) -> tuple[int, int, int, str]:
    """Preferred families first; among them Simplified Chinese, sans, not monospace."""
    preferred = any(family.startswith(p) for p in PREFERRED_FONTS)
    return (0 if preferred else 1, 0 if family.endswith(" SC") else 1,
            ("Serif" in family) + ("Mono" in family), family)


def core_checks(paths: Paths) -> list[Check]:
    """The checks above, bound to one data home, ready for :func:`run_checks`."""
    return [
        Check("data_dir", DATA_DIR, lambda: check_data_dir(paths)),
        Check("settings", SETTINGS, lambda: check_settings(paths)),
        Check("disk", DISK, lambda: check_free_disk(paths)),
        Check("database", DATABASE, lambda: check_database(paths)),
        Check("backups", BACKUPS, lambda: check_backups(paths)),
        Check("font", FONT, check_cjk_font),
    ]


# ---------------------------------------------------------------- volunteer PIN

PIN = N_("Volunteer PIN")


def check_volunteer_pin(paths: Paths, now: float | None = None) -> CheckResult:
    """Set, never set, missing, damaged or locked, each with what to do; only ever a warning
    (learners can use the kiosk either way)."""
    from seniorlearn.core.security import LockReason, PinState, PinStore

    title = _(PIN)
    status = PinStore(paths.pin_file).status(time.time() if now is None else now)
    reset = "seniorlearn pin reset"
    if status.state is PinState.NEVER_SET:
        detail = _("No volunteer PIN has been set yet, so the first person to open the volunteer "
                   "area could choose it. Set one now: {command}").format(
            command="seniorlearn pin set")
    elif status.state is PinState.MISSING:
        detail = _("The PIN file has disappeared, so the volunteer area stays locked. Set a "
                   "new PIN: {command}").format(command=reset)
    elif status.state is PinState.DAMAGED:
        detail = _("The PIN file is damaged or was edited, so the volunteer area stays locked. "
                   "Set a new PIN: {command}").format(command=reset)
    elif status.reason in (LockReason.TRIES, LockReason.UNSAVED):
        detail = _("The PIN pad is locked after {count} wrong tries until {time}. Wait until "
                   "then, or set a new PIN: {command}").format(
            count=status.failures, command=reset,
            time=time.strftime("%Y-%m-%d %H:%M", time.localtime(status.locked_until)))
    else:
        return CheckResult("pin", title, True, _("A volunteer PIN is set."))
    return CheckResult("pin", title, False, detail, required=False,
                       technical=str(paths.pin_file))


# ---------------------------------------------------------------- sound output

SOUND = N_("Sound output")


def check_sound_output(report: SoundReport) -> CheckResult:
    """What the sound probe found. No sound is a note, not a failure: the screens, lessons
    and subtitles still work, but read-aloud and the lessons' voices cannot be heard, so
    the verdict must say something needs attention."""
    title = _(SOUND)
    if report.state is SoundState.OK:
        return CheckResult("sound", title, True, _(
            "The sound output works. Whether the speakers are on can only be heard: use "
            "“Test the sound” in the volunteer area's Settings."
        ), required=False, technical=report.detail)
    return CheckResult("sound", title, False, what_to_do(report), required=False,
                       technical=report.detail)
