"""The window shows both passes for a lone long file too: its index strip says 'Quick pass: 1 of 1
file', then 'Full pass: …', as for a folder of 8 files or more (a run of one long file ran one pass
before: tests/test_two_pass_long_file.py)."""

from __future__ import annotations

import pytest

from app.index_panel import IndexPanel
from tests.test_two_pass_long_file import _index, long_clip  # noqa: F401 (a fixture)


@pytest.mark.slow  # (an index run of a 1000 s clip: ~5 s)
def test_the_window_shows_both_passes_for_a_lone_file(long_clip, tmp_path, colour_model, show_view):
    events, _ = _index(long_clip.parent, tmp_path / "lib", colour_model)
    panel = show_view(IndexPanel(), (600, 300))
    panel.start()
    said = []
    for ev in events[:-1]:  # (the last one ends the run: the strip then says what was indexed)
        panel.on_event(ev)
        panel._refresh()
        said.append(panel._counts.text())
    assert said[0].startswith("Quick pass: 0 of 1 file"), said[0]
    assert any(t.startswith("Quick pass: 1 of 1 file") for t in said), said
    assert any(t.startswith("Full pass: 0 of 1 file") for t in said), said
    assert said[-1].startswith("Full pass: 1 of 1 file · 250 moments"), said[-1]
