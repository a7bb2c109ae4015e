"""Course pack import and verify, against the shell tools doing the same work, in one run.

    .venv/bin/python bench/import.py [--mb-per-file 128] [--files 8] [--runs 3]

Generates a pack of about 1 GB (8 files of 128 MB of random bytes named .mp4, plus one real
tiny H.264 lesson) in a temporary folder under /tmp, then measures, median of --runs:

(a) ``CourseLibrary.import_pack(folder)`` into a fresh data home each run: copy + sha256 +
    fsync of every file, manifest checks, index switch; the decode check runs on the real
    video only (libvlc in a child process), the random .mp4 files are not decoded;
(b) ``cp -r`` of the pack followed by ``sha256sum`` of every copied file (no fsync);
(c) ``CourseLibrary.verify()`` vs ``sha256sum`` alone over the same installed files.

Page cache: before every timed run the source (or installed) files are read once, so both
sides start with the data warm in memory, and ``sync`` flushes earlier runs' dirty pages.
Everything is deleted at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from seniorlearn.adapters.video_check import check_video  # noqa: E402
from seniorlearn.core.courses import CourseLibrary  # noqa: E402
from seniorlearn.core.paths import Paths  # noqa: E402
from tests.core.courses.packs import make_pack, make_video  # noqa: E402


def generate(work: Path, files: int, mb: int) -> tuple[Path, int]:
    video = make_video(work / "tiny.mp4").read_bytes()
    block = os.urandom(4 << 20)
    big = {}
    for i in range(files):
        # A different first block per file, so no two files are identical.
        head = hashlib.sha256(str(i).encode()).digest() * (1 << 15)
        big[f"l{i}"] = head + block * (mb // 4)
    pack = work / "pack"
    make_pack(pack, video, course_id="bench-course", lessons=files + 1, big_files=big)
    total = sum(p.stat().st_size for p in pack.rglob("*") if p.is_file())
    return pack, total


def warm(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb", buffering=0) as fh:
                while fh.read(4 << 20):
                    pass
    subprocess.run(["sync"], check=True)


def median_time(runs: int, prepare: Callable[[int], None], action: Callable[[int], None]
                ) -> float:
    times = []
    for run in range(runs):
        prepare(run)
        started = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def only_real_video(path: Path) -> str | None:
    return check_video(path) if path.stat().st_size < (1 << 20) else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--mb-per-file", type=int, default=128)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="seniorlearn-bench-", dir="/tmp"))
    try:
        return bench(work, args.files, args.mb_per_file, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(work: Path, files: int, mb: int, runs: int) -> int:
    pack, total = generate(work, files, mb)
    print(f"pack: {files} files of {mb} MB + 1 real video, {total / 2**20:.0f} MB in all; "
          f"decode check on the real video only; {runs} runs each, median; source warmed "
          f"(read once) and sync before every run")
    homes = [work / f"home{i}" for i in range(runs)]
    copies = [work / f"copy{i}" for i in range(runs)]

    def fresh(run: int) -> None:
        for old in homes[:run] + copies[:run]:
            shutil.rmtree(old, ignore_errors=True)
        warm(pack)

    ours = median_time(runs, fresh, lambda run: CourseLibrary(
        Paths(homes[run]), video_check=only_real_video).import_pack(pack))
    tools = median_time(runs, fresh, lambda run: subprocess.run(
        f"cp -r '{pack}' '{copies[run]}' && find '{copies[run]}' -type f -print0 "
        f"| xargs -0 sha256sum > /dev/null", shell=True, check=True))
    print(f"import: ours {ours:.2f} s ({total / 2**20 / ours:.0f} MB/s), "
          f"cp -r + sha256sum {tools:.2f} s")
    print(f"import ratio (ours / cp+sha256sum): {ours / tools:.2f} (target <= 0.75)")

    shutil.rmtree(copies[-1], ignore_errors=True)
    home = homes[-1]
    library = CourseLibrary(Paths(home))
    installed = sorted(p for p in (home / "courses" / "store").rglob("*") if p.is_file())
    ours_v = median_time(runs, lambda _r: warm(home), lambda _r: _no_problems(library))
    tools_v = median_time(runs, lambda _r: warm(home), lambda _r: subprocess.run(
        ["sha256sum", *map(str, installed)], stdout=subprocess.DEVNULL, check=True))
    print(f"verify: ours {ours_v:.2f} s, sha256sum {tools_v:.2f} s over {len(installed)} files")
    print(f"verify speed ratio (ours / sha256sum): {tools_v / ours_v:.2f} (target >= 0.9)")
    return 0


def _no_problems(library: CourseLibrary) -> None:
    problems = library.verify()
    assert problems == [], problems


if __name__ == "__main__":
    raise SystemExit(main())
