"""A note (or imported caption) on a video that left the library (its folder removed, its file
pruned) stays in the captions table, so another clip's "other captions" list it: it was shown as
plain "your note", as if it were on no clip at all, or on one still searched; a search for its
text then found no such clip. It now says its video is no longer in the library (the panel's words for
such a caption; the engine no longer gives the panel any, as ``seekframe captions`` lists none:
tests/test_captions_of_removed_videos_agree.py)."""

from __future__ import annotations

import pytest

from app.captions_panel import CaptionsPanel, where_from
from core.search import CaptionResult


@pytest.fixture
def panel(show_view, no_real_dialogs):
    return show_view(CaptionsPanel())


def test_a_note_whose_video_left_the_library_says_so(panel):
    gone = CaptionResult("the word again in sign language", 0.4, "note", "c1", "v-gone", "", 0.0, 2.5)
    loose = CaptionResult("waves at sunset", 0.2, "imported", "c2")  # (imported on no video: as before)
    here = CaptionResult("a bird", 0.3, "note", "c3", "v2", "/v/bird.mkv", 0.0, 2.0)
    assert where_from(gone) == "your note on a video no longer in the library"
    assert where_from(loose) == "imported"
    assert where_from(here) == "your note on bird.mkv at 0:00"
    panel.show_captions("Captions for bird.mkv at 0:00", [gone, loose], clip=("v2", 0.0, 2.0))
    row = panel._tree.topLevelItem(1).child(0)
    assert row.text(0) == gone.text and row.text(2) == "your note on a video no longer in the library"
    assert "no longer in the library" in row.toolTip(0)
