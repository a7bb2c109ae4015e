"""The kiosk window: the same top bar on every screen, a screen stack, lockdown and the
idle reset."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCursor,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QScreen,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from seniorlearn.core.audio import SOUND_NOTICE, SoundReport
from seniorlearn.core.i18n import N_, current_language, set_language
from seniorlearn.core.paths import HOME_NOTICE
from seniorlearn.ui.scanner import ScanListener
from seniorlearn.ui.screens import home as _home  # noqa: F401 - the first screen shown
from seniorlearn.ui.screens import load_all
from seniorlearn.ui.screens.base import SCREENS, Place, Screen, UiContext
from seniorlearn.ui.theme import Theme, make_theme
from seniorlearn.ui.widgets.common import BigButton, TrLabel, set_role
from seniorlearn.ui.widgets.notice import SymbolNotice

if TYPE_CHECKING:
    from seniorlearn.core.courses import CourseLibrary

log = logging.getLogger(__name__)

HOLD_MS = 3000
SOUND_CHECK_MS = 5000  # how often the sound output is looked at again while the kiosk runs
WINDOW_LOST = 75  # exit status: the window could not be shown again (EX_TEMPFAIL: restart me)


def qapp() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the kiosk needs a QApplication"
    return app
SPEECH_NOTICE = N_("Reading aloud is not working right now. Please tell a volunteer.")


class Logo(QLabel):
    """The app's name in the top bar; holding it for three seconds opens the volunteer PIN."""

    logo_was_held = Signal()

    def __init__(self) -> None:
        super().__init__("乐龄学堂")
        set_role(self, "logo")
        self.setAccessibleName("乐龄学堂 SeniorLearn")
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(HOLD_MS)
        self._hold.timeout.connect(self.logo_was_held)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Only a plain press or touch: a right or middle button is not a volunteer's hold.
        if event.button() == Qt.MouseButton.LeftButton:
            self._hold.start()
        else:
            self._hold.stop()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._hold.stop()


class IdleWatcher(QObject):
    """Restarts a timer on every touch, click or key anywhere in the application."""

    ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.KeyPress,
                QEvent.Type.TouchBegin, QEvent.Type.Wheel}

    def __init__(self, seconds: int, on_idle, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        # Precise, so the countdown a volunteer sets is the one a learner gets.
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(on_idle)
        self.set_seconds(seconds)

    def set_seconds(self, seconds: int) -> None:
        self.timer.setInterval(seconds * 1000)
        self.timer.start()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() in self.ACTIVITY:
            self.timer.start()
        return False


class TapGuard(QObject):
    """A tap acts only on the screen it was pressed on, and a second tap that lands within
    the double-tap interval of the tap that changed the screen does nothing: a double tap
    on a course card opens the course, not its first lesson. Event time stamps are used, so
    the guard follows the input's own clock (the X server's, or QTest's)."""

    PRESSES = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick}
    RELEASE = QEvent.Type.MouseButtonRelease

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)  # a child: destroyed with the window, and so unhooked
        self.window = window
        self.interval_ms = QGuiApplication.styleHints().mouseDoubleClickInterval()
        self.last_input: int | None = None  # time stamp of the last press or release let through
        self.changed_at: int | None = None  # time stamp of the input that changed the screen
        self.pressed_on: QWidget | None = None
        self.swallowing = False
        self._last: tuple[QEvent.Type, int, bool] | None = None

    def screen_did_change(self) -> None:
        self.changed_at = self.last_input

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if (kind not in self.PRESSES and kind != self.RELEASE) or not isinstance(watched, QWidget):
            return False
        stamp = event.timestamp()
        # One input reaches several widgets as it propagates to parents: judge it once.
        if self._last is not None and self._last[:2] == (kind, stamp):
            return self._last[2]
        swallow = self._judge(kind, stamp)
        self._last = (kind, stamp, swallow)
        return swallow

    def _judge(self, kind: QEvent.Type, stamp: int) -> bool:
        if kind in self.PRESSES:
            if self.changed_at is not None and 0 <= stamp - self.changed_at < self.interval_ms:
                self.swallowing = True
                return True
            self.swallowing = False
            self.pressed_on = self.window.current
            self.last_input = stamp
            return False
        if self.swallowing:
            self.swallowing = False
            return True
        if self.pressed_on is not None and self.pressed_on is not self.window.current:
            self.pressed_on = None
            return True
        self.last_input = stamp
        return False


