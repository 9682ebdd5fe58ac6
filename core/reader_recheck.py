"""Whether an earlier reader (``core.video_info.READER``) read a file's frames as this one does: the
one-time check of a library's files after a reader version (``core.sync`` marks them, the decode pool
asks :func:`reads_as_by` of the file opened): those read alike keep their moments, ids and notes, the
others are embedded again. Each version's own test of what it changed is here."""

from __future__ import annotations

import math
import os

from core import part_ends, sparse_rate, untimed_keys
from core.av_reader import FrameReader
from core.part_cuts import FORWARD_S
from core.tracks import first_video_index
from core.webp_reader import WebpReader

MOVED_S = 0.5  # moments of an earlier reader whose times are off by no more are kept (reads_as_by)


def _format(reader) -> str:
    container = getattr(reader, "container", None)
    return getattr(getattr(container, "format", None), "name", "")


def reads_as_by(reader: FrameReader, old: int, recorded_s: float = 0.0) -> bool:
    """Whether the reader of version ``old`` (``core.video_info.READER``) read the frames of the
    file ``reader`` has open as this version does: shown the same (``View.shown_as_by``), from the
    same track, the same frames of a slideshow, at the same times (within ``MOVED_S``: those before
    the fourth counted from the video's start, not the file's). ``recorded_s``: the length that
    reader recorded (0: not known)."""
    if not reader.view.shown_as_by(old):
        return False
    if old < 17 and getattr(reader, "shown_past_s", 0.0) > MOVED_S:  # (an MP4/MOV of B-frames at a varying
        return False  # rate: 16 read it short)
    if _stills_skipped_by(reader, old):  # (B-frames beginning stills: a screen recording)
        return False
    if old < 18 and reader.timeline is not None and reader.timeline.pts_delay is not None:  # (an MPEG-PS/TS
        return False  # whose first PTS alone was stray: 17 started it there, ``part_cuts.pts_strays``)
    if old < 19 and reader.timeline is not None and any(seg.restart for seg in reader.timeline.segments):
        return False  # (a clip of 2-3 frames joined to the next: 18 ran it into that one, ``part_cuts.restarted``)
    if old < 20 and _track_read_by_20(reader):  # (an MP4/MOV with cover art before its tracks, or fragmented at
        return False  # a varying rate: 19 read another track's header or FFmpeg's length, ``mp4_header.cover_first``)
    if 17 <= old < 21 and _stills_unseen_by_20(reader):  # (a fragmented MP4 whose stills FFmpeg's index at open
        return False  # did not list: 20 skipped their B-frames, ``sparse_rate.stills``)
    if old < 22 and _ended_otherwise_by_21(reader, recorded_s):  # (an MP4 whose edit list has no entries, or cut
        return False  # short: 21 ended it elsewhere)
    if old < 11 and getattr(reader, "walks", False) and _otherwise_by_10(reader, recorded_s):
        return False
    if old < 12 and untimed_keys.counted_by_11(reader):  # (an MPEG-PS/TS's frames without timestamps:
        return False  # 11 counted them, with a decoder that skips frames the skipped ones left out)
    if old < 13 and _otherwise_by_12(reader):  # (a slideshow: its B-frames skipped, or slides lost where
        return False  # an MPEG-TS/PS one was read from its start again; an FLV whose clock starts again)
    if old < 14 and reader.timeline is not None and reader.timeline.moved_by_13 > MOVED_S:  # (a joined
        return False  # file's later parts: 13 put them late, ``core.part_ends``)
    if old == 14 and reader.timeline is not None and reader.timeline.moved_by_14 > MOVED_S:  # (a joined file's
        return False  # short part, which 14 took for strays: it and the parts after it off, ``core.part_cuts``)
    if old < 16 and moved_by_15(reader) > MOVED_S:  # (an MPEG-PS/TS whose first stamps are stray, 15 starting
        return False  # it at them; a short MPEG-2 part with B-frames, 15 a frame late: ``core.timeline``)
    if old < 16 and "mpegts" in _format(reader).split(",") and recorded_s > reader.info.duration + FORWARD_S:
        return False  # (an MPEG-TS of no header rate whose length 15 read from freed memory: ``core.stream_facts``)
    if old < 15 and _format(reader) == "dhav" and recorded_s and reader.info.duration > recorded_s + MOVED_S:
        return False  # (a DVR file with a hole after it, recorded shorter than it reads: ``core.zero_bytes``)
    if old < 6 and (reader.timeline is not None or reader.untimed):  # (read as its first part, or half)
        return False
    if old < 7 and reader.timeline is not None and len(reader.timeline.streams) > 1:  # (its first PID only)
        return False
    if old < 8 and getattr(reader, "ogg", False) and reader.timeline is not None:  # (a chained Ogg's parts
        return False  # 0.2 s late, each said to be damaged where it starts)
    if old < 9 and reader.timeline is not None and (getattr(reader, "ogg", False) or _format(reader) == "dhav"):
        return False  # (a DVR file's parts after a gap off by up to a second; an Ogg chain of reused serials: one part)
    if old >= 4 or isinstance(reader, WebpReader):  # (an animated WebP: no reader before 4 read one)
        return old >= 4
    start, origin = reader.stream.start_time, reader.origin
    lead = (start - origin) * reader.tb if None not in (start, origin) and reader.tb else 0.0
    from core.media import SPARSE_FPS

    return (reader.info.fps >= SPARSE_FPS and lead <= MOVED_S
            and reader.index == first_video_index(reader.container))


