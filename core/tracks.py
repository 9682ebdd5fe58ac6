"""Which track of a file is its video (``video_stream``), and how long it runs from its first
frame as the container tells it (``track_length``).

A stream's own duration is its length. Matroska and WebM give none: each track carries a
``DURATION`` tag instead (FFmpeg's muxer writes the track's end time, mkvmerge its length), and
the file's duration covers every track, measured to the latest end: audio that outlasts the video
(a screen recording stopped late, a download muxed from two sources), or a video that starts
after the audio, must not make the video look cut short.
"""

from __future__ import annotations

import re

import av

from core.errors import MediaError

_HMS = re.compile(r"^\s*(\d+):([0-5]?\d):(\d+(?:\.\d*)?)\s*$")


def tag_seconds(metadata) -> float | None:
    """A Matroska ``DURATION`` tag (``HH:MM:SS.nnnnnnnnn``, any key case) in seconds, or None."""
    for key, value in dict(metadata or {}).items():
        if str(key).upper().split("-")[0] == "DURATION" and (m := _HMS.match(str(value))):
            return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return None


def track_length(container, stream, tb: float | None, origin: int | None) -> tuple[float | None, bool]:
    """``(seconds, own)``: the video track's length from its first frame (``origin``, its start
    in ``tb`` units), None when the file does not say; ``own`` False when only the whole file's
    length is known, which other tracks may outlast."""
    if stream.duration and tb:
        return float(stream.duration) * tb, True
    start = origin * tb if origin is not None and tb else 0.0
    tagged = tag_seconds(stream.metadata)
    if tagged is not None:
        by_ffmpeg = str(dict(container.metadata or {}).get("ENCODER", "")).startswith("Lav")
        length = tagged - start if by_ffmpeg else tagged  # (FFmpeg's is the track's end time)
        if length > 0:
            return length, True
    if container.duration:
        return float(container.duration) / av.time_base, False
    return None, False


def video_stream(container, path):
    """The file's video: a moving track, the one marked default among them, else the largest (a
    small first track may be a camera's thumbnail); never cover art."""
    streams = [s for s in container.streams.video if not _is_cover_art(s)]
    if not streams:
        if container.streams.audio:
            raise MediaError(path, "no video track (audio only)")
        raise MediaError(path, "no video stream")
    return max(streams, key=_preference)


def _preference(s) -> tuple:
    """A track of more than one frame (when the header counts them) first, then the default one,
    then the largest: FFmpeg's own choice puts the default first, and a muxer may mark a
    one-frame thumbnail track default."""
    cc = s.codec_context
    return (s.frames or 2) > 1, _flag(s, "default"), (cc.width or 0) * (cc.height or 0), -s.index


def _flag(stream, name: str) -> bool:
    try:
        return bool(stream.disposition & getattr(av.stream.Disposition, name))
    except (AttributeError, TypeError):
        return False


def _is_cover_art(stream) -> bool:
    return _flag(stream, "attached_pic")


def first_video_index(container) -> int | None:
    """The index of the track Seekframe's readers before the fourth took: the first video track
    that is no cover art."""
    return next((s.index for s in container.streams.video if not _is_cover_art(s)), None)
