"""What a fragmented MP4's fragments say, read without FFmpeg: the samples they list, for ``core.mp4_samples``
(:func:`runs`), and where a track's first fragment starts and whether a segment index lists them, for
``core.stream_facts`` (:func:`fragments_start`, :func:`segment_indexed`). A screen recorder's, OBS's "fragmented
MP4", a DASH download's or a phone's crash-safe recording holds its samples in 'moof' boxes after its index (the index, 'moov', then lists none, or only its first fragment's), each 'traf' a
run of one track's samples: their durations and composition offsets in its 'trun' (or the defaults of its
'tfhd', else of the index's 'trex'), where its media's clock stands in its 'tfdt'.

Read in bounds: a long recording has thousands of fragments (each a seek and a read, as FFmpeg's own open
reads them); past ``MAX_TOP_BOXES`` boxes, ``MAX_BYTES`` of fragments' headers, ``MAX_SAMPLES`` samples or
``MAX_S`` seconds, or on
anything not read as FFmpeg reads it (a fragment's header cut short, a 'trun' whose samples run past its
bytes, a clock that steps back), no answer: the file is opened by FFmpeg instead."""

from __future__ import annotations

import struct
import time
from itertools import islice

import numpy as np

from core import mp4_header
from core.bounded_read import open_bytes

MAX_TOP_BOXES = 1 << 17  # boxes after the index (a 'moof' and an 'mdat' a fragment: 65,536 fragments)
MAX_BYTES = 16 << 20  # of fragments' headers ('moof' boxes) read in all
MAX_MOOF = 1 << 20  # one fragment's header: a recorder's are a few KB
MAX_S = 0.5  # spent walking them (a share on a slow network): FFmpeg opens the file instead
MAX_SAMPLES = 1 << 20  # listed in all, each track's (4.8 hours at 60 frames a second; ~75 MB of lists at most)

_DURATION, _SIZE, _FLAGS, _OFFSET = 0x100, 0x200, 0x400, 0x800  # ('trun' per-sample fields present)


class _Doubt(Exception):
    """A fragment not read here as FFmpeg reads it."""


def _children(data: bytes, start: int = 0, end: int | None = None) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in ``data[start:end]``; _Doubt where one runs past it."""
    end = len(data) if end is None else end
    found, pos = [], start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise _Doubt
            size, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise _Doubt
        found.append((kind, pos + header, pos + size))
        pos += size
    if pos != end:
        raise _Doubt
    return found


def trex_durations(mvex: bytes) -> dict[int, int]:
    """The default sample duration of each track ('trex', by track_ID) in the index's 'mvex' payload."""
    try:
        return {struct.unpack_from(">I", mvex, a + 4)[0]: struct.unpack_from(">I", mvex, a + 12)[0]
                for kind, a, b in _children(mvex) if kind == b"trex" and b - a >= 16}
    except _Doubt:
        return {}


def _trun(data: bytes, a: int, b: int, default: int | None) -> tuple[list[int], list[int] | None]:
    """A 'trun''s samples' durations and composition offsets (None where it lists none)."""
    if b - a < 8:
        raise _Doubt
    flags, count = struct.unpack_from(">II", data, a)
    if count > MAX_SAMPLES:
        raise _Doubt
    pos = a + 8 + 4 * bool(flags & 0x1) + 4 * bool(flags & 0x4)  # (its data offset, its first sample's flags)
    fields = [bit for bit in (_DURATION, _SIZE, _FLAGS, _OFFSET) if flags & bit]
    n = len(fields)
    if pos + 4 * n * count > b:
        raise _Doubt
    if flags & _DURATION:
        durations = list(struct.unpack_from(f">{n * count}I", data, pos)[fields.index(_DURATION)::n])
    elif default is not None:
        durations = [default] * count
    else:
        raise _Doubt  # (no duration anywhere: FFmpeg's guess is its own)
    if not flags & _OFFSET:
        return durations, None
    return durations, list(struct.unpack_from(f">{n * count}i", data, pos)[fields.index(_OFFSET)::n])  # (signed,
    # version 0's too, as FFmpeg reads them)


