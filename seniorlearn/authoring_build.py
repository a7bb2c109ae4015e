"""``seniorlearn courses build SCRIPT --out DIR``: a lesson script or a course.toml into a
lesson or a complete course pack (docs/lesson-script.md).

Everything that can refuse the script (structure, pronunciation, text that would not fit, the
lesson's length) runs before anything is written; the result is built in a hidden folder next
to DIR and renamed into place, so DIR is either the old one or the complete new one.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seniorlearn.core.authoring import checks, manifest, media, timing
from seniorlearn.core.authoring.script import (
    CourseScript,
    LessonScript,
    ScriptError,
    file_error,
    is_course_file,
    parse_course,
    parse_lesson,
)
from seniorlearn.core.i18n import N_, _, set_language

log = logging.getLogger(__name__)
RATE_WPM = 130  # slower than the kiosk's read-aloud: lessons are for listening, not skimming
OUTPUT_MARKERS = ("manifest.json", "lesson.json")
Report = Callable[[str], None]


class BuildFailed(RuntimeError):
    """The script was fine but a tool failed (ffmpeg, the disk); ``str()`` is a sentence."""


@dataclass
class Spoken:
    """One lesson's narration: PCM per slide, its sample rate, and the slide timings."""

    pcm: list[bytes]
    rate: int
    timings: list[timing.SlideTiming]


def speak(lesson: LessonScript, words_per_minute: int) -> Spoken:
    from seniorlearn.adapters.espeak import synthesise

    pcm, rate, seconds = [], 0, []
    for slide in lesson.slides:
        samples, rate = synthesise(slide.narration.zh_CN, "zh_CN", words_per_minute)
        pcm.append(samples)
        seconds.append(len(samples) / 2 / rate)
    timings = timing.lay_out(seconds, [s.min_seconds for s in lesson.slides],
                             [s.step is not None for s in lesson.slides])
    return Spoken(pcm, rate, timings)


def check_lesson(lesson: LessonScript) -> None:
    """Pronunciation and layout: the checks that need the voice and the fonts."""
    from seniorlearn.adapters.espeak import phonemes
    from seniorlearn.ui.render.slides import check_layout

    checks.check_pronunciation(lesson, lambda text: phonemes(text, "zh_CN"))
    check_layout(lesson)


def _write_wav(path: Path, pcm: bytes, rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)


def narration_track(spoken: Spoken) -> bytes:
    """Each slide's speech at its slide's start, silence up to the next slide."""
    track = bytearray()
    for pcm, slot in zip(spoken.pcm, spoken.timings, strict=True):
        frames = round(slot.duration_s * spoken.rate)
        track += pcm[: frames * 2] + bytes(max(0, frames * 2 - len(pcm)))
    return bytes(track)


def build_lesson(lesson: LessonScript, spoken: Spoken, folder: Path, work: Path,
                 ffmpeg: str) -> None:
    """Slides, narration WAVs, subtitles and video.mp4 of one lesson into ``folder``."""
    from seniorlearn.ui.render.slides import render_slide

    images = []
    for slide, pcm in zip(lesson.slides, spoken.pcm, strict=True):
        image = work / f"slide-{slide.number:02d}.png"
        render_slide(slide, image)
        _write_wav(work / f"slide-{slide.number:02d}.wav", pcm, spoken.rate)
        images.append(image)
    _write_wav(work / "narration.wav", narration_track(spoken), spoken.rate)
    (work / "slides.ffconcat").write_text(media.concat_list(images, spoken.timings))
    folder.mkdir(parents=True, exist_ok=True)
    for language in ("zh_CN", "en"):
        cues = [cue for slide, slot in zip(lesson.slides, spoken.timings, strict=True)
                for cue in timing.slide_cues(getattr(slide.narration, language), slot,
                                             language)]
        (folder / f"{language}.srt").write_text(timing.srt_text(cues), encoding="utf-8")
    command = media.video_command(ffmpeg, work / "slides.ffconcat", work / "narration.wav",
                                  folder / "video.mp4", spoken.timings)
    result = subprocess.run(command, capture_output=True, text=True, cwd=work)
    if result.returncode != 0:
        log.error("ffmpeg failed (%s): %s", result.returncode, result.stderr[-2000:])
        raise BuildFailed(_("ffmpeg could not make the video of lesson {lesson}: {reason}")
                          .format(lesson=lesson.id, reason=result.stderr.strip()[-300:]))


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not any(
            (out / marker).exists() for marker in OUTPUT_MARKERS))):
        raise file_error(out, N_("this is not an empty folder or an earlier build; choose "
                                 "another --out folder."))


