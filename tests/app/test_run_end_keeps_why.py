"""A search that found nothing said why in the grid ("the model reads none of these words"), and a
run's end (a re-scan, an index run finished) put the example query in its place: 'Type what you are
looking for, e.g. …' under a field that holds what was typed, as if nothing had been asked (seen on a
first run: the query typed while the folder was indexed). A run's start and end now keep the answer's
words for a query in the field; the example query stays the words of an empty field."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.empty_results import NOTHING_YET
from core.search_words import no_words_text
from tests.app.conftest import SESSION_TIMEOUT_MS

EMOJI = "🐶🏖️"


def test_a_runs_end_keeps_the_answers_words(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    view, follow = window.results_view, window.follow
    window.show_search()
    field = window.search_panel.field
    field.setText(EMOJI)  # (pasted: QTest cannot type a character outside the BMP)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    said = no_words_text(EMOJI)
    qtbot.waitUntil(lambda: view.empty_text == said, timeout=SESSION_TIMEOUT_MS)
    assert window.results_model.rowCount() == 0
    follow.indexing_changed(True)  # (a re-scan starts: nothing it adds reads these words either)
    assert view.empty_text == said
    follow.indexing_changed(False)
    assert view.empty_text == said  # (the old code: the example query)

    window.search_panel.clear_button.click()  # an empty field: the example query, a run or not
    qtbot.waitUntil(lambda: window.results_model.request.is_blank, timeout=SESSION_TIMEOUT_MS)
    follow.indexing_changed(True)
    assert view.empty_text.endswith(" Videos become searchable as they are indexed.")
    follow.indexing_changed(False)
    assert view.empty_text.startswith("Type what you are looking for")
    assert NOTHING_YET not in view.empty_text
