"""Printing an A4 document (study cards, certificates) through the system's printing (CUPS),
or, with no printer set up, saving it as a PDF and saying where: on the USB stick when there
is one, else in the kiosk's data folder for the volunteer.

The document is drawn as a PDF (Qt's writer) and handed to CUPS by adapters/cups.py, which
says whether the printer took it: Qt's own printer engine does not. Runs off the UI thread
(QPainter may draw on a PDF writer in a worker) and returns one sentence.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter

from seniorlearn.adapters.cups import Printer, PrintRefused, default_printer, print_file
from seniorlearn.core.i18n import _
from seniorlearn.core.learner_files import CANNOT_SAVE, SaveError, save_copy
from seniorlearn.ui.render.slides import ensure_app

log = logging.getLogger(__name__)

Draw = Callable[[QPagedPaintDevice], int]  # draws every page; returns how many


@dataclass(frozen=True)
class PrintWords:
    """The sentences of one kind of document (msgids), and what they are formatted with."""

    printed: str            # {printer}, {pages}
    no_printer_stick: str   # {path}
    no_printer_home: str    # {path}
    not_printed: str        # {printer}
    args: dict[str, object] = field(default_factory=dict)


def on_stick(path: Path) -> str:
    """A file on the stick as the volunteer finds it there: SENIORLEARN/study-cards.pdf
    (the /media path is the computer's, not theirs)."""
    return f"{path.parent.name}/{path.name}"


def a4(device: QPagedPaintDevice, dpi: int, title: str) -> None:
    """A4 portrait, the whole page usable, at ``dpi``."""
    if isinstance(device, QPdfWriter):
        device.setResolution(dpi)
        device.setTitle(title)
        device.setCreator("SeniorLearn")
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))


def write_pdf(draw: Draw, out: Path, dpi: int, title: str) -> int:
    ensure_app()
    writer = QPdfWriter(str(out))
    a4(writer, dpi, title)
    return draw(writer)


def save_pdf(draw: Draw, target: Path, dpi: int, title: str) -> int:
    """Draw into a scratch file, then copy it to ``target`` safely (Qt's PDF writer does not
    report a full disk; a copy does). SaveError says what to do."""
    with tempfile.TemporaryDirectory(prefix="seniorlearn-print-") as scratch:
        drawn = Path(scratch) / target.name
        pages = write_pdf(draw, drawn, dpi, title)
        save_copy(drawn, target)
    return pages


def print_or_save(draw: Draw, file_name: str, dpi: int, title: str, words: PrintWords,
                  stick: Path | None, data_folder: Path) -> str:
    """Print on the default printer; with none set up, save the PDF and say where."""
    printer = default_printer()
    if printer is not None:
        return _print(printer, draw, dpi, title, words)
    folder, sentence = ((stick, words.no_printer_stick) if stick is not None
                        else (data_folder, words.no_printer_home))
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / file_name
        save_pdf(draw, path, dpi, title)
    except SaveError as exc:
        return str(exc)
    except OSError:  # the data folder itself cannot be made
        return _(CANNOT_SAVE).format(path=folder / file_name)
    return _(sentence).format(path=on_stick(path) if stick is not None else path, **words.args)


def _print(printer: Printer, draw: Draw, dpi: int, title: str, words: PrintWords) -> str:
    refused = _(words.not_printed).format(printer=printer.name, **words.args)
    if not printer.ready:  # not accepting jobs, or paused (as CUPS leaves it after a jam)
        log.warning("printer %s is not ready (accepting %s, stopped %s, %s)", printer.name,
                    printer.accepting, printer.stopped, printer.reasons)
        return refused
    with tempfile.TemporaryDirectory(prefix="seniorlearn-print-") as scratch:
        drawn = Path(scratch) / "print.pdf"
        try:
            pages = write_pdf(draw, drawn, dpi, title)
            job = print_file(printer, drawn, title)
        except (OSError, PrintRefused) as exc:
            log.error("printing on %s failed: %s", printer.name, exc)
            return refused
    log.info("job %d (%d pages) sent to %s", job, pages, printer.name)
    return _(words.printed).format(pages=pages, printer=printer.name, **words.args)
