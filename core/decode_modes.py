"""How FFmpeg decodes a file for a sampler: which frames it skips, which threads it runs, and
where the container's index says the keyframes are (:mod:`core.av_reader` applies them).

Skip modes (``FrameSampler(skip=...)``): ``none``, every frame; ``nonref``, frames no other frame
refers to are never decoded; ``nonkey``, keyframes only. Skipping every B-frame (``BIDIR``) was
measured and left out: it moved the real model's vectors (``benchmarks/RESULTS.md``, "Decoding
less for the same frames").

H.264's loop filter (deblocking) is skipped only where a model's config says it tolerates that
(``decode.skip_loop_filter_max_gop_s``) and only on a file whose keyframes lie at most that many
seconds apart (:func:`skips_loop_filter`). Without the filter every later frame of a group of
pictures is predicted from unfiltered ones, so the error drifts until the next keyframe, and the
drift is low-frequency (``benchmarks/loop_filter.py``): the real model's vectors fell to cosine
0.71 on a 4.8 s group, the demo model's (64 px) stayed >= 0.999 on groups up to 4.8 s and fell to
0.988 / 0.965 on 8.4 s / 10 s ones, for 15-35% less decoding (``benchmarks/decode_fidelity.py``).

Threads: 0 lets FFmpeg choose (frame and slice threads, one per core); 1 is slice threads only;
n > 1 is frame and slice threads, n of them. Frame threads cost 4-15% more CPU, so a decode
process per core decodes on slice threads (:func:`core.decode_pool.decode_threads`).
Keyframes-only decoding never has two frames to decode at once: slice threads whatever ``threads``.

Not every FFmpeg decoder honours ``skip_frame``: VP9's decodes every frame skipping ``nonkey``
(H.264, HEVC, MPEG-2, MPEG-4 part 2 and VP8 honour it). Keyframes only then still gives keyframes
only (:func:`keyframes_kept`), and once such a decoder has shown it, it is handed the packets the
container flags as keyframes only (:func:`withheld`): a 64x48 VP9 clip with a keyframe every 6
frames, 1/6 of the frames decoded.
"""

from __future__ import annotations

import bisect
import math

import av

from core import reader_seek, timeline

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


def max_keyframe_gap_s(stream) -> float | None:
    """The longest run of the stream between keyframes, in seconds, from the container's index
    (the tail after the last keyframe included when the stream's duration is known); None when
    the index lists fewer than two keyframes (no index, or Matroska's not read yet)."""
    keys, tb = keyframe_index(stream), stream.time_base
    if not keys or not tb:
        return None
    gaps = [b - a for a, b in zip(keys, keys[1:])]
    if stream.duration:
        gaps.append((stream.start_time or 0) + stream.duration - keys[-1])
    return float(max(gaps) * tb)


def skips_loop_filter(stream, max_gop_s: float) -> bool:
    """Whether to decode ``stream`` without H.264's loop filter for a model that tolerates it on
    groups of pictures up to ``max_gop_s`` (0: never; see the module doc). Only H.264 was
    measured; a file whose keyframes the container does not list keeps the filter."""
    if max_gop_s <= 0 or stream.codec_context.name != "h264":
        return False
    gap = max_keyframe_gap_s(stream)
    return gap is not None and gap <= max_gop_s


def keyframes_kept(reader, frames: list) -> list:
    """The decoded ``frames`` the reader's skip mode keeps: skipping ``nonkey``, the keyframes of a
    decoder that decodes others anyway (the module doc; ``reader.ignores_nonkey`` then set)."""
    if not frames or str(reader.stream.codec_context.skip_frame) != SKIP_FRAME["nonkey"]:
        return frames
    kept = [f for f in frames if f.key_frame]
    reader.ignores_nonkey = reader.ignores_nonkey or len(kept) < len(frames)
    return kept


def withheld(reader, packet) -> bool:
    """Whether ``packet`` is kept from a decoder that ignores ``nonkey`` (``keyframes_kept``) while
    it skips so: one the container does not flag as a keyframe (the empty packet that drains the
    decoder at the end goes to it)."""
    return (reader.ignores_nonkey and not packet.is_keyframe and packet.size > 0
            and str(reader.stream.codec_context.skip_frame) == SKIP_FRAME["nonkey"])


KEY_SEEK_MIN_FRAMES = 4  # packets a seek ahead must leave undecoded (a seek flushes the decoder)


def note_packet(reader, packet) -> None:
    """A packet about to go to the decoder: how far the decoder has been handed the stream
    (``reader.sent``: the decoding timestamp, else the presentation one, as the index has them),
    and the largest presentation-minus-decoding delay of a keyframe so far (``key_delay``: how much
    later than its MP4 index entry a keyframe is shown; an MPEG-PS/TS's is taken by
    ``untimed_keys.paired``, once it knows the stamp is the keyframe's own, not the next frame's)."""
    reader.sent = max(reader.sent, packet.pts if packet.dts is None else packet.dts)
    if packet.is_keyframe and packet.dts is not None and not getattr(reader, "stamps", False):
        reader.key_delay = max(reader.key_delay, packet.pts - packet.dts)


def seek_ahead(reader, t: float) -> None:
    """Seek ``reader`` to the last keyframe its index (``reader.keys``) lists at or before ``t``
    when the decoder has not been handed it and it lies ``KEY_SEEK_MIN_FRAMES`` packets or more
    ahead: the frame shown at ``t`` is the last one at or before it, so the packets before that
    keyframe can only give frames no longer shown (126 of 3779 frames not decoded on the 1080p
    benchmark clips). A keyframe shown later than its entry said (a larger reorder delay than any
    keyframe so far) lands after ``t``, an entry past the last keyframe decodes nothing: the reader
    then seeks the sure way, to the one before ``t``.
    A seek that fails (FFmpeg says EPERM of any failed seek; where it left the demuxer is not known)
    goes on as ``reader_seek.seek`` does after one: the index's seeks stop and ``t`` is walked to
    from the file's start; an I/O error of the moment (EIO) fails the read (``timeline.read_failed``)."""
    if not (reader.keys and reader.tb) or reader.ended:
        return
    origin = reader.origin or 0
    upto = origin + (t + reader.tol) / reader.tb - reader.key_delay  # the last entry shown by t
    i = bisect.bisect_right(reader.keys, upto) - 1
    if i < 0 or (reader.keys[i] - reader.sent) * reader.tb < KEY_SEEK_MIN_FRAMES * reader.frame_dur:
        return
    reader.seeks += 1
    try:
        reader._seek_pts(reader.keys[i] + reader.key_delay)  # (seeks go by presentation time)
    except av.FFmpegError as e:
        timeline.read_failed(reader.path, e, reader.budget.timeout_s)
        reader.keys, reader.seek_gap_s = [], math.inf
        return reader_seek.walk(reader, t, anew=True)
    reader.prev, reader.pending = None, reader._next()
    # landed after t, or on an entry from which nothing decodes near the end (an FLV lists its
    # H.264 end-of-sequence tag as a keyframe): the sure way, ``reader_seek.seek``
    if reader.landed((reader.keys[i] - origin) * reader.tb) and (reader.pending is None or reader.pending[0] > t + reader.tol):
        reader._seek(t)
