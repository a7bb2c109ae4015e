"""Composition root: settings, paths, services and adapters, then the Qt kiosk.

Start-up does only what the first paint needs; the speech engine, the database and
everything else slow start right after the home screen is on screen.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from seniorlearn.core.config import Config
from seniorlearn.core.i18n import N_, _, set_language
from seniorlearn.core.paths import HOME_PROBLEMS, Paths, prepare_home
from seniorlearn.core.sdnotify import Notifier
from seniorlearn.core.security import PinStore
from seniorlearn.core.session import KioskSession
from seniorlearn.core.speech import SilentSpeaker, Speaker

log = logging.getLogger("seniorlearn")

ALREADY_RUNNING = N_("The learning kiosk is already running; it was brought to the front.")


@dataclass
class KioskOptions:
    windowed: bool = False
    quit_after: float | None = None
    screenshot: Path | None = None
    bench_first_paint: bool = False
    size: tuple[int, int] | None = None
    open_lesson: str | None = None  # volunteers' deep link: start in this lesson
    learner: str | None = None  # start signed in as this learner number


class UnavailableSpeaker(SilentSpeaker):
    """Stands in when the engine cannot be loaded; the kiosk shows a quiet notice."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def is_available(self) -> bool:
        return False

    def problem(self) -> str | None:
        return self.reason


def setup_logging(paths: Paths) -> None:
    """Log to a rotating file under the data home (set up after the first paint; until
    then warnings go to stderr, which the kiosk's service manager keeps). A log file that
    cannot be opened leaves the log on stderr: logging never stops the kiosk."""
    import logging.handlers

    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        paths.logs.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            paths.logs / "kiosk.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError as exc:
        if not root.handlers:
            root.addHandler(logging.StreamHandler())
        log.warning("the log file under %s cannot be opened (%s); logging to stderr",
                    paths.logs, exc)
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def make_speaker(config: Config, on_event=None) -> Speaker:
    if not config.get("speech_enabled"):
        return SilentSpeaker()
    try:
        from seniorlearn.adapters.speech import EspeakSpeaker
        speaker = EspeakSpeaker(timeout_s=config.get("speech_timeout_seconds"),
                                on_event=on_event)
        speaker.set_rate(config.get("speech_rate"))
        return speaker
    except Exception as exc:  # noqa: BLE001 - any failure leaves a kiosk without a voice
        log.exception("speech engine could not be set up")
        return UnavailableSpeaker(f"speech engine could not be set up: {exc}")


