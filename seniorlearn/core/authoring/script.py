"""Lesson scripts and course files (docs/lesson-script.md): parsing and the structural checks.

Every failure is a ``ScriptError`` holding one sentence (an English message id and its
arguments), naming the file and the slide, so a volunteer reads it in their own language.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seniorlearn.core.i18n import N_, _

SCHEMA_VERSION = 1
LANGUAGES = ("zh_CN", "en")
SLIDE_KINDS = ("title", "text", "phone")
ITEM_KINDS = ("text", "qr", "button", "field", "warning")
CATEGORIES = ("smart_tech", "health", "culture", "hobbies")
TOPICS = ("pay", "ride", "hospital")
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]")
MAX_PHONE_ITEMS = 6
MAX_MIN_SECONDS = 60


class ScriptError(Exception):
    """A script is refused; ``str()`` is the sentence in the kiosk's current language."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message)
        self.message = message
        self.values = values

    def __str__(self) -> str:
        return _(self.message).format(**self.values)

    def english(self) -> str:
        return self.message.format(**self.values)


@dataclass(frozen=True)
class Text:
    zh_CN: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"zh_CN": self.zh_CN, "en": self.en}


@dataclass(frozen=True)
class PhoneItem:
    kind: str
    label: Text | None = None
    highlight: bool = False


@dataclass(frozen=True)
class Phone:
    title: Text
    items: tuple[PhoneItem, ...]


@dataclass(frozen=True)
class Slide:
    number: int  # 1-based, as a volunteer counts them
    kind: str
    heading: Text
    narration: Text
    body: Text | None = None
    step: Text | None = None
    min_seconds: float = 0.0
    phone: Phone | None = None


@dataclass(frozen=True)
class LessonScript:
    path: Path
    id: str
    title: Text
    slides: tuple[Slide, ...]


@dataclass(frozen=True)
class CourseScript:
    path: Path
    id: str
    version: int
    category: str
    topics: tuple[str, ...]
    publisher: str
    licence: str
    title: Text
    description: Text
    lessons: tuple[LessonScript, ...] = field(default=())


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ScriptError(N_("{file}: there is no such file."), file=path) from None
    except OSError as error:
        raise ScriptError(N_("{file}: the file cannot be read ({reason})."),
                          file=path, reason=error.strerror or error) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ScriptError(N_("{file}: this is not valid TOML ({reason})."),
                          file=path, reason=error) from None


class _Where:
    """The file and slide a check is about, for the sentence."""

    def __init__(self, path: Path, slide: int = 0) -> None:
        self.path, self.slide = path, slide

    def fail(self, message: str, **values: object) -> ScriptError:
        if self.slide:
            return ScriptError(N_("{file}, slide {slide}: {problem}"), file=self.path,
                               slide=self.slide, problem=_Deferred(message, values))
        return ScriptError(N_("{file}: {problem}"), file=self.path,
                           problem=_Deferred(message, values))


class _Deferred:
    """An inner sentence translated when the outer one is formatted (same language)."""

    def __init__(self, message: str, values: dict[str, object]) -> None:
        self.message, self.values = message, values

    def __format__(self, spec: str) -> str:
        return _(self.message).format(**self.values)

    def __str__(self) -> str:
        return _(self.message).format(**self.values)


def _schema(data: dict[str, Any], where: _Where) -> None:
    if data.get("schema_version") != SCHEMA_VERSION:
        raise where.fail(N_("schema_version must be {version}."), version=SCHEMA_VERSION)


def _slug(data: dict[str, Any], where: _Where) -> str:
    value = data.get("id")
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise where.fail(N_("id must be 3 to 64 characters of a-z, 0-9 and \"-\" (got {value})."),
                         value=repr(value))
    return value


def _text(value: object, name: str, where: _Where, need_en: bool = True) -> Text:
    if not isinstance(value, dict):
        raise where.fail(N_("{name} must be a table with zh_CN and en texts."), name=name)
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise where.fail(N_("{name} has an unknown language {language}."),
                         name=name, language=unknown[0])
    for language in LANGUAGES if need_en else ("zh_CN",):
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise where.fail(N_("{name} needs a text in {language}."), name=name, language=language)
    english = value.get("en", "")
    if not isinstance(english, str):
        raise where.fail(N_("{name} needs a text in {language}."), name=name, language="en")
    return Text(value["zh_CN"].strip(), english.strip())


def _known_keys(data: dict[str, Any], allowed: set[str], where: _Where) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise where.fail(N_("{key} is not a field the builder knows."), key=unknown[0])


SLIDE_KEYS = {"kind", "heading", "body", "narration", "step", "min_seconds", "phone"}
ITEM_KEYS = {"kind", "label", "highlight"}


def _item(raw: object, index: int, where: _Where) -> PhoneItem:
    if not isinstance(raw, dict) or raw.get("kind") not in ITEM_KINDS:
        raise where.fail(N_("phone item {index} needs a kind: text, qr, button, field or "
                            "warning."), index=index)
    _known_keys(raw, ITEM_KEYS, where)
    kind = raw["kind"]
    if kind == "qr":
        return PhoneItem(kind)
    label = _text(raw.get("label"), f"phone.items[{index}].label", where, need_en=False)
    highlight = raw.get("highlight", False)
    if not isinstance(highlight, bool) or (highlight and kind != "button"):
        raise where.fail(N_("phone item {index}: only a button can have highlight = true."),
                         index=index)
    return PhoneItem(kind, label, highlight)


