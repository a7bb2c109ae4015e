"""The system's printing (CUPS), through libcups itself.

Qt's printer engine hands CUPS a job and says nothing when CUPS refuses it: a queue that does
not accept jobs got "sent to the printer" from the kiosk and no paper. Here the default
printer's state is read first (a paused queue, as CUPS leaves one after a paper jam, would
keep the job and print it whenever someone resumes it, maybe twice after a retry), and a
PDF is handed over with ``cupsPrintFile``, whose job number says it was taken.

``CUPS_SERVER`` is read at every call (libcups keeps the server it found per thread, and
the kiosk prints from pooled workers). Without libcups there is simply no printer.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

# printer-state (RFC 8011): 3 idle, 4 processing, 5 stopped
STOPPED = "5"


class PrintRefused(Exception):
    """CUPS did not take the job; the message is libcups's, for the log."""


@dataclass(frozen=True)
class Printer:
    name: str
    accepting: bool = True
    stopped: bool = False
    reasons: str = ""

    @property
    def ready(self) -> bool:
        return self.accepting and not self.stopped


class _Option(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("value", ctypes.c_char_p)]


class _Dest(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("instance", ctypes.c_char_p),
                ("is_default", ctypes.c_int), ("num_options", ctypes.c_int),
                ("options", ctypes.POINTER(_Option))]


@cache
def _libcups() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("cups") or "libcups.so.2"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        log.info("libcups is not installed: no printing")
        return None
    lib.cupsSetServer.argtypes = [ctypes.c_char_p]
    lib.cupsSetServer.restype = None
    lib.cupsGetDests.argtypes = [ctypes.POINTER(ctypes.POINTER(_Dest))]
    lib.cupsGetDests.restype = ctypes.c_int
    lib.cupsFreeDests.argtypes = [ctypes.c_int, ctypes.POINTER(_Dest)]
    lib.cupsFreeDests.restype = None
    lib.cupsPrintFile.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                  ctypes.c_int, ctypes.c_void_p]
    lib.cupsPrintFile.restype = ctypes.c_int
    lib.cupsLastErrorString.argtypes = []
    lib.cupsLastErrorString.restype = ctypes.c_char_p
    return lib


def _text(raw: bytes | None) -> str:
    return (raw or b"").decode("utf-8", "replace")


def default_printer() -> Printer | None:
    """The default destination (or the only one, or the first), None with none set up or
    no CUPS running."""
    lib = _libcups()
    if lib is None:
        return None
    lib.cupsSetServer(None)  # this thread asks the server that CUPS_SERVER names now
    dests = ctypes.POINTER(_Dest)()
    count = lib.cupsGetDests(ctypes.byref(dests))
    try:
        if count <= 0:
            return None
        chosen = next((dests[i] for i in range(count) if dests[i].is_default), dests[0])
        options = {_text(chosen.options[j].name): _text(chosen.options[j].value)
                   for j in range(chosen.num_options)}
        return Printer(name=_text(chosen.name),
                       accepting=options.get("printer-is-accepting-jobs", "true") == "true",
                       stopped=options.get("printer-state") == STOPPED,
                       reasons=options.get("printer-state-reasons", ""))
    finally:
        if count > 0:
            lib.cupsFreeDests(count, dests)


def print_file(printer: Printer, pdf: Path, title: str) -> int:
    """Hand ``pdf`` to ``printer``; the job's number, or PrintRefused."""
    lib = _libcups()
    if lib is None:
        raise PrintRefused("libcups is not installed")
    lib.cupsSetServer(None)
    job = lib.cupsPrintFile(printer.name.encode(), str(pdf).encode(), title.encode(), 0, None)
    if job <= 0:
        raise PrintRefused(_text(lib.cupsLastErrorString()))
    return job
