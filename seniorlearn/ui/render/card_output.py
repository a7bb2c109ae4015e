"""Study cards out of the kiosk: saved as a PDF on the USB stick, or printed.

Both run off the UI thread (QPainter may draw on a PDF writer in a worker thread) and
return a sentence for the volunteer. With no printer set up the cards are saved as a PDF
instead: on the stick when there is one, else in the kiosk's data folder, and the sentence
says where.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.learner_files import SaveError
from seniorlearn.core.models import Learner
from seniorlearn.ui.render.cards import DPI, draw_cards
from seniorlearn.ui.render.printing import Draw, PrintWords, on_stick, save_pdf
from seniorlearn.ui.render.printing import print_or_save as print_to

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


def save_cards(learners: Sequence[Learner], folder: Path) -> tuple[Path, int]:
    """Draw the cards and copy them into ``folder`` safely; SaveError says what to do."""
    target = folder / file_name(learners)
    return target, save_pdf(_drawing(learners), target, DPI, _("Study cards"))


def save_to_stick(learners: Sequence[Learner], stick: Path | None) -> str:
    if stick is None:
        return _(NO_STICK)
    try:
        path, pages = save_cards(learners, stick)
    except SaveError as exc:
        return str(exc)
    return _(SAVED).format(count=len(learners), pages=pages, path=on_stick(path))


def _drawing(learners: Sequence[Learner]) -> Draw:
    return lambda device: draw_cards(device, learners, name=type(device).__name__)


def print_or_save(learners: Sequence[Learner], stick: Path | None, data_folder: Path) -> str:
    """Print on the default printer; with none set up, save the PDF and say where."""
    words = PrintWords(PRINTED, NO_PRINTER_STICK, NO_PRINTER_HOME, NOT_PRINTED,
                       {"count": len(learners)})
    return print_to(_drawing(learners), file_name(learners), DPI, _("Study cards"), words,
                    stick, data_folder)
