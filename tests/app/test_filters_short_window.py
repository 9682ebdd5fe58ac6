"""The filters scroll in a short window rather than take the results' room: at 853 x 480 (a
1280 x 720 screen at 150 %) their three rows, under a "Clips like …" line, left the grid little
more than one row of cards. They now give up their height (down to one row, the rest reached by
scrolling) while the grid keeps at least ``filters_row.ROWS`` rows of cards; in a window tall
enough they show whole."""

from __future__ import annotations

from app.filters_row import ROWS
from tests.app.conftest import type_query
from tests.app.test_captions_title_fits import settle


def _rows(view) -> float:
    return view.viewport().height() / view.gridSize().height()


def _resize(qtbot, window, size) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size, timeout=10_000)
    settle(qtbot)
    settle(qtbot)


def test_the_filters_scroll_in_a_short_window_and_show_whole_in_a_tall_one(qtbot, make_app_window, demo_library,
                                                                           no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    assert type_query(qtbot, window, "a red ball on the beach")
    panel, view = window.search_panel, window.results_view
    _resize(qtbot, window, (853, 440))
    panel.filters_button.click()
    filters = panel.filters_row
    settle(qtbot)
    whole = filters.sizeHint().height()
    assert view.height() + filters.height() < whole + ROWS * view.gridSize().height(), \
        "the window leaves room for the whole filters and the rows: nothing to check"

    def kept_rows():
        assert _rows(view) >= ROWS, (view.viewport().height(), view.gridSize().height(), filters.height())

    qtbot.waitUntil(kept_rows, timeout=10_000)
    assert filters.height() < whole and filters.verticalScrollBar().maximum() > 0  # (the rest by scrolling)
    assert filters.height() >= panel.folder_combo.height()  # (one row at least)
    _resize(qtbot, window, (853, 760))
    qtbot.waitUntil(lambda: filters.height() == whole, timeout=10_000)
    assert filters.verticalScrollBar().maximum() == 0
    panel.filters_button.click()  # (closed and open again: whole)
    panel.filters_button.click()
    settle(qtbot)
    qtbot.waitUntil(lambda: filters.height() == whole, timeout=10_000)
