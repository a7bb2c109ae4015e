"""The home screen: one tile per course topic and one for the learner's own record."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout

from seniorlearn.core.i18n import N_
from seniorlearn.ui.screens.base import Screen, UiContext, register
from seniorlearn.ui.widgets.common import Tile, TrLabel

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
        self.hint = TrLabel(N_("Tap one of the big buttons below."), role="body")
        self.column.addWidget(self.hint)
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

    def notices_did_change(self, shown: bool) -> None:
        # A notice (no sound, nothing can be saved) says more than "tap a button": at
        # 1280x800 in 特大 the tiles' titles need the room the hint takes.
        self.hint.setVisible(not shown)

    def fit_tiles(self) -> None:
        """All tiles show their explanation, or none does: four tiles that look alike are
        easier to read than two with a line and two without."""
        if len(self.tiles) < len(TILES):
            return  # still being built
        shown = all(tile.explanation_fits() for tile in self.tiles.values())
        for tile in self.tiles.values():
            tile.show_explanation(shown)
