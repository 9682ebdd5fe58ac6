"""A moment shorter than a second, or within one, read '0:00–0:00' on its result card (a 0.4 s clip,
a download cut short at 0.16 s): a moment of no length. Now its ends are said in tenths (hundredths
where the tenths are the same); every other moment as before."""

from __future__ import annotations

from core.timefmt import format_range


def test_a_moment_within_one_second_is_said_in_tenths():
    assert format_range(0.0, 0.4) == "0:00.0–0:00.4"
    assert format_range(0.0, 0.16) == "0:00.0–0:00.1"
    assert format_range(4.0, 4.9) == "0:04.0–0:04.9"  # (the last moment of a video 4.9 s long)
    assert format_range(72.0, 72.04) == "1:12.00–1:12.04"


def test_other_moments_as_before():
    assert format_range(4, 8) == "0:04–0:08"
    assert format_range(36.0, 39.85) == "0:36–0:39"
    assert format_range(62.5, 3723) == "1:02–1:02:03"
    assert format_range(0.0, 2.1) == "0:00–0:02"
