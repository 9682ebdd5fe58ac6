"""How far an MP4/MOV cut short inside its media data plays, read from its index's sample tables
without FFmpeg. A download or copy that stopped (its index first, 'moov' before 'mdat') keeps an
index that lists every sample of the whole recording: FFmpeg, and a plain player with it (Qt's, the
preview's), take the header's length (a 30 s clip cut at 0:13 said 0:30), and a player sought past
the cut waits there "playing" for frames that never come. The samples' places ('stco'/'co64' chunk
offsets, 'stsc' samples a chunk, 'stsz' sizes) say which are wholly inside the file: the video plays
to the first one that is not, in its presentation order ('stts' durations, 'ctts' offsets).
``core.play_timing`` shows such a file through the engine's frames, as long as this says."""

from __future__ import annotations

import struct
from itertools import islice

import numpy as np

from core.bounded_read import open_bytes
from core.file_memo import FileMemo
from core.mp4_fragments import MAX_SAMPLES
from core.mp4_header import MAX_BOXES, MAX_MOOV, boxes

_KEPT = {b"mdhd", b"hdlr", b"stts", b"ctts", b"stsc", b"stsz", b"stco", b"co64"}


def playable_s(path) -> float | None:
    """Seconds the first video track of the MP4/MOV at ``path`` plays, from its first frame shown, where its index
    lists samples past the file's end (cut short inside its media data); None where every sample is inside the file,
    it is no MP4/MOV with its index before the cut, or its tables cannot be read here (too large, damaged, an
    'stz2', a fragmented file's empty index). Worked out once per file version in a process (``core.file_memo``)."""
    try:
        return _CUTS.get(path, lambda st: _read(path))
    except OSError:
        return None


_CUTS: FileMemo[float | None] = FileMemo()


def _read(path) -> float | None:
    with open_bytes(path) as f:
        f.seek(0, 2)
        size = f.tell()
        moov = next(((a, b, cut) for kind, a, b, cut in islice(boxes(f, 0, size), MAX_BOXES) if kind == b"moov"), None)
        if moov is None or moov[2] or moov[1] - moov[0] > MAX_MOOV:
            return None
        tracks: list[dict] = []
        for kind, a, b, cut in islice(boxes(f, moov[0], moov[1]), MAX_BOXES):
            if kind == b"trak":
                tracks.append({})
            elif kind in _KEPT and tracks and kind not in tracks[-1]:  # (the media's 'hdlr' first, as FFmpeg reads it)
                if cut:
                    return None
                f.seek(a)
                tracks[-1][kind] = f.read(b - a)
    video = next((t for t in tracks if t.get(b"hdlr", b"")[8:12] == b"vide"), None)
    return None if video is None else _track_playable(video, size)


def _table(payload: bytes, fields: int, kind: str = ">u4", at: int = 4) -> np.ndarray | None:
    """A full box's table of ``fields`` values an entry (its count at ``at``), as int64; None where it lists more
    than ``MAX_SAMPLES`` entries or its count runs past its bytes."""
    if len(payload) < at + 4:
        return None
    count = struct.unpack(">I", payload[at:at + 4])[0]
    width = np.dtype(kind).itemsize * fields
    if count > MAX_SAMPLES or len(payload) < at + 4 + width * count:
        return None
    return np.frombuffer(payload, kind, fields * count, at + 4).astype(np.int64).reshape(-1, fields)


def _track_playable(t: dict, size: int) -> float | None:
    """See :func:`playable_s`: the track's boxes' payloads ``t``, of a file of ``size`` bytes."""
    mdhd = t.get(b"mdhd", b"")
    at = 20 if mdhd[:1] == b"\x01" else 12
    scale = struct.unpack(">I", mdhd[at:at + 4])[0] if len(mdhd) >= at + 4 else 0
    stsz, stsc, stts = t.get(b"stsz", b""), _table(t.get(b"stsc", b""), 3), _table(t.get(b"stts", b""), 2)
    chunks = _table(t[b"co64"], 1, ">u8") if b"co64" in t else _table(t.get(b"stco", b""), 1)
    if not scale or len(stsz) < 12 or stsc is None or stts is None or chunks is None or not len(stsc):
        return None
    fixed, count = struct.unpack(">II", stsz[4:12])
    sizes = np.full(count, fixed, np.int64) if fixed else _table(stsz, 1, at=8)
    if count > MAX_SAMPLES or sizes is None or not count or len(sizes) != count:
        return None
    # samples a chunk: each 'stsc' entry's from its first chunk (1-based) to the next entry's
    firsts = np.append(stsc[:, 0], len(chunks) + 1)
    runs = np.diff(firsts)
    if firsts[0] != 1 or (runs < 0).any():
        return None
    per_chunk = np.repeat(stsc[:, 1], runs)
    if per_chunk.sum() < count:
        return None
    chunk_of = np.repeat(np.arange(len(chunks)), per_chunk)[:count]
    ends = np.cumsum(sizes)  # (bytes of the samples up to and with each: a chunk's samples lie one after another)
    chunk_start = np.concatenate([[0], np.cumsum(per_chunk)])[:-1]
    before = np.concatenate([[0], ends])[chunk_start[chunk_of]]
    inside = chunks[chunk_of, 0] + ends - before <= size
    if inside.all():
        return None
    durations = np.repeat(stts[:, 1], stts[:, 0])
    if len(durations) < count:
        return None
    durations = durations[:count]
    shown = np.concatenate([[0], np.cumsum(durations)[:-1]])
    ctts = _table(t[b"ctts"], 2) if b"ctts" in t else None
    if ctts is not None:  # (offsets read as signed, as FFmpeg reads version 0's too)
        offsets = np.repeat(ctts[:, 1].astype(np.uint32).view(np.int32).astype(np.int64), ctts[:, 0])[:count]
        shown[:len(offsets)] += offsets
    missing = ~inside
    return max(0.0, float(shown[missing].min() - shown.min()) / scale)
