"""What every kiosk screen is, and the registry the shell, the audit and the screenshot
script walk. A screen joins the accessibility audit simply by registering."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from seniorlearn.core.audio import SoundChecker
from seniorlearn.core.config import Config
from seniorlearn.core.i18n import current_language
from seniorlearn.core.models import Learner
from seniorlearn.core.playback import MemoryReporter, PlaybackReporter, ResumePositions
from seniorlearn.core.security import PinStore
from seniorlearn.core.services.places import PlacesService
from seniorlearn.core.session import KioskSession
from seniorlearn.core.speech import ReadingDone, Speaker
from seniorlearn.ui.widgets.common import TrLabel, set_role

if TYPE_CHECKING:
    from seniorlearn.core.courses import CourseLibrary
    from seniorlearn.core.services.hours import HoursService
    from seniorlearn.core.services.learners import LearnerService
    from seniorlearn.core.services.reports import ReportService
    from seniorlearn.core.storage.writer import DatabaseWriter
    from seniorlearn.ui.shell import KioskWindow
    from seniorlearn.ui.sync_schedule import SyncSchedule
    from seniorlearn.ui.tasks import UiHop


class RunTask(Protocol):
    """``TaskRunner.run``: ``work()`` off the UI thread, ``on_done(result or exception)`` on
    it; ``writes=True`` work is waited for at shutdown, never dropped."""

    def __call__(self, work: Callable[[], object], on_done: Callable[[object], None],
                 writes: bool = False) -> None: ...


@dataclass(frozen=True)
class Place:
    """What is on screen: a screen's name and the arguments it was opened with."""

    name: str
    args: dict[str, object] = field(default_factory=dict)


@dataclass
class UiContext:
    """The services a screen may use, passed in (no global app object)."""

    config: Config
    speaker: Speaker
    session: KioskSession
    pins: PinStore
    clock: Callable[[], float]
    run_task: RunTask
    library: CourseLibrary | None = None  # once the app has set it up
    # Which lessons of a course the signed-in learner has finished (from the ledger).
    learned_lessons: Callable[[str], frozenset[str]] = lambda course_id: frozenset()
    # Where the lesson player reports watched segments (the ledger, once it lands).
    reporter: PlaybackReporter = field(default_factory=MemoryReporter)
    positions: ResumePositions = field(default_factory=ResumePositions)
    window: KioskWindow | None = field(default=None, repr=False)
    # Learners for card sign-in; None until the database is open (or when it cannot be).
    learners: LearnerService | None = None
    database: DatabaseWriter | None = None  # the one writer; the app closes it at exit
    # The study-hour ledger; None until the database is open. Study time runs on
    # ``monotonic`` so that a system clock jump neither makes nor takes any.
    hours: HoursService | None = None
    reports: ReportService | None = None  # the study point's reports; with the database
    monotonic: Callable[[], float] = time.monotonic
    # Sends study records to the county's LRS in the background; None until the db is open.
    sync: SyncSchedule | None = None
    # Looks at the sound output (adapters.audio.SoundWatch); None: never looked at.
    sound: SoundChecker | None = None
    _hop: UiHop | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # The next person must never be offered an anonymous learner's place in a lesson.
        self.session.on_sign_out(self.positions.forget_anonymous)
        self.session.on_sign_in(self._load_places)

    def _load_places(self, learner: Learner) -> None:
        """A learner signed in: bring back where they left their lessons (off the UI
        thread; a place made in the meantime wins)."""
        store = self.positions.store
        if not isinstance(store, PlacesService):
            return
        number = learner.number

        def loaded(places: object) -> None:
            if isinstance(places, list) and self.session.learner_id == number:
                self.positions.load(number, places)
                screen = self.window.current if self.window is not None else None
                refresh = getattr(screen, "places_did_load", None)
                if callable(refresh):
                    refresh()

        self.run_task(lambda: store.of_learner(number), loaded)

    def go(self, name: str, **kwargs: object) -> None:
        assert self.window is not None
        self.window.go(name, **kwargs)

    def go_home(self) -> None:
        self.go("home")

    def say(self, parts: list[str], done: ReadingDone | None = None) -> None:
        """Read ``parts`` aloud in the language the screen shows now; ``done(outcome)`` is
        called on the UI thread when that reading ends (see core.speech)."""
        if done is None:
            self.speaker.speak(parts, current_language())
            return
        if self._hop is None:
            from seniorlearn.ui.tasks import UiHop

            self._hop = UiHop()
        self.speaker.speak(parts, current_language(), done=self._hop.wrap(done))


