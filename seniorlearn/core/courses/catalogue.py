"""What the learner browses: the installed courses by kind (the plan's four), topic and course.

Home shows a tile per kind that has a course; while only one kind has courses, its topics
come straight onto home instead (one tap fewer, and the three demo topics look as they always
have). A topic is one of the three built in (pay, ride, hospital: the demo courses' topics),
one a format 2 pack declares, or, for courses that name neither, the kind's "more courses".
From home to a lesson playing is never more than four taps: kind, topic, course, lesson.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from seniorlearn.core.courses.manifest import CATEGORIES, CATEGORY_TITLES, Course, localized
from seniorlearn.core.i18n import N_, translate

NEW_FOR_S = 30 * 86400  # a course carries the 新课 mark for its first 30 days
HOME_TILES = 6  # what fits home in 特大 at 1280x800, 我的学习 included
OTHER = "other"  # the topic id prefix of a kind's courses that name no topic

KIND_SUMMARIES = {
    "smart_tech": N_("Phones: paying, calling a ride, booking a doctor"),
    "health": N_("Common illnesses, medicines, exercise"),
    "culture": N_("Calligraphy, painting, local opera, crafts"),
    "hobbies": N_("Singing, dance, gardening, photography"),
}
KIND_ICONS = {"smart_tech": "phone", "health": "heart", "culture": "brush",
              "hobbies": "music"}
OTHER_TITLE = N_("More courses")
# On a home tile, beside three others in 特大 on a 1280x800 screen: short in English too.
KIND_TILE_TITLES = {"smart_tech": N_("Technology"), "health": N_("Health"),
                    "culture": N_("Culture"), "hobbies": N_("Hobbies")}


@dataclass(frozen=True)
class BuiltinTopic:
    title: str  # msgid
    summary: str  # msgid
    icon: str
    order: int


BUILTIN_TOPICS = {
    "pay": BuiltinTopic(N_("Paying by phone"),
                        N_("Payment code, scanning to pay, staying safe"), "pay", 1),
    "ride": BuiltinTopic(N_("Calling a ride"),
                         N_("Booking a car, checking the plate, paying"), "car", 2),
    "hospital": BuiltinTopic(N_("Booking a hospital visit"),
                             N_("Choosing a hospital and doctor, reminders"), "hospital", 3),
}


@dataclass(frozen=True)
class Topic:
    id: str
    kind: str
    title: dict[str, str]  # by language
    summary: dict[str, str]  # empty: the screen says how many courses it has
    icon: str
    order: int
    courses: tuple[Course, ...]

    @property
    def builtin(self) -> bool:
        return self.id in BUILTIN_TOPICS


@dataclass(frozen=True)
class Kind:
    id: str
    title: dict[str, str]
    summary: dict[str, str]
    icon: str
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class Catalogue:
    kinds: tuple[Kind, ...]  # only kinds with a course, in the plan's order
    new: frozenset[str]  # ids of courses that carry the 新课 mark

    def kind(self, kind_id: str) -> Kind | None:
        return next((kind for kind in self.kinds if kind.id == kind_id), None)

    def topic(self, topic_id: str) -> Topic | None:
        return next((topic for kind in self.kinds for topic in kind.topics
                     if topic.id == topic_id), None)

    def home(self) -> tuple[Kind, ...] | tuple[Topic, ...]:
        """The tiles of home: one kind's topics when only it has courses (and they fit),
        else the kinds."""
        if len(self.kinds) == 1 and len(self.kinds[0].topics) < HOME_TILES:
            return self.kinds[0].topics
        return self.kinds


def texts(msgid: str) -> dict[str, str]:
    """A message in each language the kiosk speaks (for titles that packs give as texts)."""
    return {language: translate(msgid, language) for language in ("zh_CN", "en")}


def build_catalogue(courses: Iterable[Course],
                    installed: Mapping[str, tuple[float | None, bool]] | None = None,
                    now: float = 0.0) -> Catalogue:
    """Arrange ``courses`` (as ``CourseLibrary.courses()`` gives them, in title order).

    ``installed`` is ``CourseLibrary.installed_times()``; a course installed less than 30
    days before ``now`` and not a bundled demo is new. A topic declared by two packs takes
    the titles of the pack whose id sorts first, so the screen never depends on import order.
    """
    courses = list(courses)
    new = frozenset(cid for cid, (when, bundled) in (installed or {}).items()
                    if when is not None and not bundled and 0 <= now - when < NEW_FOR_S)
    return Catalogue(_LAST.arranged(courses), new)


class _Last:
    """The kinds last arranged, kept with the courses they were arranged from. Every screen
    of the catalogue arranges it again when it opens, and a library gives the same Course
    objects while nothing was installed or removed: then the same arrangement is the answer
    (Course objects are frozen, so the same objects in the same order arrange the same)."""

    def __init__(self) -> None:
        self.kept: tuple[list[Course], tuple[Kind, ...]] = ([], ())

    def arranged(self, courses: list[Course]) -> tuple[Kind, ...]:
        last, kinds = self.kept  # one read: another thread may replace it meanwhile
        if len(last) == len(courses) and all(a is b for a, b in zip(last, courses,
                                                                    strict=True)):
            return kinds
        kinds = _arrange(courses)
        self.kept = (courses, kinds)
        return kinds


_LAST = _Last()


def _arrange(courses: list[Course]) -> tuple[Kind, ...]:
    declared = _declarations(courses)
    members: dict[str, list[Course]] = {}
    for course in courses:
        for topic_id in _topics_of(course, declared):
            members.setdefault(topic_id, []).append(course)
    kinds = []
    for kind_id in CATEGORIES:
        topics = [_topic(topic_id, kind_id, declared, tuple(found))
                  for topic_id, found in members.items() if _kind_of(topic_id, declared,
                                                                     found) == kind_id]
        if topics:
            topics.sort(key=lambda t: (t.order, localized(t.title, "zh_CN"), t.id))
            if len(topics) == 1 and not topics[0].builtin and topics[0].order == 2**53:
                # "More courses" alone is not more than anything: it is the kind itself.
                topics[0] = replace(topics[0], title=texts(CATEGORY_TITLES[kind_id]))
            kinds.append(Kind(kind_id, texts(KIND_TILE_TITLES[kind_id]),
                              texts(KIND_SUMMARIES[kind_id]), KIND_ICONS[kind_id],
                              tuple(topics)))
    return tuple(kinds)


def _declarations(courses: list[Course]) -> dict[str, tuple[Course, int]]:
    declared: dict[str, tuple[Course, int]] = {}
    for course in sorted(courses, key=lambda c: c.id):
        if course.declared is not None and course.declared.id not in declared:
            declared[course.declared.id] = (course, course.declared.order)
    return declared


def _topics_of(course: Course, declared: Mapping[str, object]) -> list[str]:
    """The topics a course is listed under: its built-in ones and the one it names, if some
    pack declares it; else its kind's "more courses"."""
    found = list(course.topics)
    if course.topic is not None and (course.topic in declared or course.topic in BUILTIN_TOPICS):
        found.append(course.topic)
    return list(dict.fromkeys(found)) or [f"{OTHER}-{course.category}"]


