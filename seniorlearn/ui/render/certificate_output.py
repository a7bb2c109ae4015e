"""Certificates out of the kiosk: printed, or with no printer saved as a PDF (on the stick,
else in the data folder for the volunteer), and one sentence saying which."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.storage.certificates import Certificate
from seniorlearn.ui.render.certificates import DOCUMENT, DPI, draw_certificates
from seniorlearn.ui.render.printing import PrintWords, print_or_save, save_pdf

PRINTED = N_("The certificates ({pages} pages) were sent to the printer {printer}.")
NO_PRINTER_STICK = N_("No printer is set up on this kiosk, so the certificates were saved to "
                      "the USB stick as {path}. Print them from another computer.")
NO_PRINTER_HOME = N_("No printer is set up on this kiosk, so the certificates were saved for "
                     "the volunteer in the kiosk's data folder: {path}")
FOR_THE_VOLUNTEER = N_("There is no printer here, so your certificates were kept for the "
                       "volunteer, who will print them for you.")
NOT_PRINTED = N_("The printer {printer} did not take the certificates. Check that it is on "
                 "and has paper, then try again.")
LEARNER_NOT_PRINTED = N_("The printer {printer} cannot print just now. Please tell the "
                         "volunteer, who will print your certificates for you.")
WORDS = PrintWords(PRINTED, NO_PRINTER_STICK, NO_PRINTER_HOME, NOT_PRINTED)


def file_name(certificates: Sequence[Certificate]) -> str:
    return f"certificates-{certificates[0].learner}.pdf"


def write(certificates: Sequence[Certificate], out: Path) -> int:
    """Save them to ``out`` safely; SaveError says what to do."""
    return save_pdf(lambda device: draw_certificates(device, certificates), out, DPI,
                    _(DOCUMENT))


def print_or_keep(certificates: Sequence[Certificate], stick: Path | None, data_folder: Path,
                  words: PrintWords = WORDS) -> str:
    return print_or_save(lambda device: draw_certificates(device, certificates),
                         file_name(certificates), DPI, _(DOCUMENT), words, stick, data_folder)


# What a signed-in learner hears: no paths, and nothing of anyone else.
LEARNER_WORDS = PrintWords(PRINTED, FOR_THE_VOLUNTEER, FOR_THE_VOLUNTEER,
                           LEARNER_NOT_PRINTED)
