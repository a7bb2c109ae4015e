"""The manifest validator on its own: what v1 accepts and what it refuses, field by field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from seniorlearn.core.courses import CATEGORIES, CATEGORY_TITLES, PackError, parse_manifest
from seniorlearn.core.courses import errors as e
from seniorlearn.core.i18n import set_language, translate

H = "a" * 64
VALID: dict[str, Any] = {
    "schema_version": 1, "id": "smartphone-payment", "version": 1,
    "title": {"zh_CN": "智能手机支付", "en": "Paying by phone"},
    "description": {"zh_CN": "付款码和收款码。", "en": "Payment codes."},
    "category": "smart_tech", "publisher": "志愿者", "licence": "CC-BY-4.0",
    "thumbnail": {"path": "thumbnail.png", "size": 10, "sha256": H},
    "lessons": [{
        "id": "payment-code", "title": {"zh_CN": "付款码", "en": "Payment code"},
        "video": {"path": "lessons/a/video.mp4", "size": 100, "sha256": H, "duration_s": 92.4},
        "subtitles": {"zh_CN": {"path": "lessons/a/zh_CN.srt", "size": 5, "sha256": H},
                      "en": {"path": "lessons/a/en.srt", "size": 5, "sha256": H}},
        "steps": [{"at_s": 0, "text": {"zh_CN": "打开"}}, {"at_s": 8.5, "text": {"zh_CN": "扫码"}}],
    }],
}


def parse(manifest: Any) -> Any:
    return parse_manifest(json.dumps(manifest).encode(), Path("/root"))


def changed(path: str, value: Any) -> dict[str, Any]:
    """VALID with one field set (value ... deletes it); path like 'lessons.0.video.size'."""
    result = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target: Any = result
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return result


def test_a_valid_manifest_parses() -> None:
    course = parse(VALID)
    assert course.lessons[0].duration_s == 92.4
    assert course.topics == () and course.root == Path("/root")
    assert [m.path for m in course.media()] == [
        "thumbnail.png", "lessons/a/video.mp4", "lessons/a/en.srt", "lessons/a/zh_CN.srt"]
    assert parse(changed("topics", ["pay", "hospital"])).topics == ("pay", "hospital")


def test_categories_have_chinese_titles() -> None:
    assert [translate(CATEGORY_TITLES[c], "zh_CN") for c in CATEGORIES] == [
        "智能技术应用", "健康管理", "文化传承", "兴趣特长"]


@pytest.mark.parametrize("path, value, msgid", [
    ("schema_version", "1", e.SCHEMA_VERSION),
    ("schema_version", True, e.SCHEMA_VERSION),
    ("schema_version", ..., e.MISSING_FIELD),
    ("id", "Smartphone", e.BAD_VALUE),
    ("id", "ab", e.BAD_VALUE),
    ("version", 0, e.BAD_VALUE),
    ("version", True, e.BAD_VALUE),
    ("version", 1.5, e.BAD_VALUE),
    ("category", "fun", e.BAD_VALUE),
    ("topics", ["shopping"], e.BAD_VALUE),
    ("title.en", ..., e.MISSING_FIELD),
    ("title.fr", "Payer", e.EXTRA_FIELD),
    ("publisher", "  ", e.BAD_VALUE),
    ("lessons", [], e.BAD_VALUE),
    ("thumbnail.sha256", "A" * 64, e.BAD_VALUE),
    ("thumbnail.size", -1, e.BAD_VALUE),
    ("thumbnail.path", "a\\b.png", e.UNSAFE_PATH),
    ("thumbnail.path", "./thumbnail.png", e.UNSAFE_PATH),
    ("thumbnail.path", "lessons//x.png", e.UNSAFE_PATH),
    ("thumbnail.path", "C:/x.png", e.UNSAFE_PATH),
    ("thumbnail.path", "manifest.json", e.DUPLICATE_FILE),
    ("thumbnail.path", "lessons/a/video.mp4", e.DUPLICATE_FILE),
    ("thumbnail.path", "cafe\u0301.png", e.BAD_NAME),
    ("lessons.0.video.duration_s", 0, e.BAD_VALUE),
    ("lessons.0.video.duration_s", ..., e.MISSING_FIELD),
    ("lessons.0.subtitles.zh_CN", ..., e.MISSING_FIELD),
    ("lessons.0.steps", [{"at_s": 9, "text": {"zh_CN": "b"}}, {"at_s": 1, "text": {"zh_CN": "a"}}],
     e.BAD_VALUE),
    ("lessons.0.steps", [{"at_s": 100, "text": {"zh_CN": "after the end"}}], e.BAD_VALUE),
    ("lessons.0.steps", [{"at_s": 0, "text": {"zh_CN": "x"}, "voice": "cmn"}], e.EXTRA_FIELD),
])
def test_each_bad_field_is_named(path: str, value: Any, msgid: str) -> None:
    with pytest.raises(PackError) as caught:
        parse(changed(path, value))
    assert caught.value.msgid == msgid, caught.value.cause


@pytest.mark.parametrize("data", [b"", b"[]", b"\xff\xfe{}", b'{"schema_version": NaN}',
                                  b"[" * 100_000, b" " * (2 << 20)])
def test_not_a_manifest(data: bytes) -> None:
    with pytest.raises(PackError) as caught:
        parse_manifest(data, Path("/root"))
    assert caught.value.msgid == e.BAD_JSON


def test_message_follows_the_current_language() -> None:
    with pytest.raises(PackError) as caught:
        parse(changed("lessons.0.title.en", ...))
    assert caught.value.message == ("课程包的内容清单缺少 lessons[0].title.en 一项，"
                                    "请联系发布者修正课程包。")
    set_language("en")
    try:
        assert caught.value.message.startswith("The pack's list of contents lacks the entry")
    finally:
        set_language("zh_CN")
    assert caught.value.cause == "missing lessons[0].title.en"