def run_kiosk(options: KioskOptions, argv: Sequence[str] = ()) -> int:
    started = time.perf_counter()
    logging.raiseExceptions = False  # a log that cannot be written must never stop the kiosk
    os.umask(0o077)  # everything the kiosk writes is for its own user only
    paths = Paths.from_env()
    config = Config(paths.config_file)
    for problem in config.problems:
        log.warning(problem)
    set_language(config.get("language"))

    from PySide6.QtCore import QEvent, QObject, QSize, QTimer
    from PySide6.QtWidgets import QApplication

    from seniorlearn.ui.screens.base import UiContext
    from seniorlearn.ui.shell import KioskWindow
    from seniorlearn.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    from seniorlearn.ui.collector import GarbageCollector, freeze_startup

    GarbageCollector(app)  # cycles holding widgets are freed on this thread only
    from seniorlearn.ui.interpreter import favour_ui_thread

    favour_ui_thread()
    from seniorlearn.ui.single_instance import SingleInstance

    instance = SingleInstance(paths.home)
    if not options.bench_first_paint and instance.ask_running_kiosk():
        print(_(ALREADY_RUNNING), flush=True)
        return 0
    instance.listen()
    notifier = Notifier()
    tasks = TaskRunner()
    # Silent until the engine is set up right after the first paint.
    ctx = UiContext(config=config, speaker=SilentSpeaker(), session=KioskSession(),
                    pins=PinStore(paths.pin_file), clock=time.time, run_task=tasks.run)
    size = QSize(*options.size) if options.size else None
    window = KioskWindow(ctx, locked_down=not options.windowed, size=size)
    stop_on_signals(window)
    instance.another_did_start.connect(lambda: bring_forward(window, options.windowed))
    schedules: list = []  # the daily backup's, made after the first paint

    def after_first_paint() -> None:
        painted = time.perf_counter() - started
        if options.bench_first_paint:
            print("first-paint", flush=True)
            os._exit(0)
        # The data home is made and probed (a write and an fsync) after the first paint too.
        home_problem = prepare_home(paths)
        if home_problem is not None:
            log.warning(_(HOME_PROBLEMS[home_problem]).format(path=paths.home))
        window.set_home_problem(home_problem)
        setup_logging(paths)
        log.info("home screen painted %.0f ms after start", 1000 * painted)
        if notifier.enabled:
            tell_service_manager(notifier, window, painted)
        window.watch_for_idle()
        ctx.speaker = make_speaker(config, on_event=_sound_events(window))
        from seniorlearn.adapters.audio import SoundWatch

        ctx.sound = SoundWatch()
        window.start_sound_checks()
        start = getattr(ctx.speaker, "start", None)
        if callable(start):
            tasks.run(start, _log_failure("speech engine start"))
        from seniorlearn.ui.backups import BackupSchedule

        schedules.append(backups := BackupSchedule(paths, tasks.run))  # once the db is open
        plan = StartPlan(ctx, options.learner, options.open_lesson)

        def database_opened(result: object) -> None:
            ready = _database_ready(ctx, result, backups.start)
            if ready:
                schedules.append(_start_sync(ctx, paths, tasks.run))
            plan.database_did_open(ready)

        tasks.run(lambda: _open_database(paths), database_opened)
        tasks.run(lambda: _open_library(paths),
                  lambda result: plan.library_did_open(_library_ready(ctx, result)))
        freeze_startup()

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                QTimer.singleShot(0, after_first_paint)
            return False

    first_paint = FirstPaint()
    window.current.installEventFilter(first_paint)

    if options.windowed:
        window.resize(size or QSize(1280, 800))
        window.show()
    else:
        window.cover_screen()
    if options.quit_after is not None:
        QTimer.singleShot(int(options.quit_after * 1000),
                          lambda: _finish(window, options.screenshot))
    window.window_did_close.connect(app.quit)
    code = app.exec()
    notifier.stopping()
    for schedule in schedules:
        schedule.stop()  # a backup or a sync under way stops at its next step
    ctx.speaker.shutdown()
    finished = tasks.shutdown()
    if ctx.database is not None:
        ctx.database.close()  # every write already asked for is finished first
    if not finished:
        # A worker still waits on the network (a sync's batch the link never answers) and
        # would hold the process until its request times out, past the service's stop
        # timeout. Everything is saved and closed, and a batch not confirmed stays pending
        # (sent again with the same ids): leave it behind.
        log.warning("stopping with a background task still waiting; it is left behind")
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def tell_service_manager(notifier: Notifier, window, painted: float) -> None:
    """READY=1 now that the home screen is painted; then WATCHDOG=1 from a timer on the UI
    thread, so a frozen UI misses its pings and systemd restarts the kiosk."""
    from PySide6.QtCore import QTimer

    notifier.ready(status=f"home screen painted after {painted:.2f} s")
    interval = notifier.ping_interval_ms()
    if interval is None:
        return
    timer = QTimer(window)
    timer.setInterval(interval)
    timer.timeout.connect(notifier.watchdog)
    timer.start()
    notifier.watchdog()
    log.info("watchdog pings every %d ms", interval)


def bring_forward(window, windowed: bool) -> None:
    """A second start of the kiosk: show this one in front instead."""
    if windowed:
        window.showNormal()
    else:
        window.cover_screen()
    window.raise_()
    window.activateWindow()


