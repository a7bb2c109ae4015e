"""Pack formats 1 and 2: the manifest's data classes and a strict validator (no jsonschema).

Format 2 adds one optional field, ``topic``: a topic the pack declares (id, titles, order) or
the id of one it joins. A format 1 manifest reads exactly as before.

``docs/pack-format.md`` describes the format and ``docs/pack-manifest.schema.json`` is the
same rules as a JSON Schema. Unknown fields are refused so that a typo never passes quietly.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from seniorlearn.core.courses.errors import (
    BAD_JSON,
    BAD_NAME,
    BAD_VALUE,
    DUPLICATE_FILE,
    DUPLICATE_LESSON,
    EXTRA_FIELD,
    MISSING_FIELD,
    SCHEMA_VERSION,
    UNSAFE_PATH,
    PackError,
)
from seniorlearn.core.i18n import DEFAULT_LANGUAGE, N_

SCHEMA_VERSION_1 = 1
SCHEMA_VERSION_2 = 2
SCHEMA_VERSIONS = (SCHEMA_VERSION_1, SCHEMA_VERSION_2)
MANIFEST_NAME = "manifest.json"
MAX_MANIFEST_BYTES = 1 << 20
CATEGORIES = ("smart_tech", "health", "culture", "hobbies")
CATEGORY_TITLES = {
    "smart_tech": N_("Using smart technology"),
    "health": N_("Managing health"),
    "culture": N_("Culture and heritage"),
    "hobbies": N_("Hobbies and skills"),
}
TOPICS = ("pay", "ride", "hospital")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{2,63}")
SHA256 = re.compile(r"[0-9a-f]{64}")
# Which checks build_course makes. The library trusts a manifest it checked at import only
# while these are the rules it was checked by: bump this when a check is added or tightened.
RULES = 1


@dataclass(frozen=True)
class MediaFile:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Step:
    at_s: float
    text: dict[str, str]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: dict[str, str]
    video: MediaFile
    duration_s: float
    subtitles: dict[str, MediaFile]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class TopicDeclaration:
    """A topic a format 2 pack names: other packs may join it by ``id``."""

    id: str
    title: dict[str, str]
    order: int


LessonsOrLater = tuple[Lesson, ...] | Callable[[], tuple[Lesson, ...]]


class LaterLessons:
    """``Course.lessons``: a tuple, or what makes it on first use. Building 500 courses'
    lessons was most of the time a trusted load of the library took, and what it is opened
    for (its catalogue) never looks at them; the screen of one topic looks at its own."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, course: object, owner: type | None = None) -> tuple[Lesson, ...]:
        if course is None:
            raise AttributeError(self.slot)  # so the dataclass field has no default
        value = course.__dict__[self.slot]
        if callable(value):
            value = course.__dict__[self.slot] = value()
        return value  # type: ignore[no-any-return]

    def __set__(self, course: object, value: LessonsOrLater) -> None:
        course.__dict__[self.slot] = value


@dataclass(frozen=True)
class Course:
    id: str
    version: int
    title: dict[str, str]
    description: dict[str, str]
    category: str
    topics: tuple[str, ...]
    publisher: str
    licence: str
    thumbnail: MediaFile
    # A tuple; a trusted load makes it on first use. The descriptor is not a default (its
    # class access raises), which mypy cannot know.
    lessons: LaterLessons = LaterLessons()
    root: Path  # type: ignore[misc]
    topic: str | None = None  # format 2: the topic declared or joined, by id
    declared: TopicDeclaration | None = None  # format 2: set when this pack declares it

    def text(self, field_value: dict[str, str], language: str) -> str:
        return localized(field_value, language)

    def media(self) -> list[MediaFile]:
        """Every file the manifest lists: thumbnail, then each lesson's video and subtitles."""
        files = [self.thumbnail]
        for lesson in self.lessons:
            files.append(lesson.video)
            files.extend(lesson.subtitles[lang] for lang in sorted(lesson.subtitles))
        return files


def localized(value: dict[str, str], language: str) -> str:
    """The text in ``language``, else in zh_CN (every pack has zh_CN)."""
    return value.get(language) or value.get(DEFAULT_LANGUAGE) or ""


# ---------------------------------------------------------------- paths


def check_member_path(path: str) -> str:
    """A path inside a pack: relative POSIX, no ``..``, no backslash, NFC; else PackError."""
    parts = path.split("/")
    if (not path or path.startswith("/") or "\\" in path or ":" in parts[0]
            or any(part in ("", ".", "..") for part in parts)
            or any(ord(c) < 32 or ord(c) == 127 for c in path)):
        raise PackError(UNSAFE_PATH, f"unsafe path {path!r}", path=printable(path))
    check_name_encoding(path)
    return path


