"""How FFmpeg decodes a file for a sampler: which frames it skips, which threads it runs, and
where the container's index says the keyframes are (:mod:`core.av_reader` applies them).

Skip modes (``FrameSampler(skip=...)``): ``none``, every frame; ``nonref``, frames no other frame
refers to are never decoded; ``nonkey``, keyframes only. Skipping every B-frame (``BIDIR``) and
the loop filter were measured and left out: they moved the real model's vectors
(``benchmarks/RESULTS.md``, "Decoding less for the same frames"; the loop filter: cosine 0.71,
and its drift is low-frequency, so no model size escapes it: ``benchmarks/loop_filter.py``).

Threads: 0 lets FFmpeg choose (frame and slice threads, one per core); 1 is slice threads only;
n > 1 is frame and slice threads, n of them. Frame threads cost 4-15% more CPU, so a decode
process per core decodes on slice threads (:func:`core.decode_pool.decode_threads`).
Keyframes-only decoding never has two frames to decode at once: slice threads whatever ``threads``.
"""

from __future__ import annotations

import bisect

SKIP_FRAME = {"none": "DEFAULT", "nonref": "NONREF", "nonkey": "NONKEY"}  # FFmpeg's skip_frame
# (frame threads handed every skipped packet cost ~11% of keyframes-only decoding's CPU)
THREADS = {"none": "AUTO", "nonref": "AUTO", "nonkey": "SLICE"}


def check_modes(skip: str, threads: int = 0) -> None:
    if skip not in SKIP_FRAME:
        raise ValueError(f"skip must be one of {tuple(SKIP_FRAME)}, not {skip!r}")
    if threads < 0:
        raise ValueError(f"threads must be 0 (FFmpeg's choice) or more, not {threads}")


def set_threads(stream, skip: str, threads: int = 0) -> None:
    """The decoder threads of a stream not yet decoding (module doc; checked by check_modes)."""
    kind = THREADS[skip]
    if threads == 1 or kind == "SLICE":
        stream.thread_type = "SLICE"
        return
    stream.thread_type = kind
    if threads > 1:
        stream.codec_context.thread_count = threads


def keyframe_index(stream) -> list[int]:
    """Timestamps (the stream's time base; decoding timestamps in MP4, presentation ones in
    Matroska) of the keyframes the container's index lists, ascending. Empty when it lists fewer
    than two: no index (a raw stream), or one not read yet (Matroska reads its cues at the first
    seek, so a Matroska file read straight through never seeks ahead)."""
    try:
        keys = sorted({int(e.timestamp) for e in stream.index_entries if e.is_keyframe and not e.is_discard})
    except (AttributeError, TypeError, ValueError):  # (a PyAV without index_entries)
        return []
    return keys if len(keys) >= 2 else []


KEY_SEEK_MIN_FRAMES = 4  # packets a seek ahead must leave undecoded (a seek flushes the decoder)


def note_packet(reader, packet) -> None:
    """A packet about to go to the decoder: how far the decoder has been handed the stream
    (``reader.sent``: the decoding timestamp, else the presentation one, as the index has them),
    and the largest presentation-minus-decoding delay of a keyframe so far (``key_delay``: how much
    later than its MP4 index entry a keyframe is shown)."""
    reader.sent = max(reader.sent, packet.pts if packet.dts is None else packet.dts)
    if packet.is_keyframe and packet.dts is not None:
        reader.key_delay = max(reader.key_delay, packet.pts - packet.dts)


def seek_ahead(reader, t: float) -> None:
    """Seek ``reader`` to the last keyframe its index (``reader.keys``) lists at or before ``t``
    when the decoder has not been handed it and it lies ``KEY_SEEK_MIN_FRAMES`` packets or more
    ahead: the frame shown at ``t`` is the last one at or before it, so the packets before that
    keyframe can only give frames no longer shown (126 of 3779 frames not decoded on the 1080p
    benchmark clips). A keyframe shown later than its entry said (a larger reorder delay than any
    keyframe so far) lands after ``t``: the reader then seeks the sure way, to the one before ``t``."""
    if not (reader.keys and reader.tb) or reader.ended:
        return
    origin = reader.origin or 0
    upto = origin + (t + reader.tol) / reader.tb - reader.key_delay  # the last entry shown by t
    i = bisect.bisect_right(reader.keys, upto) - 1
    if i < 0 or (reader.keys[i] - reader.sent) * reader.tb < KEY_SEEK_MIN_FRAMES * reader.frame_dur:
        return
    reader.seeks += 1
    reader._seek_pts(reader.keys[i] + reader.key_delay)  # (seeks go by presentation time)
    reader.prev, reader.pending = None, reader._next()
    if reader.pending is not None and reader.pending[0] > t + reader.tol:
        reader._seek(t)
