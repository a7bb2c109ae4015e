"""Behind the PIN: the volunteer menu and the kiosk settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from seniorlearn.core.config import ConfigDamaged, ConfigError, sentences, setting
from seniorlearn.core.i18n import N_, _
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.screens.sound_test import SoundTestRow
from seniorlearn.ui.widgets.common import BigButton, TrLabel

TOOLS_PER_ROW = 4


@register
class VolunteerScreen(Screen):
    name = "volunteer"
    title_msgid = N_("Volunteer area")
    volunteer_only = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.settings = BigButton(N_("Settings"), icon="settings", kind="primary")
        self.settings.clicked.connect(lambda: self.ctx.go("settings"))
        self.courses = BigButton(N_("Courses"), icon="learning", kind="primary")
        self.courses.clicked.connect(lambda: self.ctx.go("course_admin"))
        # Short words: four buttons a row in English at 1280x800 特大 (Huge) text.
        self.change_pin = BigButton(N_("New PIN"), icon="lock", kind="primary")
        self.change_pin.clicked.connect(lambda: self.ctx.go("change_pin"))
        self.audit_log = BigButton(N_("Audit log"), icon="list", kind="primary")
        self.audit_log.clicked.connect(lambda: self.ctx.go("audit_log"))
        self.learners = BigButton(N_("Learners"), icon="people", kind="primary")
        self.learners.clicked.connect(lambda: self.ctx.go("learners"))
        self.sync = BigButton(N_("To county"), icon="forward", kind="primary")
        self.sync.setObjectName("SyncRecords")
        self.sync.clicked.connect(lambda: self.ctx.go("sync"))
        self.reports = BigButton(N_("Report"), icon="chart", kind="primary")
        self.reports.clicked.connect(lambda: self.ctx.go("reports"))
        self.leave = BigButton(N_("Leave the volunteer area"), icon="back")
        self.leave.clicked.connect(self.ctx.go_home)
        self.exit = BigButton(N_("Exit the kiosk"), icon="exit", kind="danger")
        # Never at once: the next screen asks first.
        self.exit.clicked.connect(lambda: self.ctx.go("exit_kiosk"))
        # Four a row: two rows fit 1280x800 in 特大 text.
        tools = QGridLayout()
        for index, button in enumerate((self.learners, self.reports, self.courses,
                                        self.sync, self.settings, self.audit_log,
                                        self.change_pin)):
            tools.addWidget(button, index // TOOLS_PER_ROW, index % TOOLS_PER_ROW)
        for column in range(TOOLS_PER_ROW):
            tools.setColumnStretch(column, 1)
        # "Leave" beside the title, so the page fits a 1280x800 screen in 特大 text.
        self.put_beside_title(self.leave)
        self.column.addLayout(tools)
        self.column.addStretch(1)
        self.column.addWidget(self.exit)


class Stepper:
    """− value + for a whole-number setting, within the spec's range."""

    def __init__(self, screen: SettingsScreen, key: str, label: str, step: int, unit_msgid: str,
                 grid: QGridLayout, row: int) -> None:
        self.screen, self.key, self.step, self.unit = screen, key, step, unit_msgid
        self.spec = setting(key)
        grid.addWidget(TrLabel(label, role="body"), row, 0)
        self.minus = BigButton(N_("Less"), icon="minus")
        self.value = TrLabel("", role="value")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.setMinimumWidth(160)
        self.plus = BigButton(N_("More"), icon="plus")
        line = QHBoxLayout()
        for widget in (self.minus, self.value, self.plus):
            line.addWidget(widget)
        grid.addLayout(line, row, 1)
        self.minus.clicked.connect(lambda: self.change(-self.step))
        self.plus.clicked.connect(lambda: self.change(self.step))
        self.refresh()

    def change(self, delta: int) -> None:
        low, high = self.spec.minimum or 0, self.spec.maximum or 10**9
        self.screen.ctx.config.reload_if_changed()  # step from the value on disk now
        value = min(max(self.screen.ctx.config.get(self.key) + delta, low), high)
        self.screen.save(self.key, value)
        self.refresh()

    def refresh(self) -> None:
        value = self.screen.ctx.config.get(self.key)
        self.value.set_message(self.unit, value=value)
        self.minus.setEnabled(value > (self.spec.minimum or 0))
        self.plus.setEnabled(value < (self.spec.maximum or 10**9))


