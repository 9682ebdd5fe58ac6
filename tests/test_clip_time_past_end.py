"""A FILE@TIME just past a video's end says so with times that differ: @30.17 of a 30.16 s video
said "0:30.1 is outside a.mp4 (0:00–0:30.1)" (both floored to a tenth), which reads as a
contradiction; it now gives as many decimals as tell them apart."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.clirefs import resolve_clip
from core.errors import SeekframeError
from core.library.records import VideoRecord


def _library(duration: float):
    video = VideoRecord(video_id="a" * 16, path="/v/a.mp4", root="/v", size=1, mtime=0.0, content_hash="h",
                        status="done", duration=duration)
    moments = [SimpleNamespace(moment_id=f"{video.video_id}:1:{i}", start=float(s), end=min(s + 4.0, duration))
               for i, s in enumerate(range(0, int(duration), 4))]
    return SimpleNamespace(video_table=SimpleNamespace(view=lambda: {video.video_id: video}),
                           moment_table=SimpleNamespace(of=lambda vid: moments))


@pytest.mark.parametrize("duration,at,said", [
    (30.16, 30.17, "0:30.17 is outside /v/a.mp4 (0:00–0:30.16)."),
    (30.16, 30.1601, "0:30.1601 is outside /v/a.mp4 (0:00–0:30.1600)."),
    (30.16, 30.2, "0:30.2 is outside /v/a.mp4 (0:00–0:30.1)."),  # a tenth apart: as before
    (30.16, 99.0, "1:39.0 is outside /v/a.mp4 (0:00–0:30.1)."),
])
def test_a_time_past_the_end_and_the_end_are_told_apart(duration, at, said):
    with pytest.raises(SeekframeError) as caught:
        resolve_clip(_library(duration), "/v/a.mp4", at)
    assert str(caught.value) == said


def test_the_last_instant_of_the_video_names_its_last_moment():
    ref = resolve_clip(_library(30.16), "/v/a.mp4", 30.16)
    assert ref.moment_id == "a" * 16 + ":1:7"  # (28–30.16)
