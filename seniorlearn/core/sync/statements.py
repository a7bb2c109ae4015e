"""A study record as xAPI 1.0.3 statements, after the xAPI Video Profile where it fits.

A lesson session gives ``initialized``, ``completed`` (when learned) and ``terminated``; an
in-person class gives ``attended``. Exactly one statement per record carries its study time as
``result.duration``: ``terminated`` for a lesson, ``attended`` for a class (docs/xapi.md). The
actor is the learner's number on the county platform's account; no name, phone or birth year
ever leaves the kiosk. Bodies are made from the stored (never rewritten) record, so the same
statement is the same bytes whenever it is sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import quote

from seniorlearn.core.ledger.rules import covered_s, union
from seniorlearn.core.storage.study import StudyRecord

VIDEO_PROFILE = "https://w3id.org/xapi/video"
VIDEO = "https://w3id.org/xapi/video/activity-type/video"
MEETING = "http://adlnet.gov/expapi/activities/meeting"
VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
    "attended": "http://adlnet.gov/expapi/verbs/attended",
}
EXT = "https://w3id.org/xapi/video/extensions/"
CARRIES_TIME = {"terminated", "attended"}


@dataclass(frozen=True)
class Origin:
    """Who sends: the county platform (the learners' accounts), the study point, the kiosk."""

    homepage: str
    study_point_id: str
    study_point_name: str
    kiosk_id: str
    minutes_per_xueshi: int

    def iri(self, *parts: str) -> str:
        return "/".join([self.homepage.rstrip("/"), "xapi", *(quote(p, safe="") for p in parts)])


def iso_duration(seconds: float) -> str:
    return f"PT{max(0.0, seconds):.2f}S"


def _time(at: float) -> str:
    return datetime.datetime.fromtimestamp(at, datetime.UTC).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")


def statement(statement_id: str, verb: str, record: StudyRecord, origin: Origin) -> dict:
    lesson = record.kind == "lesson"
    body: dict = {
        "id": statement_id,
        "actor": {"objectType": "Agent",
                  "account": {"homePage": origin.homepage, "name": record.learner}},
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": _activity(record, origin),
        "timestamp": _time(record.beat_at if verb in CARRIES_TIME and lesson
                           else record.started_at),
        "context": _context(record, origin, lesson),
    }
    result = _result(verb, record, origin)
    if result:
        body["result"] = result
    return body


def _activity(record: StudyRecord, origin: Origin) -> dict:
    if record.kind == "lesson":
        return {"objectType": "Activity",
                "id": origin.iri("lesson", record.course_id, record.lesson_id),
                "definition": {"type": VIDEO,
                               "name": {"zh-CN": f"{record.course_id}/{record.lesson_id}"}}}
    return {"objectType": "Activity", "id": origin.iri("in-person", record.activity),
            "definition": {"type": MEETING, "name": {"zh-CN": record.activity}}}


def _context(record: StudyRecord, origin: Origin, lesson: bool) -> dict:
    point = {"id": origin.study_point_id, "name": origin.study_point_name}
    extensions: dict[str, object] = {origin.iri("extensions", "study-point"): point,
                                     origin.iri("extensions", "kiosk"): origin.kiosk_id,
                                     origin.iri("extensions", "day"): record.day}
    context: dict = {"registration": record.id, "extensions": extensions}
    if lesson:
        extensions[EXT + "session-id"] = record.id
        if record.length_s:
            extensions[EXT + "length"] = round(record.length_s, 3)
        context["contextActivities"] = {"category": [
            {"objectType": "Activity", "id": VIDEO_PROFILE,
             "definition": {"type": "http://adlnet.gov/expapi/activities/profile"}}]}
    return context


def _result(verb: str, record: StudyRecord, origin: Origin) -> dict:
    result: dict = {}
    if verb == "completed":
        result["completion"] = True
    if record.kind == "lesson" and verb in ("completed", "terminated"):
        spans = union(record.segments)
        result["extensions"] = {
            EXT + "played-segments": "[,]".join(f"{a:.3f}[.]{b:.3f}" for a, b in spans),
            EXT + "progress": (round(min(1.0, covered_s(spans, record.length_s)
                                         / record.length_s), 3) if record.length_s else 0.0)}
    if verb in CARRIES_TIME:
        result["duration"] = iso_duration(record.seconds)
        result.setdefault("extensions", {})[origin.iri("extensions", "xueshi")] = round(
            record.seconds / 60.0 / origin.minutes_per_xueshi, 4)
    return result


def same_statement(sent: dict, stored: dict) -> bool:
    """Whether what the LRS holds under this id is what the kiosk sends (the LRS adds
    ``stored``, ``authority`` and may normalise the rest, so the parts that count are
    compared)."""
    def key(s: dict) -> tuple:
        return (s.get("id"), s.get("actor", {}).get("account"), s.get("verb", {}).get("id"),
                s.get("object", {}).get("id"), (s.get("result") or {}).get("duration"),
                (s.get("context") or {}).get("registration"))

    return key(sent) == key(stored)
