"""What probing a video tells, apart from :mod:`core.av_reader`, which fills it, so that the indexing
process unpickles the ``VideoInfo`` of every decode process without importing PyAV."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VideoInfo:
    path: str
    duration: float  # seconds, from the first frame's start to the end of the last
    fps: float  # the stream's average rate (frame times come from timestamps, not from this)
    frame_count: int
    width: int
    height: int
    codec: str  # FFmpeg's decoder name: "h264", "hevc", "mpeg4", "vp9", "gif", ...
