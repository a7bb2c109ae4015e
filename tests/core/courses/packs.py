"""Build real course packs on disk for tests: folders, zips, and a tiny real H.264 video."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

SRT = "1\n00:00:00,000 --> 00:00:01,000\n先看屏幕上方。\n"


def make_video(path: Path) -> Path:
    """A 1-second 64x48 H.264 clip (about 3 KB)."""
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=d=1:s=64x48:r=10", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    str(path)], check=True)
    return path


def media(folder: Path, rel: str, data: bytes) -> dict[str, Any]:
    target = folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return {"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def make_pack(folder: Path, video: bytes, course_id: str = "demo-course", version: int = 1,
              lessons: int = 2, big_files: dict[str, bytes] | None = None,
              thumbnail: bytes = b"\x89PNG fake thumbnail") -> dict[str, Any]:
    """Write a valid pack into ``folder``; returns its manifest (already written)."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "schema_version": 1, "id": course_id, "version": version,
        "title": {"zh_CN": "演示课程", "en": "Demo course"},
        "description": {"zh_CN": "用来测试的课程。", "en": "A course for tests."},
        "category": "smart_tech", "topics": ["pay"], "publisher": "测试", "licence": "CC0-1.0",
        "thumbnail": media(folder, "thumbnail.png", thumbnail),
        "lessons": [],
    }
    for i in range(lessons):
        base = f"lessons/l{i}"
        data = (big_files or {}).get(f"l{i}", video)
        manifest["lessons"].append({
            "id": f"lesson-{i}", "title": {"zh_CN": f"第{i + 1}课", "en": f"Lesson {i + 1}"},
            "video": {**media(folder, f"{base}/video.mp4", data), "duration_s": 1.0},
            "subtitles": {"zh_CN": media(folder, f"{base}/zh_CN.srt", SRT.encode())},
            "steps": [{"at_s": 0.0, "text": {"zh_CN": "先看屏幕上方。", "en": "Look at the top."}}],
        })
    write_manifest(folder, manifest)
    return manifest


def write_manifest(folder: Path, manifest: Any) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False),
                                          encoding="utf-8")


def zip_pack(folder: Path, target: Path, top: str | None = None,
             compression: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(target, "w", compression) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                rel = path.relative_to(folder).as_posix()
                zf.write(path, f"{top}/{rel}" if top else rel)
    return target


def tree_digest(root: Path) -> dict[str, tuple[str, int, str]]:
    """Every entry under ``root``: kind, size and sha256 (links: their target)."""
    result: dict[str, tuple[str, int, str]] = {}
    if not root.exists():
        return result
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            result[rel] = ("link", 0, str(path.readlink()))
        elif path.is_file():
            data = path.read_bytes()
            result[rel] = ("file", len(data), hashlib.sha256(data).hexdigest())
        elif path.is_dir() and any(path.iterdir()):
            continue
        else:
            result[rel] = ("empty-dir", 0, "")
    return result


def copy_pack(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst
