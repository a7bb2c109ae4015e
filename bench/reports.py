"""The study point's reports under load, each figure a ratio or a ceiling from one run.

    .venv/bin/python bench/reports.py [--learners 10000] [--sessions 200]

Over learners x sessions rows (the ledger benchmark's database, ``bench/ledger.py fill``):
(a) The report screen's data for a year (``ReportService.report``: every figure, chart and
    learner row) against a plain GROUP BY learner over a scan of the same rows
    (``NOT INDEXED``). Target <= 0.4x. The query plans are printed.
(b) The XLSX export of all learners (four sheets, as "保存到U盘" writes). Target <= 2 s.
(c) The longest stall of a Qt event loop (a 1 ms timer on the main thread, as the UI
    thread) while the report is read and 保存到U盘 makes the XLSX and the PDF (in a child
    process, as the screen does), through the kiosk's TaskRunner. Target <= 16 ms;
    printed beside the same loop at rest for as long: on a shared machine other programs
    make gaps too.
The database is built in a temporary folder under /tmp and deleted at the end.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ledger import fill, timed  # noqa: E402

from seniorlearn.core.reports import queries  # noqa: E402
from seniorlearn.core.reports.period import Period  # noqa: E402
from seniorlearn.core.services.reports import ReportService  # noqa: E402
from seniorlearn.core.storage.writer import DatabaseWriter  # noqa: E402

YEAR = Period.year(2026)
SCAN = ("SELECT learner, SUM(seconds), COUNT(*) FROM study_sessions NOT INDEXED"
        " WHERE day BETWEEN '2026-01-01' AND '2026-12-31' GROUP BY learner")


def report_ratio(service: ReportService, path: Path) -> tuple[float, float, str]:
    db = sqlite3.connect(path)
    scan = timed(lambda: db.execute(SCAN).fetchall())
    import sqlite_utils

    source = queries.Source.of(YEAR)
    plan = " | ".join(queries.plan(sqlite_utils.Database(db), source.sql(by, by != "learner"),
                                   (source.first, source.last)).replace("\n", "; ")
                      for by in ("learner", "month", "course_id"))
    db.close()
    data = timed(lambda: service.report(YEAR))
    return data, scan, plan


def export_time(service: ReportService, folder: Path) -> tuple[float, int]:
    from seniorlearn.core.reports.tables import SHEET_TITLES, write_xlsx
    from seniorlearn.ui.render.report_output import tables_of

    data = service.report(YEAR)

    def export() -> None:
        tables = tables_of(data)
        write_xlsx(tables, [SHEET_TITLES[t.by] for t in tables], folder / "all.xlsx")

    return timed(export, runs=1), len(data.per_learner)


def ui_stall(service: ReportService, folder: Path
             ) -> tuple[list[float], list[float], list[float]]:
    """Gaps of a 1 ms timer on the main thread while the report, the XLSX and the PDF are
    made through the kiosk's TaskRunner, and of the same loop at rest for as long: on a
    shared machine the rest figure says how much of a gap is other programs' doing."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from seniorlearn.ui.collector import GarbageCollector
    from seniorlearn.ui.render.report_output import save_to_stick
    from seniorlearn.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    GarbageCollector(app)  # as in the kiosk: cycles freed on this thread only
    runner = TaskRunner()

    stick = folder / "stick"
    stick.mkdir(exist_ok=True)

    def work() -> None:  # what the report screen does: show the year, then 保存到U盘
        service.report(YEAR)
        said = save_to_stick(service, YEAR, stick)
        assert sorted(p.name for p in stick.iterdir()) == ["report-2026.pdf",
                                                           "report-2026.xlsx"], said

    def loop(busy: bool, seconds: float = 0.0) -> tuple[list[float], float]:
        gaps: list[float] = []
        started = last = time.perf_counter()
        done = [not busy]

        def tick() -> None:
            nonlocal last
            now = time.perf_counter()
            gaps.append(now - last)
            last = now
            if done[0] and now - started >= seconds:
                app.quit()

        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(tick)
        timer.start()
        if busy:
            runner.run(work, lambda result: done.__setitem__(0, True))
        app.exec()
        timer.stop()
        return sorted(gaps[1:]), time.perf_counter() - started

    first, _took = loop(True)   # the first: modules imported, database pages read
    busy, took = loop(True)
    rest, _took = loop(False, took)
    runner.shutdown()
    return first, busy, rest


def p99(values: list[float]) -> float:
    return values[max(0, int(len(values) * 0.99) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="seniorlearn-bench-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        fill(folder / "big.db", args.learners, args.sessions)
        print(f"built {args.learners * args.sessions:,} sessions in "
              f"{time.perf_counter() - started:.0f} s")
        writer = DatabaseWriter(folder / "big.db")
        service = ReportService(writer, 45, 50, "乐龄学堂")
        data, scan, plan = report_ratio(service, folder / "big.db")
        print(f"(a) a year's report data: {data:.3f} s vs a plain GROUP BY scan {scan:.3f} s: "
              f"ratio {data / scan:.2f} (target <= 0.4)   plans: {plan}")
        export, rows = export_time(service, folder)
        print(f"(b) XLSX of all {rows:,} learners (four sheets): {export:.2f} s (target <= 2)")
        first, busy, rest = ui_stall(service, folder)
        print(f"(c) UI-thread gaps while the report is read and the XLSX and PDF are saved: "
              f"longest {busy[-1] * 1000:.1f} ms, p99 {p99(busy) * 1000:.1f} ms (target <= 16;"
              f" the first time: longest {first[-1] * 1000:.1f} ms); the same loop at rest "
              f"as long: longest {rest[-1] * 1000:.1f} ms, p99 {p99(rest) * 1000:.1f} ms")
        writer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
