"""An empty results grid tells a screen reader what it paints ("No results…", why, the search hint)
as its description; before, that text was only painted and a screen reader said nothing of it.
With results the description is empty (the cards speak: their AccessibleTextRole)."""

from __future__ import annotations

from app.results import ResultsModel, ResultsView
from tests.app.test_results import result


def test_the_empty_grid_describes_what_it_says(qtbot, tmp_path):
    view, model = ResultsView(), ResultsModel()
    view.setModel(model)
    qtbot.addWidget(view)
    view.show()
    assert view.accessibleDescription() == view.empty_text != ""  # the search hint, from the start
    view.set_empty_text("No results for “zebra”.")
    assert view.accessibleDescription() == "No results for “zebra”."
    model.set_results(None, [result(tmp_path / "a.mp4", n=1)])
    assert view.accessibleDescription() == ""
    view.set_empty_text("Nothing found yet.")  # (set while results show: said once they go)
    assert view.accessibleDescription() == ""
    model.set_results(None, [])
    assert view.accessibleDescription() == "Nothing found yet."
