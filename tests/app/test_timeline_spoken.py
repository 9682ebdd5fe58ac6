"""The timeline as a screen reader says it: where the playhead is, of how long, and where the
matched moments start. Its description was fixed ("The whole video; matched moments are
highlighted"), so a user who could not see it never knew the time nor where the matches were."""

from __future__ import annotations

from app.timeline import MomentTimeline


def test_the_timeline_says_the_time_and_the_matched_moments(qtbot):
    timeline = MomentTimeline()
    qtbot.addWidget(timeline)
    assert timeline.accessibleDescription().startswith("No video")
    timeline.set_duration(90.0)
    timeline.set_matches([(64.0, 68.0, 0.7), (16.0, 20.0, 0.9), (16.0, 18.0, 0.5)], current=(16.0, 20.0))
    timeline.set_position(16.4)
    assert timeline.accessibleDescription() == \
        "0:16 of 1:30; matched moments at 0:16, 1:04. Left and Right: 5 seconds."
    timeline.set_position(65.2)
    assert timeline.accessibleDescription().startswith("1:05 of 1:30;")
    timeline.clear()
    assert timeline.accessibleDescription().startswith("No video")
