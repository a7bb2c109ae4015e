"""Shared fixtures: a private data home per test, offscreen Qt, and a kiosk window with a
fake speaker (the only fakes here are time and the speaker; everything else is real)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Qt aborts the whole run without a platform; tests that need a real X server start Xvfb.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# pytest-timeout's thread needs the GIL, so a test stuck in C++ holding it (a Qt deadlock)
# would hang the whole run; faulthandler's watchdog needs no GIL: it prints every thread's
# stack and ends the run instead.
HANG_S = 300


@pytest.fixture(autouse=True)
def _hang_watchdog(request: pytest.FixtureRequest):
    import faulthandler

    # A test that says it may take longer (pytest.mark.timeout) gets that long, and a minute.
    marked = request.node.get_closest_marker("timeout")
    longer = float(marked.args[0]) + 60 if marked and marked.args else 0.0
    faulthandler.dump_traceback_later(max(HANG_S, longer), exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session", autouse=True)
def _collect_on_the_ui_thread(qapp):
    """As in the kiosk: no cycle collection in worker threads (a widget freed there
    crashes Qt); the collector runs on the UI thread, and after every test."""
    from seniorlearn.ui.collector import GarbageCollector

    collector = GarbageCollector()
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def _collect_after_each_test(_collect_on_the_ui_thread):
    yield
    from seniorlearn.ui.collector import collect_due

    collect_due()


@pytest.fixture(autouse=True)
def _chinese_first():
    """Every test starts in the kiosk's first language: a test that switched the process's
    language and did not switch back made later ones in the same process speak English (seen
    in a CI run with the suite in two processes, in another file order)."""
    from seniorlearn.core.i18n import DEFAULT_LANGUAGE, set_language

    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("SENIORLEARN_HOME", str(home))
    # No printer, whatever this machine has: nothing is printed on a real one, and the
    # "no printer" path is the one taken. tests/printing.py starts a CUPS of its own.
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cups.sock"))
    for key in list(os.environ):
        if key.startswith("SENIORLEARN_") and key != "SENIORLEARN_HOME":
            monkeypatch.delenv(key)
    return home


def copy_installed(template: Path, home: Path) -> None:
    """Give ``home`` a copy of the courses a template data home had installed. Installing
    checks every file's hash and decodes every video (the demo packs: about 8 s), which many
    tests of one screen would repeat; a copy is the same files, installed for real once."""
    import shutil

    from seniorlearn.core.courses.index import make_dirs

    make_dirs(home)  # 0700, as the kiosk makes it
    shutil.copytree(template / "courses", home / "courses")


@pytest.fixture(scope="session")
def installed_demo_courses(tmp_path_factory) -> Path:
    """A data home with the bundled demo packs installed (see copy_installed)."""
    from seniorlearn.core.courses import CourseLibrary, install_bundled
    from seniorlearn.core.paths import BUNDLED_PACKS_DIR, Paths

    home = tmp_path_factory.mktemp("demo-courses") / "home"
    install_bundled(CourseLibrary(Paths(home)), BUNDLED_PACKS_DIR)
    return home


@dataclass
class FakeSpeaker:
    """Records what the kiosk asks to be read, instead of making sound."""

    spoken: list[tuple[list[str], str]] = field(default_factory=list)
    done: list = field(default_factory=list)  # each reading's "it ended" callback, or None
    stops: int = 0
    rate: int = 0
    available: bool = True

    def speak(self, parts: Sequence[str], language: str, done=None) -> None:
        self.spoken.append((list(parts), language))
        self.done.append(done)

    def finish(self, outcome: str = "finished") -> None:
        """The last reading ends now (as the real voice reports it, from its own thread)."""
        done = self.done[-1]
        if done is not None:
            done(outcome)

    def stop(self) -> None:
        self.stops += 1

    def set_rate(self, words_per_minute: int) -> None:
        self.rate = words_per_minute

    def is_available(self) -> bool:
        return self.available

    def problem(self) -> str | None:
        return None if self.available else "fake failure"

    def shutdown(self) -> None:
        pass


@dataclass
class FakeClock:
    now: float = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def speaker() -> FakeSpeaker:
    return FakeSpeaker()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_kiosk(qtbot, data_home: Path, speaker: FakeSpeaker, clock: FakeClock):
    """Build a kiosk window at a given size; language is reset afterwards."""
    from PySide6.QtCore import QSize

    from seniorlearn.core.config import Config
    from seniorlearn.core.i18n import set_language
    from seniorlearn.core.paths import Paths
    from seniorlearn.core.security import PinStore
    from seniorlearn.core.session import KioskSession
    from seniorlearn.ui.screens.base import UiContext
    from seniorlearn.ui.shell import KioskWindow
    from seniorlearn.ui.tasks import run_now

    windows = []

    def build(width: int = 1920, height: int = 1080, locked_down: bool = False,
              **settings: object) -> KioskWindow:
        paths = Paths.from_env()
        config = Config(paths.config_file)
        for key, value in settings.items():
            config.set(key, value)
        set_language(config.get("language"))
        ctx = UiContext(config=config, speaker=speaker, session=KioskSession(),
                        pins=PinStore(paths.pin_file), clock=clock, run_task=run_now)
        window = KioskWindow(ctx, locked_down=locked_down, size=QSize(width, height))
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        window.watch_for_idle()
        windows.append(window)
        return window

    yield build
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    for window in windows:
        window._exit_allowed = True
        # Every timer of a finished test's window stops: a sound check every 5 s from each
        # window left behind ran aplay for all of them and slowed the run to a crawl.
        for timer in window.findChildren(QTimer):
            timer.stop()
        QApplication.instance().removeEventFilter(window.idle)
        QApplication.instance().removeEventFilter(window.tap_guard)
        QApplication.instance().removeEventFilter(window.scanner)
        if getattr(window, "lockdown_filter", None) is not None:
            QApplication.instance().removeEventFilter(window.lockdown_filter)
    set_language("zh_CN")

@pytest.fixture
def printer(monkeypatch: pytest.MonkeyPatch):
    """A running CUPS with a default printer (tests/printing.py), and this process pointed
    at it."""
    from tests.printing import CupsServer

    server = CupsServer()
    try:
        server.start()
        server.add_default_printer()
        monkeypatch.setenv("CUPS_SERVER", str(server.socket))
        yield server
    finally:
        server.remove()
