"""Lesson script and course.toml checks: each problem is one sentence naming file and slide."""

from __future__ import annotations

from pathlib import Path

import pytest

from seniorlearn.core.authoring.checks import check_length, check_pronunciation
from seniorlearn.core.authoring.script import ScriptError, parse_course, parse_lesson
from seniorlearn.core.authoring.timing import lay_out
from seniorlearn.core.i18n import set_language

HEAD = '''schema_version = 1
id = "try-it"
title = { zh_CN = "试一试", en = "Try it" }
'''
SLIDE = '''
[[slides]]
kind = "text"
heading = { zh_CN = "付款码", en = "Payment code" }
narration = { zh_CN = "这是付款码。", en = "This is the payment code." }
'''
PHONE = '''
[[slides]]
kind = "phone"
heading = { zh_CN = "点扫一扫", en = "Tap Scan" }
narration = { zh_CN = "点扫一扫。", en = "Tap Scan." }
[slides.phone]
title = { zh_CN = "微信", en = "WeChat" }
items = [ITEMS]
'''


def write(tmp_path: Path, text: str, name: str = "lesson.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    set_language("en")
    try:
        with pytest.raises(ScriptError) as caught:
            parse_course(path) if path.name == "course.toml" else parse_lesson(path)
        return str(caught.value)
    finally:
        set_language("zh_CN")


def test_a_good_script_parses(tmp_path: Path) -> None:
    items = '{ kind = "qr" }, { kind = "button", label = { zh_CN = "扫一扫" }, highlight = true }'
    lesson = parse_lesson(write(tmp_path, HEAD + SLIDE + PHONE.replace("ITEMS", items)))
    assert lesson.id == "try-it" and [s.kind for s in lesson.slides] == ["text", "phone"]
    phone = lesson.slides[1].phone
    assert phone is not None and phone.items[1].highlight and phone.items[1].label is not None


@pytest.mark.parametrize(("text", "sentence"), [
    ("schema_version = 2\n", "lesson.toml: schema_version must be 1."),
    ("this is = = not toml", "lesson.toml: this is not valid TOML"),
    (HEAD.replace('"try-it"', '"Try It"') + SLIDE, 'id must be 3 to 64 characters'),
    (HEAD, "lesson.toml: a lesson needs at least one [[slides]] table."),
    (HEAD + SLIDE.replace(', en = "Payment code"', ""),
     "lesson.toml, slide 1: heading needs a text in en."),
    (HEAD + SLIDE + SLIDE.replace('kind = "text"', 'kind = "video"'),
     "lesson.toml, slide 2: kind must be title, text or phone (got 'video')."),
    (HEAD + SLIDE.replace("narration", "narations"),
     "lesson.toml, slide 1: narations is not a field the builder knows."),
    (HEAD + SLIDE + "min_seconds = -1\n",
     "lesson.toml, slide 1: min_seconds must be a number from 0 to 60."),
    (HEAD + PHONE.replace("ITEMS", ""), "lesson.toml, slide 1: a phone screen has 1 to 6 items."),
    (HEAD + PHONE.replace("ITEMS", ", ".join(['{ kind = "qr" }'] * 7)),
     "a phone screen has 1 to 6 items."),
    (HEAD + PHONE.replace("ITEMS", '{ kind = "field", label = { zh_CN = "金额" }, '
                                   'highlight = true }'),
     "slide 1: phone item 1: only a button can have highlight = true."),
    (HEAD + PHONE.replace("ITEMS", '{ kind = "slider" }'),
     "phone item 1 needs a kind: text, qr, button, field or warning."),
    (HEAD + PHONE.replace("ITEMS", '{ kind = "button" }'),
     "slide 1: phone.items[1].label must be a table with zh_CN and en texts."),
    (HEAD + SLIDE.replace('kind = "text"', 'kind = "phone"'),
     "a phone slide needs a [slides.phone] table"),
])
def test_each_problem_is_one_sentence(tmp_path: Path, text: str, sentence: str) -> None:
    said = refusal(write(tmp_path, text))
    assert sentence in said and "\n" not in said
    assert said.startswith(str(tmp_path / "lesson.toml"))


def test_sentences_are_in_chinese_for_the_kiosk(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + SLIDE.replace("narration", "narations"))
    with pytest.raises(ScriptError) as caught:
        parse_lesson(path)
    assert str(caught.value) == f"{path}，第 1 张幻灯片：不认识 narations 这一项。"


COURSE = '''schema_version = 1
id = "pay"
version = 1
category = "smart_tech"
publisher = "志愿者"
licence = "CC-BY-4.0"
lessons = LESSONS
title = { zh_CN = "支付", en = "Paying" }
description = { zh_CN = "学付钱。", en = "Learn to pay." }
'''


def test_course_problems(tmp_path: Path) -> None:
    write(tmp_path, HEAD + SLIDE, "a.toml")
    write(tmp_path, HEAD + SLIDE, "b.toml")
    path = write(tmp_path, COURSE.replace("LESSONS", '["a.toml", "b.toml"]'), "course.toml")
    assert "the lesson id try-it is used twice in this course." in refusal(path)
    write(tmp_path, COURSE.replace("LESSONS", '["../a.toml"]'), "course.toml")
    assert "must stay inside the course folder" in refusal(path)
    write(tmp_path, COURSE.replace("LESSONS", '["a.toml"]').replace("smart_tech", "games"),
          "course.toml")
    assert "category must be one of smart_tech, health, culture, hobbies." in refusal(path)
    write(tmp_path, COURSE.replace("LESSONS", '["a.toml"]'), "course.toml")
    assert parse_course(path).lessons[0].id == "try-it"


def test_pronunciation_guard_names_the_text(tmp_path: Path) -> None:
    from seniorlearn.adapters.espeak import phonemes

    lesson = parse_lesson(write(tmp_path, HEAD + SLIDE.replace("这是付款码。", "这是囧字。")))
    set_language("en")
    try:
        with pytest.raises(ScriptError) as caught:
            check_pronunciation(lesson, lambda text: phonemes(text, "zh_CN"))
        said = str(caught.value)
    finally:
        set_language("zh_CN")
    assert said.endswith(
        'slide 1: the voice cannot read "这是囧字" in "这是囧字。" as Mandarin; '
        "write it another way.")
    check_pronunciation(parse_lesson(write(tmp_path, HEAD + SLIDE)),
                        lambda text: phonemes(text, "zh_CN"))


def test_lesson_length_rule(tmp_path: Path) -> None:
    lesson = parse_lesson(write(tmp_path, HEAD + SLIDE))
    with pytest.raises(ScriptError):
        check_length(lesson, lay_out([20.0], [0.0], [False]))
    check_length(lesson, lay_out([70.0], [0.0], [False]))
