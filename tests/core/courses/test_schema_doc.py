"""docs/pack-manifest.schema.json says what the validator does (jsonschema is not a
dependency, so the test compares the rules themselves)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from seniorlearn.core.courses import CATEGORIES, TOPICS, PackError
from seniorlearn.core.courses.manifest import SLUG, check_member_path
from tests.core.courses.test_manifest import VALID, changed, parse

SCHEMA = json.loads((Path(__file__).resolve().parents[3] / "docs" /
                     "pack-manifest.schema.json").read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]


def test_enums_and_required_fields_match_the_code() -> None:
    props = SCHEMA["properties"]
    assert tuple(props["category"]["enum"]) == CATEGORIES
    assert tuple(props["topics"]["items"]["enum"]) == TOPICS
    assert set(SCHEMA["required"]) | {"topics"} == set(props) == set(VALID) | {"topics"}
    for name, value in (("thumbnail", VALID["thumbnail"]), ("lesson", VALID["lessons"][0])):
        schema = DEFS["file" if name == "thumbnail" else name]
        assert set(schema["required"]) == set(value) and schema["additionalProperties"] is False
    assert DEFS["slug"]["pattern"] == f"^{SLUG.pattern}$"


@pytest.mark.parametrize("path", ["thumbnail.png", "lessons/x/video.mp4", "a/.hidden", "课/一.srt",
                                  "../x", "/etc/passwd", "a\\b", "./a", "a//b", "C:/x", "a/..",
                                  "a/b/", "tab\there"])
def test_path_rule_matches_the_code(path: str) -> None:
    schema_says = re.search(DEFS["path"]["pattern"], path) is not None
    try:
        check_member_path(path)
        code_says = True
    except PackError:
        code_says = False
    assert schema_says == code_says


@pytest.mark.parametrize("field, value", [("schema_version", 2), ("version", 0),
                                          ("lessons", []), ("id", "ab"), ("extra", 1)])
def test_schema_and_code_refuse_the_same_simple_cases(field: str, value: object) -> None:
    with pytest.raises(PackError):
        parse(changed(field, value))