def steady_mp4(path: str, old: int) -> bool:
    """Whether the file at ``path``, indexed by reader ``old``, reads as this one reads it, told from its index
    alone, never opened by FFmpeg (``core.decode_pool.decode_file``): an MP4/MOV (``video_info.REREAD_17``) that
    only reader 17's, 20's, 21's and 22's changes could read otherwise (``old`` 4 or later), whose sample table says it
    cannot move its moments by more than ``MOVED_S`` (``core.mp4_samples.steady``: a phone's steady-rate clip)
    and whose index holds no cover art before its tracks (``core.mp4_header.cover_first``); of a library of 20,
    one whose samples FFmpeg's index at open lists all (``mp4_samples.listed_at_open``: unfragmented, or
    fragmented without a segment index; 21 changed the stills of one listed in part alone), or whose table says no
    frame is a still by either count (``mp4_samples.never_held``: a steady-rate DASH download); none that 21 may have
    ended elsewhere (:func:`ends_otherwise_by_21`). False where in doubt: the file is opened and checked by :func:`reads_as_by`."""
    from core import mp4_header, mp4_samples
    from core.video_info import READER, REREAD_17, SAME_FRAMES_SINCE, frames_since

    if (not SAME_FRAMES_SINCE <= old < min(READER, frames_since(path))
            or os.path.splitext(path)[1].lower() not in REREAD_17):
        return False
    if ends_otherwise_by_21(path):  # (22's change: opened, ``reads_as_by``)
        return False
    if old >= 21:  # (22 changed only where such a file ends)
        return True
    if old >= 20:  # (21 reads a fragmented one's stills from its fragments: one listed whole at open as 20 did, or
        # one with no still to find, however few samples FFmpeg's index listed)
        return mp4_samples.listed_at_open(path) or mp4_samples.never_held(path, sparse_rate.STILL_S)
    return mp4_samples.steady(path, sparse_rate.STILL_S, MOVED_S) and not mp4_header.cover_first(path)


def ends_otherwise_by_21(path, track_id: int | None = None) -> bool:
    """Whether reader 21 may have ended the MP4/MOV at ``path`` (its video track ``track_id``, the index's first
    where None) elsewhere than this one, told from its index alone: its video's edit list says no end (no entries:
    21 took FFmpeg's length of its decoding times, 2.58 s of 3.77 s; or none, read to its frames' end by
    ``core.mp4_end``, whose last frame 21 timed by the largest decoding delta) at a varying rate
    (``mp4_samples.uneven``), or it is cut short inside its media data (``core.mp4_cut``: 22 says it cut short,
    and where it stops, on the preview's numbers, ``av_reader.said_cut_short``)."""
    from core import mp4_cut

    return _no_end_said(path, track_id) is not None or mp4_cut.playable_s(path) is not None


def _no_end_said(path, track_id: int | None) -> str | None:
    """"empty": the video of the MP4/MOV at ``path`` has an edit list of no entries at a varying rate (21: FFmpeg's
    length); "none": no edit list at a varying rate, its samples in its index (``core.mp4_end``, whose last frame 21
    timed otherwise; a fragmented one's end, ``mp4_samples.shown_end``, is 21's); else None."""
    from core import mp4_header, mp4_samples

    if track_id is None:
        track_id = next((t.get("id") for t in mp4_header._moov_tracks(path) if t.get("handler") == b"vide"), None)
    end = None if track_id is None else mp4_header.edits_end(path, track_id)
    if track_id is None or end or not mp4_samples.uneven(path, track_id):
        return None
    if end == 0.0:
        return "empty"
    listed = mp4_header.samples_listed(path, track_id) and not mp4_samples.fragmented(path)
    return "none" if listed else None


def _ended_otherwise_by_21(reader, recorded_s: float) -> bool:
    """Whether reader 21 ended the MP4/MOV ``reader`` has open otherwise (``ends_otherwise_by_21``): one cut short
    always read again, one read to its frames' end where the length 21 recorded (``recorded_s``; 0: not known, then
    one of no entries) is not this one's."""
    from core import mp4_cut

    if isinstance(reader, WebpReader) or "mov" not in _format(reader).split(","):
        return False
    if mp4_cut.playable_s(reader.path) is not None:
        return True
    said = _no_end_said(reader.path, reader.stream.id)
    if said is None:
        return False
    if not recorded_s:  # (not known: one of no entries 21 surely read short; one without a list only rarely)
        return said == "empty"
    return abs(recorded_s - float(reader.info.duration)) > 1e-3


