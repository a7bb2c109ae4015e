"""The three demo courses' lesson scripts (courses_offline/scripts/): shape, pacing and the
Mandarin pronunciation of every Chinese text, with the real espeak-ng 1.52 the kiosk speaks with.

These run on the scripts alone (no video is built here): tomllib for the structure, an estimate
of each lesson's length from its narration, and, where the builder is importable, its own
checks (parsing, pronunciation, text that must fit the slides) and its real narration timings.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from seniorlearn.adapters.espeak import phonemes

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "courses_offline" / "scripts"
# Each demo course: its kind and its home topics (the health course has none: it sits under
# 健康管理's "more courses").
COURSES = {"smartphone-payment": ("smart_tech", ["pay"]), "ride-hailing": ("smart_tech", ["ride"]),
           "hospital-booking": ("smart_tech", ["hospital"]), "blood-pressure": ("health", [])}
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]$")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
KINDS = {"title", "text", "phone"}
ITEM_KINDS = {"text", "qr", "button", "field", "warning"}
# docs/lesson-script.md: the builder's voice speaks about 2.8 Chinese characters a second at
# its 130 words per minute; a slide lasts max(narration + 1 s, min_seconds, 8 s with a step).
CHARS_PER_SECOND = 2.8
STEP_MIN_S = 8.0
LESSON_MIN_S, LESSON_MAX_S = 60.0, 150.0
NARRATION_CHARS = (12, 45)


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _course(course_id: str) -> dict[str, Any]:
    return _read(SCRIPTS / course_id / "course.toml")


def _lesson_paths(course_id: str) -> list[Path]:
    return [SCRIPTS / course_id / p for p in _course(course_id)["lessons"]]


def _all_lessons() -> list[Any]:
    params = []
    for course_id in COURSES:
        if not (SCRIPTS / course_id / "course.toml").exists():
            params.append(pytest.param(course_id, None, id=f"{course_id}-missing"))
            continue
        for path in _lesson_paths(course_id):
            params.append(pytest.param(course_id, path, id=f"{course_id}/{path.stem}"))
    return params


def _texts(data: dict[str, Any]) -> list[dict[str, str]]:
    """Every bilingual text of a lesson: title, and per slide heading, body, narration, step,
    phone title and item labels."""
    found = [data["title"]]
    for slide in data["slides"]:
        for key in ("heading", "body", "narration", "step"):
            if key in slide:
                found.append(slide[key])
        phone = slide.get("phone")
        if phone:
            found.append(phone["title"])
            found += [item["label"] for item in phone["items"] if "label" in item]
    return found


def estimated_seconds(slide: dict[str, Any]) -> float:
    speech = len(slide["narration"]["zh_CN"]) / CHARS_PER_SECOND
    return max(speech + 1.0, STEP_MIN_S if "step" in slide else 0.0,
               float(slide.get("min_seconds", 0)))


def test_the_demo_courses_are_there() -> None:
    found = sorted(p.parent.name for p in SCRIPTS.glob("*/course.toml"))
    assert set(COURSES) <= set(found), found


@pytest.mark.parametrize("course_id", list(COURSES))
def test_course_file(course_id: str) -> None:
    course = _course(course_id)
    assert course["schema_version"] == 1
    assert course["id"] == course_id and SLUG.match(course_id)
    assert isinstance(course["version"], int) and course["version"] >= 1
    assert (course["category"], course.get("topics", [])) == COURSES[course_id]
    assert course["publisher"] and course["licence"]
    for key in ("title", "description"):
        assert set(course[key]) == {"zh_CN", "en"}, key
        assert all(v.strip() for v in course[key].values()), key
    assert len(course["title"]["zh_CN"]) <= 12, "the thumbnail holds 2 lines of about 6"
    lessons = course["lessons"]
    assert len(lessons) >= 3
    assert len(set(lessons)) == len(lessons)
    ids = []
    for number, relative in enumerate(lessons, start=1):
        path = SCRIPTS / course_id / relative
        assert path.is_file(), relative
        assert path.resolve().is_relative_to((SCRIPTS / course_id).resolve())
        lesson_id = _read(path)["id"]
        assert path.name == f"{number:02d}-{lesson_id}.toml", "lessons/NN-<lesson-id>.toml"
        ids.append(lesson_id)
    assert len(set(ids)) == len(ids), f"duplicate lesson ids in {course_id}: {ids}"


@pytest.mark.parametrize(("course_id", "path"), _all_lessons())
def test_lesson_shape(course_id: str, path: Path | None) -> None:
    assert path is not None, f"{course_id}/course.toml is missing"
    data = _read(path)
    assert set(data) <= {"schema_version", "id", "title", "slides"}, set(data)
    assert data["schema_version"] == 1 and SLUG.match(data["id"])
    slides = data["slides"]
    assert 7 <= len(slides) <= 12, f"{len(slides)} slides"
    assert slides[0]["kind"] == "title", "a title slide first"
    assert slides[-1]["heading"]["zh_CN"] == "记住三件事", "a summary slide last"
    assert slides[-1]["narration"]["zh_CN"].startswith("记住三件事：")
    for number, slide in enumerate(slides, start=1):
        where = f"{path.name} slide {number}"
        assert slide["kind"] in KINDS, where
        assert set(slide) <= {"kind", "heading", "body", "narration", "step", "min_seconds",
                              "phone"}, where
        for key in ("heading", "narration", "step"):
            if key in slide:
                assert set(slide[key]) == {"zh_CN", "en"}, f"{where}: {key}"
        low, high = NARRATION_CHARS
        assert low <= len(slide["narration"]["zh_CN"]) <= high, f"{where}: narration length"
        if "body" in slide:
            assert len(slide["body"]["zh_CN"].splitlines()) <= 3, f"{where}: body lines"
        phone = slide.get("phone")
        assert (slide["kind"] == "phone") == (phone is not None), where
        if phone:
            assert 1 <= len(phone["items"]) <= 6, where
            for item in phone["items"]:
                assert item["kind"] in ITEM_KINDS, where
                assert ("label" in item) == (item["kind"] != "qr"), where
                assert not item.get("highlight") or item["kind"] == "button", where
        if "step" in slide:
            assert slide["kind"] == "phone", f"{where}: a demonstrated step shows the phone"
    for text in _texts(data):
        assert text.get("zh_CN", "").strip(), f"{path.name}: a text without zh_CN: {text}"
        assert set(text) <= {"zh_CN", "en"}, text
        assert all(v.strip() for v in text.values()), text


@pytest.mark.parametrize(("course_id", "path"), _all_lessons())
def test_lesson_pacing(course_id: str, path: Path | None) -> None:
    assert path is not None, f"{course_id}/course.toml is missing"
    slides = _read(path)["slides"]
    seconds = [estimated_seconds(s) for s in slides]
    assert LESSON_MIN_S <= sum(seconds) <= LESSON_MAX_S, f"{path.name}: {sum(seconds):.0f} s"
    for slide, length in zip(slides, seconds, strict=True):
        if "step" in slide:
            assert length >= STEP_MIN_S
    assert sum(1 for s in slides if "step" in s) >= 2, "demonstrated steps, each on a phone"


@pytest.mark.parametrize(("course_id", "path"), _all_lessons())
def test_every_chinese_text_is_read_as_mandarin(course_id: str, path: Path | None) -> None:
    assert path is not None, f"{course_id}/course.toml is missing"
    wrong = {}
    for text in _texts(_read(path)):
        for run in CJK_RUN.findall(text["zh_CN"]):
            spoken = phonemes(run, "zh_CN")
            if not spoken.strip() or "(en)" in spoken:
                wrong[run] = spoken
    assert not wrong, f"{path.name}: read as English pinyin: {wrong}"


@pytest.mark.parametrize("number", ["110", "96110", "95128", "25.00元", "哪儿"])
def test_what_the_narration_avoids_is_still_misread(number: str) -> None:
    """Why narrations spell numbers out: the voice reads digits as quantities (110 as
    一百一十), and reads 哪儿 as English. If espeak changes, these rules can be relaxed."""
    spoken = phonemes(number, "zh_CN")
    assert "(en)" in spoken or "pai" in spoken or "t'iE35n" in spoken, spoken
    for path in SCRIPTS.glob("*/lessons/*.toml"):
        for slide in _read(path)["slides"]:
            assert number.rstrip("元") not in slide["narration"]["zh_CN"], (path.name, number)


@pytest.mark.parametrize(("course_id", "path"), _all_lessons())
def test_phone_numbers_are_the_allowed_ones(course_id: str, path: Path | None) -> None:
    """No invented numbers: only 110, 120, 96110, 12345 and 95128 (said "in many cities");
    a made-up verification code on the drawn SMS and the drawn plate are not numbers to call."""
    assert path is not None, f"{course_id}/course.toml is missing"
    allowed = {"110", "120", "96110", "12345", "95128"}
    if course_id == "blood-pressure":  # readings on the drawn monitor, not numbers to call
        allowed |= {"135", "128", "126"}
    for text in _texts(_read(path)):
        zh = text["zh_CN"]
        for number in re.findall(r"(?<![\d.:-])\d{3,}(?![\d.:-])", zh):
            assert number in allowed or "验证码" in zh, (path.name, number, zh)
        if "95128" in zh or "九五幺二八" in zh:
            assert "很多城市" in zh, f"{path.name}: 95128 only 'in many cities': {zh}"


@pytest.mark.parametrize("course_id", list(COURSES))
def test_the_builder_accepts_the_course(course_id: str, qapp: object) -> None:
    """The builder's own checks (structure, pronunciation, fit on the slides) and its real
    narration timings, without drawing or encoding anything."""
    pytest.importorskip("seniorlearn.authoring_build")
    from seniorlearn.authoring_build import RATE_WPM, check_lesson, speak
    from seniorlearn.core.authoring.checks import check_length
    from seniorlearn.core.authoring.script import parse_course

    course = parse_course(SCRIPTS / course_id / "course.toml")
    assert course.id == course_id and len(course.lessons) >= 3
    for lesson in course.lessons:
        check_lesson(lesson)
        timings = speak(lesson, RATE_WPM).timings
        check_length(lesson, timings)
        for slide, slot in zip(lesson.slides, timings, strict=True):
            if slide.step is not None:
                assert slot.duration_s >= STEP_MIN_S