def _kind_of(topic_id: str, declared: Mapping[str, tuple[Course, int]],
             found: list[Course]) -> str:
    """Built-in topics are smart technology; a declared one is of its declarer's kind."""
    if topic_id in BUILTIN_TOPICS:
        return "smart_tech"
    if topic_id in declared:
        return declared[topic_id][0].category
    return topic_id.removeprefix(f"{OTHER}-")


def _topic(topic_id: str, kind_id: str, declared: Mapping[str, tuple[Course, int]],
           courses: tuple[Course, ...]) -> Topic:
    builtin = BUILTIN_TOPICS.get(topic_id)
    if builtin is not None:
        return Topic(topic_id, kind_id, texts(builtin.title), texts(builtin.summary),
                     builtin.icon, builtin.order, courses)
    if topic_id in declared:
        course, order = declared[topic_id]
        assert course.declared is not None
        return Topic(topic_id, kind_id, dict(course.declared.title), {}, KIND_ICONS[kind_id],
                     order, courses)
    # After every declared topic: "more courses" is what is left over.
    return Topic(topic_id, kind_id, texts(OTHER_TITLE), {}, KIND_ICONS[kind_id], 2**53,
                 courses)


class CourseSource(Protocol):
    def courses(self) -> list[Course]: ...


def catalogue_of(library: CourseSource, now: float) -> Catalogue:
    """The catalogue of a ``CourseLibrary`` (or anything with its ``courses()``) at ``now``."""
    both = getattr(library, "courses_and_times", None)
    if callable(both):  # a CourseLibrary: its index read once
        courses, installed = both()
        return build_catalogue(courses, installed, now)
    courses = library.courses()
    times = getattr(library, "installed_times", None)
    return build_catalogue(courses, times() if callable(times) else {}, now)