def _track_read_by_20(reader) -> bool:
    """Whether reader 19 read the MP4/MOV ``reader`` has open otherwise: its index holds cover art before its
    tracks (``core.mp4_header.cover_first``, read with the tracks the probe asked of: 19 asked another track's
    header, or none, of its video's facts), or its video is read longer from its fragments' samples by more than
    ``MOVED_S`` (``mp4_samples.shown_end``)."""
    from core import mp4_header

    if "mov" not in _format(reader).split(","):
        return False
    return getattr(reader, "fragments_past_s", 0.0) > MOVED_S or mp4_header.cover_first(reader.path)


def _stills_unseen_by_20(reader) -> bool:
    """Whether reader 20 decided otherwise whether to decode the fragmented MP4/MOV ``reader`` has open whole: its
    stills told by the samples FFmpeg's index held at open (``sparse_rate.index_stills``: a segment-indexed file's
    first fragments), where this one reads every fragment's (``sparse_rate.stills``)."""
    from core import mp4_samples

    if isinstance(reader, WebpReader) or "mov" not in _format(reader).split(",") or not mp4_samples.fragmented(reader.path):
        return False
    return sparse_rate.stills(reader) != sparse_rate.index_stills(reader)


def _stills_skipped_by(reader, old: int) -> bool:
    """Whether reader ``old`` skipped B-frames beginning stills that this one decodes (``sparse_rate.stills``): an
    MP4/MOV's before 17, a Matroska, FLV or MPEG-TS/PS file's before 18, but for a slideshow 13 decoded whole
    already (its header's rate under ``SPARSE_FPS``, or its first packets sparser: ``_otherwise_by_12``)."""
    from core.media import SPARSE_FPS

    if isinstance(reader, WebpReader) or not sparse_rate.stills(reader):
        return False
    if sparse_rate.claimed(reader.container):
        return old < 18 and not (reader.info.fps < SPARSE_FPS or sparse_rate.sparser(reader, SPARSE_FPS))
    return old < 17


def _otherwise_by_12(reader) -> bool:
    """Whether reader 12 read the file otherwise: a slideshow whose container only claims a usual
    rate (``sparse_rate``: 12 skipped its B-frames, each a slide), or an MPEG-TS/PS one (of under
    ``SPARSE_FPS`` frames a second), which 12 read from its start again by a seek that could land
    slides past it (``FrameReader._restart``); an FLV whose clock starts again part-way, of which 12
    read the first part only (``core.flv_clock``)."""
    from core import timeline

    from core.media import SPARSE_FPS

    if isinstance(reader, WebpReader):
        return False
    if reader.timeline is not None and timeline.may_restart(reader.container):
        return True
    if reader.info.fps < SPARSE_FPS:
        return bool(getattr(reader, "walks", False))
    return sparse_rate.sparser(reader, SPARSE_FPS)


def _otherwise_by_10(reader, recorded_s: float) -> bool:
    """Whether reader 10 read a file whose clock may jump (MPEG-TS/PS, Ogg, Dahua DVR) otherwise:
    a jump its 64 samples did not see (``timeline.steady_by_10``), so no timeline timed the frames
    after it, or a length run on past the file's by a stray packet stamped hours off
    (``core.stray_times.note``; a stream that runs on past its header's length by more than a jump
    legitimately is read again too)."""
    from core import timeline

    if recorded_s > reader.info.duration + timeline.FORWARD_S:
        return True
    return (reader.timeline is not None and len(reader.timeline.streams) <= 1
            and timeline.steady_by_10(reader.path))


def moved_by_15(reader) -> float:
    """Seconds: how far reader 15 put the frames of the file ``reader`` has open from where this one does:
    infinite where the file's first stamps are stray and it starts at its first frame (``Timeline.origin``:
    15 started it at the strays, a single clip 0.04 s long, joined ones hours long); where genpts gives a
    packet before a join a time from past it (``Timeline.far``, 15's) other than the one its clip ends at
    (``Timeline.own``: a short MPEG-2 clip with B-frames ended a frame late), how far 15's parts lie from
    these, the file scanned again as 15 scanned it; else 0."""
    from core import timeline

    tl = reader.timeline
    if tl is None:
        return 0.0
    if tl.origin is not None:
        return math.inf
    if not tl.own or tl.own == tl.far:
        return 0.0
    old = timeline.scan_as_15(reader)
    return math.inf if old is None else part_ends.moved(tl.segments, old.segments, tl.tb)
