"""What an MP4/MOV's sample table (its index, the 'moov' box: 'stts' decoding durations, 'ctts'
composition offsets) says of how far its frames' times could be read otherwise, read without FFmpeg,
for the one-time check of a library indexed by reader 16 or before (``core.reader_recheck.
steady_mp4``): reader 17 reads an MP4/MOV of B-frames at a varying rate otherwise (``core.
stream_facts``: its length where its last frames are shown after their decoding times; ``core.
sparse_rate.stills``: a frame shown ``STILL_S`` or more, decoded whole). Neither can happen to a
track without composition offsets, and neither moves its moments by more than ``MOVED_S`` where
no frame lasts ``STILL_S`` and its offsets lie within ``MOVED_S`` of one another: its last frames
are shown no later than the largest offset past their decoding, the edit list's shift (the first
frame's offset) or the first frame's time taken off. A phone's steady-rate clip is told so from
a few boxes' bytes, its frames never decoded."""

from __future__ import annotations

import struct
from itertools import islice

import numpy as np

from core.mp4_header import MAX_BOXES, MAX_MOOV, boxes

_TRACK_BOXES = {b"mdhd", b"hdlr", b"stts", b"ctts"}


def _tables(path) -> list[dict] | None:
    """Per track, in the index's order (FFmpeg's streams'): its ``hdlr``, ``timescale``, and its ``stts`` and
    ``ctts`` payloads (bytes); None where the file has no whole index or it is too large to read here."""
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            top = next(((a, b, cut) for kind, a, b, cut in islice(boxes(f, 0, f.tell()), MAX_BOXES) if kind == b"moov"), None)
            if top is None or top[2] or top[1] - top[0] > MAX_MOOV:
                return None
            tracks: list[dict] = []
            for kind, a, b, cut in islice(boxes(f, top[0], top[1]), MAX_BOXES):
                if kind == b"trak":
                    tracks.append({})
                elif kind in _TRACK_BOXES and tracks and kind.decode() not in tracks[-1]:
                    if cut:
                        return None
                    f.seek(a)
                    tracks[-1][kind.decode()] = f.read(b - a)
    except OSError:
        return None
    for t in tracks:
        mdhd = t.get("mdhd", b"")
        off = 20 if mdhd[:1] == b"\x01" else 12
        t["timescale"] = struct.unpack(">I", mdhd[off:off + 4])[0] if len(mdhd) >= off + 4 else 0
    return tracks


def _video_tables(path) -> list[dict] | None:
    tracks = _tables(path)
    return None if tracks is None else [t for t in tracks if t.get("hdlr", b"")[8:12] == b"vide"]


def _entries(payload: bytes) -> np.ndarray | None:
    """A table's (count, value) entries as unsigned 32-bit pairs; None where its count runs past its bytes."""
    if len(payload) < 8:
        return None
    count = struct.unpack(">I", payload[4:8])[0]
    if len(payload) < 8 + 8 * count:
        return None
    return np.frombuffer(payload, dtype=">u4", count=2 * count, offset=8).reshape(-1, 2)


def steady(path, still_s: float, moved_s: float) -> bool:
    """Whether every video track of the MP4/MOV at ``path`` has frames that come in order (no
    composition offsets), or none shown ``still_s`` or more and offsets within ``moved_s`` of one
    another (see the module doc). False where the table says otherwise or cannot be read whole here
    (a fragmented MP4's index lists no samples: its fragments hold them)."""
    tracks = _video_tables(path)
    if not tracks:
        return False
    for t in tracks:
        stts = _entries(t.get("stts", b""))
        if not t["timescale"] or stts is None or not int(stts[:, 0].sum()):
            return False
        if "ctts" not in t:
            continue
        ctts = _entries(t["ctts"])
        if ctts is None:
            return False
        used = stts[stts[:, 0] > 0, 1]
        offsets = ctts[ctts[:, 0] > 0, 1].astype(np.uint32).view(np.int32)  # (version 0's too, as FFmpeg reads it)
        longest = float(used.max()) / t["timescale"] if used.size else 0.0
        spread = float(int(offsets.max()) - int(offsets.min())) / t["timescale"] if offsets.size else 0.0
        if longest >= still_s or spread > moved_s:
            return False
    return True


UNEVEN_S = 0.005  # samples' durations further apart: a varying rate (not a rate rounded to a millisecond's ticks)


def uneven(path, index: int) -> bool:
    """Whether track ``index``'s samples last times more than ``UNEVEN_S`` apart, its last one aside (a varying
    rate), or its table cannot be read here: where they last alike, its frames are shown to where FFmpeg's
    length says, within the reorder window's share of that (``core.stream_facts``: a steady-rate MP4 of
    B-frames without an edit list is not read again to its end)."""
    tracks = _tables(path)
    stts = _entries(tracks[index].get("stts", b"")) if tracks and 0 <= index < len(tracks) else None
    if stts is None:
        return True
    used = stts[stts[:, 0] > 0]
    if len(used) and used[-1, 0] == 1:  # (the last sample's own entry: a muxer's guess at its duration)
        used = used[:-1]
    scale = tracks[index]["timescale"]
    return not scale or (len(used) > 0 and float(int(used[:, 1].max()) - int(used[:, 1].min())) / scale > UNEVEN_S)
