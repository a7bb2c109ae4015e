"""Behind the PIN: the study records sent to the county — what waits, what was sent and when;
立即同步, 测试连接 and 导出到U盘; and on a screen of their own, the records the LRS refused,
why, and 再发一次 for each. Everything that touches the network, the database or a stick runs
off the UI thread; every outcome is one sentence."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout

from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.screens.course_admin import LineLabel, Row
from seniorlearn.ui.widgets.common import BigButton
from seniorlearn.ui.widgets.paged import PagedList

COUNTS = N_("Waiting to be sent: {pending}. Sent: {sent}. Refused and kept: {parked}.")
SENT_AGO = N_("Everything was sent {ago}.")
NEVER = N_("Nothing has been sent in full yet.")
LAST_PROBLEM = N_("Last problem: {problem}")
NOT_OPEN = N_("The study records cannot be opened just now. Please tell the technician.")
SENDING = N_("Sending… {sent} sent so far.")
DONE = N_("Done: {sent} records sent, none left waiting.")
STOPPED = N_("{sent} records sent; {pending} still waiting. {problem}")
TEST_OK = N_("The connection works: the Learning Record Store answers and accepts the user "
             "name and password.")
TEST_AUTH = N_("The Learning Record Store answers, but refuses the user name or password. "
               "Check lrs.username and lrs.password.")
TEST_CERT = N_("The Learning Record Store's certificate is not trusted. Ask the county for its "
               "certificate file and set lrs.ca_file.")
TEST_ADDRESS = N_("The address answers, but it is not a Learning Record Store (HTTP {status}). "
                  "Check lrs.endpoint.")
TEST_NO_NETWORK = N_("The Learning Record Store cannot be reached: check the network cable or "
                     "WLAN, and the address in lrs.endpoint.")
NO_STICK = N_("No USB stick was found. Plug one in (a folder named SENIORLEARN on it), then tap "
              "“Export to USB stick” again.")
EXPORTED = N_("{count} records saved to the USB stick, in {name}. They also stay here until the "
              "county has them.")
EXPORT_FAILED = N_("The records could not be saved to the USB stick ({cause}). Nothing was "
                   "changed here; try another stick.")
PARKED_ROW = N_("{verb}: {reason}")
REFUSED_BUTTON = N_("Refused records: {count}")
REFUSED_TITLE = N_("Refused records")
RESEND = N_("Send again")
# What each kind of record is, in a volunteer's words (the statements' xAPI verbs).
VERB_WORDS = {"initialized": N_("A lesson opened"), "completed": N_("A lesson learned"),
              "terminated": N_("A lesson's study time"), "attended": N_("In-person study")}
RESEND_QUEUED = N_("The record is waiting to be sent again; sending now.")
RESEND_ALREADY = N_("The Learning Record Store already has this record, so it now counts as "
                    "sent.")
RESEND_CONFLICT = N_("The Learning Record Store holds a different record under the same id, so "
                     "this one stays here and is not sent. Please tell the technician (seniorlearn "
                     "sync status shows both).")


def shortened(reason: str) -> str:
    """A refused record's reason without the LRS's own words after it (which can be a whole
    record of JSON): ``seniorlearn sync status`` shows them all."""
    for colon in ("：", ": "):
        sentence, cut, _detail = reason.partition(colon)
        if cut:
            return sentence + "…"
    return reason


def verb_words(verb: str) -> str:
    words = VERB_WORDS.get(verb)
    return _(words) if words else verb


def ago_words(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return _("just now")
    if minutes < 60:
        return _("{count} minutes ago").format(count=minutes)
    if minutes < 24 * 60:
        return _("{count} hours ago").format(count=minutes // 60)
    return _("{count} days ago").format(count=minutes // (24 * 60))


class SyncPart(Screen):
    """What the two sync screens share: a line for the sentence of what happened (read aloud
    when it comes), and hearing of each sync's end."""

    volunteer_only = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self._message = ""
        self.message = LineLabel(lambda: self._message)
        self._connected = False

    def listen_for_syncs(self) -> None:
        schedule = self.ctx.sync
        if schedule is not None and not self._connected:
            schedule.sync_did_finish.connect(self._sync_finished)
            self._connected = True

    def _sync_finished(self, report: object) -> None:
        """A sync ended (on the UI thread)."""

    def reset(self) -> None:
        self._message = ""

    def _say_plain(self, sentence: str, speak: bool = True) -> None:
        self._message = sentence
        self.message.retranslate()
        self.message.setVisible(bool(sentence))
        if speak and sentence:
            self.ctx.say([sentence])