class LockdownFilter(QObject):
    """No context menus and no Escape anywhere in a locked-down kiosk."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ContextMenu:
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            return True
        return False


def big_cursor(size: int = 64) -> QCursor:
    """A large black arrow with a white edge, visible on any background."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    s = size / 32
    path = QPainterPath()
    for i, (x, y) in enumerate([(2, 2), (2, 26), (8, 20), (12, 30), (17, 28), (13, 19),
                                (22, 19)]):
        (path.lineTo if i else path.moveTo)(x * s, y * s)
    path.closeSubpath()
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(Qt.GlobalColor.white, 2 * s))
    painter.setBrush(Qt.GlobalColor.black)
    painter.drawPath(path)
    painter.end()
    return QCursor(pixmap, round(2 * s), round(2 * s))


# One line, and short: two lines of 特大 text do not fit a button's height, and with the
# other three buttons "Text size: Extra large" does not fit across a 1280 px screen.
TEXT_SIZE_WORDS = {"large": N_("Text: Big"), "xlarge": N_("Text: Huge")}


class KioskWindow(QWidget):
    window_did_close = Signal()
    # Emitted from any thread (the voice's own) when a sound could not be played.
    sound_did_fail = Signal(str)

    def __init__(self, ctx: UiContext, locked_down: bool = True,
                 size: QSize | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        self.locked_down = locked_down
        self._exit_allowed = False
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle("乐龄学堂 SeniorLearn")
        self.text_size = ctx.config.get("text_size")
        screen = QGuiApplication.primaryScreen().size()
        self.target_size = size or screen
        self.theme = self._make_theme()
        # The style sheet goes on before any widget exists, so nothing is polished twice.
        qapp().setStyleSheet(self.theme.stylesheet())
        self.screens: dict[str, Screen] = {}
        self.library_failed = False
        self._followed_screen: QScreen | None = None
        self._window_lost = 0
        self.window_watch = QTimer(self)
        self.window_watch.setInterval(1000)
        self.window_watch.timeout.connect(self._watch_window)
        self.place = Place("home")
        self.tap_guard = TapGuard(self)
        self.scanner = ScanListener(self, self.card_was_scanned)
        self.sound: SoundReport | None = None
        self._sound_checking = False
        self._sound_failed_at_last = False
        self._build()
        self.idle = IdleWatcher(ctx.config.get("idle_timeout_seconds"), self.on_idle, self)
        if locked_down:
            self._lock_down()
        ctx.config.subscribe(self._setting_did_change)
        self.go("home")  # themes the home screen as it is made
        for part in (self.topbar, self.sound_notice):
            self._theme_tree(part)
        self._update_topbar_texts()
        self._space_topbar()

    # ------------------------------------------------------------------ building

    def _make_theme(self) -> Theme:
        return make_theme(self.ctx.config.get("theme"), self.target_size.width(),
                          self.target_size.height(), self.text_size)

    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.topbar = QWidget()
        self.topbar.setObjectName("TopBar")
        set_role(self.topbar, "topbar")
        self.topbar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar = self.bar = QHBoxLayout(self.topbar)
        self.logo = Logo()
        self.logo.logo_was_held.connect(self.open_volunteer_pin)
        bar.addWidget(self.logo)
        bar.addStretch(1)
        self.home_button = BigButton(N_("Home"), icon="home", kind="primary")
        self.read_button = BigButton(N_("Read aloud"), icon="speaker", kind="primary")
        self.size_button = BigButton(TEXT_SIZE_WORDS["large"], icon="textsize")
        # The language button names the other language in that language, so someone
        # who cannot read the current one still finds their own.
        self.language_button = BigButton("English", icon="language", translate=False)
        for name, button, slot in (
            ("HomeButton", self.home_button, lambda: self.go("home")),
            ("ReadAloudButton", self.read_button, self.read_aloud),
            ("TextSizeButton", self.size_button, self.toggle_text_size),
            ("LanguageButton", self.language_button, self.toggle_language),
        ):
            button.setObjectName(name)
            button.clicked.connect(slot)
            bar.addWidget(button)
        column.addWidget(self.topbar)
        self.sound_notice = SymbolNotice(SOUND_NOTICE, icon="speaker-off", name="SoundNotice")
        self.sound_notice.hide()
        column.addWidget(self.sound_notice)
        self.notice = TrLabel(SPEECH_NOTICE, role="notice")
        self.notice.setObjectName("SpeechNotice")
        self.notice.hide()
        column.addWidget(self.notice)
        self.home_notice = TrLabel(HOME_NOTICE, role="notice")
        self.home_notice.setObjectName("HomeNotice")
        self.home_notice.hide()
        self._home_problem: str | None = None
        self._ledger_problem = False
        column.addWidget(self.home_notice)
        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)
        self._update_topbar_texts()
        self.speech_check = QTimer(self)
        self.speech_check.setInterval(2000)
        self.speech_check.timeout.connect(self._check_speech)
        self.speech_check.start()
        self.sound_check = QTimer(self)
        self.sound_check.setInterval(SOUND_CHECK_MS)
        self.sound_check.timeout.connect(self.check_sound)
        self.sound_did_fail.connect(self._sound_failed)

    def _lock_down(self) -> None:
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint
                            | Qt.WindowType.WindowStaysOnTopHint)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.lockdown_filter = LockdownFilter()
        qapp().installEventFilter(self.lockdown_filter)
        self.setCursor(big_cursor())

    def watch_for_idle(self) -> None:
        """Start the idle reset and the tap guard. The app calls this after the first
        paint: a filter on every event is work the first paint does not need."""
        qapp().installEventFilter(self.idle)
        qapp().installEventFilter(self.tap_guard)
        qapp().installEventFilter(self.scanner)
        self.idle.timer.start()

    def card_was_scanned(self, code: str) -> None:
        """A study card was shown to the scanner, on whatever screen is up."""
        from seniorlearn.ui.screens.signin import SignInScreen, sign_in

        current = self.current
        if isinstance(current, SignInScreen):
            sign_in(self.ctx, code, then=current.then, screen=current)
        else:
            sign_in(self.ctx, code, then=current.name)

    def screen_widget(self, name: str) -> Screen:
        if name not in SCREENS:
            load_all()
        if name not in self.screens:
            screen = SCREENS[name](self.ctx)
            self.screens[name] = screen
            self.stack.addWidget(screen)
            self._theme_tree(screen)
            screen.notices_did_change(any(n.isVisibleTo(self) for n in self.notices()))
        return self.screens[name]

    @property
    def current(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    # ------------------------------------------------------------------ navigation

    def go(self, name: str, **kwargs: object) -> None:
        """Show screen ``name``; whatever was being read aloud stops.

        A volunteer screen without volunteer mode shows the PIN pad instead, and a screen
        that shows courses waits on "preparing" until the library is open."""
        self.ctx.speaker.stop()
        target = self.screen_widget(name)
        if target.volunteer_only and not self.ctx.session.volunteer:
            name, kwargs, target = "pinpad", {}, self.screen_widget("pinpad")
        if self.ctx.session.volunteer and not target.volunteer_only and name != "pinpad":
            self.ctx.session.volunteer = False
        if target.needs_library and self.ctx.library is None:
            kwargs = {"pending": Place(name, dict(kwargs))}
            name, target = "preparing", self.screen_widget("preparing")
        self.place = Place(name, dict(kwargs))
        self.tap_guard.screen_did_change()
        self._update_sound_notice(target)  # before the switch: the window must not grow
        self.stack.setCurrentWidget(target)
        target.enter(**kwargs)
        if name == "lesson":  # a lesson is to be heard: make sure it can be, now
            self.check_sound(full=True)
        self._focus_first(target)
        self.keep_to_screen()

    def keep_to_screen(self) -> None:
        """A screen that was briefly taller than the window (before its list was paged to
        fit) made Qt grow the window, and a window never shrinks by itself: give it back
        its screen's size."""
        target = self.target_size
        if self.width() > target.width() or self.height() > target.height():
            self.resize(target)

    def resume(self, name: str) -> None:
        """Show ``name`` again exactly as it was left (the idle question answered): its
        ``enter`` is not called again, so a lesson, a page or a list stays where it was."""
        target = self.screen_widget(name)
        if target.volunteer_only and not self.ctx.session.volunteer:
            self.go("home")
            return
        self.tap_guard.screen_did_change()
        self._update_sound_notice(target)
        self.stack.setCurrentWidget(target)
        self._focus_first(target)
        if name == "preparing" and self.ctx.library is not None:
            self._open_pending()

    def library_did_open(self, library: CourseLibrary) -> None:
        """The course library is ready: a screen waiting for it opens now."""
        self.ctx.library = library
        if self.current.name == "preparing":
            self._open_pending()
        elif self.current.name == "home":  # the tiles of what is really installed
            self.current.enter()
            self.keep_to_screen()

    def library_did_fail(self) -> None:
        self.library_failed = True
        if self.current.name == "preparing":
            self.current.enter(**self.place.args)

    def _open_pending(self) -> None:
        pending = self.place.args.get("pending")
        if isinstance(pending, Place):
            self.go(pending.name, **pending.args)

    def _focus_first(self, screen: Screen) -> None:
        for child in screen.findChildren(QWidget):
            if (child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isVisibleTo(screen)
                    and child.isEnabled()):
                child.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def read_aloud(self) -> None:
        """Read the notices shown above the screen, then the screen. With no sound the
        sound notice is what the person sees; the press also checks the sound again."""
        screen = self.current
        notices = [n.plain_text() for n in self.notices() if n.isVisibleTo(self)]
        screen.reading_will_start()
        self.ctx.say(notices + screen.speech_parts(), done=screen.reading_did_end)
        self.check_sound(full=True)

    def notices(self) -> list[SymbolNotice | TrLabel]:
        """The notices between the top bar and the screen, top to bottom."""
        return [self.sound_notice, self.notice, self.home_notice]

    def open_volunteer_pin(self) -> None:
        self.go("pinpad")

    # ------------------------------------------------------------------ top bar toggles

    def toggle_text_size(self) -> None:
        self.text_size = "xlarge" if self.text_size == "large" else "large"
        self.apply_theme()

    def toggle_language(self) -> None:
        set_language("en" if current_language() == "zh_CN" else "zh_CN")
        self.retranslate()

    def _update_topbar_texts(self) -> None:
        self.size_button.set_message(TEXT_SIZE_WORDS[self.text_size])
        other = "English" if current_language() == "zh_CN" else "中文"
        self.language_button.set_message(other)

    def retranslate(self) -> None:
        for widget in self.findChildren(QWidget):
            retranslate = getattr(widget, "retranslate", None)
            if callable(retranslate):
                retranslate()
        self._update_topbar_texts()

    def apply_theme(self) -> None:
        self.theme = self._make_theme()
        qapp().setStyleSheet(self.theme.stylesheet())
        self._theme_tree(self)
        self._update_topbar_texts()
        self._space_topbar()
        for screen in self.screens.values():
            refit = getattr(screen, "refit", None)
            if callable(refit):
                refit()
        self.keep_to_screen()

    def _space_topbar(self) -> None:
        m = self.theme.metrics
        self.bar.setContentsMargins(m.margin, m.px(12), m.margin, m.px(12))
        # The narrowest gap the rules allow: four words must fit a 1280 px screen in 特大.
        self.bar.setSpacing(m.px(16))

    def _theme_tree(self, root: QWidget) -> None:
        m = self.theme.metrics
        for widget in [root, *root.findChildren(QWidget)]:
            apply = getattr(widget, "apply_theme", None)
            if callable(apply) and widget is not self:
                apply(self.theme)
            if isinstance(widget, Screen):
                widget.column.setContentsMargins(m.margin, m.margin, m.margin, m.margin)
                widget.column.setSpacing(m.gap)
        for layout_owner in [root, *root.findChildren(QWidget)]:
            layout = layout_owner.layout()
            # The window's own column keeps the top bar flush with the screen below it.
            if (layout is not None and layout_owner is not self
                    and not isinstance(layout_owner, BigButton)):
                _space_layouts(layout, m.gap)

    def _setting_did_change(self, key: str, value: Any) -> None:
        if key == "idle_timeout_seconds":
            self.idle.set_seconds(value)
        elif key == "speech_rate":
            self.ctx.speaker.set_rate(value)
        elif key == "theme":
            self.apply_theme()

    def _check_speech(self) -> None:
        self.notice.setVisible(not self.ctx.speaker.is_available())

    def start_sound_checks(self) -> None:
        """Look at the sound output now and every few seconds (the app calls this after the
        first paint, once ``ctx.sound`` is set)."""
        self.check_sound(full=True)
        self.sound_check.start()

    def check_sound(self, full: bool = False) -> None:
        """Ask ``ctx.sound`` off the UI thread; one check at a time."""
        watch = self.ctx.sound
        if watch is None or self._sound_checking:
            return
        self._sound_checking = True
        self.ctx.run_task(lambda: watch.check(full), self._sound_was_checked)

    def _sound_was_checked(self, result: object) -> None:
        self._sound_checking = False
        if isinstance(result, SoundReport):
            self.set_sound(result)

    def set_sound(self, report: SoundReport) -> None:
        """Show or hide the no-sound notice on every learner's screen."""
        self._sound_failed_at_last = False
        self.sound = report
        self._update_sound_notice()

    def _sound_failed(self, reason: str) -> None:
        # The voice's player could not play: say so at once, then let the probe decide.
        log.info("a sound could not be played (%s); checking the sound output", reason)
        self._sound_failed_at_last = True
        self._update_sound_notice()
        self.check_sound(full=True)

    def _update_sound_notice(self, screen: Screen | None = None) -> None:
        # Not in the volunteer area: its menu has no room for it at 1280x800, and there the
        # sound test in Settings says what is wrong in a volunteer's words.
        silent = self._sound_failed_at_last or (self.sound is not None
                                                and not self.sound.audible)
        volunteer = (screen or self.current).volunteer_only
        self._show_notice(self.sound_notice, silent and not volunteer)

    def _show_notice(self, notice: QWidget, shown: bool) -> None:
        if notice.isVisibleTo(self) != shown:
            notice.setVisible(shown)
            self._notices_did_change()
            self.keep_to_screen()

    def _notices_did_change(self) -> None:
        shown = any(n.isVisibleTo(self) for n in self.notices())
        for screen in self.screens.values():
            screen.notices_did_change(shown)

    def set_home_problem(self, problem: str | None) -> None:
        """Say on every screen that nothing can be saved (the data home is read-only, full
        or not a folder); ``seniorlearn doctor`` gives the technician the details."""
        self._home_problem = problem
        self.home_notice.setVisible(problem is not None or self._ledger_problem)
        self._notices_did_change()

    def set_ledger_problem(self, unsaved: bool) -> None:
        """Study time is kept in memory because the database refuses it (a full disk, a
        locked file): the same notice, until it is saved."""
        if unsaved != self._ledger_problem:
            self._ledger_problem = unsaved
            self.home_notice.setVisible(unsaved or self._home_problem is not None)
            self._notices_did_change()

    # ------------------------------------------------------------------ the window itself

    def cover_screen(self) -> None:
        """Full screen on any display server: with no window manager (a kiosk's X session)
        nothing but the app sizes its window, so it takes the screen's geometry itself and
        follows it when the resolution changes."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not self._followed_screen:
            if self._followed_screen is not None:
                self._followed_screen.geometryChanged.disconnect(self._screen_did_resize)
            screen.geometryChanged.connect(self._screen_did_resize)
            self._followed_screen = screen
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        if self.locked_down:
            self.window_watch.start()

    def _screen_did_resize(self, geometry) -> None:
        self.target_size = geometry.size()
        self.setGeometry(geometry)
        self.apply_theme()

    def _watch_window(self) -> None:
        """Another program closed, hid or shrank the kiosk's window: bring it back. A
        hidden window is shown again; a destroyed one (its native window gone, which Qt only
        sees as "not exposed") is made anew; if that fails too the kiosk exits with
        ``WINDOW_LOST`` for its supervisor to restart it."""
        handle = self.windowHandle()
        screen = self.screen() or QGuiApplication.primaryScreen()
        shown = self.isVisible() and handle is not None and handle.isExposed()
        if shown and self.geometry() == screen.geometry():
            self._window_lost = 0
            return
        self._window_lost += 1
        log.warning("the kiosk window was %s (check %d); showing it again",
                    "moved or resized" if shown else "closed or hidden", self._window_lost)
        if self._window_lost > 5:
            log.error("the kiosk window cannot be shown again; exiting for a restart")
            self.exit_kiosk()
            qapp().exit(WINDOW_LOST)
            return
        if not shown and self._window_lost > 1 and handle is not None:
            handle.destroy()  # the native window is gone: the next show makes a new one
        elif not shown:
            self.hide()
        self.cover_screen()
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------------ idle and exit

    def on_idle(self) -> None:
        current = self.current
        if current.keeps_awake:
            self.idle.timer.start()
            return
        if current.name == "idle":
            return
        if current.name == "home" and self._nothing_to_clear():
            return
        # The volunteer area is never kept behind the question: it ends here.
        back = "home" if current.volunteer_only or current.name == "pinpad" else current.name
        self.go("idle", return_to=back)

    def _nothing_to_clear(self) -> bool:
        config, session = self.ctx.config, self.ctx.session
        return (session.learner_id is None and not session.volunteer
                and self.text_size == config.get("text_size")
                and current_language() == config.get("language"))

    def reset_for_next_person(self) -> None:
        """Stop speech, sign out, clear every screen and go home in the default settings."""
        self.ctx.speaker.stop()
        self.ctx.session.sign_out()
        # A setting changed from a terminal meanwhile applies to the next person.
        self.ctx.config.reload_if_changed()
        for screen in self.screens.values():
            screen.reset()
        if current_language() != self.ctx.config.get("language"):
            set_language(self.ctx.config.get("language"))
            self.retranslate()
        if self.text_size != self.ctx.config.get("text_size"):
            self.text_size = self.ctx.config.get("text_size")
            self.apply_theme()
        self.go("home")

    def exit_kiosk(self) -> None:
        self._exit_allowed = True
        self.window_watch.stop()
        self.ctx.speaker.stop()
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.locked_down and not self._exit_allowed:
            event.ignore()
            return
        qapp().removeEventFilter(self.idle)
        qapp().removeEventFilter(self.tap_guard)
        # A closed window asks nobody anything: its idle question and reset would still
        # switch the process's language to this window's setting.
        self.idle.timer.stop()
        if "idle" in self.screens:
            self.screens["idle"].reset()
        self.window_did_close.emit()
        event.accept()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        target = self.target_size
        if event.size().width() > target.width() or event.size().height() > target.height():
            # Grown by a layout that was briefly too tall: back to the screen once it fits.
            QTimer.singleShot(0, self.keep_to_screen)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)


def _space_layouts(layout, gap: int) -> None:
    # A layout marked "own_spacing" keeps what its widget's apply_theme set (a course card's
    # detail line sits close under its title).
    if layout.spacing() != gap and not layout.property("own_spacing"):
        layout.setSpacing(gap)
    for i in range(layout.count()):
        child = layout.itemAt(i).layout()
        if child is not None:
            _space_layouts(child, gap)
