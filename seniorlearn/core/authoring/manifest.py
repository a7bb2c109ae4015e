"""Manifest entries (docs/pack-format.md): files with sizes and sha256, lessons and courses."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from seniorlearn.core.authoring.script import CourseScript, LessonScript, Slide
from seniorlearn.core.authoring.timing import SlideTiming

MANIFEST_SCHEMA_VERSION = 1


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_entry(root: Path, path: Path) -> dict[str, Any]:
    """{"path", "size", "sha256"} with the path relative to the pack root, "/"-separated."""
    return {"path": path.relative_to(root).as_posix(), "size": path.stat().st_size,
            "sha256": sha256_file(path)}


def steps(slides: Sequence[Slide], timings: Sequence[SlideTiming]) -> list[dict[str, Any]]:
    return [{"at_s": timing.start_s, "text": slide.step.as_dict()}
            for slide, timing in zip(slides, timings, strict=True) if slide.step]


def lesson_entry(root: Path, lesson: LessonScript, folder: Path,
                 timings: Sequence[SlideTiming]) -> dict[str, Any]:
    video = file_entry(root, folder / "video.mp4")
    video["duration_s"] = round(timings[-1].end_s, 3)
    return {
        "id": lesson.id,
        "title": lesson.title.as_dict(),
        "video": video,
        "subtitles": {language: file_entry(root, folder / f"{language}.srt")
                      for language in ("zh_CN", "en")},
        "steps": steps(lesson.slides, timings),
    }


def course_manifest(root: Path, course: CourseScript,
                    lessons: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema_version": MANIFEST_SCHEMA_VERSION,
        "id": course.id,
        "version": course.version,
        "title": course.title.as_dict(),
        "description": course.description.as_dict(),
        "category": course.category,
        "topics": list(course.topics),
        "publisher": course.publisher,
        "licence": course.licence,
        "thumbnail": file_entry(root, root / "thumbnail.png"),
        "lessons": list(lessons),
    }
