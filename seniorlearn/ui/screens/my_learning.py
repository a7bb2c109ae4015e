"""我的学习: the lessons this person left unfinished on this kiosk, to go on with them.

What the kiosk knows today is where each lesson was left (core/playback/positions.py); the
places of someone who did not sign in are forgotten when they leave, so the next person
never sees them. Study hours and cards come with the ledger (issue 9): until then the
screen shows only what exists, and says what to do when there is nothing yet.
"""

from __future__ import annotations

from typing import Any

from seniorlearn.core.i18n import N_
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.screens.courses import Card
from seniorlearn.ui.widgets.common import BigButton, TrLabel, localized
from seniorlearn.ui.widgets.paged import PagedList

STARTED = N_("Lessons you started and did not finish. Tap one to go on from where you "
             "stopped.")
NOTHING_YET = N_("When you leave a lesson before its end, it is listed here, so you can go "
                 "on from where you stopped. Go back to the home screen and choose a topic "
                 "to begin.")
STOPPED_AT = N_("{course} · stopped at {minutes} min {seconds} s")


@register
class MyLearningScreen(Screen):
    name = "my_learning"
    title_msgid = N_("My learning")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.body = TrLabel(NOTHING_YET, role="body")
        self.column.addWidget(self.body)
        # A guest is offered the card: what they learn then counts toward their 学时.
        self.sign_in = BigButton(N_("Sign in"), icon="learning")
        self.sign_in.setObjectName("SignIn")
        self.sign_in.clicked.connect(lambda: self.ctx.go("sign_in", then=self.name))
        self.list = PagedList(per_page=3)
        self.column.addWidget(self.list, 1)
        self.back = BigButton(N_("Back to the home screen"), icon="home", kind="primary")
        self.back.setObjectName("BackHome")
        self.back.clicked.connect(self.ctx.go_home)
        # Beside the title: at 1280x800 in 特大 that row is what lets a lesson card fit.
        self.put_beside_title(self.sign_in, self.back)
        self.started: list[tuple[Any, Any, float]] = []

    def enter(self, **kwargs: object) -> None:
        self.sign_in.setVisible(self.ctx.session.learner is None)
        library, positions = self.ctx.library, self.ctx.positions
        places = positions.started(self.ctx.session.learner_id)
        if library is None:  # not open yet: no lesson can have been started
            self._show([])
            return
        self.ctx.run_task(lambda: _lessons(library, places), self._show)

    def _show(self, result: object) -> None:
        self.started = result if isinstance(result, list) else []
        self.body.set_message(STARTED if self.started else NOTHING_YET)
        self.list.set_rows([self._card(*item) for item in self.started])
        self.list.fit(self.fits)

    def retranslate(self) -> None:
        """The cards mix a course title, words and numbers: make them again."""
        anchor = self.list.anchor
        self._show(self.started)
        self.list.show_row(anchor)
        self.list.fit(self.fits)

    def refit(self) -> None:
        self.list.fit(self.fits)

    def reset(self) -> None:
        self.started = []
        self.list.set_rows([])

    def _card(self, course: Any, lesson: Any, place: float):
        def make() -> Card:
            whole = round(place)
            card = Card(lesson.title, STOPPED_AT, {
                "course": localized(course.title), "minutes": whole // 60,
                "seconds": whole % 60}, icon="play")
            card.setObjectName(f"started_{lesson.id}")
            card.clicked.connect(lambda: self.ctx.go("lesson", course_id=course.id,
                                                     lesson_id=lesson.id))
            return card

        return make


def _lessons(library: Any, places: list[tuple[str, float]]) -> list[tuple[Any, Any, float]]:
    """Off the UI thread: each remembered lesson still installed, with its course."""
    from seniorlearn.core.playback import should_offer_resume

    found = []
    for lesson_id, place in places:
        hit = library.find_lesson(lesson_id)
        if hit is not None and should_offer_resume(place, hit[1].duration_s):
            found.append((hit[0], hit[1], place))
    return found
