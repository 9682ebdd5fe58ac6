"""How FFmpeg decodes a file for a sampler: which frames it skips, which threads it runs, and
where the container's index says the keyframes are (:mod:`core.av_reader` applies them).

Skip modes (``FrameSampler(skip=...)``): ``none``, every frame (training, evaluation,
thumbnails); ``nonref`` (indexing), frames no other frame refers to are never decoded (FFmpeg's
``skip_frame=NONREF``); ``nonkey``, keyframes only (the quick pass). Not decoding any B-frame
(``BIDIR``; on H.264 only B-frames refer to a b-pyramid's reference B-frames, so the frames
decoded are exact) was measured and left out: it returns frames up to a run of B-frames earlier
than the wanted time, and on real footage the real model's vectors of a moment fell to cosine
0.946-0.960 of the exact ones (0.955-1.0 with ``nonref``; ``benchmarks/decode_fidelity.py``).
It saved CPU only where reference B-frames are many (0.67x on bottle-detection.mp4), none on
the generated 1080p clips, whose B-frames are all non-reference ones already.

The loop filter always stays on: skipping it on the frames that are decoded corrupts the ones
predicted from them (real footage: the real model's vectors fell to cosine 0.67 of the exact ones).

Threads (``threads``): 0 lets FFmpeg choose (frame and slice threads, one per core); 1 is slice
threads only; n > 1 is frame and slice threads, n of them. Frame threads cost CPU (each thread
waits on the rows of the frames it refers to): decoding a 20 s 1080p H.264 clip skipping
non-reference frames took 1.90 CPU s with them and 1.63-1.70 without (2 cores, load ~2; 1.34 and
1.29 under a load of ~10), so when as many decode processes run as there are cores each decodes
on slice threads only (:func:`core.decode_pool.decode_threads`).
Keyframes-only decoding never has two frames to decode at once: slice threads whatever ``threads``.
"""

from __future__ import annotations

import bisect

SKIP_MODES = ("none", "nonref", "nonkey")
SKIP_FRAME = {"none": "DEFAULT", "nonref": "NONREF", "nonkey": "NONKEY"}  # FFmpeg's skip_frame
# keyframes lie far apart in the packets, so frame threads never decode two at once, and handing
# every skipped packet to them cost ~11% of the keyframes-only decoding's CPU (1080p H.264)
THREADS = {"none": "AUTO", "nonref": "AUTO", "nonkey": "SLICE"}


def check_skip(skip: str) -> None:
    if skip not in SKIP_MODES:
        raise ValueError(f"skip must be one of {SKIP_MODES}, not {skip!r}")


def set_threads(stream, skip: str, threads: int = 0) -> None:
    """The decoder threads of a stream not yet decoding (module doc)."""
    if threads < 0:
        raise ValueError(f"threads must be 0 (FFmpeg's choice) or more, not {threads}")
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


# Seeking ahead to a keyframe (FrameReader.key_seek) -----------------------------------------------
# The frame shown at ``t`` is the last one at or before it: when a keyframe lies at or before ``t``
# and the decoder has not been handed it yet, the packets before it can only give frames that are
# no longer shown, so the reader seeks to it (FFmpeg flushes the decoder, as for any seek, and
# decoding starts again from that keyframe as it would after a seek there). With a frame wanted
# every 0.5 s in 4 s groups of pictures, ~4 frames of a group's tail are left undecoded (the
# decoder is handed a few packets past the last wanted frame first): 126 of the 3779 frames the
# three 1080p benchmark clips decoded.
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
    """Seek ``reader`` to the last keyframe its index lists at or before ``t`` when the decoder has
    not been handed it and it lies ``KEY_SEEK_MIN_FRAMES`` packets or more ahead (module comment).
    A keyframe shown later than its entry said (a larger reorder delay than any keyframe so far)
    lands after ``t``: the reader then seeks the sure way, to the keyframe before ``t``."""
    if not (reader.key_seek and reader.keys and reader.tb) or reader.ended:
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
