"""ffmpeg: where it is and the one command line that turns slides and narration into a lesson
video small enough for a USB stick while the slides stay crisp."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from seniorlearn.core.authoring.timing import FPS, SlideTiming
from seniorlearn.core.i18n import N_


class FfmpegMissing(RuntimeError):
    """Neither a system ffmpeg nor imageio-ffmpeg is there; ``str()`` is an English msgid."""


FFMPEG_MISSING = N_("ffmpeg is needed to make the lesson video: install it with "
                    "\"sudo apt-get install ffmpeg\" (or pip install imageio-ffmpeg).")


def find_ffmpeg() -> str:
    """The system ffmpeg if it is on PATH, else the one imageio-ffmpeg ships."""
    system = shutil.which("ffmpeg")
    if system:
        return system
    try:
        import imageio_ffmpeg  # type: ignore[import-not-found]
    except ImportError:
        raise FfmpegMissing(FFMPEG_MISSING) from None
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def concat_list(images: Sequence[Path], timings: Sequence[SlideTiming]) -> str:
    """An ffmpeg concat-demuxer list: each slide image for its duration.

    The demuxer ignores the last entry's duration unless the file is listed once more.
    """
    lines = ["ffconcat version 1.0"]
    for image, timing in zip(images, timings, strict=True):
        lines += [f"file '{image.name}'", f"duration {timing.duration_s:.3f}"]
    lines.append(f"file '{images[-1].name}'")
    return "\n".join(lines) + "\n"


def video_command(ffmpeg: str, slide_list: Path, narration: Path, output: Path,
                  timings: Sequence[SlideTiming]) -> list[str]:
    """H.264 still-image video at 10 fps plus AAC mono speech, keyframes at slide starts."""
    total = timings[-1].end_s
    keyframes = ",".join(f"{t.start_s:.3f}" for t in timings)
    return [
        ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
        "-f", "concat", "-safe", "0", "-i", str(slide_list),
        "-i", str(narration),
        "-map", "0:v", "-map", "1:a", "-t", f"{total:.3f}",
        "-c:v", "libx264", "-tune", "stillimage", "-preset", "veryfast", "-crf", "28",
        "-r", str(FPS), "-pix_fmt", "yuv420p", "-g", str(FPS * 30),
        "-force_key_frames", keyframes,
        "-c:a", "aac", "-b:a", "48k", "-ac", "1",
        "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
        "-flags:a", "+bitexact", "-movflags", "+faststart",
        str(output),
    ]
