"""The indexing strip's summary said "2 folders offline (its videos are kept)": the pronoun
agrees with the count now."""

from __future__ import annotations

from app.index_panel import finished_text


def test_offline_folders_are_counted_with_the_right_pronoun():
    one = finished_text(2, 20, 0, {"to_index": 2, "offline_roots": ["/media/usb"]})
    assert one == "Indexed 2 video files (20 moments); 1 folder offline (its videos are kept)"
    two = finished_text(2, 20, 0, {"to_index": 2, "offline_roots": ["/media/usb", "/media/nas"]})
    assert two == "Indexed 2 video files (20 moments); 2 folders offline (their videos are kept)"
