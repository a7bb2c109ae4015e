"""Study cards out of the kiosk: saved as a PDF on the USB stick, or printed.

Both run off the UI thread (QPainter may draw on a PDF writer or a printer in a worker
thread) and return a sentence for the volunteer. With no printer set up the cards are
saved as a PDF instead: on the stick when there is one, else in the kiosk's data folder,
and the sentence says where.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.learner_files import CANNOT_SAVE, SaveError, save_copy
from seniorlearn.core.models import Learner
from seniorlearn.ui.render.cards import DPI, draw_cards, write_cards

SAVED = N_("Saved {count} cards on {pages} pages to the USB stick, as {path}.")
NO_STICK = N_("No USB stick was found. Make a folder named SENIORLEARN on the stick, plug it "
              "in, then tap again.")
PRINTED = N_("Sent {count} cards on {pages} pages to the printer {printer}.")
NO_PRINTER_STICK = N_("No printer is set up on this kiosk, so the cards were saved to the USB "
                      "stick instead, as {path}. Print them from another computer.")
NO_PRINTER_HOME = N_("No printer is set up on this kiosk and there is no USB stick, so the "
                     "cards were saved in the kiosk's data folder: {path}")
NOT_PRINTED = N_("The printer {printer} did not take the cards. Check that it is on and has "
                 "paper, then try again.")


def file_name(learners: Sequence[Learner]) -> str:
    """One learner's card, or everyone's: a fixed name, so a new file replaces the old."""
    if len(learners) == 1:
        return f"study-card-{learners[0].number}.pdf"
    return "study-cards.pdf"


def on_stick(path: Path) -> str:
    """A file on the stick as the volunteer finds it there: SENIORLEARN/study-cards.pdf
    (the /media path is the computer's, not theirs)."""
    return f"{path.parent.name}/{path.name}"


def save_cards(learners: Sequence[Learner], folder: Path) -> tuple[Path, int]:
    """Draw the cards into a scratch file, then copy them into ``folder`` safely (Qt's PDF
    writer does not report a full disk; a copy does). SaveError says what to do."""
    target = folder / file_name(learners)
    with tempfile.TemporaryDirectory(prefix="seniorlearn-cards-") as scratch:
        drawn = Path(scratch) / "cards.pdf"
        pages = write_cards(learners, drawn)
        save_copy(drawn, target)
    return target, pages


def save_to_stick(learners: Sequence[Learner], stick: Path | None) -> str:
    if stick is None:
        return _(NO_STICK)
    try:
        path, pages = save_cards(learners, stick)
    except SaveError as exc:
        return str(exc)
    return _(SAVED).format(count=len(learners), pages=pages, path=on_stick(path))


def print_cards(learners: Sequence[Learner], printer: QPrinter) -> int:
    """Draw the cards on ``printer`` (A4, its whole page, at the cards' resolution)."""
    printer.setResolution(DPI)
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    printer.setDocName(_("Study cards"))
    return draw_cards(printer, learners, name=printer.printerName())


def print_or_save(learners: Sequence[Learner], stick: Path | None, data_folder: Path) -> str:
    """Print on the default printer; with none set up, save the PDF and say where."""
    printers = QPrinterInfo.availablePrinters()
    if printers:
        info = QPrinterInfo.defaultPrinter()
        info = info if not info.isNull() else printers[0]
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        try:
            pages = print_cards(learners, printer)
        except OSError:
            return _(NOT_PRINTED).format(printer=info.printerName())
        return _(PRINTED).format(count=len(learners), pages=pages, printer=info.printerName())
    folder, sentence = (stick, NO_PRINTER_STICK) if stick is not None else (data_folder,
                                                                            NO_PRINTER_HOME)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path, _pages = save_cards(learners, folder)
    except SaveError as exc:
        return str(exc)
    except OSError:  # the data folder itself cannot be made
        return _(CANNOT_SAVE).format(path=folder / file_name(learners))
    return _(sentence).format(path=on_stick(path) if stick is not None else path)
