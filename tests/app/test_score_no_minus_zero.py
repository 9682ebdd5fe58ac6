"""A nonsense query's weakest moments scored a hair under zero, and their cards said "-0.00"
(painted and spoken), a rounding artefact that reads as a bug (s57 M, screenshot 08_size_1920x1200).
Every place a score is shown uses ``core.timefmt.format_score``: "0.00"; a true negative stays."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.results import ResultsModel
from core.search import SearchResult
from core.timefmt import format_score


def test_format_score_never_says_minus_zero():
    assert format_score(-0.004) == "0.00" and format_score(-0.0) == "0.00" and format_score(-0.0004, 3) == "0.000"
    assert format_score(-0.006) == "-0.01" and format_score(0.529) == "0.53" and format_score(1.0) == "1.00"
    assert format_score(-0.0004, 3).rjust(6) == " 0.000"  # (the command line's column)


def test_a_card_a_hair_under_zero_is_read_as_score_zero(qapp, tmp_path):
    model = ResultsModel()
    model.set_results(None, [SearchResult(str(tmp_path / "car.mp4"), 20.0, 24.0, -0.004, "v", "m", 22.0)])
    words = model.data(model.index(0, 0), Qt.ItemDataRole.AccessibleTextRole)
    assert "score 0.00" in words and "-0.00" not in words, words