def _traf(data: bytes, a: int, b: int, trex: dict[int, int]):
    """(track_ID, its 'tfdt' or None, [(durations, offsets) of each 'trun']) of the 'traf' payload data[a:b]."""
    boxes = _children(data, a, b)
    tfhd = next(((c, d) for kind, c, d in boxes if kind == b"tfhd"), None)
    if tfhd is None or tfhd[1] - tfhd[0] < 8:
        raise _Doubt
    flags, track_id = struct.unpack_from(">II", data, tfhd[0])
    default = trex.get(track_id)
    if flags & 0x8:  # (default-sample-duration, after a base data offset and a sample description index)
        at = tfhd[0] + 8 + 8 * bool(flags & 0x1) + 4 * bool(flags & 0x2)
        if at + 4 > tfhd[1]:
            raise _Doubt
        default = struct.unpack_from(">I", data, at)[0]
    tfdt = None
    for kind, c, d in boxes:
        if kind == b"tfdt" and d - c >= 8:
            tfdt = struct.unpack_from(">Q", data, c + 4)[0] if data[c] == 1 and d - c >= 12 else struct.unpack_from(">I", data, c + 4)[0]
    runs = [] if flags & 0x10000 else [_trun(data, c, d, default) for kind, c, d in boxes if kind == b"trun"]  # (duration-is-empty)
    return track_id, tfdt, runs


def runs(f, start: int, end: int, trex: dict[int, int], kinds: set[bytes] | None = None) -> dict[int, list] | None:
    """Per track_ID, the runs of samples the fragments among the top-level boxes of the open file ``f`` in
    [start, end) list, in file order: (its 'tfdt' or None, durations, composition offsets or None). None where
    they are not read here whole (see the module doc). ``kinds``: given, the top-level boxes' types are added to it
    (a segment index, 'sidx', among them: ``core.mp4_samples.listed_at_open``)."""
    found: dict[int, list] = {}
    count, read, listed, pos, deadline = 0, 0, 0, start, time.monotonic() + MAX_S
    try:
        while pos + 8 <= end:
            count += 1
            if count > MAX_TOP_BOXES or time.monotonic() > deadline:
                return None
            f.seek(pos)
            head = f.read(16)
            if len(head) < 8:
                return None
            size, kind = struct.unpack_from(">I4s", head)
            if kinds is not None:
                kinds.add(kind)
            header = 8
            if size == 1:
                if len(head) < 16:
                    return None
                size, header = struct.unpack_from(">Q", head, 8)[0], 16
            elif size == 0:
                size = end - pos
            if size < header:
                break  # (no box: the walk ends, as core.mp4_header's does)
            if kind == b"moof":
                read += size
                if pos + size > end or size > MAX_MOOF or read > MAX_BYTES:
                    return None  # (a fragment's header cut short: the recording stopped in it)
                f.seek(pos + header)
                data = f.read(size - header)
                if len(data) < size - header:
                    return None
                for inner, c, d in _children(data):
                    if inner == b"traf":
                        track_id, tfdt, samples = _traf(data, c, d, trex)
                        listed += sum(len(durations) for durations, _ in samples)
                        if listed > MAX_SAMPLES:
                            return None
                        found.setdefault(track_id, []).extend((tfdt if i == 0 else None, *s) for i, s in enumerate(samples))
            pos += size  # (a box past the file's end is its last: media data cut short, as its index's own)
        return found
    except (_Doubt, OSError, struct.error):
        return None


def joined(durations: np.ndarray, offsets: np.ndarray | None, listed: list) -> tuple[np.ndarray, np.ndarray | None] | None:
    """The durations and composition offsets (None where nothing lists any) of a track's samples: those its
    index lists (``durations``, ``offsets``), then its fragments' ``listed`` runs, a fragment whose 'tfdt' lies
    past where the samples before it end showing the last of them that much longer (FFmpeg times a fragment
    by its 'tfdt'); None where one lies before (a clock stepping back)."""
    times: list[int] = durations.tolist()
    shifts: list[int] = offsets.tolist() if offsets is not None else [0] * len(times)
    clock, reordered = (sum(times) if times else None), offsets is not None
    for tfdt, d, o in listed:
        if tfdt is not None and clock is not None:
            if tfdt < clock:
                return None
            if tfdt > clock and times:
                times[-1] += tfdt - clock
        clock = (tfdt if tfdt is not None else clock or 0) + sum(d)
        times += d
        shifts += o if o is not None else [0] * len(d)
        reordered = reordered or o is not None
    return np.array(times, np.int64), np.array(shifts, np.int64) if reordered else None


