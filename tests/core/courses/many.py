"""Many real packs at once, for the library at scale (tests and bench/library.py).

Each pack is valid and complete: a real thumbnail picture, tiny stand-in videos (import them
with the decode check off: a stand-in is not a video). The mix is what a county's years of
packs could look like: the four kinds, format 2 topics of about 25 courses (one pack
declares, the rest join), and every tenth pack format 1 with no topic.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from seniorlearn.core.courses import CATEGORIES

PER_TOPIC = 25


def _file(folder: Path, rel: str, data: bytes) -> dict[str, Any]:
    target = folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return {"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour (no Qt here): a course card is as tall as its picture, so a
    stand-in that decodes to nothing would make the cards shorter than a county's."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def manifest_for(number: int, folder: Path, prefix: str = "gen") -> dict[str, Any]:
    kind = CATEGORIES[number % len(CATEGORIES)]
    group = number // (PER_TOPIC * len(CATEGORIES))
    topic_id = f"{prefix}-{kind.replace('_', '-')}-{group}"
    manifest: dict[str, Any] = {
        "schema_version": 2, "id": f"{prefix}-course-{number:04d}", "version": 1,
        "title": {"zh_CN": f"第{number}门课", "en": f"Course {number}"},
        "description": {"zh_CN": "生成的课程。", "en": "A generated course."},
        "category": kind, "publisher": "测试", "licence": "CC0-1.0",
        "thumbnail": _file(folder, "thumbnail.png",
                           png(256, 144, (40, 90 + number % 120, 160))),
        "lessons": [{
            "id": f"lesson-{i}", "title": {"zh_CN": f"第{i + 1}课", "en": f"Lesson {i + 1}"},
            "video": {**_file(folder, f"l{i}/video.mp4", b"stand-in %d" % i), "duration_s": 60},
            "subtitles": {"zh_CN": _file(folder, f"l{i}/zh_CN.srt", b"1\n")},
            "steps": [],
        } for i in range(2)],
    }
    if number % 10 == 9:
        manifest["schema_version"] = 1  # format 1, no topic: the kind's "more courses"
    elif number % (PER_TOPIC * len(CATEGORIES)) < len(CATEGORIES):  # the group's first of its kind
        manifest["topic"] = {"id": topic_id, "order": group,
                             "title": {"zh_CN": f"主题{group}", "en": f"Topic {group}"}}
    else:
        manifest["topic"] = topic_id
    return manifest


def write_packs(folder: Path, count: int, prefix: str = "gen") -> Iterator[Path]:
    """Write ``count`` pack folders under ``folder``; yields each as it is written."""
    for number in range(count):
        pack = folder / f"{prefix}-{number:04d}"
        pack.mkdir(parents=True)
        manifest = manifest_for(number, pack, prefix)
        (pack / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False),
                                            encoding="utf-8")
        yield pack
