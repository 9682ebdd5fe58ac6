"""What a screen reader says: every control of the window a keyboard user meets has a name (its
own text or an accessible name: the results grid and the preview had neither), and a result card
is read as what it shows, its name, time and score, not its file name alone (every moment of a
video sounded the same)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.file_state import GONE
from app.results import ResultsModel
from tests.app.conftest import type_query
from tests.app.test_results import result
from tests.app.test_session_search import RED_BALL

SPOKEN = Qt.ItemDataRole.AccessibleTextRole


def test_a_card_is_read_with_its_time_and_score(qtbot):
    model = ResultsModel()
    rows = [result("/v/beach.mp4", 4.0, 0.91, n=1),
            replace(result("/v/beach.mp4", 60.0, 0.5, n=2), copies=["/backup/beach.mp4"]),
            result("/v/away.mp4", 0.0, 0.42, offline=True, n=3)]
    model.set_results(None, rows)
    words = [model.index(i).data(SPOKEN) for i in range(3)]
    assert words[0] == "beach.mp4, 0:04 to 0:08, score 0.91"
    assert words[1] == "beach.mp4, +1 copy, 1:00 to 1:04, score 0.50"  # another moment: said apart
    assert words[2] == "away.mp4, 0:00 to 0:04, score 0.42, offline"
    model.file_state = lambda r: GONE  # (a file gone since indexed: the card says so, so does this)
    assert model.index(0).data(SPOKEN).endswith(", no longer there")


def test_every_control_of_the_window_has_a_name(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    assert type_query(qtbot, window, RED_BALL.query)
    nameless = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        text = widget.text() if callable(getattr(widget, "text", None)) else ""
        if not widget.accessibleName() and not (isinstance(text, str) and text.strip()):
            nameless.append(type(widget).__name__)
    assert not nameless
    assert window.results_view.accessibleName() == "Results" and window.preview.accessibleName() == "Preview"
