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
a few boxes' bytes, its frames never decoded; a fragmented MP4's samples from its fragments' headers
(``core.mp4_fragments``: an index that lists none, or only its first fragment's, says nothing of the rest)."""

from __future__ import annotations

import struct
from itertools import islice

import numpy as np

from core import mp4_fragments
from core.bounded_read import open_bytes
from core.file_memo import FileMemo
from core.mp4_header import MAX_BOXES, MAX_MOOV, boxes, by_id, samples_listed

_TRACK_BOXES = {b"tkhd", b"mdhd", b"hdlr", b"stts", b"ctts"}


def _tables(path) -> list[dict] | None:
    """``_read_tables``, read once per file version in a process (``core.file_memo``): the probe of one open asks
    ``uneven``, ``fragmented`` and ``shown_end`` in turn, the check before it ``steady``; callers never change it."""
    try:
        return _TABLES.get(path, lambda st: _read_tables(path))
    except OSError:
        return None


_TABLES: FileMemo[list[dict] | None] = FileMemo(kept=4)  # (runs of samples, 16 bytes a run: a long recording's MBs)


def _read_tables(path) -> list[dict] | None:
    """Per track, in the index's order (FFmpeg's streams'): its ``handler``, ``timescale``, ``id``, its index's
    (count, duration) and (count, composition offset) entries (``index``), and the samples its index and its
    fragments after it list together (``core.mp4_fragments.runs``: a fragmented MP4's), worked out once
    (:func:`_whole`); ``sidx``, whether the file holds a segment index (the same for every track). None where the
    file has no whole index, it is too large to read here, or its fragments cannot be read here whole."""
    try:
        with open_bytes(path) as f:
            kinds: set[bytes] = set()
            index = index_boxes(f, _TRACK_BOXES | {b"mvex"}, kinds)
            if index is None:
                return None
            tracks, size, moov_end = index
            mvex = tracks.pop(0).get("mvex", b"")
            listed = mp4_fragments.runs(f, moov_end, size, mp4_fragments.trex_durations(mvex), kinds)
            if listed is None:
                return None
    except OSError:
        return None
    ids = [box_field(t.get("tkhd", b""), 20, 12) for t in tracks]  # (its track_ID, after version/flags and two dates)
    indexed = b"sidx" in kinds  # (a segment index among the top-level boxes: ``listed_at_open``)
    return [{**_whole(t, i, listed.get(i, []), ids.count(i) > 1), "sidx": indexed} for t, i in zip(tracks, ids)]


def index_boxes(f, wanted: set[bytes], kinds: set[bytes] | None = None) -> tuple[list[dict], int, int] | None:
    """The payloads of the ``wanted`` boxes in the index ('moov') of the MP4/MOV open as ``f``: first those before any
    track ('mvex' is read wherever it lies: there), then per track in the index's order (FFmpeg's streams'), each
    type's first (a track's media 'hdlr' before a QuickTime data handler's), keyed by its type as text; with the
    file's size and where its index ends. The one reader of the index's tables (``core.mp4_cut`` too). None where the
    file has no whole index before any fragment ('moof'), or one larger than ``MAX_MOOV``. ``kinds``: the top-level
    boxes' types up to the index are added to it."""
    f.seek(0, 2)
    size = f.tell()
    top = None
    for kind, a, b, cut in islice(boxes(f, 0, size), MAX_BOXES):
        if kinds is not None:
            kinds.add(kind)
        if kind == b"moof":  # (a fragment before the index: not read here)
            return None
        if kind == b"moov":
            top = (a, b, cut)
            break
    if top is None or top[2] or top[1] - top[0] > MAX_MOOV:
        return None
    tracks: list[dict] = [{}]
    for kind, a, b, cut in islice(boxes(f, top[0], top[1]), MAX_BOXES):
        if kind == b"trak":
            tracks.append({})
        elif kind in wanted and kind.decode() not in (tracks[0] if kind == b"mvex" else tracks[-1]):
            if cut:
                return None
            f.seek(a)
            (tracks[0] if kind == b"mvex" or len(tracks) == 1 else tracks[-1])[kind.decode()] = f.read(b - a)
    return tracks, size, top[1]


def box_field(box: bytes, wide: int, narrow: int) -> int | None:
    """The 32-bit field at ``wide`` (a version-1 box's offset) or ``narrow`` of a full box's payload."""
    at = wide if box[:1] == b"\x01" else narrow
    return struct.unpack(">I", box[at:at + 4])[0] if len(box) >= at + 4 else None


def _whole(t: dict, track_id: int | None, runs: list, shared: bool) -> dict:
    """Track ``t``'s facts from its boxes' payloads and its fragments' ``runs`` (see :func:`_read_tables`):
    ``samples``, its (count, duration) and (count, composition offset) entries (None where it lists none: its
    frames in order), its index's then its fragments' (None where they cannot be read here: more than
    ``MAX_SAMPLES``, a clock stepping back, or an id ``shared`` with another track and fragments naming it, whose
    samples FFmpeg gives the first such track only); a fragmented track's ``peak`` (the end of its last frame
    shown, in ticks from its first sample's decoding) and its first fragment's ``tfdt``, both worked out here,
    once, from its samples one by one."""
    stts = entries(t.get("stts", b""))
    ctts = entries(t["ctts"]) if "ctts" in t else None
    if ctts is not None:
        ctts = np.stack([ctts[:, 0].astype(np.int64), ctts[:, 1].astype(np.uint32).view(np.int32).astype(np.int64)], 1)
        # (version 0's offsets read as signed too, as FFmpeg reads them)
    index = None if stts is None or ("ctts" in t and ctts is None) else (stts.astype(np.int64), ctts)
    found = {"handler": t.get("hdlr", b"")[8:12], "timescale": box_field(t.get("mdhd", b""), 20, 12) or 0,
             "id": track_id, "index": index, "samples": index, "fragmented": bool(runs), "peak": None,
             "tfdt": runs[0][0] if runs else None}
    if not runs or index is None:
        return found
    found["samples"] = None
    listed = int(stts[:, 0].sum()) + sum(len(d) for _, d, _ in runs)
    if shared or listed > mp4_fragments.MAX_SAMPLES or (ctts is not None and int(ctts[:, 0].sum()) > mp4_fragments.MAX_SAMPLES):
        return found
    whole = mp4_fragments.joined(*_each(index), runs)
    if whole is not None:
        found["samples"] = (_runs(whole[0]), None if whole[1] is None else _runs(whole[1]))
        if len(whole[0]):
            found["peak"] = _peak(whole[0], whole[1] if whole[1] is not None else np.zeros(len(whole[0]), np.int64))
    return found


def _video_tables(path) -> list[dict] | None:
    tracks = _tables(path)
    return None if tracks is None else [t for t in tracks if t["handler"] == b"vide"]


def _video_samples(path) -> list[tuple[dict, np.ndarray, np.ndarray | None]] | None:
    """Each video track's (table, 'stts' runs, 'ctts' runs or None) of the MP4/MOV at ``path``; None where it
    has none, or one's samples cannot be read whole here (``steady``, ``never_held``)."""
    tracks = _video_tables(path)
    if not tracks:
        return None
    out = []
    for t in tracks:
        samples = t["samples"]
        if not t["timescale"] or samples is None or not int(samples[0][:, 0].sum()):
            return None
        out.append((t, *samples))
    return out


def entries(payload: bytes, fields: int = 2, kind: str = ">u4", at: int = 4) -> np.ndarray | None:
    """A full box's table of ``fields`` values an entry (its entry count at ``at``; 'stts', 'ctts': (count, value)
    pairs), as unsigned 32-bit values (``kind``); None where its count runs past its bytes."""
    if len(payload) < at + 4:
        return None
    count = struct.unpack(">I", payload[at:at + 4])[0]
    if len(payload) < at + 4 + np.dtype(kind).itemsize * fields * count:
        return None
    return np.frombuffer(payload, dtype=kind, count=fields * count, offset=at + 4).reshape(-1, fields)


def per_sample(entries: np.ndarray, count: int) -> np.ndarray:
    """(count, value) entries' values one a sample, for the first ``count`` samples at most (fewer where they list
    fewer): never expanded past ``count``, so a damaged entry's count of billions costs nothing."""
    ends = np.cumsum(entries[:, 0].astype(np.int64))
    listed = min(count, int(ends[-1])) if len(ends) else 0
    return entries[np.searchsorted(ends, np.arange(listed), side="right"), 1].astype(np.int64)


def _runs(values: np.ndarray) -> np.ndarray:
    """Values one a sample as (count, value) entries, a run of equal ones each."""
    if not len(values):
        return np.zeros((0, 2), np.int64)
    starts = np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]]))
    return np.stack([np.diff(np.append(starts, len(values))), values[starts]], 1)