def fragments_start(path, track_id: int) -> float | None:
    """Where track ``track_id``'s first fragment starts in its media's time, in seconds (its 'tfdt': a
    live stream's recording joined late starts hours in), in a fragmented MP4 whose index lists no
    samples of it; None in another file, when its index lists samples (FFmpeg's frag_keyframe
    without empty_moov: its first fragment follows them), or when its first fragment does not say
    (FFmpeg then starts the track at 0)."""
    track, facts = _first_traf(path, track_id)
    tfdt = facts.get(b"tfdt", b"")
    if len(tfdt) < 8:
        return None
    wide = tfdt[0] == 1 and len(tfdt) >= 12
    return (struct.unpack(">Q", tfdt[4:12])[0] if wide else struct.unpack(">I", tfdt[4:8])[0]) / track["timescale"]


def segment_indexed(path, track_id: int) -> bool:
    """Whether a fragmented MP4's fragments of track ``track_id`` are listed by a segment index
    ('sidx' naming it before the first 'moof': FFmpeg's dash and global_sidx, DASH packagers'),
    whose end FFmpeg gives as that track's duration: its end in presentation time, not a length."""
    try:
        with open_bytes(path) as f:
            f.seek(0, 2)
            for kind, a, b, _ in islice(mp4_header.boxes(f, 0, f.tell(), depth=8), mp4_header.MAX_BOXES):
                if kind == b"moof":
                    break
                if kind == b"sidx" and b - a >= 8:
                    f.seek(a + 4)  # (after its version and flags: the track it indexes)
                    if struct.unpack(">I", f.read(4))[0] == track_id:
                        return True
    except OSError:
        pass
    return False


def _first_traf(path, track_id: int) -> tuple[dict, dict[bytes, bytes]]:
    """(track ``track_id``'s facts from the index, the first bytes of each box of its first fragment's 'traf', by
    type; none when its index lists samples of it: its first fragment follows them; {} for a track not there). Its
    first fragment is the first 'moof' with a 'traf' of it: a file whose tracks are fragmented apart (FFmpeg's
    separate_moof, DASH's) may begin with the sound's."""
    track = mp4_header.track_facts(path, track_id)
    if not track.get("timescale") or track.get("samples"):  # (its first fragment follows them, it starts no later)
        return track, {}
    try:
        with open_bytes(path) as f:
            f.seek(0, 2)
            moov = False  # (the index comes before the fragments)
            for kind, a, b, _ in islice(mp4_header.boxes(f, 0, f.tell(), depth=8), mp4_header.MAX_BOXES):
                moov = moov or kind == b"moov"
                if kind == b"moof" and not moov:
                    break
                if kind == b"moof" and (facts := _traf_of(f, a, b, track_id)) is not None:
                    return track, facts
    except OSError:
        pass
    return track, {}


def _traf_of(f, start: int, end: int, track_id: int) -> dict[bytes, bytes] | None:
    """The first bytes of each box of the 'moof' in [start, end)'s 'traf' of track ``track_id``, by
    type; None when it has none."""
    for kind, a, b, _ in list(mp4_header.boxes(f, start, end, depth=8)):
        if kind != b"traf":
            continue
        facts = {}
        for inner, c, d, _ in list(mp4_header.boxes(f, a, b, depth=8)):
            f.seek(c)
            facts[inner] = f.read(min(d - c, 16))
        tfhd = facts.get(b"tfhd", b"")
        if len(tfhd) >= 8 and struct.unpack(">I", tfhd[4:8])[0] == track_id:
            return facts
    return None