def check_name_encoding(path: str) -> None:
    """Names must be valid UTF-8 (no surrogate escapes) and NFC-normalised."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise PackError(BAD_NAME, f"name is not valid UTF-8: {path!r}",
                        path=printable(path)) from None
    if unicodedata.normalize("NFC", path) != path:
        raise PackError(BAD_NAME, f"name is not NFC-normalised: {path!r}", path=printable(path))


def printable(path: str) -> str:
    """A name safe to show: undecodable bytes as \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# ---------------------------------------------------------------- parsing


def parse_manifest(data: bytes, root: Path) -> Course:
    """Validate manifest bytes and build the Course; raises PackError with the first problem."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise PackError(BAD_JSON, f"manifest.json is {len(data)} bytes (limit 1 MiB)")
    try:
        raw = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PackError(BAD_JSON, f"manifest.json is not JSON: {exc}") from None
    return build_course(raw, root)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a manifest")


def build_course(raw: Any, root: Path) -> Course:
    if not isinstance(raw, dict):
        raise PackError(BAD_JSON, "manifest.json is not a JSON object")
    if "schema_version" not in raw:
        raise PackError(MISSING_FIELD, "missing schema_version", field="schema_version")
    version = raw["schema_version"]
    if version not in SCHEMA_VERSIONS or isinstance(version, bool):
        raise PackError(SCHEMA_VERSION, f"schema_version {version!r}", version=str(version))
    obj = _object(raw, "", {"schema_version", "id", "version", "title", "description",
                            "category", "publisher", "licence", "thumbnail", "lessons"},
                  {"topics", "topic"} if version == SCHEMA_VERSION_2 else {"topics"})
    declared = _topic(obj["topic"]) if "topic" in obj else None
    topics = _list(obj.get("topics", []), "topics", min_items=0)
    for i, topic in enumerate(topics):
        _choice(topic, f"topics[{i}]", TOPICS)
    lessons_raw = _list(obj["lessons"], "lessons", min_items=1)
    lessons = tuple(_lesson(item, f"lessons[{i}]") for i, item in enumerate(lessons_raw))
    seen: set[str] = set()
    for lesson in lessons:
        if lesson.id in seen:
            raise PackError(DUPLICATE_LESSON, f"duplicate lesson id {lesson.id}", lesson=lesson.id)
        seen.add(lesson.id)
    course = Course(
        id=_slug(obj["id"], "id"),
        version=_int(obj["version"], "version", minimum=1),
        title=_texts(obj["title"], "title", required=("zh_CN", "en")),
        description=_texts(obj["description"], "description", required=("zh_CN", "en")),
        category=_choice(obj["category"], "category", CATEGORIES),
        topics=tuple(dict.fromkeys(topics)),
        publisher=_string(obj["publisher"], "publisher"),
        licence=_string(obj["licence"], "licence"),
        thumbnail=_media(obj["thumbnail"], "thumbnail"),
        lessons=lessons,
        root=root,
        topic=declared if isinstance(declared, str) else getattr(declared, "id", None),
        declared=declared if isinstance(declared, TopicDeclaration) else None,
    )
    _unique_paths(course)
    return course


def trusted_course(data: bytes, root: Path) -> Course:
    """The Course of manifest bytes that ``parse_manifest`` accepted before (the library
    knows them by their hash): the same Course, built without checking anything again.
    A manifest that does not have the shape it checked (which cannot happen for the same
    bytes under the same RULES) is checked in full, so it fails as parse_manifest says."""
    try:
        return _trusted(json.loads(data), root)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError):
        return parse_manifest(data, root)


def _trusted(raw: dict[str, Any], root: Path) -> Course:
    topic = raw.get("topic")
    declared = (TopicDeclaration(topic["id"], topic["title"], topic["order"])
                if isinstance(topic, dict) else None)
    return Course(raw["id"], raw["version"], raw["title"], raw["description"],
                  raw["category"], tuple(dict.fromkeys(raw.get("topics", ()))),
                  raw["publisher"], raw["licence"], _trusted_file(raw["thumbnail"]),
                  partial(_trusted_lessons, raw["lessons"]), root,
                  topic if declared is None else declared.id, declared)


def _trusted_lessons(items: list[dict[str, Any]]) -> tuple[Lesson, ...]:
    return tuple(
        Lesson(item["id"], item["title"], _trusted_file(item["video"]),
               float(item["video"]["duration_s"]),
               {lang: _trusted_file(value) for lang, value in item["subtitles"].items()},
               tuple(Step(float(step["at_s"]), step["text"]) for step in item["steps"]))
        for item in items)


def _trusted_file(raw: dict[str, Any]) -> MediaFile:
    return MediaFile(raw["path"], raw["size"], raw["sha256"])


def _topic(raw: Any) -> str | TopicDeclaration:
    """``"topic": "id"`` joins a topic; ``{"id", "title", "order"}`` declares one (the
    built-in topics pay, ride and hospital can be joined, never declared again)."""
    if isinstance(raw, str):
        return _slug(raw, "topic")
    obj = _object(raw, "topic", {"id", "title", "order"}, set())
    topic_id = _slug(obj["id"], "topic.id")
    if topic_id in TOPICS:
        raise _bad("topic.id")
    return TopicDeclaration(
        id=topic_id, title=_texts(obj["title"], "topic.title", required=("zh_CN", "en")),
        order=_int(obj["order"], "topic.order", minimum=0))


def _unique_paths(course: Course) -> None:
    seen: set[str] = set()
    for media in course.media():
        if media.path in seen or media.path == MANIFEST_NAME:
            raise PackError(DUPLICATE_FILE, f"{media.path} listed twice", path=media.path)
        seen.add(media.path)


def _lesson(raw: Any, where: str) -> Lesson:
    obj = _object(raw, where, {"id", "title", "video", "subtitles", "steps"}, set())
    video = _object(obj["video"], f"{where}.video", {"path", "size", "sha256", "duration_s"},
                    set())
    duration = _number(video["duration_s"], f"{where}.video.duration_s")
    if duration <= 0:
        raise _bad(f"{where}.video.duration_s")
    subs = _object(obj["subtitles"], f"{where}.subtitles", {"zh_CN"}, {"en"})
    steps_raw = _list(obj["steps"], f"{where}.steps", min_items=0)
    steps = tuple(_step(item, f"{where}.steps[{i}]") for i, item in enumerate(steps_raw))
    if any(a.at_s > b.at_s for a, b in zip(steps, steps[1:], strict=False)):
        raise _bad(f"{where}.steps")
    if any(step.at_s > duration for step in steps):
        raise _bad(f"{where}.steps")
    return Lesson(
        id=_slug(obj["id"], f"{where}.id"),
        title=_texts(obj["title"], f"{where}.title", required=("zh_CN", "en")),
        video=_media({k: video[k] for k in ("path", "size", "sha256")}, f"{where}.video"),
        duration_s=duration,
        subtitles={lang: _media(value, f"{where}.subtitles.{lang}")
                   for lang, value in subs.items()},
        steps=steps,
    )


def _step(raw: Any, where: str) -> Step:
    obj = _object(raw, where, {"at_s", "text"}, set())
    at_s = _number(obj["at_s"], f"{where}.at_s")
    if at_s < 0:
        raise _bad(f"{where}.at_s")
    return Step(at_s=at_s, text=_texts(obj["text"], f"{where}.text", required=("zh_CN",)))


def _media(raw: Any, where: str) -> MediaFile:
    obj = _object(raw, where, {"path", "size", "sha256"}, set())
    path = check_member_path(_string(obj["path"], f"{where}.path"))
    sha = _string(obj["sha256"], f"{where}.sha256")
    if not SHA256.fullmatch(sha):
        raise _bad(f"{where}.sha256")
    return MediaFile(path=path, size=_int(obj["size"], f"{where}.size", minimum=0), sha256=sha)


# ---------------------------------------------------------------- typed field readers


def _object(raw: Any, where: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _bad(where or "manifest")
    prefix = f"{where}." if where else ""
    for key in sorted(required):
        if key not in raw:
            raise PackError(MISSING_FIELD, f"missing {prefix}{key}", field=prefix + key)
    for key in sorted(raw):
        if key not in required and key not in optional:
            raise PackError(EXTRA_FIELD, f"unknown field {prefix}{key}", field=prefix + key)
    return raw


def _texts(raw: Any, where: str, required: tuple[str, ...]) -> dict[str, str]:
    obj = _object(raw, where, set(required), {"zh_CN", "en"} - set(required))
    texts = {lang: _string(value, f"{where}.{lang}") for lang, value in obj.items()}
    return texts


def _string(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 10_000:
        raise _bad(where)
    return raw


def _slug(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not SLUG.fullmatch(raw):
        raise _bad(where)
    return raw


def _int(raw: Any, where: str, minimum: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < minimum or raw >= 2**53:
        raise _bad(where)
    return raw


def _number(raw: Any, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise _bad(where)
    return float(raw)


def _choice(raw: Any, where: str, choices: tuple[str, ...]) -> str:
    if raw not in choices or not isinstance(raw, str):
        raise _bad(where)
    return str(raw)


def _list(raw: Any, where: str, min_items: int) -> list[Any]:
    if not isinstance(raw, list) or len(raw) < min_items:
        raise _bad(where)
    return raw


def _bad(where: str) -> PackError:
    return PackError(BAD_VALUE, f"invalid value at {where}", field=where)
