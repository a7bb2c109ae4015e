"""Real lesson packs for the player's tests, benchmark and screenshots: H.264+AAC videos made
with ffmpeg, .srt subtitles, and course/lesson records with the attributes of
``seniorlearn.core.courses`` (Course, Lesson, MediaFile, Step) and a library that finds them.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from seniorlearn.core.courses import Lesson, MediaFile, Step


@dataclass(frozen=True)
class Course:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    lessons: tuple[Lesson, ...]
    root: Path
    topics: tuple[str, ...] = ("pay",)
    thumbnail: MediaFile = MediaFile("thumb.png", 0, "")


@dataclass
class Library:
    courses_: list[Course] = field(default_factory=list)

    def courses(self) -> list[Course]:
        return list(self.courses_)

    def course(self, course_id: str) -> Course | None:
        return next((c for c in self.courses_ if c.id == course_id), None)

    def find_lesson(self, lesson_id: str, course_id: str | None = None,
                    ) -> tuple[Course, Lesson] | None:
        for course in self.courses_:
            if course_id is not None and course.id != course_id:
                continue
            for lesson in course.lessons:
                if lesson.id == lesson_id:
                    return course, lesson
        return None


def make_video(path: Path, seconds: float, size: str = "320x180", faststart: bool = True,
               pattern: str = "testsrc") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    command = ["ffmpeg", "-y", "-loglevel", "error",
               "-f", "lavfi", "-i", f"{pattern}=size={size}:rate=25",
               "-f", "lavfi", "-i", "sine=frequency=440", "-t", str(seconds),
               "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
               "-c:a", "aac", "-b:a", "64k"]
    if faststart:
        command += ["-movflags", "+faststart"]
    subprocess.run([*command, str(path)], check=True)
    return path


def srt_text(seconds: float, language: str, every: float = 2.0) -> str:
    words = {"zh_CN": "第{n}句：点一下屏幕上的绿色按钮", "en": "Line {n}: tap the green button"}
    blocks, n, t = [], 1, 0.0
    while t < seconds:
        end = min(t + every, seconds)
        blocks.append(f"{n}\n{_stamp(t)} --> {_stamp(end)}\n{words[language].format(n=n)}\n")
        n, t = n + 1, end
    return "\n".join(blocks)


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def media(root: Path, relative: str) -> MediaFile:
    data = (root / relative).read_bytes()
    return MediaFile(relative, len(data), hashlib.sha256(data).hexdigest())


def make_lesson(root: Path, lesson_id: str, video: Path, seconds: float,
                steps_every: float = 5.0) -> Lesson:
    """A lesson record for ``video`` (already under ``root``), with subtitles and steps."""
    subtitles = {}
    for language in ("zh_CN", "en"):
        relative = f"subtitles/{lesson_id}.{language}.srt"
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(srt_text(seconds, language), encoding="utf-8")
        subtitles[language] = media(root, relative)
    count = max(1, int(seconds // steps_every))
    steps = tuple(Step(i * steps_every, {"zh_CN": f"打开手机，找到第{i + 1}个图标",
                                         "en": f"Open the phone, find icon {i + 1}"})
                  for i in range(count))
    return Lesson(lesson_id, {"zh_CN": f"第{lesson_id[-1]}课 扫码付款", "en": f"Lesson "
                              f"{lesson_id[-1]}: paying by QR code"},
                  media(root, str(video.relative_to(root))), seconds, subtitles, steps)


def make_course(root: Path, lessons: list[Lesson], course_id: str = "pay-basics") -> Course:
    description = {"zh_CN": "一步一步学会扫码付款。", "en": "Pay by QR code, step by step."}
    return Course(course_id, {"zh_CN": "手机支付入门", "en": "Paying by phone: the basics"},
                  description, tuple(lessons), root)
