"""Whether a plain player shows a video's frames at the times the engine gives them.

A player that opens a file with FFmpeg as it is (Qt's media backend, the app's preview) takes the
container's timestamps as they come. For some real files the engine times frames otherwise, as
they play (:mod:`core.av_reader`): there a player sought to a result's moment shows another frame,
or none. Measured with Qt 6's FFmpeg backend on generated files: camcorder clips joined byte for
byte (MPEG-TS and -PS) and a recording whose video PID changes (the second part never shown, or
shown seconds early), an FLV whose clock starts again part-way (a recorder's appended stream: not
measured in Qt's player; FFmpeg read plainly, as the engine read it before core.flv_clock, stops at
its first part's end), a Dahua DVR file after a gap (the part after it minutes late), a chained Ogg
(played to its first part's end only), a raw H.264 stream (no frame shown: no length), an AVI with
B-frames (frames one to three early), a clip whose first PES is stamped far off (FFmpeg starts it there:
0.04 s long); a fragmented MP4 stopped inside a fragment's header FFmpeg may refuse to open at all. A plain MP4, a whole fragmented one, a steady MPEG-TS agree.

:func:`engine_timed` tells those files apart cheaply (a worker's call: it reads the file): most
formats by their container alone, the others by the engine's reader of the file, opened and probed
once (a joined MPEG-TS is scanned, ~0.1 s for 3 min of 1080p; the scan is kept per process)."""

from __future__ import annotations

from dataclasses import dataclass

JOINED = "its clock starts again part-way"
CHAINED = "it is Ogg recordings joined one after another"
RAW = "it is a bare stream without timestamps"
AVI_REORDER = "it is an AVI with B-frames"
FRAGMENTS = "it stops inside a fragment's header"
PLAYER_FAILED = "the usual player could not play it"
PREALLOCATED = "its recording stopped in a file made larger beforehand, whose empty rest a usual player searches"
STRAY_START = "its first frames are stamped far from the rest"
CUT_SHORT = "it is cut short: its header lists frames past the file's end"


@dataclass(frozen=True)
class EngineTimed:
    """A video the engine times otherwise than a plain player: why (one of this module's
    reasons), what the engine reads of it (its length in seconds, rate, frame size), and whether
    its container holds sound (``sound``: the engine's frames play without it; a silent file loses
    nothing)."""

    why: str
    duration: float
    fps: float
    width: int
    height: int
    sound: bool = False


def engine_timed(path) -> EngineTimed | None:
    """Whether the engine times ``path``'s frames otherwise than a plain player does (see the
    module docstring), and then what it reads of it; None when they agree, or when the engine
    cannot read the file either (the player says why it cannot)."""
    import av

    from core import file_open, mp4_cut, mp4_header, ogg_chain, timeline
    from core.tracks import is_raw_stream
    from core.video_open import is_avi

    src = file_open.source(path, pages=False)  # (a hole ends it: read to its data, as the engine does)
    try:
        container = file_open.open_source(src)
    except (av.FFmpegError, OSError, ValueError, UnicodeError):
        container = None
    if container is None:  # (FFmpeg refuses it: the engine reads a cut fragmented MP4 all the same)
        cut = mp4_header.whole_fragments(path) is not None
        return _read(path, FRAGMENTS) if cut else None
    with container:
        suspect = (timeline.may_jump(container) or timeline.may_restart(container) or is_raw_stream(container)
                   or is_avi(container))
        chained = ogg_chain.is_ogg(container) and ogg_chain.video_pages(path) is not None
        sound = bool(container.streams.audio)  # (a chained Ogg's reader sees its video pages only)
        mov = "mov" in str(container.format.name).split(",")
        header_s = container.duration / 1e6 if container.duration else 0.0  # (the length a plain player shows)
    if src != str(path):  # a DVR's preallocated file: a plain player searches its hole (minutes a 20 GB)
        return _read(path, CHAINED if chained else None, sound, otherwise=PREALLOCATED)
    if suspect:
        return _read(path, CHAINED if chained else None, sound)
    cut = mp4_cut.playable_s(path) if mov else None
    return None if cut is None or not cut_matters(header_s, cut, sound) else _read(path, CUT_SHORT, sound, length=cut)


CUT_MATTERS_S, CUT_MATTERS_SHARE, CUT_MATTERS_MOST_S, CUT_MATTERS_SILENT_S = 1.0, 0.02, 3.0, 0.5


def cut_matters(header_s: float, playable_s: float, sound: bool) -> bool:
    """Whether an MP4 cut short loses enough that the engine's frames serve better than a plain player, whose
    timeline runs to the length its header says. A file with no sound gains nothing from the plain player: more
    than ``CUT_MATTERS_SILENT_S`` lost. One with sound loses it in the engine's frames: more than
    ``CUT_MATTERS_SHARE`` of that length, at least ``CUT_MATTERS_S`` and at most ``CUT_MATTERS_MOST_S`` (a clip
    missing half a second of its end plays with its sound, its clock frozen that long at its end; a film stopped 2
    minutes before its end, 2 % of 2 h, is not left with a timeline running 2 minutes past its last frame)."""
    lost = header_s - playable_s
    if not sound:
        return lost > CUT_MATTERS_SILENT_S
    return lost > min(max(CUT_MATTERS_S, CUT_MATTERS_SHARE * header_s), CUT_MATTERS_MOST_S)


def engine_reads(path, why: str = PLAYER_FAILED) -> EngineTimed | None:
    """What the engine reads of ``path``, a plain player failing to play it (``why``), or None
    where the engine cannot read it either."""
    return _read(path, why)


def _read(path, why: str | None, sound: bool = False, otherwise: str | None = None,
          length: float | None = None) -> EngineTimed | None:
    """What the engine reads of ``path``; ``length``: where it stops playing, where its header says longer."""
    from core.errors import SeekframeError
    from core.media import FrameSampler

    try:
        reader = FrameSampler(size=None).open(path)
    except (SeekframeError, OSError, ValueError):
        return None
    try:
        why = why or _why(reader) or otherwise
        info = reader.info
        container = getattr(reader, "container", None)
        sound = sound or (container is not None and bool(container.streams.audio))
    finally:
        reader.close()
    if why is None:
        return None
    duration = float(info.duration) if length is None else min(float(info.duration), length)
    return EngineTimed(why, duration, float(info.fps), int(info.width), int(info.height), sound)


def _why(reader) -> str | None:
    tl = getattr(reader, "timeline", None)
    if tl is not None and (len(tl.segments) > 1 or len(tl.streams) > 1):
        return CHAINED if getattr(reader, "ogg", False) else JOINED
    if tl is not None and tl.origin is not None:  # (one part after stray stamps: FFmpeg starts the file at them,
        return STRAY_START  # 0.04 s long, ``part_cuts.stray_origin``)
    if getattr(reader, "raw", False):
        return RAW
    if getattr(reader, "avi", False) and reader.stream.codec_context.has_b_frames:
        return AVI_REORDER
    return None
