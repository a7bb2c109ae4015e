"""The report's XLSX and PDF made in a child process, for the kiosk.

openpyxl and a few hundred pages of QPainter text keep Python's lock for tens of
milliseconds at a time (a 10,000-learner export stalled the UI thread for 0.1 s from a
worker thread), and so does pickling the figures to hand them over. So the child reads
the figures from the database itself (read-only) and is told only what to make.

    python -m seniorlearn.ui.render.export_job < pickled Job
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from seniorlearn.core.i18n import current_language
from seniorlearn.core.reports.figures import Rules
from seniorlearn.core.reports.period import Period

PACKAGE_PARENT = Path(__file__).resolve().parents[3]
TIMEOUT_S = 300


class ExportFailed(OSError):
    """The child could not write the file; the message says why (for the log)."""


@dataclass(frozen=True)
class Job:
    database: str
    period: Period
    rules: Rules
    titles: dict[str, str]
    language: str
    fmts: tuple[str, ...]     # "xlsx", "pdf"
    outs: tuple[str, ...]     # one file per format


def export_in_child(database: Path, period: Period, rules: Rules, titles: dict[str, str],
                    outs: dict[str, Path]) -> None:
    """Write each ``outs[fmt]`` (not safely: the caller copies them into place) in a child
    process; ExportFailed says why not."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(filter(None, (str(PACKAGE_PARENT),
                                                        os.environ.get("PYTHONPATH")))))
    job = Job(str(database), period, rules, titles, current_language(), tuple(outs),
              tuple(str(path) for path in outs.values()))
    payload = pickle.dumps(job)
    done = subprocess.run([sys.executable, "-m", "seniorlearn.ui.render.export_job"],
                          input=payload, capture_output=True, env=env, timeout=TIMEOUT_S)
    if done.returncode != 0:
        raise ExportFailed(done.stderr.decode("utf-8", "replace").strip()[-500:])


def main() -> int:
    import sqlite3

    import sqlite_utils

    from seniorlearn.core.i18n import set_language
    from seniorlearn.core.reports.figures import build
    from seniorlearn.ui.render.report_output import draw_file, tables_of

    # Below the kiosk: on a two-core machine the UI thread must win the CPU over an export.
    os.nice(10)
    job: Job = pickle.loads(sys.stdin.buffer.read())
    set_language(job.language)
    db = sqlite_utils.Database(sqlite3.connect(f"file:{job.database}?mode=ro", uri=True))
    try:
        data = build(db, job.period, job.rules, job.titles)
    finally:
        db.conn.close()
    tables = tables_of(data)
    for fmt, out in zip(job.fmts, job.outs, strict=True):
        draw_file(data, tables, Path(out), fmt)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