def _phone(raw: object, where: _Where) -> Phone:
    if not isinstance(raw, dict):
        raise where.fail(N_("a phone slide needs a [slides.phone] table with a title and "
                            "items."))
    _known_keys(raw, {"title", "items"}, where)
    title = _text(raw.get("title"), "phone.title", where, need_en=False)
    items = raw.get("items")
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_PHONE_ITEMS:
        raise where.fail(N_("a phone screen has 1 to {most} items."), most=MAX_PHONE_ITEMS)
    return Phone(title, tuple(_item(item, i, where) for i, item in enumerate(items, start=1)))


def _slide(raw: object, number: int, path: Path) -> Slide:
    where = _Where(path, number)
    if not isinstance(raw, dict):
        raise where.fail(N_("a slide must be a [[slides]] table."))
    _known_keys(raw, SLIDE_KEYS, where)
    kind = raw.get("kind")
    if kind not in SLIDE_KINDS:
        raise where.fail(N_("kind must be title, text or phone (got {value})."),
                         value=repr(kind))
    body = raw.get("body")
    minimum = raw.get("min_seconds", 0)
    if isinstance(minimum, bool) or not isinstance(minimum, int | float) or not (
            0 <= minimum <= MAX_MIN_SECONDS):
        raise where.fail(N_("min_seconds must be a number from 0 to {most}."),
                         most=MAX_MIN_SECONDS)
    if kind == "phone" and "phone" not in raw:
        raise where.fail(N_("a phone slide needs a [slides.phone] table with a title and "
                            "items."))
    if kind != "phone" and "phone" in raw:
        raise where.fail(N_("only a phone slide can have a phone screen."))
    return Slide(
        number=number, kind=kind,
        heading=_text(raw.get("heading"), "heading", where),
        narration=_text(raw.get("narration"), "narration", where),
        body=None if body is None else _text(body, "body", where, need_en=False),
        step=None if raw.get("step") is None else _text(raw["step"], "step", where),
        min_seconds=float(minimum),
        phone=_phone(raw["phone"], where) if kind == "phone" else None,
    )


def parse_lesson(path: Path) -> LessonScript:
    """Read and check one lesson script; raise ScriptError with the first problem."""
    data = read_toml(path)
    where = _Where(path)
    _known_keys(data, {"schema_version", "id", "title", "slides"}, where)
    _schema(data, where)
    lesson_id = _slug(data, where)
    title = _text(data.get("title"), "title", where)
    slides = data.get("slides")
    if not isinstance(slides, list) or not slides:
        raise where.fail(N_("a lesson needs at least one [[slides]] table."))
    return LessonScript(path, lesson_id, title,
                        tuple(_slide(raw, n, path) for n, raw in enumerate(slides, start=1)))


COURSE_KEYS = {"schema_version", "id", "version", "category", "topics", "publisher", "licence",
               "lessons", "title", "description"}


def _course_fields(data: dict[str, Any], where: _Where) -> tuple[int, str, tuple[str, ...]]:
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise where.fail(N_("version must be a whole number, 1 or more."))
    category = data.get("category")
    if category not in CATEGORIES:
        raise where.fail(N_("category must be one of {choices}."), choices=", ".join(CATEGORIES))
    topics = data.get("topics", [])
    if not isinstance(topics, list) or any(t not in TOPICS for t in topics):
        raise where.fail(N_("topics may only hold {choices}."), choices=", ".join(TOPICS))
    for key in ("publisher", "licence"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise where.fail(N_("{key} must be a non-empty text."), key=key)
    return version, category, tuple(topics)


def _lesson_paths(data: dict[str, Any], path: Path, where: _Where) -> list[Path]:
    lessons = data.get("lessons")
    if not isinstance(lessons, list) or not lessons or not all(
            isinstance(item, str) for item in lessons):
        raise where.fail(N_("lessons must list the lesson scripts, at least one."))
    found = []
    for item in lessons:
        relative = Path(item)
        if relative.is_absolute() or ".." in relative.parts:
            raise where.fail(N_("the lesson path {value} must stay inside the course folder."),
                             value=item)
        found.append(path.parent / relative)
    return found


def parse_course(path: Path) -> CourseScript:
    """Read and check a course.toml and every lesson script it lists."""
    data = read_toml(path)
    where = _Where(path)
    _known_keys(data, COURSE_KEYS, where)
    _schema(data, where)
    course_id = _slug(data, where)
    version, category, topics = _course_fields(data, where)
    lessons = tuple(parse_lesson(p) for p in _lesson_paths(data, path, where))
    seen: set[str] = set()
    for lesson in lessons:
        if lesson.id in seen:
            raise ScriptError(N_("{file}: the lesson id {value} is used twice in this course."),
                              file=lesson.path, value=lesson.id)
        seen.add(lesson.id)
    return CourseScript(path, course_id, version, category, topics, data["publisher"].strip(),
                        data["licence"].strip(), _text(data.get("title"), "title", where),
                        _text(data.get("description"), "description", where), lessons)


def is_course_file(path: Path) -> bool:
    return path.name == "course.toml"


def slide_error(path: Path, slide: int, message: str, **values: object) -> ScriptError:
    """A problem found after parsing (layout, pronunciation, length) for one slide."""
    return _Where(path, slide).fail(message, **values)


def file_error(path: Path, message: str, **values: object) -> ScriptError:
    return _Where(path).fail(message, **values)
