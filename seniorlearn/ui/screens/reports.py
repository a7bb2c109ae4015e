"""Behind the PIN: the study point's report (报表). It opens on the current month; big
buttons choose this month, last month, this year, or step to the period before or after
(no calendar widget). Below, one page at a time (a 1280x800 screen in 特大 text has room
for one): the figures as big numbers with words, or one bar chart (学时 by month,
learners by course, progress toward the yearly goal) drawn with the theme's colours and
sizes. Read-aloud always says the figures in words, then the chart shown. "保存到U盘"
writes the XLSX and the PDF into the stick's SENIORLEARN folder; what happened takes the
page's place until another page is chosen.

The figures are read off the UI thread; a period tapped while one is being read wins.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget

from seniorlearn.core.i18n import N_, current_language
from seniorlearn.core.reports.figures import ReportData
from seniorlearn.core.reports.period import Period
from seniorlearn.ui.render.charts import Bars, course_bars, goal_bars, month_bars
from seniorlearn.ui.screens.base import UiContext, register
from seniorlearn.ui.screens.course_admin import VolunteerScreen
from seniorlearn.ui.screens.learners import StickUser
from seniorlearn.ui.widgets.common import BigButton
from seniorlearn.ui.widgets.report_widgets import ChartView, FigureGrid

TITLE = N_("Report: {period}")
COUNTING = N_("Adding up…")
SAVING = N_("Saving the report…")
NO_REPORTS = N_("The report cannot be made just now. Please tell a technician "
                "(seniorlearn doctor shows why).")
OVERVIEW = "overview"
CHARTS: tuple[tuple[str, str, Callable[[ReportData], Bars]], ...] = (
    ("months", N_("By month"), month_bars),
    ("courses", N_("By course"), course_bars),
    ("goal", N_("Yearly goal"), goal_bars),
)


@register
class ReportScreen(StickUser, VolunteerScreen):
    name = "reports"
    title_msgid = N_("Report")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.today: Callable[[], datetime.date] = datetime.date.today
        self.save = BigButton(N_("Save to USB"), icon="usb", kind="primary")
        self.save.setObjectName("SaveReport")
        self.save.clicked.connect(self.save_to_stick)
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(lambda: self.ctx.go("volunteer"))
        self.put_beside_title(self.save, self.back)
        self.column.removeWidget(self.message)
        self.column.addLayout(self._period_row())
        self.column.addLayout(self._page_row())
        self.figures = FigureGrid()
        self.view = ChartView()
        self.message.setObjectName("ReportMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.pages = QStackedWidget()
        for page in (self.figures, self.view, self.message):
            self.pages.addWidget(page)
        self.column.addWidget(self.pages, 1)
        self.period = Period.month(2000, 1)
        self.data: ReportData | None = None
        self.page = OVERVIEW
        self.asked = 0      # which reading is the latest: an older one arriving is dropped
        self.busy = False

    def _period_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.this_month = BigButton(N_("This month"))
        self.last_month = BigButton(N_("Last month"))
        self.this_year = BigButton(N_("This year"))
        self.earlier = BigButton(N_("Earlier"))  # no icons: the row fits 1280 px in English
        self.later = BigButton(N_("Later"))
        self.this_month.clicked.connect(lambda: self.show_period(self._month(0)))
        self.last_month.clicked.connect(lambda: self.show_period(self._month(-1)))
        self.this_year.clicked.connect(lambda: self.show_period(Period.year(self.today().year)))
        self.earlier.clicked.connect(lambda: self.show_period(self.period.step(-1)))
        self.later.clicked.connect(lambda: self.show_period(self.period.step(+1)))
        for button in (self.this_month, self.last_month, self.this_year, self.earlier,
                       self.later):
            row.addWidget(button)
        return row

    def _page_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.page_buttons: dict[str, BigButton] = {}
        for key, msgid in ((OVERVIEW, N_("Overview")),
                           *((key, msgid) for key, msgid, _bars in CHARTS)):
            button = BigButton(msgid)
            button.setCheckable(True)
            button.setObjectName(f"page_{key}")
            button.clicked.connect(lambda _=False, k=key: self.show_page(k))
            row.addWidget(button)
            self.page_buttons[key] = button
        return row

    def _month(self, by: int) -> Period:
        today = self.today()
        return Period.month(today.year, today.month).step(by)

    # ------------------------------------------------------------------ showing

    def enter(self, **kwargs: object) -> None:
        self.busy = False
        self.show_page(OVERVIEW)
        self.show_period(self._month(0))

    def reset(self) -> None:
        self.data = None
        self.figures.show_data(None)
        self.show_page(OVERVIEW)
        self.message.set_message("")

    def show_period(self, period: Period) -> None:
        self.period = period
        self.title_label.set_message(TITLE, period=period.name(current_language()))
        self.later.setEnabled(period.last < self.today())
        reports = self.ctx.reports
        if reports is None:
            self.message.set_message(NO_REPORTS)
            self.save.setEnabled(False)
            return
        self.asked += 1
        asked = self.asked
        if self.data is None:
            self._show_message(COUNTING)
        self.ctx.run_task(lambda: reports.report(period), lambda found: self._shown(found,
                                                                                    asked))

    def _shown(self, found: object, asked: int) -> None:
        if asked != self.asked:
            return  # a later tap asked for another period
        if not isinstance(found, ReportData):
            self.data = None
            self.save.setEnabled(False)
            self._show_message(NO_REPORTS)
            return
        self.data = found
        self.figures.show_data(found)
        self.save.setEnabled(not self.busy)
        self.show_page(self.page)

    def show_page(self, key: str) -> None:
        """The figures (OVERVIEW) or one chart, with its button ticked."""
        self.page = key
        for name, button in self.page_buttons.items():
            button.setChecked(name == key)
            button.retranslate()
            if self.ctx.window is not None:
                button.apply_theme(self.ctx.window.theme)
        if key == OVERVIEW:
            self.pages.setCurrentWidget(self.figures)
            return
        make = next(bars for name, _m, bars in CHARTS if name == key)
        self.view.show_bars(lambda: make(self.data) if self.data is not None else None)
        self.pages.setCurrentWidget(self.view)

    def _show_message(self, msgid: str) -> None:
        self.message.set_message(msgid)
        self.pages.setCurrentWidget(self.message)

    def retranslate(self) -> None:
        self.title_label.set_message(TITLE, period=self.period.name(current_language()))

    def speech_parts(self) -> list[str]:
        """The screen as shown; on a chart's page the figures' sentences come first."""
        parts = super().speech_parts()
        if self.data is not None and self.pages.currentWidget() is not self.figures:
            at = len(parts) - len(self.view.speech_parts()) if self.pages.currentWidget(
            ) is self.view else len(parts)
            parts[at:at] = self.figures.speech_parts()
        return parts

    # ------------------------------------------------------------------ saving

    def save_to_stick(self) -> None:
        from seniorlearn.core.learner_files import stick_folder
        from seniorlearn.ui.render.report_output import save_to_stick

        reports, period = self.ctx.reports, self.period
        if reports is None or self.data is None or self.busy:
            return  # the second tap of a double tap: the first is at work
        roots = self.roots()
        self.busy = True
        self.save.setEnabled(False)
        self._show_message(SAVING)
        self.ctx.say([self.message.plain_text()])
        self.ctx.run_task(lambda: save_to_stick(reports, period, stick_folder(roots)),
                          self._saved)

    def _saved(self, result: object) -> None:
        self.busy = False
        self.save.setEnabled(self.data is not None)
        self.pages.setCurrentWidget(self.message)
        if isinstance(result, Exception):
            self.failed(result)
        else:
            self.say_plain(str(result))
