"""Launch to first painted home screen: the kiosk vs a bare PySide6 window, same run.

Both are started as fresh processes (a new Python each time, as at a kiosk's boot) and
timed from the parent until the child reports its first paint. Prints the medians and
their ratio; the target is a ratio of at most 1.5.

    python bench/startup.py [--runs N] [--platform offscreen|xcb]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = r"""
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("Hello")
label.resize(1280, 800)
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: (print("first-paint", flush=True), os._exit(0)))
        return False
f = First()
label.installEventFilter(f)
label.show()
app.exec()
"""


def time_launch(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first-paint"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{command} exited without painting (code {proc.wait()})")
    proc.wait(timeout=30)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=args.platform,
               SENIORLEARN_HOME=tempfile.mkdtemp(prefix="seniorlearn-bench-"))
    kiosk = [sys.executable, "-m", "seniorlearn", "kiosk", "--windowed", "--bench-first-paint"]
    bare = [sys.executable, "-c", BARE]
    time_launch(kiosk, env)  # warm the file cache for both before measuring
    time_launch(bare, env)
    kiosk_times, bare_times = [], []
    for _ in range(args.runs):  # interleaved, so machine noise hits both alike
        kiosk_times.append(time_launch(kiosk, env))
        bare_times.append(time_launch(bare, env))
    k, b = statistics.median(kiosk_times), statistics.median(bare_times)
    print(f"platform {args.platform}, {args.runs} runs each")
    print(f"bare PySide6 window: median {b * 1000:.0f} ms")
    print(f"kiosk home screen:   median {k * 1000:.0f} ms")
    print(f"startup ratio (kiosk / bare): {k / b:.2f}  (target <= 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