class Screen(QWidget):
    """One full screen under the top bar: a title and one main action."""

    name: ClassVar[str]
    title_msgid: ClassVar[str]
    # A screen playing a lesson sets this, so the idle reset waits for the lesson.
    keeps_awake: ClassVar[bool] = False
    # Screens only volunteers may see; leaving them ends volunteer mode.
    volunteer_only: ClassVar[bool] = False
    # Screens that show courses: until the library is open the shell shows "preparing".
    needs_library: ClassVar[bool] = False

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        set_role(self, "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.column = QVBoxLayout(self)
        self.title_label = TrLabel(self.title_msgid, role="heading")
        self.title_label.setObjectName("ScreenTitle")
        # A long title wraps: one that cannot would widen the window past a small screen.
        self.title_label.setWordWrap(True)
        self.column.addWidget(self.title_label)

    def put_beside_title(self, *buttons: QWidget) -> None:
        """Move ``buttons`` into a row with the title, which keeps every other row for the
        screen's own content."""
        self.column.removeWidget(self.title_label)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        for button in buttons:
            top.addWidget(button)
        self.column.insertLayout(0, top)

    def fits(self) -> bool:
        """Whether this screen's content fits below the top bar of its window (measured by
        the layout for the window's width, without resizing anything)."""
        window = self.ctx.window
        if window is None:
            return True
        width = window.target_size.width()
        room = window.target_size.height() - window.topbar.sizeHint().height()
        for notice in window.notices():
            if notice.isVisibleTo(window):
                room -= notice.sizeHint().height()
        column = self.column
        column.invalidate()
        needed = (column.totalHeightForWidth(width) if column.hasHeightForWidth()
                  else column.totalMinimumSize().height())
        return needed <= room

    def enter(self, **kwargs: object) -> None:
        """Called each time the screen is shown; ``kwargs`` come from ``go()``."""

    def notices_did_change(self, shown: bool) -> None:
        """A notice above the screen came or went (``shown``: any is showing now)."""

    def reset(self) -> None:
        """Forget anything the last person entered (idle reset, sign-out)."""

    def reading_will_start(self) -> None:
        """朗读 was pressed on this screen: called just before the reading starts."""

    def reading_did_end(self, outcome: str) -> None:
        """The reading 朗读 started has ended (``outcome`` as in core.speech)."""

    def speech_parts(self) -> list[str]:
        """What 朗读 reads: the title, then the texts and button names in focus order."""
        parts: list[str] = []
        for widget in reading_order(self):
            for text in widget_speech(widget):
                if text and (not parts or parts[-1] != text):
                    parts.append(text)
        return parts


def widget_speech(widget: QWidget) -> list[str]:
    own = getattr(widget, "speech_parts", None)
    if callable(own):
        return list(own())
    plain = getattr(widget, "plain_text", None)
    if callable(plain):
        return [str(plain())]
    if isinstance(widget, QLabel):
        return [widget.accessibleName() or widget.text()]
    return [widget.accessibleName()]


def reading_order(root: QWidget) -> list[QWidget]:
    """Visible labels and buttons of ``root`` top to bottom, left to right.

    Widgets inside a compound widget that speaks for itself (a tile) are skipped.
    """
    found: list[QWidget] = []

    def walk(widget: QWidget) -> None:
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        for child in widget.findChildren(QWidget, options=direct):
            if not child.isVisibleTo(root):
                continue
            if hasattr(child, "plain_text") or child.focusPolicy() & Qt.FocusPolicy.TabFocus:
                found.append(child)
            elif isinstance(child, QLabel) and child.text() and child.property("role") != "icon":
                found.append(child)
            else:
                walk(child)

    walk(root)

    def key(w: QWidget) -> tuple[int, int]:
        pos = w.mapTo(root, w.rect().topLeft())
        return (pos.y() // 8, pos.x())

    return sorted(found, key=key)


SCREENS: dict[str, type[Screen]] = {}


def register(cls: type[Screen]) -> type[Screen]:
    if cls.name in SCREENS:
        raise ValueError(f"two screens are named {cls.name!r}")
    SCREENS[cls.name] = cls
    return cls
