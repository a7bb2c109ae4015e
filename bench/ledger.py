"""The study-hour ledger under load, each figure a ratio against a baseline from the same run.

    .venv/bin/python bench/ledger.py [--learners 10000] [--sessions 200] [--beats 400]
                                     [--cap-minutes 60]

(a) A yearly per-learner report (``study.totals``, what ``hours report`` runs) over
    learners x sessions rows (2 million by default) against the same query with the index
    refused (``NOT INDEXED``: a plain GROUP BY over a table scan). Target <= 0.4x. Run with
    no daily cap (the default setting) and with one (its over-cap sums are a second pass).
(b) A heartbeat saved through the one writer (``HoursService.save``, waited for) against a
    bare one-row WAL commit (synchronous=FULL) on the same disk: p99 of each. Target <= 2x.
(c) The longest stall of a Qt event loop (a 1 ms timer on the main thread, as the UI
    thread) while heartbeats are saved as fast as the writer takes them. Target <= 16 ms
    (reported beside the median gap of the same loop with no heartbeats).
The database is built in a temporary folder under /tmp and deleted at the end.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from seniorlearn.core.ledger.session import LessonStudy  # noqa: E402
from seniorlearn.core.services.hours import HoursService  # noqa: E402
from seniorlearn.core.storage import study  # noqa: E402
from seniorlearn.core.storage.writer import DatabaseWriter  # noqa: E402

YEAR = ("2026-01-01", "2026-12-31")


def fill(path: Path, learners: int, sessions: int) -> None:
    writer = DatabaseWriter(path)  # creates and migrates the real schema
    writer.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")  # building the data set, not measuring it
    rng = random.Random(7)
    conn.executemany("INSERT INTO learners VALUES (?, ?, '', NULL, '', '', 0, 0)",
                     ((f"{n:06d}", f"学员{n}") for n in range(learners)))
    rows = ((str(uuid.UUID(int=rng.getrandbits(128))), f"{n:06d}", "lesson", "pay",
             f"l{rng.randrange(12)}", "", f"2026-{rng.randrange(1, 13):02d}-"
             f"{rng.randrange(1, 29):02d}", 0.0, rng.uniform(30, 900), 100.0, "[]",
             rng.random() < 0.3, 0, 0.0)
            for n in range(learners) for _ in range(sessions))
    conn.executemany("INSERT INTO study_sessions (id, learner, kind, course_id, lesson_id,"
                     " activity, day, started_at, seconds, length_s, segments, completed,"
                     " open, beat_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.execute("INSERT OR IGNORE INTO completions SELECT learner, course_id, lesson_id, day, id"
                 " FROM study_sessions WHERE completed ORDER BY day")
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def timed(call, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report_ratio(path: Path, cap_seconds: float = 0.0) -> tuple[float, float, str]:
    db = __import__("sqlite_utils").Database(sqlite3.connect(path))
    sql, values = study.totals_query(None, *YEAR, cap_seconds=cap_seconds)
    plan = " | ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", values)
                      if "study_sessions" in row[3])
    indexed = timed(lambda: study.totals(db, None, *YEAR, cap_seconds=cap_seconds))
    scan = timed(lambda: study.totals(db, None, *YEAR, indexed=False, cap_seconds=cap_seconds))
    same = [[(r[0], round(r[1], 3), r[2], r[3], round(r[4], 3))
             for r in study.totals(db, None, *YEAR, indexed=i, cap_seconds=cap_seconds)]
            for i in (True, False)]
    assert same[0] == same[1], "the index changed the answer"
    db.conn.close()
    return indexed, scan, plan


def p99(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.99) - 1]


def heartbeat_ratio(folder: Path, beats: int) -> tuple[float, float]:
    bare = sqlite3.connect(folder / "bare.db", isolation_level=None)
    bare.execute("PRAGMA journal_mode = WAL")
    bare.execute("PRAGMA synchronous = FULL")
    bare.execute("CREATE TABLE t (id TEXT PRIMARY KEY, seconds REAL)")
    bare_times = []
    for n in range(beats):
        started = time.perf_counter()
        bare.execute("BEGIN IMMEDIATE")
        bare.execute("INSERT OR REPLACE INTO t VALUES ('s', ?)", (float(n),))
        bare.execute("COMMIT")
        bare_times.append(time.perf_counter() - started)
    bare.close()
    writer = DatabaseWriter(folder / "kiosk.db")
    writer.write(lambda db: db.execute(
        "INSERT INTO learners VALUES ('1', '王秀英', '', NULL, '', '', 0, 0)"))
    hours = HoursService(writer)
    session = LessonStudy(hours.save, "1", "pay", "code", 100.0)
    beat_times = []
    for _ in range(beats):
        started = time.perf_counter()
        hours.save(session.record()).result(10)
        beat_times.append(time.perf_counter() - started)
    writer.close()
    return p99(beat_times), p99(bare_times)


def ui_stall(folder: Path, seconds: float = 3.0) -> tuple[float, float]:
    from PySide6.QtCore import QCoreApplication, QTimer

    from seniorlearn.ui.collector import GarbageCollector

    app = QCoreApplication.instance() or QCoreApplication([])
    GarbageCollector(app)  # as in the kiosk: cycles freed on this thread only
    writer = DatabaseWriter(folder / "ui.db")
    writer.write(lambda db: db.execute(
        "INSERT INTO learners VALUES ('1', '王秀英', '', NULL, '', '', 0, 0)"))
    hours = HoursService(writer)
    session = LessonStudy(hours.save, "1", "pay", "code", 100.0)

    def loop(with_beats: bool) -> float:
        gaps: list[float] = []
        last = [time.perf_counter()]
        end = last[0] + seconds
        pending: list = []

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now
            if with_beats and (not pending or pending[-1].done()):
                pending.append(hours.save(session.record()))  # as the screen's timer would
            if now >= end:
                app.quit()

        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(tick)
        timer.start()
        app.exec()
        timer.stop()
        return max(gaps[1:]) if with_beats else statistics.median(gaps[1:])

    quiet = loop(False)
    busy = loop(True)
    writer.close()
    return busy, quiet


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--beats", type=int, default=400)
    parser.add_argument("--cap-minutes", type=int, default=60,
                        help="the daily cap of the second report (0 is the default setting)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="seniorlearn-bench-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        fill(folder / "big.db", args.learners, args.sessions)
        rows = args.learners * args.sessions
        print(f"built {rows:,} sessions in {time.perf_counter() - started:.0f} s")
        for cap in (0, args.cap_minutes):
            indexed, scan, plan = report_ratio(folder / "big.db", cap * 60.0)
            print(f"(a) yearly report, daily cap {cap} min: {indexed:.3f} s vs table scan "
                  f"{scan:.3f} s: ratio {indexed / scan:.2f} (target <= 0.4)   plan: {plan}")
        beat, bare = heartbeat_ratio(folder, args.beats)
        print(f"(b) heartbeat p99 {beat * 1000:.2f} ms vs bare WAL commit p99 "
              f"{bare * 1000:.2f} ms: ratio {beat / bare:.2f} (target <= 2)")
        stall, gap = ui_stall(folder)
        print(f"(c) longest UI-loop stall while saving {stall * 1000:.1f} ms (target <= 16) "
              f"vs median gap {gap * 1000:.2f} ms with no saves: ratio {stall / gap:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