@register
class SyncScreen(SyncPart):
    name = "sync"
    title_msgid = N_("Send to the county")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.status = {"pending": 0, "sent": 0, "parked": 0, "last_success": None,
                       "last_error": None}
        self.counts = LineLabel(self._status_text)
        self.sync_now = BigButton(N_("Send now"), icon="forward", kind="primary")
        self.sync_now.setObjectName("SyncNow")
        self.sync_now.clicked.connect(self.start_sync)
        self.test = BigButton(N_("Test the connection"), icon="check")
        self.test.setObjectName("TestConnection")
        self.test.clicked.connect(self.test_connection)
        self.export = BigButton(N_("Export to USB stick"), icon="usb")
        self.export.setObjectName("ExportUsb")
        self.export.clicked.connect(self.export_to_stick)
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(lambda: self.ctx.go("volunteer"))
        # The main action beside the title: three buttons in one row do not fit 1280x800
        # in 特大 text.
        self.put_beside_title(self.sync_now, self.back)
        row = QHBoxLayout()
        for button in (self.test, self.export):
            row.addWidget(button)
        self.column.addWidget(self.counts)
        self.column.addLayout(row)
        self.column.addWidget(self.message)
        # The refused records have a screen of their own: beside the rest, a row and its
        # button do not fit 1280x800 in 特大 English.
        self.refused = BigButton(REFUSED_BUTTON, icon="forward", count=0)
        self.refused.setObjectName("RefusedRecords")
        self.refused.clicked.connect(lambda: self.ctx.go("sync_refused"))
        self.refused.hide()
        self.column.addWidget(self.refused)
        self.column.addStretch(1)
        self.mount_roots: tuple[Path, ...] = (Path("/media"), Path("/run/media"))
        self._watch = QTimer(self)
        self._watch.setInterval(1000)
        self._watch.timeout.connect(self.refresh)

    # ------------------------------------------------------------ showing

    def enter(self, **kwargs: object) -> None:
        schedule = self.ctx.sync
        self.listen_for_syncs()
        for button in (self.sync_now, self.test, self.export):
            button.setEnabled(schedule is not None)
        self._say_plain("" if schedule is not None else _(NOT_OPEN), speak=False)
        self._first_look = True
        self.refresh()

    def refresh(self) -> None:
        schedule = self.ctx.sync
        if schedule is None:
            return
        service = schedule.service
        self.ctx.run_task(service.status, self._show)

    def _show(self, result: object) -> None:
        if not isinstance(result, dict):
            return
        self.status = result
        self.counts.retranslate()
        self.refused.set_message(REFUSED_BUTTON, count=result["parked"])
        self.refused.setVisible(bool(result["parked"]))
        if self.ctx.sync is not None and self.ctx.sync.busy:
            self._say_plain(_(SENDING).format(sent=self.status["sent"]), speak=False)
        elif getattr(self, "_first_look", False) and self.status["last_error"]:
            self._say_plain(_(LAST_PROBLEM).format(problem=self.status["last_error"]),
                            speak=False)
        self._first_look = False

    def _status_text(self) -> str:
        status = getattr(self, "status", None)
        if not status:
            return ""
        space = "" if current_language().startswith("zh") else " "
        text = _(COUNTS).format(**status)
        if status["last_success"]:
            text += space + _(SENT_AGO).format(ago=ago_words(time.time()
                                                           - float(status["last_success"])))
        else:
            text += space + _(NEVER)
        return text

    def retranslate(self) -> None:
        self.counts.retranslate()

    def reset(self) -> None:
        self._watch.stop()
        super().reset()

    # ------------------------------------------------------------ actions

    def start_sync(self) -> None:
        schedule = self.ctx.sync
        if schedule is None:
            return
        if schedule.busy:
            return
        self.sync_now.setEnabled(False)
        self._say_plain(_(SENDING).format(sent=self.status["sent"]))
        self._watch.start()
        schedule.sync_now()  # its end arrives through sync_did_finish

    def _sync_finished(self, report: object) -> None:
        self._watch.stop()
        self.sync_now.setEnabled(True)
        if not self.isVisible():
            return
        self.refresh()
        problem = getattr(report, "problem", None)
        sent, pending = getattr(report, "sent", 0), getattr(report, "pending", 0)
        self._say_plain(_(DONE).format(sent=sent) if problem is None and pending == 0
                        else _(STOPPED).format(sent=sent, pending=pending, problem=problem or ""))

    def test_connection(self) -> None:
        schedule = self.ctx.sync
        if schedule is None:
            return
        self.test.setEnabled(False)
        self.ctx.run_task(schedule.service.probe, self._tested)

    def _tested(self, answer: object) -> None:
        from seniorlearn.core.sync.client import CA_UNREADABLE, Answer, Kind
        from seniorlearn.core.sync.service import NOT_SET_UP, ca_file_words

        self.test.setEnabled(True)
        kind, status = getattr(answer, "kind", None), getattr(answer, "status", None)
        detail = str(getattr(answer, "detail", ""))
        if answer is None:
            sentence = _(NOT_SET_UP)
        elif kind is Kind.SENT:
            sentence = _(TEST_OK)
        elif kind is Kind.AUTH:
            sentence = _(TEST_AUTH)
        elif isinstance(answer, Answer) and detail.startswith(CA_UNREADABLE):
            sentence = ca_file_words(answer)
        elif "certificate" in detail:
            sentence = _(TEST_CERT)
        elif status is not None:
            sentence = _(TEST_ADDRESS).format(status=status)
        else:
            sentence = _(TEST_NO_NETWORK)
        self._say_plain(sentence)

    def export_to_stick(self) -> None:
        schedule = self.ctx.sync
        if schedule is None:
            return
        from seniorlearn.core.courses.discovery import usb_folders
        from seniorlearn.core.sync.export import export_pending

        service, roots = schedule.service, self.mount_roots

        def work() -> object:
            folders = usb_folders(roots)
            if not folders:
                return None
            return export_pending(service, folders[0])

        self.export.setEnabled(False)
        self.ctx.run_task(work, self._exported)

    def _exported(self, result: object) -> None:
        self.export.setEnabled(True)
        if result is None:
            self._say_plain(_(NO_STICK))
        elif isinstance(result, OSError):
            self._say_plain(_(EXPORT_FAILED).format(cause=result.strerror or result))
        elif isinstance(result, Exception):
            self._say_plain(_(EXPORT_FAILED).format(cause=type(result).__name__))
        else:
            folder = getattr(result, "folder", Path("?"))
            self._say_plain(_(EXPORTED).format(count=getattr(result, "count", 0),
                                               name=f"SENIORLEARN/{folder.name}"))


