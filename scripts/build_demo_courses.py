"""Build the demo course packs from courses_offline/scripts/ into courses_offline/packs/.

A pack is rebuilt only when its scripts or the builder changed since it was last built
(a stamp per course in courses_offline/.build-stamps/), so running set-up again is fast.
Courses build two at a time (the machines have two cores). The kiosk installs these packs
at its start (seniorlearn.core.courses.install_bundled).

    python scripts/build_demo_courses.py [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "courses_offline" / "scripts"
PACKS = ROOT / "courses_offline" / "packs"
STAMPS = ROOT / "courses_offline" / ".build-stamps"
PACKAGE = ROOT / "seniorlearn"
BUILDER_SOURCES = [PACKAGE / "core" / "authoring", PACKAGE / "ui" / "render",
                   PACKAGE / "authoring_build.py", PACKAGE / "adapters"]


def fingerprint(course_dir: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in course_dir.rglob("*") if p.is_file())
    for source in BUILDER_SOURCES:
        files += sorted(source.rglob("*.py")) if source.is_dir() else [source]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build(course_dir: Path, force: bool) -> tuple[str, str]:
    course_id = course_dir.name
    stamp = STAMPS / course_id
    wanted = fingerprint(course_dir)
    out = PACKS / course_id
    if not force and out.is_dir() and stamp.is_file() and stamp.read_text() == wanted:
        return course_id, "up to date"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "seniorlearn", "courses", "build", str(course_dir / "course.toml"),
         "--out", str(out)], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"building {course_id} failed:\n{result.stdout}{result.stderr}")
    STAMPS.mkdir(parents=True, exist_ok=True)
    stamp.write_text(wanted)
    return course_id, f"built in {time.monotonic() - started:.0f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild every course")
    args = parser.parse_args()
    courses = sorted(p.parent for p in SCRIPTS.glob("*/course.toml"))
    PACKS.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for course_id, outcome in pool.map(lambda c: build(c, args.force), courses):
            print(f"    {course_id}: {outcome}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
