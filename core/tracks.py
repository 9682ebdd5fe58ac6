"""Which track of a file is its video (``video_stream``), where the file's time starts
(``file_origin``: players count from the file's start, not the video's) and how far the video
runs as the container tells it (``track_length``).

A stream's own duration is its length. Matroska and WebM give none: each track carries a
``DURATION`` tag instead (FFmpeg's muxer writes the track's end time, mkvmerge its length), and
the file's duration covers every track, measured to the latest end: audio that outlasts the video
(a screen recording stopped late, a download muxed from two sources), or a video that starts
after the audio, must not make the video look cut short.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import av

from core.errors import NOT_A_VIDEO, MediaError
from core.mp4_header import diagnose, kind_lost, undecodable_reason

_HMS = re.compile(r"^\s*(\d+):([0-5]?\d):(\d+(?:\.\d*)?)\s*$")


def tag_seconds(metadata) -> float | None:
    """A Matroska ``DURATION`` tag (``HH:MM:SS.nnnnnnnnn``, any key case) in seconds, or None."""
    for key, value in dict(metadata or {}).items():
        if str(key).upper().split("-")[0] == "DURATION" and (m := _HMS.match(str(value))):
            return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return None


PROGRAM_GAP_S = 30.0  # tracks of an MPEG-TS that start further before the video belong to another program


def file_origin(container, stream) -> int | None:
    """Where players count a file's time from, as a timestamp of ``stream`` (its time base): the
    file's start, the earliest of its tracks', which a video may start after (audio first, a
    broadcast recording), so that a moment at 0:12 is what a player shows at 0:12. None when
    neither is known (the first frame's timestamp then)."""
    start = stream.start_time
    if container.start_time is None or not stream.time_base:
        return start
    tb = Fraction(stream.time_base)
    file_start = math.floor(Fraction(int(container.start_time), av.time_base) / tb)
    if start is not None and "mpegts" in str(container.format.name) and (start - file_start) * tb > PROGRAM_GAP_S:
        # a DVB multiplex: each program (channel) has its own clock, and the file's start is the
        # earliest of them all; this video's program is the tracks that start near it
        near = [math.floor(Fraction(int(s.start_time)) * Fraction(s.time_base) / tb) for s in container.streams
                if s.start_time is not None and s.time_base]
        return min(t for t in near + [int(start)] if 0 <= (start - t) * tb <= PROGRAM_GAP_S)
    return file_start if start is None else min(int(start), file_start)


# containers whose length is a header's claim that a recorder writes once and may not update
# (AVI's frame counts, FLV's metadata, Matroska's Duration, MPEG-PS's estimate): players play the
# frames after it. (Not MP4/MOV: their sample tables are the frames; an edit list's end is a trim.)
# A bare stream (no container: a DVR's or a camera's export) has no timestamps of its own; the
# ones FFmpeg's parser makes up are wrong with B-frames (a .m1v's frame 3 at 0.04 s), and its length
# is a guess from the bit rate (40 s read as 0.02 s): its frames are timed by counting them.
RAW_STREAMS = frozenset({"mpegvideo", "m4v", "h264", "hevc", "mjpeg", "cavsvideo", "vc1"})
# A Dahua DVR file's length is its last chunk's date less its first's, in whole seconds: the frames
# of its last second come after it.
RUN_ON_FORMATS = frozenset({"avi", "flv", "matroska", "webm", "mpeg", "asf", "dhav"}) | RAW_STREAMS


def is_raw_stream(container) -> bool:
    return bool(RAW_STREAMS & set(str(getattr(container.format, "name", "")).split(",")))


def runs_on(container) -> bool:
    """Whether frames after the length ``container``'s header claims are shown (and read)."""
    return bool(RUN_ON_FORMATS & set(str(getattr(container.format, "name", "")).split(",")))


def track_length(container, stream, tb: float | None, origin: int | None) -> tuple[float | None, bool]:
    """``(seconds, own)``: how far the video runs from ``origin`` (``file_origin``, in ``tb``
    units) to its last frame's end, None when the file does not say; ``own`` False when only the
    whole file's length is known, which other tracks may outlast."""
    lead = (stream.start_time - origin) * tb if None not in (stream.start_time, origin) and tb else 0.0
    if stream.duration and tb:
        return float(stream.duration) * tb + lead, True
    tagged = tag_seconds(stream.metadata)
    if tagged is not None:
        by_ffmpeg = str(dict(container.metadata or {}).get("ENCODER", "")).startswith("Lav")
        # FFmpeg's tag is the track's end time, mkvmerge's its length
        end = tagged - (origin * tb if origin is not None and tb else 0.0) if by_ffmpeg else tagged + lead
        if end > 0:
            return end, True
    if container.duration:
        length = float(container.duration) / av.time_base
        if "matroska" in str(getattr(container.format, "name", "")) and container.start_time:
            length -= float(container.start_time) / av.time_base  # (its Duration is the end time)
        return length, False
    return None, False


# FFmpeg lists no video track (and no sound): said "no video stream" alone before, of damaged files mostly
NO_VIDEO_STREAM = "no video stream: no track of it is video (a damaged header, or a file that holds none)"


def video_stream(container, path):
    """The file's video: a moving track, the one marked default among them, else the largest (a
    small first track may be a camera's thumbnail); never cover art."""
    streams = [s for s in container.streams.video if not _is_cover_art(s)]
    if not streams:
        if container.streams.audio:  # (an MP4 whose video track's kind was lost to damage is no audio file)
            raise MediaError(path, kind_lost(path) or f"{NOT_A_VIDEO}an audio file (no video track, audio only)")
        raise MediaError(path, diagnose(path) or NO_VIDEO_STREAM)  # (an MP4's index cut short: said so)
    # (a track FFmpeg has no decoder for has no codec context: DRM, a camera's raw format)
    decodable = [s for s in streams if s.codec_context is not None]
    if not decodable:
        raise MediaError(path, undecodable_reason(path))
    return max(decodable, key=_preference)


def _preference(s) -> tuple:
    """A track of more than one frame (as far as the header tells) first, then the default one,
    then the largest: FFmpeg's own choice puts the default first, and a muxer may mark a
    one-frame thumbnail track default."""
    cc = s.codec_context
    return _frames(s) > 1, _flag(s, "default"), (cc.width or 0) * (cc.height or 0), -s.index


def _frames(s) -> float:
    """How many frames a track holds: its header's count, else its length times its rate (Matroska
    counts none: a camera's one-frame picture track lasts one frame); 2 when neither is known."""
    if s.frames:
        return s.frames
    seconds = float(s.duration * s.time_base) if s.duration and s.time_base else tag_seconds(s.metadata)
    rate = float(s.average_rate or 0)
    return seconds * rate if seconds and rate else 2


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
