"""Course topic screens. Until the course library arrives they say so in plain words and
offer one way back; the course-library issue replaces their body with the course list."""

from __future__ import annotations

from seniorlearn.core.i18n import N_
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.widgets.common import BigButton, TrLabel


class WaitingScreen(Screen):
    body_msgid: str

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.body = TrLabel(self.body_msgid, role="body")
        self.column.addWidget(self.body)
        self.column.addStretch(1)
        self.back = BigButton(N_("Back to the home screen"), icon="home", kind="primary")
        self.back.setObjectName("BackHome")
        self.back.clicked.connect(self.ctx.go_home)
        self.column.addWidget(self.back)


COURSES_COMING = N_(
    "The video lessons for this topic arrive with the course library. "
    "Please ask a volunteer to add the course pack to this kiosk."
)


@register
class PayTopicScreen(WaitingScreen):
    name = "topic_pay"
    title_msgid = N_("Paying by phone")
    body_msgid = COURSES_COMING


@register
class RideTopicScreen(WaitingScreen):
    name = "topic_ride"
    title_msgid = N_("Calling a ride")
    body_msgid = COURSES_COMING


@register
class HospitalTopicScreen(WaitingScreen):
    name = "topic_hospital"
    title_msgid = N_("Booking a hospital visit")
    body_msgid = COURSES_COMING


@register
class MyLearningScreen(WaitingScreen):
    name = "my_learning"
    title_msgid = N_("My learning")
    body_msgid = N_(
        "Your lessons and study hours will be shown here once you sign in with your "
        "learner card. Card sign-in arrives with the study-hour records."
    )
