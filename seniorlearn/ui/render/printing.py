"""Printing an A4 document (study cards, certificates) through the system's printing (CUPS,
via Qt Print Support), or, with no printer set up, saving it as a PDF and saying where: on
the USB stick when there is one, else in the kiosk's data folder for the volunteer.

Runs off the UI thread (QPainter may draw on a printer or a PDF writer in a worker) and
returns one sentence.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from seniorlearn.core.i18n import _
from seniorlearn.core.learner_files import CANNOT_SAVE, SaveError, save_copy
from seniorlearn.ui.render.slides import ensure_app

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
    if isinstance(device, QPrinter):
        device.setResolution(dpi)
        device.setFullPage(True)
        device.setDocName(title)
    elif isinstance(device, QPdfWriter):
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
    printers = QPrinterInfo.availablePrinters()
    if printers:
        info = QPrinterInfo.defaultPrinter()
        info = info if not info.isNull() else printers[0]
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        a4(printer, dpi, title)
        try:
            pages = draw(printer)
        except OSError:
            return _(words.not_printed).format(printer=info.printerName(), **words.args)
        return _(words.printed).format(pages=pages, printer=info.printerName(), **words.args)
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
