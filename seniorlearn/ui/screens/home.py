"""The home screen: a tile per kind of course installed (or, while there is one kind, per
topic), and one for the learner's own record. See core/courses/catalogue.py for the rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QGridLayout

from seniorlearn.core.courses.catalogue import (
    BUILTIN_TOPICS,
    Catalogue,
    Kind,
    Topic,
    catalogue_of,
    texts,
)
from seniorlearn.core.i18n import N_
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.widgets.common import BigButton, Tile, TrLabel

HINT = N_("Tap one of the big buttons below.")
SIGNED_IN_TITLE = N_("Hello, {name}! What would you like to learn?")
COURSE_COUNT = N_("{count} courses")
ONE_COURSE = N_("1 course")


def course_count(count: int) -> str:
    """The msgid that says how many courses (English has a singular)."""
    return ONE_COURSE if count == 1 else COURSE_COUNT
MY_LEARNING = ("my_learning", N_("My learning"), N_("Go on with a lesson you started"),
               "learning")


@dataclass(frozen=True)
class Entry:
    """One home tile: where it leads and what it says."""

    key: str  # the tile's name: "topic_pay", "kind_health", "topic_blood-pressure"
    screen: str
    args: tuple[tuple[str, str], ...]
    title: dict[str, str]
    summary: dict[str, str]  # empty: "{count} courses"
    count: int
    icon: str


def topic_entry(topic: Topic, key: str | None = None) -> Entry:
    """The built-in topics keep their own screens (topic_pay, …); the others share one."""
    screen, args = ((f"topic_{topic.id}", ()) if topic.builtin
                    else ("topic", (("topic_id", topic.id),)))
    return Entry(key or f"topic_{topic.id}", screen, args, topic.title, topic.summary,
                 len(topic.courses), topic.icon)


def kind_entry(kind: Kind) -> Entry:
    if len(kind.topics) == 1:  # nothing to choose between: the kind opens its topic
        entry = topic_entry(kind.topics[0], key=f"kind_{kind.id}")
        return Entry(entry.key, entry.screen, entry.args, kind.title, kind.summary,
                     entry.count, kind.icon)
    return Entry(f"kind_{kind.id}", "kind", (("kind_id", kind.id),), kind.title, kind.summary,
                 sum(len(topic.courses) for topic in kind.topics), kind.icon)


def home_entries(catalogue: Catalogue | None) -> tuple[Entry, ...]:
    """The tiles for ``catalogue``; with no catalogue yet (start-up) or no course at all, the
    three topics the kiosk ships with, each of which says what to do when it is empty."""
    if catalogue is None or not catalogue.kinds:
        return tuple(Entry(f"topic_{tid}", f"topic_{tid}", (), texts(t.title), texts(t.summary),
                           0, t.icon) for tid, t in BUILTIN_TOPICS.items())
    shown = catalogue.home()
    return tuple(kind_entry(item) if isinstance(item, Kind) else topic_entry(item)
                 for item in shown)


@register
class HomeScreen(Screen):
    name = "home"
    # One line in 特大 on a 1280 px screen ("Welcome! …" was 4 px too wide and took two).
    title_msgid = N_("Hello! What would you like to learn today?")

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.hint = TrLabel(HINT, role="body")
        self.column.addWidget(self.hint)
        # Signed in, the title greets the learner by name, with 退出 beside it (the top bar
        # has no room for another button on a 1280 px screen in 特大); the hint row goes, so
        # the tiles keep their room.
        self.sign_out = BigButton(N_("Sign out"), icon="exit")
        self.sign_out.setObjectName("SignOut")
        self.sign_out.clicked.connect(self._sign_out)
        self.sign_out.hide()
        self.put_beside_title(self.sign_out)
        self.grid = QGridLayout()
        self.tiles: dict[str, Tile] = {}
        self.entries: tuple[Entry, ...] = ()
        self.column.addLayout(self.grid, 1)
        self._building = False
        self.show_entries(home_entries(None))

    def enter(self, **kwargs: object) -> None:
        learner = self.ctx.session.learner
        self.sign_out.setVisible(learner is not None)
        if learner is None:
            self.title_label.set_message(self.title_msgid)
        else:
            self.title_label.set_message(SIGNED_IN_TITLE, name=learner.greeting_name)
        self.notices_did_change(bool(self.ctx.window and any(
            notice.isVisibleTo(self.ctx.window) for notice in self.ctx.window.notices())))
        library = self.ctx.library
        if library is not None:
            now = self.ctx.clock()
            self.ctx.run_task(lambda: _catalogue_or_problem(library, now),
                              self._catalogue_loaded)

    def _catalogue_loaded(self, result: object) -> None:
        # A library that cannot be read keeps the tiles it had: each topic screen then says
        # what to do.
        if isinstance(result, Catalogue):
            self.show_entries(home_entries(result))

    def show_entries(self, entries: tuple[Entry, ...]) -> None:
        """Build the tiles afresh when what they show changed (a course came or went)."""
        if entries == self.entries:
            return
        self.entries = entries
        self._building = True
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.hide()
            tile.setParent(None)
            tile.deleteLater()
        self.tiles = {}
        # The hint and the explanations out first: shown while the tiles come, they would
        # grow the window past a small screen, and a window never shrinks by itself.
        self.notices_did_change(bool(self.ctx.window and any(
            notice.isVisibleTo(self.ctx.window) for notice in self.ctx.window.notices())))
        for index, entry in enumerate((*entries, None)):
            tile = self._tile(entry)
            # A third row of tiles: smaller pictures leave the titles room to stay on one line.
            tile.compact = len(entries) > 3
            self.grid.addWidget(tile, index // 2, index % 2)
            tile.show_explanation(False)  # until fit_tiles knows they fit
            tile.show()  # at once, not at the next event loop turn: 朗读 may come first
            self.tiles[entry.key if entry else MY_LEARNING[0]] = tile
        theme_tree = getattr(self.ctx.window, "_theme_tree", None)
        if callable(theme_tree):
            for tile in self.tiles.values():
                theme_tree(tile)
        self._building = False
        self.fit_tiles()

    def _tile(self, entry: Entry | None) -> Tile:
        """A tile for ``entry``; None: 我的学习, always last."""
        if entry is None:
            key, title, explanation, icon = MY_LEARNING
            tile = Tile(title, explanation, icon)
            tile.clicked.connect(lambda: self.ctx.go(key))
        else:
            key = entry.key
            tile = Tile("", COURSE_COUNT, entry.icon)
            tile.title.set_texts(entry.title)
            if entry.summary:
                tile.subtitle.set_texts(entry.summary)
            else:
                tile.subtitle.set_message(course_count(entry.count), count=entry.count)
            tile.retranslate()
            args = dict(entry.args)
            tile.clicked.connect(lambda _=False, s=entry.screen, a=args: self.ctx.go(s, **a))
        tile.setObjectName(f"tile_{key}")
        tile.tile_did_change.connect(self.fit_tiles)
        return tile

    def session_did_change(self) -> None:
        self.enter()

    def _sign_out(self) -> None:
        from seniorlearn.ui.screens.signin import sign_out

        sign_out(self.ctx)

    def notices_did_change(self, shown: bool) -> None:
        # A notice (no sound, nothing can be saved) says more than "tap a button": at
        # 1280x800 in 特大 the tiles' titles need the room the hint takes.
        # Three rows of tiles (more than four kinds or topics) need that room too.
        self.hint.setVisible(not shown and self.ctx.session.learner is None
                             and len(self.entries) <= 3)

    def fit_tiles(self) -> None:
        """All tiles show their explanation, or none does: tiles that look alike are
        easier to read than two with a line and two without."""
        if self._building or not self.tiles:
            return  # still being built
        shown = all(tile.explanation_fits() for tile in self.tiles.values())
        for tile in self.tiles.values():
            tile.show_explanation(shown)
        keep = getattr(self.ctx.window, "keep_to_screen", None)
        if not shown and callable(keep):
            keep()  # explanations that were shown a moment ago may have grown the window


def _catalogue_or_problem(library: Any, now: float) -> object:
    """Off the UI thread. A library that cannot be read (a full or read-only data home, a
    damaged index) is an expected answer, not a crash: the home keeps its tiles."""
    from seniorlearn.core.courses import PackError

    try:
        return catalogue_of(library, now)
    except (PackError, OSError) as exc:
        return exc