class Choice:
    """A row of buttons, one per allowed value; the chosen one is filled and ticked."""

    def __init__(self, screen: SettingsScreen, key: str, label: str, labels: dict[str, str],
                 grid: QGridLayout, row: int) -> None:
        self.screen, self.key = screen, key
        grid.addWidget(TrLabel(label, role="body"), row, 0)
        line = QHBoxLayout()
        self.buttons: dict[str, BigButton] = {}
        for value, msgid in labels.items():
            button = BigButton(msgid)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            line.addWidget(button)
            self.buttons[value] = button
        grid.addLayout(line, row, 1)
        self.refresh()

    def choose(self, value: str) -> None:
        self.screen.save(self.key, value)
        self.refresh()  # after a refusal this unticks the tapped button again

    def refresh(self) -> None:
        current = self.screen.ctx.config.get(self.key)
        for value, button in self.buttons.items():
            button.setChecked(value == current)
            button.retranslate()
            if self.screen.ctx.window is not None:
                button.apply_theme(self.screen.ctx.window.theme)


class Notice(TrLabel):
    """A notice whose sentences are made again at each language change; hidden when empty."""

    def __init__(self) -> None:
        super().__init__("", role="notice")
        self.compose: Callable[[], str] = lambda: ""
        self.hide()

    def show_text(self, compose: Callable[[], str]) -> None:
        self.compose = compose
        self.retranslate()
        self.setVisible(bool(self.plain_text()))

    def plain_text(self) -> str:
        compose = getattr(self, "compose", None)  # QLabel's constructor asks before it is set
        return compose() if compose is not None else ""


SETTING_ROWS = 6
NOT_SAVED = N_("That change was not saved.")
TAP_REPAIR = N_("Tap “Keep the good settings” to set the damaged file aside (a copy is kept) "
                "and save the good settings again.")
REPAIRED = N_("Done: the old file was kept as {name} and the good settings are saved again.")


