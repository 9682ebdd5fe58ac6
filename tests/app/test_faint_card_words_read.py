"""The words of a result card that is no real match ("not a real match: the closest there is")
were painted with the whole card at 40 % opacity: its name, time and score 2.85:1 on Fusion's
light palette (#999 on white), 3.3:1 on a dark one, under WCAG's 4.5:1, hard to read for a user
with low vision, and on a dimmed screen for anyone. The card is still dimmed (its picture, and its
words quieter than a real match's), but its words keep 4.5:1 at least (``app.muted.dimmed``); a weak
match's, 5.7:1 at 60 %, are painted as before."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.results import ResultsModel, ResultsView
from core.search import SearchResult
from tests.app.palettes import dark_palette, light_palette
from tests.app.test_result_card_selected import _readability


@pytest.mark.parametrize("make_palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_a_dimmed_cards_words_stay_readable(qtbot, tmp_path, make_palette):
    view = ResultsView()
    qtbot.addWidget(view)
    view.setPalette(make_palette())
    model = ResultsModel()
    model.set_results(None, [SearchResult(str(tmp_path / f"v{i}.mp4"), 4 * i, 4 * i + 4, 0.6 - i / 10, f"v{i}",
                                          f"m{i}", 2.0, strength=s) for i, s in enumerate(("strong", "weak", "none"))])
    strong, weak, none = (_readability(view, model, row, selected=False) for row in range(3))
    assert none >= 4.5 and weak >= 4.5, (weak, none)
    assert none <= weak < strong  # (still quieter than a real match's)
