"""我的学习: a signed-in learner's year toward the 学时 goal, the lessons they left unfinished,
what to watch next, and the lessons learned with their dates; a guest is told how to get a
card and sees only the lessons they started since they came.

Only the signed-in learner's own figures are ever shown here. Numbers in the sentences are
words ("十二个学时"), because they are read aloud as well as shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QHBoxLayout

from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.core.numberwords import amount, day_words
from seniorlearn.core.services.hours import LearnerYear
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.screens.courses import Card
from seniorlearn.ui.widgets.common import BigButton, TrLabel, localized
from seniorlearn.ui.widgets.paged import PagedList
from seniorlearn.ui.widgets.ring import ProgressRing

STARTED = N_("Lessons you started and did not finish. Tap one to go on from where you "
             "stopped.")
NOTHING_YET = N_("When you leave a lesson before its end, it is listed here, so you can go "
                 "on from where you stopped. Go back to the home screen and choose a topic "
                 "to begin.")
GET_A_CARD = N_("To have your learning time counted as class hours, ask a volunteer for a "
                "study card, then tap “Sign in”.")
YEAR_SO_FAR = N_("This year you have studied {year} class hours; {left} more to reach the "
                 "goal.")
YEAR_DONE = N_("This year you have studied {year} class hours: you have reached this year's "
               "goal of {goal}. Well done!")
THIS_MONTH = N_("This month: {month} class hours.")
# Under one 学时 the month's figure would say 零 after the first lesson: minutes instead.
THIS_MONTH_MINUTES = N_("This month you have studied {minutes} minutes; every {per} minutes "
                        "make one class hour.")
LEARNER_NOTHING = N_("Nothing learned yet. Go back to the home screen and choose a topic to "
                     "begin.")
STOPPED_AT = N_("{course} · stopped at {minutes} min {seconds} s")
STOPPED_AT_SECONDS = N_("{course} · stopped at {seconds} s")  # under a minute: no "0 min"
NEXT_UP = N_("{course} · next lesson")
LEARNED_ON = N_("{course} · learned on {date}")
PRINTING = N_("Making your certificates…")
NOT_PRINTED_NOW = N_("Your certificates cannot be made just now. Please tell the volunteer.")
NO_CERTIFICATE_YET = N_("There is no certificate for you yet: it comes with your first class "
                        "hours this year, or when you finish a whole course.")


@dataclass
class Found:
    """What the screen lists, found off the UI thread."""

    started: list[tuple[Any, Any, float]] = field(default_factory=list)
    next_up: tuple[Any, Any] | None = None
    learned: list[tuple[Any, Any, str]] = field(default_factory=list)
    year: LearnerYear | None = None


class Sentences(TrLabel):
    """The year's sentences, made again at each language change."""

    def __init__(self) -> None:
        self.year: LearnerYear | None = None
        super().__init__("", role="body")

    def plain_text(self) -> str:
        year = getattr(self, "year", None)
        if year is None:
            return ""
        language = current_language()
        words = {"year": amount(year.year_xueshi, language),
                 "left": amount(year.still_to_go, language),
                 "goal": amount(year.goal_xueshi, language),
                 "month": amount(year.month_xueshi, language)}
        first = _(YEAR_DONE if year.still_to_go <= 0 else YEAR_SO_FAR).format(**words)
        space = "" if language.startswith("zh") else " "  # Chinese puts none between sentences
        if 0 < year.month_seconds < year.minutes_per_xueshi * 60:
            minutes = max(1, int(year.month_seconds // 60))  # a first try counts as a minute
            month = _(THIS_MONTH_MINUTES).format(minutes=amount(minutes, language),
                                                 per=amount(year.minutes_per_xueshi, language))
        else:
            month = _(THIS_MONTH).format(**words)
        return first + space + month


@register
class MyLearningScreen(Screen):
    name = "my_learning"
    title_msgid = N_("My learning")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.ring = ProgressRing()
        self.sentences = Sentences()
        self.year_row = QHBoxLayout()
        self.year_row.addWidget(self.ring)
        self.year_row.addWidget(self.sentences, 1)
        self.column.addLayout(self.year_row)
        self.said = TrLabel("", role="body")  # what 打印证书 did
        self.said.setObjectName("CertificateMessage")
        self.said.hide()
        self.column.addWidget(self.said)
        self.body = TrLabel(NOTHING_YET, role="body")
        self.column.addWidget(self.body)
        # A guest is offered the card: what they learn then counts toward their 学时.
        self.sign_in = BigButton(N_("Sign in"), icon="card")
        self.sign_in.setObjectName("SignIn")
        self.sign_in.clicked.connect(lambda: self.ctx.go("sign_in", then=self.name))
        self.list = PagedList(per_page=3)
        self.column.addWidget(self.list, 1)
        self.back = BigButton(N_("Back to the home screen"), icon="home", kind="primary")
        self.back.setObjectName("BackHome")
        self.back.clicked.connect(self.ctx.go_home)
        # A signed-in learner's certificates (their own only), printed or kept for the
        # volunteer; in the sign-in button's place, which only a guest sees.
        self.certificates = BigButton(N_("My certificates"), icon="print")  # short: 1280 px
        self.certificates.setObjectName("PrintMyCertificates")
        self.certificates.clicked.connect(self.print_certificates)
        self.printing = False
        # Beside the title: at 1280x800 in 特大 that row is what lets a lesson card fit.
        self.put_beside_title(self.sign_in, self.certificates, self.back)
        self.found = Found()
        self.this_year = datetime.date.today().year
        self._show_year(None)

    @property
    def started(self) -> list[tuple[Any, Any, float]]:
        return self.found.started

    def enter(self, **kwargs: object) -> None:
        learner = self.ctx.session.learner_id
        self.sign_in.setVisible(learner is None)
        self.certificates.setVisible(learner is not None and self.ctx.reports is not None)
        self._say_result("")
        self._show(Found())
        self._gather()

    def _gather(self) -> None:
        learner = self.ctx.session.learner_id
        library, hours = self.ctx.library, self.ctx.hours if learner else None
        places = self.ctx.positions.started(learner)
        today = datetime.date.fromtimestamp(self.ctx.clock())
        self.this_year = today.year
        goal = int(self.ctx.config.get("yearly_goal_xueshi"))
        if library is None and hours is None:
            return  # nothing open yet: no lesson can have been started
        self.ctx.run_task(lambda: gather(library, hours, learner, places, today, goal),
                          lambda result: self._found(result, learner))

    def session_did_change(self) -> None:
        self.enter()

    def places_did_load(self) -> None:
        """The learner's places came from the database after this screen was shown (a
        sign-in straight onto it): the lessons they had started join the list."""
        self._gather()

    def _found(self, result: object, learner: str | None) -> None:
        if learner != self.ctx.session.learner_id:
            return  # someone else is at the kiosk now
        self._show(result if isinstance(result, Found) else Found())

    def _show(self, found: Found) -> None:
        self.found = found
        signed_in = self.ctx.session.learner_id is not None
        self._show_year(found.year if signed_in else None)
        cards = [self._started_card(*item) for item in found.started]
        if found.next_up is not None:
            cards.append(self._next_card(*found.next_up))
        cards += [self._learned_card(*item) for item in found.learned]
        # Signed in, the cards speak for themselves: the row is theirs on a small screen.
        self.body.setVisible(not (signed_in and cards))
        if signed_in:
            self.body.set_message(LEARNER_NOTHING)
        elif found.started:
            self.body.set_message(STARTED)
        else:
            self.body.set_message(GET_A_CARD if self.ctx.learners is not None else NOTHING_YET)
        self.list.set_rows(cards)
        self.list.fit(self.fits)

    def _show_year(self, year: LearnerYear | None) -> None:
        self.sentences.year = year
        self.sentences.retranslate()
        for widget in (self.ring, self.sentences):
            widget.setVisible(year is not None)
        if year is not None:
            share = year.year_xueshi / year.goal_xueshi if year.goal_xueshi else 1.0
            self.ring.set_progress(share, f"{round(year.year_xueshi, 1):g}",
                                   f"/{year.goal_xueshi}",
                                   self.sentences.plain_text())

    def retranslate(self) -> None:
        """The cards mix a course title, words and numbers: make them again."""
        anchor = self.list.anchor
        self._show(self.found)
        self.list.show_row(anchor)
        self.list.fit(self.fits)

    def refit(self) -> None:
        self.list.fit(self.fits)

    def reset(self) -> None:
        self.found = Found()
        self._show_year(None)
        self.list.set_rows([])
        self._say_result("")

    def print_certificates(self) -> None:
        from seniorlearn.core.paths import Paths
        from seniorlearn.ui.render.certificate_output import LEARNER_WORDS, print_or_keep

        reports, learner = self.ctx.reports, self.ctx.session.learner_id
        if reports is None or learner is None or self.printing:
            return  # a guest has none; the second tap of a double tap does nothing
        folder = Paths.from_env().certificates
        today = datetime.date.fromtimestamp(self.ctx.clock())

        def work() -> str:
            found = reports.certificates_for(learner, today)
            if not found:
                return _(NO_CERTIFICATE_YET)
            # Never the stick: a learner's certificates wait for the volunteer.
            return print_or_keep(found, None, folder, LEARNER_WORDS)

        self.printing = True
        self.certificates.setEnabled(False)
        self._say_result(_(PRINTING))
        self.ctx.run_task(work, lambda result: self._printed(result, learner), writes=True)

    def _printed(self, result: object, learner: str) -> None:
        self.printing = False
        self.certificates.setEnabled(True)
        if learner != self.ctx.session.learner_id:
            return  # they left: the next person hears nothing of it
        text = str(result) if not isinstance(result, Exception) else _(NOT_PRINTED_NOW)
        self._say_result(text)
        self.ctx.say([text])

    def _say_result(self, text: str) -> None:
        self.said.set_plain(text)
        self.said.setVisible(bool(text))
        self.list.fit(self.fits)

    def _card(self, course: Any, lesson: Any, detail: str, args: dict[str, object],
              icon: str, name: str):
        def make() -> Card:
            card = Card(lesson.title, detail, {"course": localized(course.title), **args},
                        icon=icon)
            card.setObjectName(f"{name}_{lesson.id}")
            card.clicked.connect(lambda: self.ctx.go("lesson", course_id=course.id,
                                                     lesson_id=lesson.id))
            return card

        return make

    def _started_card(self, course: Any, lesson: Any, place: float):
        minutes, seconds = divmod(round(place), 60)
        if minutes == 0:
            return self._card(course, lesson, STOPPED_AT_SECONDS, {"seconds": seconds}, "play",
                              "started")
        return self._card(course, lesson, STOPPED_AT, {"minutes": minutes, "seconds": seconds},
                          "play", "started")

    def _next_card(self, course: Any, lesson: Any):
        return self._card(course, lesson, NEXT_UP, {}, "forward", "next")

    def _learned_card(self, course: Any, lesson: Any, day: str):
        return self._card(course, lesson, LEARNED_ON,
                          {"date": day_words(day, current_language(), self.this_year)},
                          "check", "learned")


def gather(library: Any, hours: Any, learner: str | None, places: list[tuple[str, str, float]],
           today: datetime.date, goal: int) -> Found:
    """Off the UI thread: the lessons still installed that this person started, learned and
    could watch next, and (signed in) the year's figures."""
    from seniorlearn.core.playback import should_offer_resume

    found = Found()
    if hours is not None and learner is not None:
        found.year = hours.learner_year(learner, today, goal)
    if library is None:
        return found
    for course_id, lesson_id, place in places:
        hit = library.find_lesson(lesson_id, course_id)
        if hit is not None and should_offer_resume(place, hit[1].duration_s):
            found.started.append((hit[0], hit[1], place))
    learned = found.year.learned if found.year is not None else []
    for course_id, lesson_id, day in learned:
        hit = library.find_lesson(lesson_id, course_id)
        if hit is not None:
            found.learned.append((hit[0], hit[1], day))
    if learner is not None:  # a guest sees only what they started since they came
        found.next_up = _next_lesson(library, found, {(c, lesson) for c, lesson, _ in learned})
    return found


def _next_lesson(library: Any, found: Found, learned: set[tuple[str, str]]
                 ) -> tuple[Any, Any] | None:
    """The first lesson not yet learned nor started in the course last worked on."""
    recent = found.started[:1] or found.learned[:1]
    if not recent:
        return None
    course = recent[0][0]
    busy = {(c.id, lesson.id) for c, lesson, _ in found.started}
    for lesson in course.lessons:
        if (course.id, lesson.id) not in learned | busy:
            return course, lesson
    return None