@register
class SettingsScreen(Screen):
    name = "settings"
    title_msgid = N_("Settings")
    volunteer_only = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        # The settings and the problem page share the space below the title: the screen has
        # no spare row, and while the file is damaged no tap could be saved anyway.
        self.settings_page = QStackedWidget()
        per_page = self._rows_per_page(ctx)
        grids: list[QGridLayout] = []

        def place(row: int) -> tuple[QGridLayout, int]:
            if row // per_page == len(grids):
                page = QWidget()
                grids.append(QGridLayout(page))
                grids[-1].setContentsMargins(0, 0, 0, 0)
                grids[-1].setColumnStretch(0, 1)
                grids[-1].setColumnStretch(1, 2)
                grids[-1].setRowStretch(per_page, 1)  # a short last page keeps its rows at top
                self.settings_page.addWidget(page)
            return grids[row // per_page], row % per_page

        self.steppers = [
            Stepper(self, "idle_timeout_seconds", N_("Go home after no touch for"), 30,
                    N_("{value} seconds"), *place(0)),
            Stepper(self, "speech_rate", N_("Reading speed"), 10, N_("{value} words a minute"),
                    *place(1)),
        ]
        self.choices = [
            Choice(self, "text_size", N_("Text size at start"),
                   {"large": N_("Large"), "xlarge": N_("Extra large")}, *place(2)),
            Choice(self, "language", N_("Language at start"),
                   {"zh_CN": N_("Chinese"), "en": N_("English")}, *place(3)),
            Choice(self, "theme", N_("Colours"),
                   {"standard": N_("Standard"), "high_contrast": N_("High contrast")}, *place(4)),
        ]
        self.sound_test = SoundTestRow(self, *place(5), show=self.show_sound_test)
        # Settings are saved at each tap; "Done" and the page buttons sit beside the title,
        # so a small screen gives every row to the settings.
        self.previous_page = BigButton(N_("Previous page"), icon="back")
        self.next_page = BigButton(N_("Next page"), icon="forward")
        self.previous_page.clicked.connect(lambda: self.show_settings_page(-1))
        self.next_page.clicked.connect(lambda: self.show_settings_page(+1))
        self.done = BigButton(N_("Done"), icon="check", kind="primary")
        self.done.clicked.connect(lambda: self.ctx.go("volunteer"))
        self.put_beside_title(self.previous_page, self.next_page, self.done)
        self.show_settings_page(0)
        self.column.addWidget(self.settings_page)
        self.column.addWidget(self._problem_page())
        self.column.addStretch(1)
        ctx.config.subscribe(self._setting_did_change)

    @staticmethod
    def _rows_per_page(ctx: UiContext) -> int:
        """As many setting rows as fit below the top bar and the title row (all five on a
        1080-line screen, three on 1280x800)."""
        if ctx.window is None:
            return SETTING_ROWS
        m = ctx.window.theme.metrics
        pitch = m.target + m.px(20) + m.gap  # a row of big buttons and its gap
        free = ctx.window.target_size.height() - 2 * pitch - 2 * m.margin  # top bar, title
        return max(1, free // pitch)

    def show_settings_page(self, step: int) -> None:
        pages = self.settings_page.count()
        index = min(max(self.settings_page.currentIndex() + step, 0), pages - 1)
        self.settings_page.setCurrentIndex(index)
        for button in (self.previous_page, self.next_page):
            button.setVisible(pages > 1)
        self.previous_page.setEnabled(index > 0)
        self.next_page.setEnabled(index < pages - 1)
        if step and self.ctx.window is not None:
            self.ctx.window._focus_first(self)

    def _problem_page(self) -> QWidget:
        self.problem_page = QWidget()
        column = QVBoxLayout(self.problem_page)
        column.setContentsMargins(0, 0, 0, 0)
        self.notice = Notice()
        self.repair = BigButton(N_("Keep the good settings"), icon="check", kind="primary")
        self.repair.clicked.connect(self._repair)
        self.back = BigButton(N_("Back to the settings"), icon="back")
        self.back.clicked.connect(lambda: self._show_page(""))
        for widget in (self.notice, self.repair, self.back):
            column.addWidget(widget)
        self.problem_page.hide()
        return self.problem_page

    def enter(self, **kwargs: object) -> None:
        self.ctx.config.reload_if_changed()  # a change made meanwhile, e.g. by `config set`
        self._show_file_problems()
        self.refresh()

    def refresh(self) -> None:
        for stepper in self.steppers:
            stepper.refresh()
        for choice in self.choices:
            choice.refresh()

    def _setting_did_change(self, key: str, value: Any) -> None:
        self.refresh()

    def save(self, key: str, value: Any) -> None:
        """Save one tapped setting; a refusal is shown as a sentence, never raised."""
        try:
            self.ctx.config.set(key, value)
            self.ctx.pins.audit.record("volunteer", "setting_changed", at=self.ctx.clock(),
                                       key=key, value=self.ctx.config.get(key))
        except ConfigDamaged:
            self._show_file_problems(first=NOT_SAVED)
        except ConfigError as exc:
            self._show_page("back", exc.sentence)

    def _show_file_problems(self, first: str = "") -> None:
        problems = list(self.ctx.config.file_problems)
        if not problems:
            self._show_page("")
            return
        self._show_page("repair", lambda: sentences(
            _(first) if first else "", *(p.sentence() for p in problems), _(TAP_REPAIR)))

    def _show_page(self, button: str, compose: Callable[[], str] = lambda: "") -> None:
        """The settings (``button=""``), or a sentence with the ``repair`` or ``back`` button."""
        # Hide before showing: for a moment both pages would be taller than the screen, and a
        # top-level window that grows never shrinks back.
        self.settings_page.setVisible(not button)
        self.problem_page.setVisible(bool(button))
        self.notice.show_text(compose)
        self.repair.setVisible(button == "repair")
        self.back.setVisible(button == "back")
        if button:
            (self.repair if button == "repair" else self.back).setFocus()  # not a hidden one

    def show_sound_test(self, compose: Callable[[], str]) -> None:
        """The sound test's result, with the button back to the settings."""
        self._show_page("back", compose)

    def _repair(self) -> None:
        try:
            copy = self.ctx.config.repair()
        except ConfigError as exc:
            self._show_page("repair", exc.sentence)
            return
        if copy is None:
            self._show_file_problems()
        else:
            self._show_page("back", lambda: _(REPAIRED).format(name=copy.name))
        self.refresh()
