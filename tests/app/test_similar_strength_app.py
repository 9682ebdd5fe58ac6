"""The window's similar clips say how alike they are, as its text search results say how well they
match: labelled by the model card's measured thresholds (``core.search``), dimmed, and under "No strong
match" where none is, in a similar search's words; a screen reader hears the same. Before, the notice
was a text query's alone: similar clips of a clip nothing was like were shown as if alike."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.requests import SearchRequest
from app.results import NO_STRONG_MATCH, NO_STRONG_SIMILAR, NO_STRONG_VIDEO, ResultDelegate, StrengthRole
from app.window_follow import found_words
from core.search import SearchResult


def test_similar_clips_none_alike_are_dimmed_under_their_own_notice(qtbot, tmp_path):
    from app.session import Session
    from app.settings import AppSettings
    from app.wiring import build_window

    session = Session(loader=lambda s: pytest.fail("no model is loaded here"))
    window = build_window(session, AppSettings())
    qtbot.addWidget(window)
    window.show()
    window.show_search()

    def show(request, *strengths):
        session.last_request = request
        results = [SearchResult(str(tmp_path / f"v{i}.mp4"), 0, 4, 0.5 - i / 10, f"v{i}", f"m{i}", 2.0,
                                strength=s) for i, s in enumerate(strengths)]
        window._show_results(request, results)

    similar = SearchRequest(similar_to="v9:0:0", per_video=True)
    show(similar, "weak", "none")
    label = window.no_match_label
    assert label.isVisibleTo(window) and label.text() == NO_STRONG_SIMILAR
    model = window.results_model
    assert [model.index(i).data(StrengthRole) for i in range(2)] == ["weak", "none"]
    assert ResultDelegate.opacity(model.index(1)) < ResultDelegate.opacity(model.index(0)) < 1.0
    show(SearchRequest(query="a dog"), "weak", "none")  # a text query after: its own words
    assert label.isVisibleTo(window) and label.text() == NO_STRONG_MATCH
    # the Videos view of a text query: its cards are videos (it said "the closest moments are shown dimmed")
    show(SearchRequest(query="a dog", per_video=True), "weak", "none")
    assert label.isVisibleTo(window) and label.text() == NO_STRONG_VIDEO
    show(similar, "strong", "weak")
    assert not label.isVisibleTo(window)
    show(similar, "", "")  # a model without measured thresholds: no labels, no notice
    assert not label.isVisibleTo(window) and ResultDelegate.opacity(model.index(1)) == 1.0
    show(SearchRequest(query="a dog", more=("m1",)), "weak", "none")  # (a refined query is not labelled)
    assert not label.isVisibleTo(window)


def test_a_screen_reader_hears_that_no_similar_clip_is_alike():
    similar = SearchRequest(similar_to="v9:0:0", per_video=True)
    poor, strong = SimpleNamespace(strength="none"), SimpleNamespace(strength="strong")
    assert found_words(similar, [poor] * 2, "") == f"2 videos found. {NO_STRONG_SIMILAR}"
    assert found_words(similar, [strong, poor], "") == "2 videos found."
