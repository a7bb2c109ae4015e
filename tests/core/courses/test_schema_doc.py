"""docs/pack-manifest.schema.json says what the validator does (jsonschema is not a
dependency, so the test compares the rules themselves)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from seniorlearn.core.courses import CATEGORIES, TOPICS, PackError
from seniorlearn.core.courses.manifest import SCHEMA_VERSIONS, SLUG, check_member_path
from tests.core.courses.test_manifest import VALID, changed, parse

SCHEMA = json.loads((Path(__file__).resolve().parents[3] / "docs" /
                     "pack-manifest.schema.json").read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]


def test_enums_and_required_fields_match_the_code() -> None:
    props = SCHEMA["properties"]
    assert tuple(props["category"]["enum"]) == CATEGORIES
    assert tuple(props["topics"]["items"]["enum"]) == TOPICS
    assert set(SCHEMA["required"]) | {"topics", "topic"} == set(props) == set(VALID) | {
        "topics", "topic"}
    assert tuple(props["schema_version"]["enum"]) == SCHEMA_VERSIONS
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


@pytest.mark.parametrize("field, value", [("schema_version", 3), ("version", 0),
                                          ("lessons", []), ("id", "ab"), ("extra", 1)])
def test_schema_and_code_refuse_the_same_simple_cases(field: str, value: object) -> None:
    with pytest.raises(PackError):
        parse(changed(field, value))


def test_the_topic_field_matches_the_code() -> None:
    """Format 2's topic: a slug to join, or a declaration with exactly these fields; format 1
    may not have it; the built-in topics are joined, never declared."""
    assert SCHEMA["properties"]["topic"]["oneOf"] == [{"$ref": "#/$defs/slug"},
                                                      {"$ref": "#/$defs/topic_declaration"}]
    assert SCHEMA["if"] == {"properties": {"schema_version": {"const": 1}}}
    assert SCHEMA["then"] == {"not": {"required": ["topic"]}}
    declaration = DEFS["topic_declaration"]
    assert declaration["additionalProperties"] is False
    assert set(declaration["required"]) == set(declaration["properties"]) == set(DECLARED)
    assert tuple(declaration["properties"]["id"]["allOf"][1]["not"]["enum"]) == TOPICS
    assert declaration["properties"]["order"] == {"type": "integer", "minimum": 0}
    v2 = {**VALID, "schema_version": 2}
    assert parse({**v2, "topic": DECLARED}).declared.id == "blood-pressure"
    assert parse({**v2, "topic": "blood-pressure"}).topic == "blood-pressure"
    for refused in ({**VALID, "topic": "blood-pressure"}, {**v2, "topic": {**DECLARED, "x": 1}},
                    {**v2, "topic": {**DECLARED, "id": "pay"}}, {**v2, "topic": "ab"},
                    {**v2, "topic": {**DECLARED, "order": -1}}):
        with pytest.raises(PackError):
            parse(refused)
    for field in DECLARED:
        with pytest.raises(PackError):
            parse({**v2, "topic": {k: v for k, v in DECLARED.items() if k != field}})


DECLARED = {"id": "blood-pressure", "title": {"zh_CN": "量血压", "en": "Blood pressure"},
            "order": 5}