def _each(samples: tuple[np.ndarray, np.ndarray | None]) -> tuple[np.ndarray, np.ndarray | None]:
    """(count, value) entries' durations and composition offsets (None where none are listed), one a sample,
    the offsets as many as the durations (0 past those listed)."""
    stts, ctts = samples
    durations = np.repeat(stts[:, 1], stts[:, 0])
    if ctts is None:
        return durations, None
    offsets = np.repeat(ctts[:, 1], ctts[:, 0])[:len(durations)]
    return durations, np.concatenate([offsets, np.zeros(len(durations) - len(offsets), np.int64)])


def _peak(durations: np.ndarray, offsets: np.ndarray) -> float:
    """Where samples of these durations and composition offsets end as they are shown, in ticks from the first
    one's decoding: the last shown for the last sample's duration, the muxer's word for it (a sample's own is
    the step to the next one's decoding, a still's among reordered frames not how long it is shown)."""
    decoded = np.concatenate([[0], np.cumsum(durations)[:-1]])
    return float((decoded + offsets).max() + durations[-1])


def steady(path, still_s: float, moved_s: float) -> bool:
    """Whether every video track of the MP4/MOV at ``path`` has frames that come in order (no
    composition offsets), or none shown ``still_s`` or more and offsets within ``moved_s`` of one
    another (see the module doc), its index's samples and its fragments' alike (``core.mp4_fragments``).
    False where the table says otherwise or cannot be read whole here."""
    tracks = _video_samples(path)
    if tracks is None:
        return False
    for t, stts, ctts in tracks:
        if ctts is None:
            continue
        used = stts[stts[:, 0] > 0, 1]
        offsets = ctts[ctts[:, 0] > 0, 1]
        longest = float(used.max()) / t["timescale"] if used.size else 0.0
        spread = float(int(offsets.max()) - int(offsets.min())) / t["timescale"] if offsets.size else 0.0
        if longest >= still_s or spread > moved_s:
            return False
    return True


