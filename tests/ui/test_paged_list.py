"""The paged list fits its page by measuring it, and set_rows with ``fits`` makes the first
page only while fitting it (not once at the old count first)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from seniorlearn.ui.widgets.paged import PagedList

ROW_PX = 100


def made_rows(count: int, made: list[int]):
    def factory(index: int):
        def make() -> QLabel:
            made.append(index)
            label = QLabel(f"row {index}")
            label.setFixedHeight(ROW_PX)
            return label

        return make

    return [factory(index) for index in range(count)]


def page_in(qtbot, room_px: int):
    holder = QWidget()
    qtbot.addWidget(holder)
    column = QVBoxLayout(holder)
    paged = PagedList(per_page=5)
    column.addWidget(paged)
    holder.show()

    def fits() -> bool:  # as Screen.fits measures: the layout, not the window
        column.invalidate()
        return column.totalMinimumSize().height() <= room_px

    paged.holder = holder  # kept alive with the list
    return paged, fits


def test_a_page_shows_as_many_rows_as_fit_made_only_while_fitting(qtbot) -> None:
    paged, fits = page_in(qtbot, room_px=3 * ROW_PX + 200)
    made: list[int] = []
    paged.set_rows(made_rows(12, made), fits)
    assert 1 < paged.per_page < 5 and fits()
    assert [label.text() for label in paged.shown] == [f"row {i}" for i in
                                                       range(paged.per_page)]
    assert made == [i for count in range(5, paged.per_page - 1, -1) for i in range(count)]


def test_turning_and_fitting_again_make_the_page_afresh(qtbot) -> None:
    paged, fits = page_in(qtbot, room_px=3 * ROW_PX + 200)
    made: list[int] = []
    paged.set_rows(made_rows(12, made), fits)
    per_page = paged.per_page
    made.clear()
    paged.show_page(1)
    assert made == list(range(per_page, 2 * per_page))
    before = list(paged.shown)
    paged.fit(fits)  # a row may show what changed since it was made: made again
    assert f"row {per_page}" in [label.text() for label in paged.shown]  # the first one shown
    assert not any(label in before for label in paged.shown)
