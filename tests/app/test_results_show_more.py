"""The window showed the first 60 results of a search and no more: results 61 and on could not be
reached (s53 search audit, 1,859 moments; the CLI's -k could). The search asks for more
(``SearchPanel.K``) and the grid shows ``ResultsModel.PAGE`` at a time, the next as it is scrolled
to its end (Qt's canFetchMore/fetchMore), their strength labels as the first page's."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.results import ResultsModel, ResultsView
from app.search_panel import SearchPanel
from core.search import SearchResult


def _rows(n):
    return [SearchResult(f"/v/{i}.mp4", 0.0, 4.0, 0.9 - i / 1000, f"{i:016x}", f"{i:016x}:1:0", 2.0,
                         strength="strong" if i < 3 else "none") for i in range(n)]


def test_the_grid_shows_more_as_it_is_scrolled_to_its_end(qtbot):
    assert SearchPanel.K > ResultsModel.PAGE  # a search asks for more than one page
    model, view = ResultsModel(), ResultsView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    rows = _rows(150)
    model.set_results("req", rows)
    assert model.rowCount() == ResultsModel.PAGE and model.canFetchMore()
    for _ in range(10):  # scrolled to the end each time: Qt asks the model for more
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum())
        qtbot.wait(20)
        if model.rowCount() == 150:
            break
    assert model.rowCount() == 150 and not model.canFetchMore()
    assert model.results() == rows
    last = model.index(149)
    assert last.data(Qt.ItemDataRole.DisplayRole) == "149.mp4"
    assert "not a real match" in last.data(Qt.ItemDataRole.ToolTipRole)  # its strength said, as on page one


def test_a_refresh_keeps_the_results_shown_and_a_new_search_starts_at_one_page(qtbot):
    model = ResultsModel()
    rows = _rows(200)
    model.set_results("req", rows)
    model.fetchMore()
    assert model.rowCount() == 2 * ResultsModel.PAGE
    model.set_results("req", rows)  # the same search answered again (the library changed)
    assert model.rowCount() == 2 * ResultsModel.PAGE
    model.set_results("other", rows)
    assert model.rowCount() == ResultsModel.PAGE
    model.set_results("few", rows[:5])
    assert model.rowCount() == 5 and not model.canFetchMore()