@register
class RefusedRecordsScreen(SyncPart):
    """The records the LRS refused, each with why and 再发一次 (``seniorlearn sync resend``)."""

    name = "sync_refused"
    title_msgid = REFUSED_TITLE

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.message.hide()
        self.back = BigButton(N_("Back"), icon="back")
        self.back.clicked.connect(lambda: self.ctx.go("sync"))
        self.put_beside_title(self.back)
        self.column.addWidget(self.message)
        self.parked = PagedList(per_page=3)
        self.parked_ids: list[str] = []  # the refused records' ids, in the rows' order
        self.column.addWidget(self.parked, 1)

    def enter(self, **kwargs: object) -> None:
        schedule = self.ctx.sync
        self.listen_for_syncs()
        self._say_plain("" if schedule is not None else _(NOT_OPEN), speak=False)
        self.refresh()

    def refresh(self) -> None:
        schedule = self.ctx.sync
        if schedule is None:
            return
        self.ctx.run_task(schedule.service.parked, self._show)

    def _show(self, parked: object) -> None:
        if not isinstance(parked, list):
            return
        self.parked_ids = [sid for sid, _verb, _reason in parked]
        self.parked.set_rows([self._parked_row(sid, verb, reason)
                              for sid, verb, reason in parked], self.fits)

    def refit(self) -> None:
        self.parked.fit(self.fits)

    def _sync_finished(self, report: object) -> None:
        if self.isVisible():
            self.refresh()

    def _parked_row(self, sid: str, verb: str, reason: str):
        def make() -> Row:
            again = BigButton(RESEND, icon="forward")
            again.setObjectName(f"resend_{sid}")
            again.clicked.connect(lambda: self.resend(sid, again))
            return Row(lambda: _(PARKED_ROW).format(verb=verb_words(verb),
                                                    reason=shortened(reason)), [again])

        return make

    def resend(self, sid: str, button: BigButton) -> None:
        """A refused record sent again, after a look at what the LRS holds under its id
        (as ``seniorlearn sync resend ID``): a different record there keeps it here."""
        schedule = self.ctx.sync
        if schedule is None or schedule.busy:
            return
        button.setEnabled(False)  # a second tap while it is asked does nothing
        service = schedule.service
        self.ctx.run_task(lambda: service.resend([sid]), self._resent)

    def _resent(self, report: object) -> None:
        problem = getattr(report, "problem", None)
        if isinstance(report, Exception) or problem:
            self._say_plain(problem or _(NOT_OPEN))
        elif getattr(report, "conflicts", None):
            self._say_plain(_(RESEND_CONFLICT))
        elif getattr(report, "requeued", 0):
            self._say_plain(_(RESEND_QUEUED))
            schedule = self.ctx.sync
            if schedule is not None:
                schedule.sync_now()  # its end arrives through sync_did_finish
            return
        else:
            self._say_plain(_(RESEND_ALREADY))
        self.refresh()