def _swap_into_place(staging: Path, out: Path) -> None:
    """One rename puts the new build where the old one was (removed after)."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _prepare(script: Path, draft: bool, words_per_minute: int,
             report: Report) -> tuple[CourseScript | None, list[LessonScript], list[Spoken]]:
    course = parse_course(script) if is_course_file(script) else None
    lessons = list(course.lessons) if course else [parse_lesson(script)]
    if course:
        from seniorlearn.ui.render.thumbnail import thumbnail_problem

        if thumbnail_problem(course.title.zh_CN):
            raise file_error(script, N_("the course title is too long for the thumbnail; "
                                        "shorten it."))
    spoken = []
    for lesson in lessons:
        check_lesson(lesson)
        spoken.append(speak(lesson, words_per_minute))
        if not draft:
            checks.check_length(lesson, spoken[-1].timings)
        report(_("Checked {file}: {seconds} seconds.").format(
            file=lesson.path, seconds=f"{spoken[-1].timings[-1].end_s:.1f}"))
    return course, lessons, spoken


def build(script: Path, out: Path, draft: bool = False, words_per_minute: int = RATE_WPM,
          report: Report = print) -> dict[str, Any]:
    """Build SCRIPT into OUT; return the manifest (course) or lesson entry written there."""
    _check_out(out)
    course, lessons, spoken = _prepare(script, draft, words_per_minute, report)
    ffmpeg = media.find_ffmpeg()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory(prefix="seniorlearn-build-") as scratch:
            result = _build_into(staging, Path(scratch), course, lessons, spoken, ffmpeg,
                                 report)
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def _build_into(root: Path, scratch: Path, course: CourseScript | None,
                lessons: Sequence[LessonScript], spoken: Sequence[Spoken], ffmpeg: str,
                report: Report) -> dict[str, Any]:
    entries = []
    for lesson, voice in zip(lessons, spoken, strict=True):
        started = time.monotonic()
        folder = root / "lessons" / lesson.id if course else root
        work = scratch / lesson.id
        work.mkdir()
        build_lesson(lesson, voice, folder, work, ffmpeg)
        entries.append(manifest.lesson_entry(root, lesson, folder, voice.timings))
        report(_("Built lesson {lesson} in {seconds} seconds.").format(
            lesson=lesson.id, seconds=f"{time.monotonic() - started:.1f}"))
    if course is None:
        return _write_json(root / "lesson.json", entries[0])
    from seniorlearn.ui.render.thumbnail import render_thumbnail

    render_thumbnail(course.title.zh_CN, course.category, course.topics,
                     root / "thumbnail.png")
    return _write_json(root / "manifest.json", manifest.course_manifest(root, course, entries))


def _write_json(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return data


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="a lesson script (.toml) or a course.toml")
    parser.add_argument("--out", type=Path, required=True,
                        help="the folder to build into (replaced as a whole when done)")
    parser.add_argument("--draft", action="store_true",
                        help="allow a lesson shorter or longer than 60-150 seconds")
    parser.add_argument("--rate", type=int, default=RATE_WPM,
                        help=f"narration speed in words per minute (default {RATE_WPM})")


def run(args: argparse.Namespace) -> int:
    """The command's body: 0 built, 2 the script was refused, 1 a tool failed."""
    from seniorlearn.core.config import Config
    from seniorlearn.core.paths import Paths

    set_language(Config(Paths.from_env().config_file).get("language"))
    try:
        build(args.script, args.out, draft=args.draft, words_per_minute=args.rate)
    except ScriptError as error:
        print(error, file=sys.stderr)
        return 2
    except media.FfmpegMissing as error:
        print(_(str(error)), file=sys.stderr)
        return 1
    except (BuildFailed, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    print(_("Built {out}.").format(out=args.out))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="seniorlearn courses build",
                                     description="Build a lesson or a course pack from scripts.")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