UNEVEN_S = 0.005  # samples' durations further apart: a varying rate (not a rate rounded to a millisecond's ticks)


def _track(path, track_id: int) -> dict | None:
    """The track whose 'tkhd' names it ``track_id`` (``mp4_header.by_id``: FFmpeg's ``stream.id``, not its
    stream index), its fragments' samples read too; None where none does, or the table cannot be read here."""
    return by_id(_tables(path) or (), track_id)


def uneven(path, track_id: int) -> bool:
    """Whether track ``track_id``'s samples last times more than ``UNEVEN_S`` apart, its last one aside (a
    varying rate), those its fragments list too (a recorder's first fragment in its index may be steady, the
    rest not), or its table cannot be read here: where they last alike, its frames are shown to where FFmpeg's
    length says, within the reorder window's share of that (``core.stream_facts``: a steady-rate MP4 of
    B-frames without an edit list is not read again to its end)."""
    t = _track(path, track_id)
    samples = t["samples"] if t is not None else None
    if samples is None:
        return True
    used = samples[0][samples[0][:, 0] > 0]
    if len(used) and used[-1, 0] == 1:  # (the last sample's own entry: a muxer's guess at its duration)
        used = used[:-1]
    scale = t["timescale"]
    return not scale or (len(used) > 0 and float(int(used[:, 1].max()) - int(used[:, 1].min())) / scale > UNEVEN_S)


