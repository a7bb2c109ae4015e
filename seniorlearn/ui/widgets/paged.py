"""A list shown a page at a time with big "previous / next" buttons.

Seniors find scrolling hard (and a scroll bar is a small target), so long lists are paged:
the page shows as many rows as fit, and the buttons say which page this is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from seniorlearn.core.i18n import N_
from seniorlearn.ui.widgets.common import BigButton, TrLabel

PAGE_OF = N_("Page {page} of {pages}")


class PagedList(QWidget):
    def __init__(self, per_page: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.most_per_page = self.per_page = per_page
        self.page = 0
        self.anchor = 0  # the first row of the page the person chose: kept through re-paging
        self.factories: Sequence[Callable[[], QWidget]] = ()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.rows = QVBoxLayout()
        column.addLayout(self.rows)
        column.addStretch(1)
        self.nav = QWidget()
        nav = QHBoxLayout(self.nav)
        nav.setContentsMargins(0, 0, 0, 0)
        self.previous = BigButton(N_("Previous page"), icon="back")
        self.position = TrLabel(PAGE_OF, role="value", page=1, pages=1)
        self.next = BigButton(N_("Next page"), icon="forward")
        self.previous.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next.clicked.connect(lambda: self.show_page(self.page + 1))
        nav.addWidget(self.previous)
        nav.addStretch(1)
        nav.addWidget(self.position)
        nav.addStretch(1)
        nav.addWidget(self.next)
        column.addWidget(self.nav)
        self.shown: list[QWidget] = []

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.factories) // self.per_page))

    def set_rows(self, factories: Sequence[Callable[[], QWidget]],
                 fits: Callable[[], bool] | None = None) -> None:
        """Show these rows from the first page on; with ``fits``, as many a page as fit
        (``fit``) straight away: the page is not first made at the old count, then again."""
        self._drop_all()
        self.factories = factories
        if fits is None:
            self.show_page(0)
        else:
            self.anchor = 0
            self.fit(fits)

    def show_row(self, index: int) -> None:
        """Show the page that holds row ``index`` (and remember it)."""
        self.show_page(index // self.per_page)
        self.anchor = index

    def fit(self, fits: Callable[[], bool]) -> None:
        """Show fewer rows a page until ``fits()`` says the screen fits its window; the row
        that was first on screen stays on screen. Rows are as tall as their words, and those
        grow in 特大 and wrap on a narrow screen, so a fixed count cannot be right everywhere."""
        self.per_page = self.most_per_page
        self._show(self.anchor // self.per_page)
        while self.per_page > 1 and not fits():
            self.per_page -= 1
            self._show(self.anchor // self.per_page)
        keep = getattr(self.window(), "keep_to_screen", None)
        if callable(keep):
            keep()  # it may have grown while too many rows were shown

    def show_page(self, page: int) -> None:
        self._show(page)
        self.anchor = self.page * self.per_page

    def _show(self, page: int) -> None:
        self._drop_all()
        self.page = min(max(page, 0), self.pages - 1)
        start = self.page * self.per_page
        self.shown = [make() for make in self.factories[start:start + self.per_page]]
        theme_tree = getattr(self.window(), "_theme_tree", None)
        for widget in self.shown:
            if callable(theme_tree):
                theme_tree(widget)  # sized and spaced before its first layout
            self.rows.addWidget(widget)
            widget.show()  # at once, not at the next event loop turn: 朗读 may come first
        self.nav.setVisible(self.pages > 1)
        self.previous.setEnabled(self.page > 0)
        self.next.setEnabled(self.page < self.pages - 1)
        self.position.set_message(PAGE_OF, page=self.page + 1, pages=self.pages)
        if callable(theme_tree):
            theme_tree(self.nav)

    def _drop_all(self) -> None:
        for widget in self.shown:
            self._drop(widget)
        self.shown = []

    def _drop(self, widget: QWidget) -> None:
        self.rows.removeWidget(widget)
        widget.hide()
        widget.setParent(None)  # out of the tree now, so no search or 朗读 finds it
        widget.deleteLater()