def stop_on_signals(window) -> None:
    """SIGTERM (a service manager stopping the kiosk) and SIGINT close the window like the
    volunteer's Exit does, so speech, temporary folders and pending writes are finished.

    Python runs signal handlers only between bytecodes, never inside Qt's event loop; the
    wake-up socket makes the loop itself notice the signal."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    for end in (reader, writer):
        end.setblocking(False)
    signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)  # the wake-up byte does the work
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)

    def stop() -> None:
        try:
            names = [signal.Signals(byte).name for byte in reader.recv(64)]
        except OSError:
            names = []
        log.info("stopping on %s", ", ".join(names) or "a signal")
        window.ctx.pins.audit.record("system", "kiosk_stopped",
                                     signal=", ".join(names) or "?")
        window.exit_kiosk()

    notifier.activated.connect(stop)
    window._signal_sockets = (reader, writer, notifier)  # kept alive with the window


def _finish(window, screenshot: Path | None) -> None:
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(screenshot))
        print(f"screenshot saved to {screenshot}", flush=True)
    window.exit_kiosk()


def _sound_events(window):
    """The voice's events, on its own thread: a sound it could not play reaches the window
    through a queued signal."""
    def on_event(name: str, details: dict) -> None:
        if name == "player_failed":
            window.sound_did_fail.emit(str(details.get("reason", "")))

    return on_event


def _log_failure(what: str):
    def done(result: object) -> None:
        if isinstance(result, Exception):
            log.error("%s failed: %s", what, result)

    return done


def _open_library(paths: Paths) -> object:
    """Set up the course library: clear what an interrupted import left, then install the
    bundled demo packs that are missing or newer."""
    from seniorlearn.core.courses import CourseLibrary, PackError, install_bundled
    from seniorlearn.core.paths import BUNDLED_PACKS_DIR

    library = CourseLibrary(paths)
    try:
        library.clean_staging()
        if BUNDLED_PACKS_DIR.is_dir():
            for result in install_bundled(library, BUNDLED_PACKS_DIR):
                log.info("bundled course %s: %s", result.course.id, result.outcome)
    except (OSError, PackError) as exc:
        # A read-only or full home: the courses already installed can still be played.
        log.warning("the course library could not be tidied or updated: %s", exc)
    return library


def _library_ready(ctx, result: object) -> bool:
    if isinstance(result, Exception):
        log.error("the course library could not be opened: %s", result)
        ctx.window.library_did_fail()
        return False
    ctx.window.library_did_open(result)
    return True


class StartPlan:
    """``--learner`` and ``--open``: the learner is signed in once the database is open, and
    only then the lesson opens (once the library is open too), so that its study counts."""

    def __init__(self, ctx, learner: str | None, lesson: str | None) -> None:
        self.ctx, self.learner, self.lesson = ctx, learner, lesson
        self.waiting = {"database", "library"} if learner else {"library"}

    def database_did_open(self, ready: bool) -> None:
        if not self.learner:
            return
        if not ready or self.ctx.learners is None:
            log.warning("learner %s cannot be signed in: the database is not open", self.learner)
            self._did("database")
            return
        learners, number = self.ctx.learners, self.learner
        self.ctx.run_task(lambda: learners.get(number), self._learner_found)

    def _learner_found(self, found: object) -> None:
        from seniorlearn.core.models import Learner

        if isinstance(found, Learner):
            self.ctx.session.sign_in(found)
            log.info("started signed in as learner %s", found.number)
        else:
            log.warning("there is no learner %s: the kiosk starts without anyone signed in",
                        self.learner)
        self._did("database")

    def library_did_open(self, ready: bool) -> None:
        if not ready:
            self.lesson = None  # the shell says the courses cannot open
        self._did("library")

    def _did(self, part: str) -> None:
        self.waiting.discard(part)
        if not self.waiting and self.lesson:
            # The lesson screen finds the course itself, and says so if the lesson is unknown.
            self.ctx.go("lesson", lesson_id=self.lesson)
            self.lesson = None


def _open_database(paths: Paths) -> object:
    """The one database writer, after closing what a power cut left open; None if the
    database cannot be used (a read-only, full or missing home: said already)."""
    import sqlite3

    from seniorlearn.core.storage.db import DatabaseError
    from seniorlearn.core.storage.study import close_left_open
    from seniorlearn.core.storage.writer import DatabaseWriter

    try:
        writer = DatabaseWriter(paths.database)
        closed = writer.write(close_left_open)
    except (OSError, sqlite3.Error, DatabaseError) as exc:
        log.warning("the database %s cannot be opened: %s", paths.database, exc)
        return None
    if closed:
        log.info("%d study sessions left open were closed at their last heartbeat", closed)
    return writer


UNSAVED_CHECK_MS = 10_000


def _watch_unsaved(ctx) -> None:
    """Study time the disk refused is kept in memory: try it again every 10 s and show the
    'cannot save' notice until it is saved (a lesson still playing retries at each beat)."""
    from PySide6.QtCore import QTimer

    def look() -> None:
        hours, window = ctx.hours, ctx.window
        if hours is None or window is None:
            return
        unsaved = hours.problem is not None
        if unsaved:
            hours.retry()
        window.set_ledger_problem(unsaved)

    timer = QTimer(ctx.window)
    timer.setInterval(UNSAVED_CHECK_MS)
    timer.timeout.connect(look)
    timer.start()


def _start_sync(ctx, paths: Paths, run_task):
    """Send study records to the county's LRS in the background (nothing when not set up)."""
    from seniorlearn.core.sync.setup import sync_service
    from seniorlearn.ui.sync_schedule import SyncSchedule

    ctx.sync = SyncSchedule(sync_service(ctx.database, ctx.config, paths), run_task)
    ctx.sync.start()
    return ctx.sync


def _database_ready(ctx, result: object, start_backups=lambda: None) -> bool:
    from seniorlearn.core.services.learners import LearnerService
    from seniorlearn.core.storage.writer import DatabaseWriter

    if isinstance(result, DatabaseWriter):
        from seniorlearn.core.services.hours import HoursService

        ctx.database = result
        ctx.learners = LearnerService(result)
        ctx.hours = HoursService(result, int(ctx.config.get("minutes_per_xueshi")),
                                 int(ctx.config.get("daily_cap_minutes")))
        from seniorlearn.core.services.places import PlacesService
        from seniorlearn.core.services.reports import for_kiosk

        ctx.reports = for_kiosk(result, ctx.config, lambda: ctx.library)

        ctx.positions.store = PlacesService(result)
        _watch_unsaved(ctx)
        hours = ctx.hours
        # Read off the UI thread by the course screen: its learned marks are the learner's.
        ctx.learned_lessons = lambda course_id: hours.learned_in(ctx.session.learner_id,
                                                                 course_id)
        start_backups()
        return True
    if isinstance(result, Exception):
        log.error("the database could not be opened", exc_info=result)
    return False
