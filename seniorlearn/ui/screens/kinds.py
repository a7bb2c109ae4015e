"""One kind of course (智能技术应用, 健康管理, 文化传承, 兴趣特长): its topics, a card each."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from seniorlearn.core.courses.catalogue import Catalogue, Kind, Topic, catalogue_of
from seniorlearn.core.i18n import N_
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.screens.courses import LOAD_FAILED, Card
from seniorlearn.ui.screens.home import course_count
from seniorlearn.ui.widgets.common import BigButton, TrLabel
from seniorlearn.ui.widgets.paged import PagedList

NO_KIND = N_("There are no courses of this kind on this kiosk now. "
             "Please go back to the home screen.")
CHOOSE = N_("Choose a topic.")


@register
class KindScreen(Screen):
    """The topics of one kind, in their order; each opens its courses."""

    name = "kind"
    title_msgid = N_("Course list")
    needs_library = True

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.message = TrLabel(CHOOSE, role="body")
        self.column.addWidget(self.message)
        self.list = PagedList(per_page=4)
        self.column.addWidget(self.list, 1)
        self.back = BigButton(N_("Back to the home screen"), icon="home", kind="primary")
        self.back.setObjectName("BackHome")
        self.back.clicked.connect(self.ctx.go_home)
        self.column.addWidget(self.back)
        self.kind: Kind | None = None
        self.brief = False  # topic cards without their line of detail (a small screen)
        self._request = 0

    def enter(self, **kwargs: object) -> None:
        library = self.ctx.library
        self._request += 1
        if library is None:
            self.show_kind(None)
            return
        kind_id, now, request = str(kwargs.get("kind_id", "")), self.ctx.clock(), self._request

        def shown(result: object) -> None:
            if request != self._request:
                return  # another kind was asked for since
            if isinstance(result, Exception):
                self.kind = None
                self.message.set_message(LOAD_FAILED)
                self.list.set_rows([])
                self.back.show()
            elif isinstance(result, Catalogue):
                self.show_kind(result.kind(kind_id))

        self.ctx.run_task(lambda: catalogue_of(library, now), shown)

    def show_kind(self, kind: Kind | None) -> None:
        """Show ``kind``'s topics; None: the kind has no course any more (one was removed)."""
        if kind is not None and kind is self.kind and self.list.page == 0 and self.fits():
            return  # as it was left (the catalogue gives the same kind while nothing changed)
        self.kind = kind
        if kind is None:
            self.title_label.set_message(self.title_msgid)
            self.message.set_message(NO_KIND)
            self.list.set_rows([])
            self.back.show()
            return
        self.title_label.set_texts(kind.title)
        self.message.set_message(CHOOSE)
        self.back.hide()
        self.fit_page([self._card_factory(topic) for topic in kind.topics])

    def refit(self) -> None:
        """Text size changed: rows are taller or shorter now."""
        self.fit_page()

    def fit_page(self, rows: list[Callable[[], QWidget]] | None = None) -> None:
        """Where "choose a topic" would leave room for only one topic a page (特大 on a
        1280x800 screen), the topics keep the room: the cards say what to do by themselves.
        ``rows``: new topic cards to show (else the ones shown are fitted again)."""
        self.message.show()
        self.brief = False
        if rows is None:
            self.list.fit(self.fits)
        else:
            self.list.set_rows(rows, self.fits)
        wanted = min(2, len(self.kind.topics)) if self.kind is not None else 1
        if self.list.per_page < wanted:
            self.message.hide()
            self.list.fit(self.fits)
        if self.list.per_page < wanted:  # still one a page: the topics' names alone
            self.brief = True
            self.list.fit(self.fits)

    def _card_factory(self, topic: Topic):
        def make() -> QWidget:
            if topic.summary:
                card = Card(topic.title, "", {}, icon=topic.icon)
                card.detail.set_texts(topic.summary)
            else:
                card = Card(topic.title, course_count(len(topic.courses)),
                            {"count": len(topic.courses)},
                            icon=topic.icon)
            card.retranslate()
            card.detail.setVisible(not self.brief)
            card.setObjectName(f"topic_{topic.id}")
            screen, args = ((f"topic_{topic.id}", {}) if topic.builtin
                            else ("topic", {"topic_id": topic.id}))
            card.clicked.connect(lambda: self.ctx.go(screen, **args))
            return card

        return make

    def reset(self) -> None:
        self._request += 1
        self.kind = None
        self.list.set_rows([])
