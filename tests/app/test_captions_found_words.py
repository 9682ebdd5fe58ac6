"""What the status bar says of "Find similar captions"'s answer reads right for one caption: it
said "The 1 other caption closest to beach.mp4 at 1:12, closest first." (a number after "The", and
an order of one). Now one is counted as ``core.plural.count`` counts elsewhere, with no order."""

from __future__ import annotations

from app.wiring.clips import captions_found

WHERE = "beach.mp4 at 1:12"


def test_one_other_caption_is_said_in_the_singular():
    assert captions_found(1, WHERE) == "1 other caption closest to beach.mp4 at 1:12."


def test_several_and_none_are_said_as_before():
    assert captions_found(3, WHERE) == "The 3 other captions closest to beach.mp4 at 1:12, closest first."
    assert captions_found(0, WHERE) == "No other caption or note to compare with beach.mp4 at 1:12."
