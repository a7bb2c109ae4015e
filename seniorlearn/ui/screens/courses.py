"""Course screens: the courses of a home-screen topic, one course's lessons, and a lesson.

Course data is read off the UI thread (``ctx.run_task``); thumbnails are decoded there
as QImage (safe off the UI thread), kept (``THUMBNAILS``), and turned into pixmaps here.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from seniorlearn.core.courses.catalogue import Topic, catalogue_of
from seniorlearn.core.i18n import N_, _
from seniorlearn.core.playback.timewords import time_words
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.theme import Theme
from seniorlearn.ui.widgets.common import BigButton, TrLabel, icon_pixmap
from seniorlearn.ui.widgets.paged import PagedList

NO_COURSES = N_(
    "There are no lessons on this topic on this kiosk yet. "
    "Please ask a volunteer to add the course pack."
)
LOAD_FAILED = N_("The courses could not be opened. Please tell a volunteer.")
COURSE_SUMMARY = N_("{lessons} lessons, {minutes} minutes in all")
# In words, not colour alone: installed in the last 30 days (see core/courses/catalogue.py).
NEW_COURSE_SUMMARY = N_("New course · {lessons} lessons, {minutes} minutes in all")
# Where the signed-in learner is in a course, from the ledger (ctx.learned_lessons).
COURSE_STARTED = N_("{learned} of {lessons} lessons learned · {minutes} minutes in all")
COURSE_DONE = N_("✓ All {lessons} lessons learned")
LEARNED = N_("✓ Learned")
NOT_LEARNED = N_("Not learned yet")
THUMB_W, THUMB_H = 256, 144
# Course cards a page at most (a 1080-line screen has room for three); fewer where they do not
# fit, measured by PagedList.fit: an estimate made before the cards exist said one at 1280x800,
# where two fit.
MOST_CARDS = 3
COMPACT_THUMB = 0.625  # 160x90: two cards a page at 1280x800 in 特大, where 256x144 left one


class Thumbnails:
    """Course pictures as decoded, kept: a topic opened again decodes none of its twenty
    pictures again (about 5 ms of a worker's time; the screen waits for it). At most
    ``most`` are kept, the least recently shown going first; a picture larger than twice
    a card's is kept at that size. A file is known by its path, size and time, so a
    changed file is decoded afresh. Used from any thread."""

    def __init__(self, most: int = 100) -> None:
        self.most = most
        self._lock = threading.Lock()
        self._images: OrderedDict[tuple[str, int, int], QImage] = OrderedDict()

    def image(self, path: Path) -> QImage:
        """The picture at ``path`` (a null QImage if it cannot be read)."""
        try:
            stat = os.stat(path)
        except OSError:
            return QImage()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        with self._lock:
            found = self._images.get(key)
            if found is not None:
                self._images.move_to_end(key)
                return found
        image = QImage(str(path))
        if image.width() > 2 * THUMB_W or image.height() > 2 * THUMB_H:
            image = image.scaled(2 * THUMB_W, 2 * THUMB_H, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        with self._lock:
            self._images[key] = image
            while len(self._images) > self.most:
                self._images.popitem(last=False)
        return image

    def __len__(self) -> int:
        return len(self._images)


THUMBNAILS = Thumbnails()


class Card(QPushButton):
    """One big target: a picture on the left, a title and a detail line on the right."""

    def __init__(self, title: dict[str, str], detail: str, detail_args: dict[str, Any],
                 image: QImage | None = None, icon: str | None = None) -> None:
        super().__init__()
        self.setProperty("kind", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # a long title wraps: the card grows to hold it
        self.setSizePolicy(policy)
        self.image, self.icon_name = image, icon
        self.compact = False  # a smaller picture, where full-size ones leave room for one card
        row = self.row = QHBoxLayout(self)
        self.picture = QLabel()
        self.picture.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignVCenter)
        column = self.text_column = QVBoxLayout()
        column.setProperty("own_spacing", True)  # set in apply_theme; see shell._space_layouts
        self.title = TrLabel("", role="heading")
        self.title.set_texts(title)
        self.title.setWordWrap(True)  # a course's own title can be longer than the card
        self.detail = TrLabel(detail, role="body", **detail_args)
        for label in (self.title, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(label)
        row.addLayout(column, 1)
        self.retranslate()

    def speech_parts(self) -> list[str]:
        shown = [self.title] if self.detail.isHidden() else [self.title, self.detail]
        return [label.plain_text() for label in shown]

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override): as tall as its content
        return self.row.sizeHint().expandedTo(super().sizeHint())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return max(self.row.totalHeightForWidth(width), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.row.minimumSize().expandedTo(super().minimumSizeHint())

    def retranslate(self) -> None:
        self.setAccessibleName(self.title.plain_text())
        self.setAccessibleDescription(self.detail.plain_text())

    def apply_theme(self, theme: Theme) -> None:
        m = theme.metrics
        if self.image is not None and not self.image.isNull():
            shrink = COMPACT_THUMB if self.compact else 1.0
            pixmap = QPixmap.fromImage(self.image).scaled(
                m.px(THUMB_W * shrink), m.px(THUMB_H * shrink), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation)
            self.picture.setPixmap(pixmap)
        elif self.icon_name:
            self.picture.setPixmap(icon_pixmap(self.icon_name, theme.palette.on_secondary,
                                               m.icon * 2))
        self.row.setContentsMargins(m.gap, m.px(12), m.gap, m.px(12))
        self.row.setSpacing(m.gap)
        self.text_column.setSpacing(m.px(6))  # the detail line belongs to its title


class CourseListScreen(Screen):
    """The courses of one topic (``topic``, or the ``topic_id`` it is opened with)."""

    topic: ClassVar[str] = ""
    needs_library = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.message = TrLabel("", role="body")
        self.column.addWidget(self.message)
        self.list = PagedList(per_page=MOST_CARDS)
        self.column.addWidget(self.list, 1)
        self.back = BigButton(N_("Back to the home screen"), icon="home", kind="primary")
        self.back.setObjectName("BackHome")
        self.back.clicked.connect(self.ctx.go_home)
        self.column.addWidget(self.back)
        self.courses: list[Any] = []
        self.new: frozenset[str] = frozenset()
        self.learned: dict[str, int] = {}  # lessons the signed-in learner finished, by course
        self.shown_topic: Topic | None = None
        self.compact = False  # the cards' pictures smaller (see _fit_compact)

    def enter(self, **kwargs: object) -> None:
        library = self.ctx.library
        if library is None:
            self._show(None)
            return
        topic_id, now = self.topic or str(kwargs.get("topic_id", "")), self.ctx.clock()

        learned_lessons = self.ctx.learned_lessons

        def load() -> tuple[Topic | None, frozenset[str], dict[str, int],
                            list[tuple[Any, QImage]]]:
            catalogue = catalogue_of(library, now)
            topic = catalogue.topic(topic_id)
            found = topic.courses if topic is not None else ()
            learned = {c.id: len(learned_lessons(c.id)) for c in found}
            return topic, catalogue.new, learned, [
                (c, THUMBNAILS.image(c.root / c.thumbnail.path)) for c in found]

        self.ctx.run_task(load, self._show)

    def _show(self, result: object) -> None:
        if isinstance(result, Exception):
            self.shown_topic = None
            self.message.set_message(LOAD_FAILED)
            self.message.show()
            self.list.set_rows([])
            return
        topic, new, learned, shown = (
            result if isinstance(result, tuple) else (None, frozenset(), {}, []))
        if (topic is not None and topic is self.shown_topic and (new, learned) == (
                self.new, self.learned) and self.list.page == 0 and self.fits()):
            return  # as it was left (the catalogue gives the same topic while nothing changed)
        self.shown_topic, self.new, self.learned = topic, new, learned
        if not self.topic and topic is not None:
            self.title_label.set_texts(topic.title)
        elif not self.topic:
            self.title_label.set_message(N_("Course list"))
        self.courses = [course for course, _image in shown]
        self.message.set_message(NO_COURSES)
        self.message.setVisible(not shown)
        self.back.setVisible(not shown)
        self.compact = False
        self.list.set_rows([self._card_factory(course, image) for course, image in shown],
                           self.fits)
        self._fit_compact()

    def refit(self) -> None:
        """Text size changed: rows are taller or shorter now."""
        self.compact = False
        self.list.fit(self.fits)
        self._fit_compact()

    def _fit_compact(self) -> None:
        """One card a page makes a topic of twenty courses twenty pages: where full-size
        pictures leave room for only one, the cards get smaller pictures (and so a second)."""
        if self.list.per_page < 2 <= len(self.list.factories):
            self.compact = True
            self.list.fit(self.fits)

    def _summary(self, course: Any) -> str:
        return _summary_for(course, self.new, self.learned.get(course.id, 0))

    def _card_factory(self, course: Any, image: QImage):
        def make() -> Card:
            minutes = max(1, round(sum(lesson.duration_s for lesson in course.lessons) / 60))
            card = Card(course.title, self._summary(course),
                        {"lessons": len(course.lessons), "minutes": minutes,
                         "learned": self.learned.get(course.id, 0)}, image=image)
            card.compact = self.compact
            card.setObjectName(f"course_{course.id}")
            card.clicked.connect(lambda: self.ctx.go("course", course_id=course.id))
            return card

        return make


def _summary_for(course: Any, new: frozenset[str], learned: int) -> str:
    """What a course card says under its title: where the learner is, once they started
    (the hook for "where the learner is"; a resume place could be added here), else
    whether it is new."""
    if learned >= len(course.lessons):
        return COURSE_DONE
    if learned:
        return COURSE_STARTED
    return NEW_COURSE_SUMMARY if course.id in new else COURSE_SUMMARY


@register
class TopicScreen(CourseListScreen):
    """A topic a pack declared, or a kind's "more courses": titled by the topic itself."""

    name = "topic"
    title_msgid = N_("Course list")


@register
class PayTopicScreen(CourseListScreen):
    name = "topic_pay"
    title_msgid = N_("Paying by phone")
    topic = "pay"


@register
class RideTopicScreen(CourseListScreen):
    name = "topic_ride"
    title_msgid = N_("Calling a ride")
    topic = "ride"


@register
class HospitalTopicScreen(CourseListScreen):
    name = "topic_hospital"
    title_msgid = N_("Booking a hospital visit")
    topic = "hospital"


@register
class CourseScreen(Screen):
    """One course: its lessons in order, each with its length and a learned mark."""

    name = "course"
    title_msgid = N_("Course")
    needs_library = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.description = TrLabel("", role="body")
        self.column.addWidget(self.description)
        self.list = PagedList(per_page=4)
        self.column.addWidget(self.list, 1)
        self.course: Any = None
        self.learned: frozenset[str] = frozenset()
        self._request = 0

    def retranslate(self) -> None:
        """Lesson rows mix words and numbers: rebuild them in the new language."""
        if self.course is not None:
            anchor = self.list.anchor
            self._show((self.course, self.learned))
            self.list.show_row(anchor)
            self.fit_page()

    def enter(self, **kwargs: object) -> None:
        course_id = str(kwargs.get("course_id", ""))
        library = self.ctx.library
        self._request += 1
        if library is None:
            return
        request = self._request
        self.ctx.run_task(lambda: (library.course(course_id),
                                   self.ctx.learned_lessons(course_id)),
                          lambda result: self._shown(result, request))

    def _shown(self, result: object, request: int) -> None:
        if request == self._request:  # only the course asked for last
            self._show(result)

    def _show(self, result: object) -> None:
        if isinstance(result, Exception) or not isinstance(result, tuple) or result[0] is None:
            self.title_label.set_message(N_("Course"))
            self.description.set_message(LOAD_FAILED)
            self.description.show()
            self.list.set_rows([])
            return
        course, learned = result
        self.course, self.learned = course, learned
        self.title_label.set_texts(course.title)
        self.description.set_texts(course.description)
        self.fit_page([self._lesson_factory(course, index, lesson, lesson.id in learned)
                       for index, lesson in enumerate(course.lessons, start=1)])

    def refit(self) -> None:
        """Text size changed: rows are taller or shorter now."""
        self.fit_page()

    def fit_page(self, rows: list[Callable[[], QWidget]] | None = None) -> None:
        """As many lessons a page as fit; where not even one fits beside the course's
        description (特大 on a 1280x800 screen), the lessons keep the room and the
        description is left out, rather than cut. ``rows``: new lesson rows to show."""
        self.description.show()
        if rows is None:
            self.list.fit(self.fits)
        else:
            self.list.set_rows(rows, self.fits)
        if not self.fits():
            self.description.hide()
            self.list.fit(self.fits)

    def _lesson_factory(self, course: Any, number: int, lesson: Any, learned: bool):
        def make() -> Card:
            title = {lang: f"{number}. {text}" for lang, text in lesson.title.items()}
            mark = LEARNED if learned else NOT_LEARNED
            card = Card(title, N_("{length} · {mark}"),
                        {"length": time_words(lesson.duration_s), "mark": _(mark)},
                        icon="play")
            card.setObjectName(f"lesson_{lesson.id}")
            card.clicked.connect(lambda: self.ctx.go("lesson", course_id=course.id,
                                                     lesson_id=lesson.id))
            return card

        return make

    def reset(self) -> None:
        self._request += 1
        self.course = None
        self.list.set_rows([])

