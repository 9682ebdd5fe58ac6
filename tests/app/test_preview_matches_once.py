"""The preview worked out a result's matched moments twice for each change (s54 end review): once
for the timeline's marks and again inside ``left_out_for`` for its count of those left off, each a
walk over every result in the grid, on every preview change and after each results refresh. Now
the marks' answer is handed on: one ``matches_for`` per show, play and moments' arrival."""

from __future__ import annotations

from types import MethodType, SimpleNamespace

from app.wiring.preview import PreviewController
from tests.app.test_timeline_real_matches import _r


def _controller(results):
    """A stand-in for the ``PreviewController`` of a grid holding ``results``, its own methods bound to
    it, with a count of ``matches_for`` calls and what the timeline was told."""
    told = []
    timeline = SimpleNamespace(set_matches=lambda m, current: told.append(("marks", list(m))),
                               set_left_out=lambda n: told.append(("left out", n)))
    player = SimpleNamespace(timeline=lambda: timeline, current_path=lambda: None,
                             show_moment=lambda *a, matches, **k: told.append(("shown", list(matches))))
    fake = SimpleNamespace(model=SimpleNamespace(request="req", results=lambda: list(results)),
                           _matches_request=None, _matches=[], _shown=None, _shown_result=None, _doing="",
                           _playing=None, player=player, told=told, calls=[],
                           _looks=SimpleNamespace(asked=lambda: None), _slow=SimpleNamespace(answered=lambda: None),
                           _file_ok=lambda *a: True, _start_watch=lambda: None)

    def matches_for(self, result):
        self.calls.append(result)
        return PreviewController.matches_for(self, result)

    fake.matches_for = MethodType(matches_for, fake)
    for name in ("left_out_for", "_mark", "_show", "_play"):
        setattr(fake, name, MethodType(getattr(PreviewController, name), fake))
    return fake


RESULTS = [_r(3600, 0.5, "strong"), _r(3620, 0.35, "weak"), _r(40, 0.06, "none"), _r(400, 0.05, "none")]


def test_showing_a_result_works_its_matches_out_once():
    preview = _controller(RESULTS)
    preview._show(RESULTS[0], "")
    assert len(preview.calls) == 1
    assert ("left out", 2) in preview.told  # (the count still right: the two poor ones)


def test_a_refresh_of_the_result_shown_works_them_out_once():
    preview = _controller(RESULTS)
    preview._show(RESULTS[0], "")
    preview.player.current_path = lambda: RESULTS[0].path
    preview.calls.clear()
    preview._show(RESULTS[0], "")
    assert len(preview.calls) == 1 and preview.told[-1] == ("left out", 2)


def test_playing_a_result_works_its_matches_out_once():
    preview = _controller(RESULTS)
    preview._play(RESULTS[2], "")
    assert len(preview.calls) == 1
    assert preview.told[-1] == ("left out", 1)  # (the result in hand is marked all the same)
