"""How far an MP4/MOV cut short inside its media data plays, read from its index's sample tables
without FFmpeg. A download or copy that stopped (its index first, 'moov' before 'mdat') keeps an
index that lists every sample of the whole recording: FFmpeg, and a plain player with it (Qt's, the
preview's), take the header's length (a 30 s clip cut at 0:13 said 0:30), and a player sought past
the cut waits there "playing" for frames that never come. The samples' places ('stco'/'co64' chunk
offsets, 'stsc' samples a chunk, 'stsz' sizes) say which are wholly inside the file: the video plays
to the first one that is not, in its presentation order ('stts' durations, 'ctts' offsets), on the
timeline its edit list makes ('elst': from its first media edit's start, as FFmpeg drops the frames
before it; an ``ffmpeg -ss X -c copy`` file's keyframe before X, up to a group of pictures, is listed
and not shown). The tables are read by ``core.mp4_samples.index_boxes`` and never expanded past the
samples 'stsz' lists (a bit flipped in a count is damage, not gigabytes). ``core.play_timing`` shows
such a file through the engine's frames, as long as this says, where the part lost matters."""

from __future__ import annotations

import struct

import numpy as np

from core.bounded_read import open_bytes
from core.file_memo import FileMemo
from core.mp4_fragments import MAX_SAMPLES
from core.mp4_header import edit_list
from core.mp4_samples import box_field, entries, index_boxes, per_sample

_KEPT = {b"mvhd", b"mdhd", b"hdlr", b"elst", b"stts", b"ctts", b"stsc", b"stsz", b"stco", b"co64"}


def playable_s(path) -> float | None:
    """Seconds the first video track of the MP4/MOV at ``path`` plays on the file's timeline (its edit list applied,
    as FFmpeg and the engine's reader apply it), where its index lists samples past the file's end (cut short inside
    its media data); None where every sample is inside the file, it is no MP4/MOV with its index before the cut, or
    its tables cannot be read here (too large, damaged, an 'stz2', a fragmented file's empty index). Worked out once
    per file version in a process (``core.file_memo``)."""
    try:
        return _CUTS.get(path, lambda st: _read(path))
    except OSError:
        return None


_CUTS: FileMemo[float | None] = FileMemo()


def _read(path) -> float | None:
    with open_bytes(path) as f:
        index = index_boxes(f, _KEPT)  # (``core.mp4_samples``' reader: one walk of the index, one set of bounds)
    if index is None:
        return None
    tracks, size, _ = index
    movie = tracks.pop(0)
    video = next((i for i, t in enumerate(tracks) if t.get("hdlr", b"")[8:12] == b"vide"), None)
    if video is None:
        return None
    delays = _delays(movie, tracks)
    return _track_playable(tracks[video], size, delays[video] - min(delays))  # (its empty edits past the earliest's)


def _table(payload: bytes, fields: int, kind: str = ">u4", at: int = 4) -> np.ndarray | None:
    """A full box's table (``core.mp4_samples.entries``) as int64; None where it lists more than ``MAX_SAMPLES``
    entries or its count runs past its bytes."""
    table = entries(payload, fields, kind, at)
    return None if table is None or len(table) > MAX_SAMPLES else table.astype(np.int64)


def _delays(movie: dict, tracks: list[dict]) -> list[float]:
    """Each track's empty edits' length in seconds: where its first frame is shown on the file's timeline, which
    starts with the earliest track's (``core.tracks.file_origin``)."""
    scale = box_field(movie.get("mvhd", b""), 20, 12)
    found = []
    for t in tracks:
        edits = edit_list(t.get("elst", b"")) or []
        empty = 0
        for duration, media_time in edits:
            if media_time != -1:
                break
            empty += duration
        found.append(empty / scale if scale else 0.0)
    return found


def _track_playable(t: dict, size: int, ahead: float = 0.0) -> float | None:
    """See :func:`playable_s`: the track's boxes' payloads ``t``, of a file of ``size`` bytes, whose first frame is
    shown ``ahead`` seconds into the file's timeline. Every array is as long as the samples 'stsz' lists (at most
    ``MAX_SAMPLES``) or a table's entries (bounded by its bytes), never a count inside an entry: a damaged one (a
    bit flipped in a count) is never expanded, and chunks listing more samples or fewer than 'stsz' are damage."""
    scale = box_field(t.get("mdhd", b""), 20, 12)
    stsz, stsc, stts = t.get("stsz", b""), _table(t.get("stsc", b""), 3), _table(t.get("stts", b""), 2)
    chunks = _table(t["co64"], 1, ">u8") if "co64" in t else _table(t.get("stco", b""), 1)
    if not scale or len(stsz) < 12 or stsc is None or stts is None or chunks is None or not len(stsc):
        return None
    fixed, count = struct.unpack(">II", stsz[4:12])
    if not count or count > MAX_SAMPLES:
        return None
    sizes = np.full(count, fixed, np.int64) if fixed else _table(stsz, 1, at=8)
    if sizes is None or len(sizes) != count:
        return None
    # samples a chunk: each 'stsc' entry's from its first chunk (1-based) to the next entry's
    firsts = np.append(stsc[:, 0], len(chunks) + 1)
    runs = np.diff(firsts)
    if firsts[0] != 1 or (runs < 0).any():
        return None
    per_chunk = np.repeat(stsc[:, 1], runs)  # (one a chunk: as many as the chunk offsets listed)
    chunk_end = np.cumsum(per_chunk)  # (samples up to and with each chunk)
    if not len(chunk_end) or chunk_end[-1] != count:  # (chunks listing more samples or fewer than 'stsz': damage)
        return None
    chunk_of = np.searchsorted(chunk_end, np.arange(count), side="right")
    ends = np.cumsum(sizes)  # (bytes of the samples up to and with each: a chunk's samples lie one after another)
    before = np.concatenate([[0], ends])[(chunk_end - per_chunk)[chunk_of]]
    inside = chunks[chunk_of, 0] + ends - before <= size
    if inside.all():
        return None
    durations = per_sample(stts, count)
    if len(durations) < count:
        return None
    shown = np.concatenate([[0], np.cumsum(durations)[:-1]])
    ctts = _table(t["ctts"], 2) if "ctts" in t else None
    if ctts is not None:  # (offsets read as signed, as FFmpeg reads version 0's too)
        ctts[:, 1] = ctts[:, 1].astype(np.uint32).view(np.int32)
        offsets = per_sample(ctts, count)
        shown[:len(offsets)] += offsets
    edits = [(d, m) for d, m in edit_list(t.get("elst", b"")) or [] if m != -1]
    # the edit list's first media edit starts the timeline: the frames shown before it are dropped (``ffmpeg -ss X
    # -c copy`` keeps the keyframe before X and lists the edit from X), else the first frame shown starts it
    start = edits[0][1] if edits else shown.min()
    return max(0.0, float(shown[~inside].min() - start) / scale + ahead)
