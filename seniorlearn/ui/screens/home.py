"""The home screen: one tile per course topic and one for the learner's own record."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout

from seniorlearn.core.i18n import N_
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.widgets.common import BigButton, Tile, TrLabel

HINT = N_("Tap one of the big buttons below.")
SIGNED_IN_TITLE = N_("Hello, {name}! What would you like to learn?")

# (screen to open, title, one-line explanation, icon)
TILES = (
    ("topic_pay", N_("Paying by phone"), N_("Payment code, scanning to pay, staying safe"),
     "pay"),
    ("topic_ride", N_("Calling a ride"), N_("Booking a car, checking the plate, paying"),
     "car"),
    ("topic_hospital", N_("Booking a hospital visit"),
     N_("Choosing a hospital and doctor, reminders"), "hospital"),
    ("my_learning", N_("My learning"), N_("Go on with a lesson you started"), "learning"),
)


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
        grid = QGridLayout()
        self.tiles: dict[str, Tile] = {}
        for index, (target, title, subtitle, icon) in enumerate(TILES):
            tile = Tile(title, subtitle, icon)
            tile.setObjectName(f"tile_{target}")
            tile.clicked.connect(lambda _=False, t=target: self.ctx.go(t))
            tile.tile_did_change.connect(self.fit_tiles)
            grid.addWidget(tile, index // 2, index % 2)
            self.tiles[target] = tile
        self.column.addLayout(grid, 1)
        self.grid = grid

    def enter(self, **kwargs: object) -> None:
        learner = self.ctx.session.learner
        self.sign_out.setVisible(learner is not None)
        if learner is None:
            self.title_label.set_message(self.title_msgid)
        else:
            self.title_label.set_message(SIGNED_IN_TITLE, name=learner.greeting_name)
        self.notices_did_change(bool(self.ctx.window and any(
            notice.isVisibleTo(self.ctx.window) for notice in self.ctx.window.notices())))

    def session_did_change(self) -> None:
        self.enter()

    def _sign_out(self) -> None:
        from seniorlearn.ui.screens.signin import sign_out

        sign_out(self.ctx)

    def notices_did_change(self, shown: bool) -> None:
        # A notice (no sound, nothing can be saved) says more than "tap a button": at
        # 1280x800 in 特大 the tiles' titles need the room the hint takes.
        self.hint.setVisible(not shown and self.ctx.session.learner is None)

    def fit_tiles(self) -> None:
        """All tiles show their explanation, or none does: four tiles that look alike are
        easier to read than two with a line and two without."""
        if len(self.tiles) < len(TILES):
            return  # still being built
        shown = all(tile.explanation_fits() for tile in self.tiles.values())
        for tile in self.tiles.values():
            tile.show_explanation(shown)
