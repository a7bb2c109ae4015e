"""Lesson player benchmarks, on a real X server (starts itself under xvfb-run when there is
no DISPLAY), with the python-vlc backend embedded as in the kiosk.

1. Tap to Playing: from the tap on a lesson in the course screen (our lesson starts with
   that one tap) until the first frame is on screen, against raw python-vlc opening the same
   file into a bare native window in the same run. "First frame on screen" is the same
   predicate for both: libvlc has a video output (``has_vout() > 0``) and its clock has
   moved (``get_time() > 0``); both loops poll it every millisecond while running the Qt
   event loop. Both share a warm ``vlc.Instance`` (the kiosk keeps one for all lessons).
   Runs alternate between the two; medians (libvlc reports its clock in 250 ms steps, so
   single runs fall near 260 or 510 ms: take enough runs). Target ratio <= 1.2.
2. Memory: RSS after 200 open/close cycles of a lesson (open, first frame, leave), growth
   counted from the RSS after the first 20 cycles (libvlc and Qt settle their caches
   there). Target <= 10 MB.

    python bench/player.py [--runs N] [--cycles N]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from virtual_screen import rerun_on_virtual_screen, silent_kiosk  # noqa: E402

WIDTH, HEIGHT = 1920, 1080


# PySide6 6.12.0 returns None from void methods without a reference (processEvents,
# setText, ...: sys.getrefcount(None) drops by one a call; 6.11.3 does not), and CPython 3.11
# aborts when None's count reaches zero ("none_dealloc"). This benchmark's polling loops and
# 200 navigations make tens of thousands of such calls, so it holds spare references to
# None; the count it started with and ended with is printed so the drift stays visible.
NONE_BALLAST = [None] * 2_000_000


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cycles", type=int, default=200)
    args = parser.parse_args()
    status = rerun_on_virtual_screen(WIDTH, HEIGHT, "seniorlearn-bench-")
    if status is not None:
        return status
    sys.path.insert(0, str(ROOT))
    return Bench().run(args.runs, args.cycles)


class Bench:
    def __init__(self) -> None:
        from PySide6.QtWidgets import QApplication

        from seniorlearn.core.config import Config
        from seniorlearn.core.i18n import set_language
        from seniorlearn.core.paths import Paths
        from seniorlearn.ui.tasks import TaskRunner
        from tests.core.playback.packs import Library, make_course, make_lesson, make_video

        self.app = QApplication([sys.argv[0]])
        pack = Path(os.environ["SENIORLEARN_HOME"]) / "pack"
        video = make_video(pack / "videos" / "lesson1.mp4", 30, size="1280x720",
                           pattern="testsrc2")
        self.video = video
        library = Library([make_course(pack, [make_lesson(pack, "lesson1", video, 30)])])
        config = Config(Paths.from_env().config_file)
        config.set("player_backend", "vlc")
        set_language("zh_CN")
        self.tasks = TaskRunner()
        self.ctx, self.window = silent_kiosk(config, self.tasks.run, WIDTH, HEIGHT,
                                             library=library)
        self.spin(0.5)

    def spin(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents()
            time.sleep(0.005)

    def wait_for(self, predicate, timeout: float = 10.0) -> bool:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            self.app.processEvents()
            if predicate():
                return True
            time.sleep(0.001)
        return False

    # ------------------------------------------------------------------ tap to Playing

    def open_course(self) -> object:
        from PySide6.QtWidgets import QPushButton

        # A fresh list each time: cards from the last visit are deleted when it reloads.
        self.window.screen_widget("course").reset()
        self.spin(0.05)
        self.ctx.go("course", course_id="pay-basics")
        card = None

        def card_shown() -> bool:
            nonlocal card
            card = self.window.current.findChild(QPushButton, "lesson_lesson1")
            return card is not None and card.isVisible()

        assert self.wait_for(card_shown), "the lesson card never appeared"
        self.spin(0.2)
        return card

    def ours_once(self) -> float:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        card = self.open_course()
        started = time.perf_counter()
        QTest.mouseClick(card, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
        screen = self.window.current

        def first_frame() -> bool:
            player = getattr(screen, "player", None)
            return player is not None and player.has_picture()

        assert self.wait_for(first_frame), "our lesson never showed a picture"
        took = time.perf_counter() - started
        self.spin(0.3)
        return took

    def raw_once(self, instance, frame) -> float:
        started = time.perf_counter()
        player = instance.media_player_new()
        player.set_xwindow(int(frame.winId()))
        media = instance.media_new_path(str(self.video))
        player.set_media(media)
        media.release()
        player.play()
        shown = self.wait_for(lambda: player.has_vout() > 0 and player.get_time() > 0)
        took = time.perf_counter() - started
        assert shown, "raw python-vlc never showed a picture"
        self.spin(0.3)
        player.stop()
        player.release()
        return took

    def tap_to_playing(self, runs: int) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QWidget

        from seniorlearn.adapters.vlc_player import instance_args, shared_instance
        from seniorlearn.ui.player.backend import has_sound

        instance = shared_instance(instance_args(embedded=True, sound=has_sound()))
        frame = QWidget()
        frame.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        frame.setGeometry(0, 0, 1280, 720)
        frame.setStyleSheet("background: black")
        ours, raw = [], []
        self.ours_once()       # warm-up: first screen construction, caches
        frame.show()
        self.raw_once(instance, frame)
        frame.hide()
        for _ in range(runs):
            ours.append(self.ours_once())
            self.ctx.go("home")
            frame.show()
            frame.raise_()
            raw.append(self.raw_once(instance, frame))
            frame.hide()
        ours_ms, raw_ms = statistics.median(ours) * 1000, statistics.median(raw) * 1000
        print(f"tap-to-playing ours (lesson card tap -> first frame): median {ours_ms:.0f} ms "
              f"of {[round(t * 1000) for t in ours]}")
        print(f"tap-to-playing raw python-vlc (play -> first frame):  median {raw_ms:.0f} ms "
              f"of {[round(t * 1000) for t in raw]}")
        print(f"tap-to-playing ratio: {ours_ms / raw_ms:.2f} (target <= 1.2)", flush=True)

    # ------------------------------------------------------------------ memory

    def cycle(self) -> None:
        self.ctx.go("lesson", course_id="pay-basics", lesson_id="lesson1")
        screen = self.window.current
        assert self.wait_for(lambda: screen.player is not None and screen.player.has_picture()
                             ), "the lesson did not start"
        self.ctx.go("course", course_id="pay-basics")
        self.app.processEvents()
        self.delete_later_now()

    def delete_later_now(self) -> None:
        """What the kiosk's event loop does between events: this script polls with
        processEvents() outside exec(), which leaves deleteLater() widgets (the course
        screen's rebuilt cards) alive unless they are delivered explicitly."""
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def memory(self, cycles: int) -> None:
        gc.collect()
        before = rss_mb()
        settle = min(20, cycles)
        for _ in range(settle):
            self.cycle()
        gc.collect()
        self.spin(0.5)
        settled = rss_mb()
        started = time.perf_counter()
        for _ in range(cycles - settle):
            self.cycle()
        gc.collect()
        self.spin(0.5)
        after = rss_mb()
        print(f"rss before: {before:.1f} MB; after {settle} cycles: {settled:.1f} MB; "
              f"after {cycles} cycles: {after:.1f} MB "
              f"({(time.perf_counter() - started) / max(1, cycles - settle) * 1000:.0f} ms "
              f"a cycle)")
        print(f"rss growth over cycles {settle + 1}-{cycles}: {after - settled:+.1f} MB "
              f"(target <= 10 MB)", flush=True)

    def run(self, runs: int, cycles: int) -> int:
        none_refs = sys.getrefcount(None)
        self.tap_to_playing(runs)
        self.memory(cycles)
        print(f"references to None lost to PySide6 during the run: "
              f"{none_refs - sys.getrefcount(None)}")
        self.window.exit_kiosk()
        self.tasks.shutdown()
        sys.stdout.flush()
        # Skip interpreter teardown: PySide6 6.12.0's lost None references (above) would
        # abort it, after every figure is printed.
        os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
