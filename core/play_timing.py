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
NO_EDITS = "its edit list is empty: a plain player ends it before its last frames"


@dataclass(frozen=True)
class EngineTimed:
    """A video the engine times otherwise than a plain player: why (one of this module's
    reasons), what the engine reads of it (its length in seconds, rate, frame size), and whether
    its container holds sound (``sound``: the engine's frames play without it; a silent file loses
    nothing); ``cut``: where an MP4 cut short stops playing."""

    why: str
    duration: float
    fps: float
    width: int
    height: int
    sound: bool = False
    cut: Cut | None = None  # (an MP4 cut short in its media data: ``duration`` is where it stops playing)


@dataclass(frozen=True)
class Cut:
    """An MP4 cut short inside its media data (``core.mp4_cut``): where it stops playing (``playable_s``), the length
    its header says (``header_s``, a plain player's timeline), whether it is said cut short (``said``: the index's
    rule, ``core.av_reader.cut_tolerance``, so the preview and ``seekframe index`` say the same of it), and its video's
    rate (``fps``)."""

    playable_s: float
    header_s: float
    said: bool
    fps: float = 0.0  # (its video's average rate; 0: not known)


def engine_timed(path) -> EngineTimed | Cut | None:
    """Whether the engine times ``path``'s frames otherwise than a plain player does (see the
    module docstring), and then what it reads of it; None when they agree, or when the engine
    cannot read the file either (the player says why it cannot). An MP4 cut short (``cut_of``) with sound
    gives its ``Cut``: the plain player keeps its sound, its timeline and seeks held to where it stops playing;
    one without sound the engine's frames, to there."""
    import av

    from core import file_open, mp4_header, ogg_chain, timeline
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
        cut = cut_of(path, container)
        listless = _no_edits(path, container)
    if src != str(path):  # a DVR's preallocated file: a plain player searches its hole (minutes a 20 GB)
        return _read(path, CHAINED if chained else None, sound, otherwise=PREALLOCATED)
    if suspect:
        return _read(path, CHAINED if chained else None, sound)
    if cut is None:
        return _read(path, NO_EDITS, sound, longer=listless) if listless else None
    return cut if sound else _read(path, CUT_SHORT, sound, cut=cut)


def _no_edits(path, container) -> float | None:
    """Where a plain player stops showing the video of an MP4/MOV whose video's edit list has no entries
    (``mp4_header.edits_end`` 0.0): FFmpeg, and Qt's player with it, end its video at its samples' decoding times
    (its video stream's own length), where the engine reads it as long as its frames are shown (``core.mp4_end``: a
    screen recording's last still and frames, 2.58 s of 3.77 s); else None. The video's, not the container's
    (the longest track's): a recording's sound runs to its end, and Qt's timeline with it, while its picture stays
    on the frame at 2.53 s."""
    from core import mp4_header

    video = container.streams.video[0] if container.streams.video else None
    if video is None or "mov" not in str(container.format.name).split(","):
        return None
    if mp4_header.edits_end(path, video.id) != 0.0:
        return None
    if video.duration and video.time_base:
        return float(video.duration * video.time_base)
    return container.duration / 1e6 if container.duration else None


def cut_of(path, container) -> Cut | None:
    """Where the MP4/MOV at ``path`` (``container``: FFmpeg's, open) stops playing, where that is more than a frame
    before the length its header says (``core.mp4_cut.playable_s``); None for a whole file, or any other."""
    from core import mp4_cut
    from core.av_reader import said_cut_short

    if "mov" not in str(container.format.name).split(","):
        return None
    header_s = container.duration / 1e6 if container.duration else 0.0  # (the length a plain player shows)
    rate = container.streams.video[0].average_rate if container.streams.video else None
    fps = float(rate) if rate else 0.0
    playable = mp4_cut.playable_s(path)
    if playable is None or header_s - playable <= (1.0 / fps if fps > 0 else 0.0):
        return None
    claimed_s, claimed_fps = _claimed(path, header_s, fps)
    return Cut(playable, header_s, said_cut_short(claimed_s, playable, claimed_fps), fps)


def _claimed(path, header_s: float, fps: float) -> tuple[float, float]:
    """The length and rate of ``path``'s video as ``seekframe index`` reads them (``core.media.probe``: its video
    track's, where the header's is the longest track's, a soundtrack outlasting it), so the preview says it cut short
    on the index's numbers; the header's where the index cannot read it."""
    from core.errors import SeekframeError
    from core.media import probe

    try:
        info = probe(path)
    except (SeekframeError, OSError, ValueError):
        return header_s, fps
    return float(info.duration), float(info.fps)


def engine_reads(path, why: str = PLAYER_FAILED) -> EngineTimed | None:
    """What the engine reads of ``path``, a plain player failing to play it (``why``), or None
    where the engine cannot read it either; an MP4 cut short as ``engine_timed`` gives it (to where it stops)."""
    import av

    from core import file_open

    try:
        with file_open.open_source(file_open.source(path, pages=False)) as container:
            cut = cut_of(path, container)
    except (av.FFmpegError, OSError, ValueError, UnicodeError):
        cut = None
    return _read(path, why if cut is None else CUT_SHORT, cut=cut)


def _read(path, why: str | None, sound: bool = False, otherwise: str | None = None,
          cut: Cut | None = None, longer: float = 0.0) -> EngineTimed | None:
    """What the engine reads of ``path``; ``cut``: where an MP4 cut short stops playing; None where it reads it no
    more than a frame ``longer`` than that (a plain player's length)."""
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
    if why is None or (longer and info.duration - longer <= 1.0 / max(float(info.fps), 1.0)):
        return None
    duration = float(info.duration) if cut is None else min(float(info.duration), cut.playable_s)
    return EngineTimed(why, duration, float(info.fps), int(info.width), int(info.height), sound, cut)


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
