"""The timeline marked every moment of the video among the results, no real match included: for
"cars on a road" ~45 marks along a 2 h video, ~40 of them bottle moments at 0.06 labelled "none"
(s53 search audit), and Ctrl+Up/Down stepped through them. Where the search has strong or weak
matches, those no real match are not marked, but the result in hand."""

from __future__ import annotations

from types import SimpleNamespace

from app.wiring.preview import PreviewController, real_matches
from core.search import SearchResult


def _r(start, score, strength, vid="v"):
    return SearchResult(f"/v/{vid}.mp4", start, start + 4.0, score, vid, f"{vid}:1:{int(start)}", start + 2.0,
                        strength=strength)


def _preview(results):
    """A stand-in for the ``PreviewController`` of a grid holding ``results``: its own methods run on it
    (tests/app/test_timeline_accessible.py counts with it too)."""
    fake = SimpleNamespace(model=SimpleNamespace(request="req", results=lambda: list(results)),
                           _matches_request=None, _matches=[])
    fake.matches_for = lambda result: PreviewController.matches_for(fake, result)
    return fake


def _marks(results, current):
    return [s for s, _, _ in _preview(results).matches_for(current)]


def test_no_real_match_is_not_marked_beside_real_ones():
    results = [_r(3600, 0.5, "strong"), _r(3620, 0.35, "weak"), _r(40, 0.06, "none"), _r(400, 0.05, "none"),
               _r(8, 0.4, "strong", vid="w")]
    assert _marks(results, results[0]) == [3600, 3620]
    assert _marks(results, results[2]) == [40, 3600, 3620]  # the result in hand is marked all the same


def test_all_marked_where_none_is_a_real_match_or_none_is_labelled():
    poor = [_r(0, 0.1, "none"), _r(20, 0.08, "none")]
    assert _marks(poor, poor[0]) == [0, 20]  # (the grid's dimmed cards: the closest there is)
    plain = [_r(0, 0.9, ""), _r(20, 0.8, "")]  # similar clips: no labels
    assert _marks(plain, plain[1]) == [0, 20]
    assert real_matches(plain) == plain
