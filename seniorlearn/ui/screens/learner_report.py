"""Behind the PIN: one learner's year (学习情况) — class hours by month, the courses studied,
the lessons finished — and their certificates (结业证书, 学时证明) printed, or with no printer
saved to the USB stick or the data folder. Reached from the learner's page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget

from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.core.models import Learner
from seniorlearn.core.numberwords import day_words
from seniorlearn.core.reports.figures import IN_PERSON_NAME, LearnerDetail
from seniorlearn.ui.render.charts import (
    HOURS_UNIT,
    MONTHS_TITLE,
    Bars,
    list_separator,
    spoken_month,
)
from seniorlearn.ui.screens.base import UiContext, register
from seniorlearn.ui.screens.course_admin import VolunteerScreen
from seniorlearn.ui.screens.learners import NO_DATABASE, StickUser
from seniorlearn.ui.widgets.common import BigButton, TrLabel, localized
from seniorlearn.ui.widgets.report_widgets import ChartView

TITLE = N_("{name}: {year}")
YEAR_LINE = N_("{xueshi} class hours this year (the goal is {goal}); {lessons} lessons "
               "learned.")
COURSE_LINE = N_("{course}: {sessions} times, {xueshi} class hours")
LAST_LEARNED = N_("Last learned: {lessons}")
NOTHING = N_("No study recorded this year yet.")
PRINTING = N_("Making the certificates…")
NO_CERTIFICATE = N_("{name} has no class hours this year and has not finished a course yet, "
                    "so there is no certificate to make yet.")
SHOWN_LESSONS = 3


class Lines(TrLabel):
    """Sentences made again at each language change."""

    def __init__(self) -> None:
        self.make: Callable[[], str] = lambda: ""
        super().__init__("", role="body")

    def show_text(self, make: Callable[[], str]) -> None:
        self.make = make
        self.retranslate()

    def plain_text(self) -> str:
        make = getattr(self, "make", None)
        return make() if make is not None else ""


@register
class LearnerReportScreen(StickUser, VolunteerScreen):
    name = "learner_report"
    title_msgid = N_("Study record")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.today: Callable[[], datetime.date] = datetime.date.today
        self.print = BigButton(N_("Print certificates"), icon="print", kind="primary")
        self.print.setObjectName("PrintCertificates")
        self.print.clicked.connect(self.print_certificates)
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(self.go_back)
        self.put_beside_title(self.print, self.back)
        self.column.removeWidget(self.message)
        self.lines = Lines()
        self.column.addWidget(self.lines)
        # The chart, or what printing did in its place: 1280x800 in 特大 has room for one.
        self.view = ChartView()
        self.below = QStackedWidget()
        self.below.addWidget(self.view)
        self.below.addWidget(self.message)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.column.addWidget(self.below, 1)
        self.number = ""
        self.learner: Learner | None = None
        self.detail: LearnerDetail | None = None
        self.busy = False

    def enter(self, **kwargs: object) -> None:
        self.message.set_message("")
        self.below.setCurrentWidget(self.view)
        self.busy = False
        number = self.number = str(kwargs.get("number", ""))
        reports = self.ctx.reports
        self._show(None, None)
        if reports is None:
            self.message.set_message(NO_DATABASE)
            self.below.setCurrentWidget(self.message)
            return
        year = self.today().year
        self.ctx.run_task(lambda: (reports.learner(number), reports.learner_detail(number,
                                                                                    year)),
                          self._loaded)

    def _loaded(self, found: object) -> None:
        if not isinstance(found, tuple) or not isinstance(found[0], Learner):
            self.message.set_message(NO_DATABASE if isinstance(found, Exception) else
                                     N_("There is no learner with the number {number}."),
                                     number=self.number)
            self.below.setCurrentWidget(self.message)
            return
        self._show(*found)

    def _show(self, learner: Learner | None, detail: LearnerDetail | None) -> None:
        self.learner, self.detail = learner, detail
        self.print.setEnabled(learner is not None)
        self.retranslate()

    def retranslate(self) -> None:
        if self.learner is None or self.detail is None:
            self.title_label.set_message(self.title_msgid)
            self.lines.show_text(lambda: "")
            self.view.show_bars(lambda: None)
            return
        self.title_label.set_plain(_(TITLE).format(name=self.learner.name,
                                                   year=self.detail.year))
        self.lines.show_text(self._lines)
        self.view.show_bars(self._bars)

    def _lines(self) -> str:
        detail, reports = self.detail, self.ctx.reports
        if detail is None or reports is None:
            return ""
        if not detail.months:
            return _(NOTHING)
        titles = reports.course_titles()
        lines = [_(YEAR_LINE).format(xueshi=f"{round(detail.year_xueshi, 1):g}",
                                     goal=reports.goal_xueshi, lessons=len(detail.learned))]
        lines.append(list_separator().join(  # one paragraph: the chart keeps its room
            _(COURSE_LINE).format(course=_(IN_PERSON_NAME) if not course else
                                  titles.get(course, course), sessions=sessions,
                                  xueshi=f"{round(xueshi, 1):g}")
            for course, sessions, xueshi in detail.courses))
        if detail.learned:
            language = current_language()
            lines.append(_(LAST_LEARNED).format(lessons=list_separator().join(
                f"{self._lesson_title(course, lesson)} ({day_words(day, language, detail.year)})"
                for course, lesson, day in detail.learned[:SHOWN_LESSONS])))
        return "\n".join(lines)

    def _lesson_title(self, course_id: str, lesson_id: str) -> str:
        library = self.ctx.library
        found = library.find_lesson(lesson_id, course_id) if library is not None else None
        return localized(found[1].title) if found is not None else lesson_id

    def _bars(self) -> Bars | None:
        detail = self.detail
        if detail is None or not detail.months:
            return None
        by_month = {int(key[5:]): xueshi for key, _s, xueshi in detail.months}
        values = [by_month.get(month, 0.0) for month in range(1, 13)]
        return Bars(_(MONTHS_TITLE).format(year=detail.year),
                    [str(month) for month in range(1, 13)], values,
                    [f"{round(v, 1):g}" if v else "" for v in values], HOURS_UNIT,
                    [spoken_month(month) for month in range(1, 13)])

    def go_back(self) -> None:
        if self.learner is not None:
            self.ctx.go("learner_edit", number=self.learner.number)
        else:
            self.ctx.go("learners")

    def reset(self) -> None:
        self._show(None, None)
        self.message.set_message("")

    def print_certificates(self) -> None:
        from seniorlearn.core.learner_files import stick_folder
        from seniorlearn.core.paths import Paths
        from seniorlearn.ui.render.certificate_output import print_or_keep

        reports, learner = self.ctx.reports, self.learner
        if reports is None or learner is None or self.busy:
            return  # the second tap of a double tap: the first is at work
        roots, folder, today = self.roots(), Paths.from_env().certificates, self.today()

        def work() -> str:
            found = reports.certificates_for(learner.number, today)
            if not found:
                return _(NO_CERTIFICATE).format(name=learner.name)
            return print_or_keep(found, stick_folder(roots), folder)

        self.busy = True
        self.print.setEnabled(False)
        self.below.setCurrentWidget(self.message)
        self.say_message(PRINTING)
        self.ctx.run_task(work, self._printed, writes=True)

    def _printed(self, result: object) -> None:
        self.busy = False
        self.print.setEnabled(self.learner is not None)
        if isinstance(result, Exception):
            self.failed(result)
        else:
            self.say_plain(str(result))