def shown_end(path, track_id: int) -> float | None:
    """Where track ``track_id`` of a fragmented MP4 ends as its frames are shown, in seconds of its media's
    clock (its samples' decoding times from its first fragment's 'tfdt', each shown its composition offset
    later, FFmpeg's timestamps of them without an edit list; the last shown for the last sample's duration),
    read from its index's and its fragments' tables; None where they cannot be read here. (A fragmented file's
    index lists none or a first fragment's samples only: ``core.mp4_end`` demuxing from its last keyframe could
    read on through fragments FFmpeg had not read at open.)"""
    t = _track(path, track_id)
    if t is None or not t["timescale"] or t["samples"] is None or not int(t["samples"][0][:, 0].sum()):
        return None
    peak = t["peak"]
    if peak is None:  # (a track without fragments of a file with others': its index's samples, the probe's answer where
        # the sound runs on in fragments past the video, tests/test_mp4_video_unfragmented_end.py; worked out here)
        if int(t["samples"][0][:, 0].sum()) > mp4_fragments.MAX_SAMPLES:
            return None
        durations, offsets = _each(t["samples"])
        peak = _peak(durations, offsets if offsets is not None else np.zeros(len(durations), np.int64))
    start = t["tfdt"] if t["tfdt"] is not None and not samples_listed(path, track_id) else 0
    return (start + peak) / t["timescale"]


def fragments_durations(path, track_id: int) -> tuple[np.ndarray, int] | None:
    """Track ``track_id``'s samples' (count, duration) runs, its index's and its fragments' (their 'tfdt' counted as
    FFmpeg times them), and its timescale, where fragments after the index list samples of it and they are read
    here whole; None otherwise. (``core.sparse_rate.stills``: FFmpeg's index at open lists only the fragments its
    open read, the first ones where a segment index lists them.)"""
    t = _track(path, track_id)
    if t is None or not t["fragmented"] or t["samples"] is None or not t["timescale"]:
        return None
    return t["samples"][0], t["timescale"]


def listed_at_open(path) -> bool:
    """Whether FFmpeg's index at open lists every sample of the MP4, told from its tables read here whole: no
    fragments after its index list samples, or the file holds no segment index ('sidx') among its top-level boxes
    (FFmpeg's open reads every 'moof' of a fragmented file then; where a 'sidx' reaches the file's end it stops
    reading there: a global one's file its first fragments only, one before each fragment all but the last).
    ``core.reader_recheck``: reader 21 read only a fragmented one FFmpeg's index at open did not list whole
    otherwise."""
    tracks = _tables(path)
    return tracks is not None and (not any(t["fragmented"] for t in tracks) or not any(t["sidx"] for t in tracks))


def fragmented(path) -> bool:
    """Whether an MP4's fragments after its index list samples, as read here (False where they cannot be)."""
    tracks = _tables(path)
    return tracks is not None and any(t["fragmented"] for t in tracks)


def never_held(path, still_s: float) -> bool:
    """Whether no frame of a video track of the MP4/MOV at ``path`` (its fragments' samples too) is shown ``still_s``
    or more, nor seems to be among the samples listed up to any one of them in decoding order (FFmpeg's index at open
    of a segment-indexed file: its first fragments): its longest sample and its composition offsets' spread (the
    reordered frames after those listed missing) together shorter. ``core.reader_recheck``: such a file has no stills
    by its whole table nor by that index (``core.sparse_rate``), B-frames or none. False where not read whole here."""
    tracks = _video_samples(path)
    if tracks is None:
        return False
    for t, stts, ctts in tracks:
        used = stts[stts[:, 0] > 0, 1]
        offsets = ctts[ctts[:, 0] > 0, 1] if ctts is not None else np.zeros(1, np.int64)
        longest = int(used.max()) if used.size else 0  # (tables listing no entries: as ``steady``)
        spread = int(offsets.max()) - int(offsets.min()) if offsets.size else 0
        if float(longest + spread) / t["timescale"] >= still_s:
            return False
    return True
