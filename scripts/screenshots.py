"""Render every registered kiosk screen at 1920x1080 into docs/screenshots/.

Runs on a real X server: with no DISPLAY it starts itself again under xvfb-run. Each
PNG is what a person at the kiosk would see (a grab of the X screen, not a widget
paint), plus variants of the home screen in English, extra-large text and high contrast.

    python scripts/screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from virtual_screen import rerun_on_virtual_screen, silent_kiosk  # noqa: E402

WIDTH, HEIGHT = 1920, 1080
# Screens that show one thing need to be told which: the first demo course and lesson.
SCREEN_ARGS = {"course": {"course_id": "smartphone-payment"},
               "kind": {"kind_id": "smart_tech"}, "topic": {"topic_id": "other-health"},
               "lesson": {"course_id": "smartphone-payment", "lesson_id": "payment-code"}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    status = rerun_on_virtual_screen(WIDTH, HEIGHT, "seniorlearn-shots-")
    if status is not None:
        return status
    return render_all(args.out)


def render_all(out: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from seniorlearn.core.config import Config
    from seniorlearn.core.courses import CourseLibrary, install_bundled
    from seniorlearn.core.i18n import set_language
    from seniorlearn.core.paths import BUNDLED_PACKS_DIR, Paths
    from seniorlearn.core.security import PinStore
    from seniorlearn.ui.screens.base import SCREENS
    from seniorlearn.ui.tasks import run_now

    app = QApplication([sys.argv[0]])
    paths = Paths.from_env()
    PinStore(paths.pin_file).set_pin("2468")
    config = Config(paths.config_file)
    set_language(config.get("language"))
    library = CourseLibrary(paths)
    if BUNDLED_PACKS_DIR.is_dir():  # the demo courses, built by installer/setup.sh
        install_bundled(library, BUNDLED_PACKS_DIR)
    ctx, window = silent_kiosk(config, run_now, WIDTH, HEIGHT, library=library)
    ctx.session.volunteer = True  # so the volunteer screens show their content
    writer = open_demo_ledger(ctx, paths)
    out.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        for _ in range(20):
            app.processEvents()
            time.sleep(0.02)
        path = out / f"{name}.png"
        app.primaryScreen().grabWindow(0).save(str(path))
        print(path)

    for name in SCREENS:
        ctx.session.volunteer = True  # the idle screen ends volunteer mode, as it should
        window.go(name, **SCREEN_ARGS.get(name, {}))
        shoot(name)
    render_lesson(app, window, shoot)
    window.go("home")
    window.toggle_language()
    shoot("home-en")
    window.toggle_language()
    window.toggle_text_size()
    shoot("home-xlarge")
    window.toggle_text_size()
    window.set_home_problem("read_only")
    shoot("home-cannot-save")
    window.set_home_problem(None)
    config.set("theme", "high_contrast")
    shoot("home-high-contrast")
    ctx.session.volunteer = True
    window.go("settings")
    shoot("settings-high-contrast")
    config.set("theme", "standard")
    from seniorlearn.core.models import Learner

    ctx.session.sign_in(Learner("20260001", "王秀英", "王阿姨"))
    window.go("home")
    shoot("home-signed-in")
    window.go("my_learning")
    shoot("my_learning-signed-in")
    window.close()
    writer.close()
    return 0


def open_demo_ledger(ctx, paths):
    """Learners and a few weeks of study, so the learner and report screens show content."""
    import datetime

    from seniorlearn.core.models import Learner
    from seniorlearn.core.services.hours import HoursService
    from seniorlearn.core.services.learners import LearnerService
    from seniorlearn.core.services.places import PlacesService
    from seniorlearn.core.storage.writer import DatabaseWriter
    from seniorlearn.core.sync.setup import sync_service
    from seniorlearn.ui.sync_schedule import SyncSchedule
    from seniorlearn.ui.tasks import run_now

    writer = DatabaseWriter(paths.database)
    ctx.database, ctx.learners = writer, LearnerService(writer)
    ctx.hours = HoursService(writer)
    ctx.positions.store = PlacesService(writer)
    for number, name, call in (("20260001", "王秀英", "王阿姨"), ("20260002", "李建国", "李叔叔"),
                               ("20260003", "张桂兰", "张奶奶")):
        ctx.learners.add(Learner(number, name, call))
    today = datetime.date.today()
    for days, minutes in ((1, 90), (8, 120), (15, 150), (22, 180)):
        for number in ("20260001", "20260002"):
            ctx.hours.add_in_person(number, minutes, "手机课堂",
                                    today - datetime.timedelta(days=days))
    ctx.sync = SyncSchedule(sync_service(writer, ctx.config, paths), run_now)
    from seniorlearn.core.services.reports import for_kiosk

    ctx.reports = for_kiosk(writer, ctx.config, lambda: ctx.library)
    return writer


def render_lesson(app, window, shoot) -> None:
    """A demo lesson playing in the embedded VLC picture, then each of its other states."""
    found = window.ctx.library.find_lesson("scan-to-pay")
    if found is None:
        print("the demo lesson scan-to-pay is missing: no lesson screenshots", file=sys.stderr)
        return
    course, lesson = found

    def wait(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    window.go("lesson", course_id=course.id, lesson_id=lesson.id)
    screen = window.current
    wait(1.0)
    screen.seek(lesson.steps[1].at_s + 2 if len(lesson.steps) > 1 else 8.0)
    wait(2.5)
    shoot("lesson-playing")
    screen.pause()
    shoot("lesson-paused")
    screen.show_steps()
    shoot("lesson-steps")
    screen.hide_steps()
    window.go("home")
    window.go("lesson", course_id=course.id, lesson_id=lesson.id)
    shoot("lesson-resume")
    screen.start_over()
    wait(1.0)
    screen.seek(lesson.duration_s - 1.5)
    wait(3.5)
    shoot("lesson-end")
    window.go("lesson", course_id=course.id, lesson_id="no-such-lesson")
    shoot("lesson-error")
    window.go("home")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
