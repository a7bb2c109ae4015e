"""Behind the PIN: the audit log, a page at a time, and the question before the kiosk closes."""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QFontMetrics

from seniorlearn.core.audit import AuditRecord
from seniorlearn.core.i18n import N_
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.widgets.common import BigButton, TrLabel
from seniorlearn.ui.widgets.paged import PagedList

ROWS_PER_PAGE = 5
NOTHING_YET = N_("Nothing has been recorded yet.")
LOG_PROBLEM = N_("The audit log cannot be written right now, so new events are missing from "
                 "it. Please tell a technician (seniorlearn doctor shows why).")


class AuditRow(TrLabel):
    """One record as a sentence; re-read in the new language when the language changes."""

    def __init__(self, record: AuditRecord) -> None:
        self.record = record
        super().__init__("", role="body")
        self.setObjectName("AuditRow")

    def plain_text(self) -> str:
        return self.record.row()


def _back_button(screen: Screen) -> BigButton:
    back = BigButton(N_("Back to the volunteer area"), icon="back")
    back.clicked.connect(lambda: screen.ctx.go("volunteer"))
    return back


@register
class AuditLogScreen(Screen):
    name = "audit_log"
    title_msgid = N_("Audit log")
    volunteer_only = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.back = _back_button(self)
        self.put_beside_title(self.back)
        self.notice = TrLabel(LOG_PROBLEM, role="notice")
        self.notice.hide()
        self.column.addWidget(self.notice)
        self.empty = TrLabel(NOTHING_YET, role="body")
        self.column.addWidget(self.empty)
        self.list = PagedList(ROWS_PER_PAGE)
        self.column.addWidget(self.list, 1)

    def enter(self, **kwargs: object) -> None:
        audit = self.ctx.pins.audit
        records = audit.recent(10_000)
        self.notice.setVisible(audit.problem is not None)
        self.empty.setVisible(not records)
        self.list.per_page = self._rows_that_fit(records)
        self.list.set_rows([partial(AuditRow, record) for record in records])

    def _rows_that_fit(self, records: list[AuditRecord]) -> int:
        """Fewer rows a page when long sentences or 特大 text would push the page buttons
        off a small screen. Measured before any row is shown, so the window never grows."""
        window = self.ctx.window
        if window is None or not records:
            return ROWS_PER_PAGE
        self.list.set_rows([])
        self.list.nav.setVisible(True)
        m = window.theme.metrics
        fixed = self.column.totalMinimumSize().height() + window.topbar.sizeHint().height()
        sample = TrLabel("", role="body", parent=self)  # styled as a row is
        sample.ensurePolished()
        metrics = QFontMetrics(sample.font())
        sample.setParent(None)
        width = window.target_size.width() - 2 * m.margin
        lines = max(-(-metrics.horizontalAdvance(r.row()) // width)
                    for r in records[:200])
        sample.deleteLater()
        row = lines * metrics.lineSpacing() + m.gap
        fits = (window.target_size.height() - fixed) // row
        return max(1, min(ROWS_PER_PAGE, fits))

    def reset(self) -> None:
        self.list.set_rows([])


@register
class ExitKioskScreen(Screen):
    """Asks before closing. The safe answer is big and sits where "Exit the kiosk" was, so
    a second tap lands on it; closing is a smaller button in another place, beside the
    title."""

    name = "exit_kiosk"
    title_msgid = N_("Close the learning kiosk?")
    volunteer_only = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.yes = BigButton(N_("Yes, close the kiosk"), icon="exit", kind="danger")
        self.yes.setObjectName("ExitYes")
        self.yes.clicked.connect(self.exit_kiosk)
        self.put_beside_title(self.yes)
        self.column.addWidget(TrLabel(
            N_("Learners cannot use the kiosk until it is started again. Do you want to close "
               "it?"), role="body"))
        self.column.addStretch(1)
        self.no = BigButton(N_("No, go back"), icon="back", kind="hero")
        self.no.setObjectName("ExitNo")
        self.no.clicked.connect(lambda: self.ctx.go("volunteer"))
        self.column.addWidget(self.no)

    def exit_kiosk(self) -> None:
        self.ctx.pins.audit.record("volunteer", "kiosk_exited", at=self.ctx.clock())
        window = self.ctx.window
        assert window is not None
        window.exit_kiosk()

