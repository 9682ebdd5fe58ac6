"""What a video stream's header says, checked against its first frames where it says too little:
its rate (the header's, else the first frames' timestamps, else 25; an AVI's from its soundtrack),
its length (the track's own, a timeline's, a header frame count for an AVI cut short, else decoded
to its end) and frame count, for :class:`core.av_reader.FrameReader`'s probe; and what its first
decoded frame says (:func:`from_first_frame`: its size, how it is shown)."""

from __future__ import annotations

import math
import os

import av
import numpy as np

from core import fields, hdr, mp4_end, mp4_samples, orientation, webp, zero_bytes
from core.avi_header import avi_rate_from_audio
from core.errors import NOT_A_VIDEO, MediaError
from core.file_kinds import cut_animation
from core.file_memo import FileMemo
from core.file_open import open_file
from core.mp4_fragments import fragments_start, segment_indexed
from core.mp4_header import diagnose, edits_end, samples_listed, shown_end
from core.ps_keys import is_ps
from core.tracks import track_length
from core.video_info import VideoInfo
from core.video_open import MAX_FPS, check_size, is_avi, stream_rate

FEW_S, FEW_FRAMES = 1.0, 64  # an MPEG-TS/PS its header says is shorter is read to its end, if within so many frames
# an MPEG-TS/PS its header says is shorter, of at most so many bytes, has its packets read to its end (not decoded),
# if within so many packets (a larger one's frames fill a PES each: FFmpeg's length is within a frame)
SHORT_S, SHORT_BYTES, SHORT_PACKETS = 4.0, 2 << 20, 2048
# a longer MPEG-PS has the packets of so many bytes at its end read (not decoded) for its length, which may run
# on so far past FFmpeg's (``tail_end``)
TAIL_BYTES, TAIL_PAST_S = 1 << 20, 10.0


# a video stream FFmpeg lists with no frame size, of which nothing decodes (a bare stream cut within its first
# frame): said "no video stream (the video track has no frame size)" before, of a file that holds one
NO_FRAMES = ("no decodable video frames: none of its video's frames decodes, as in a damaged file; a copy from "
             "elsewhere is needed")  # (the reader's words were "no decodable video frames" alone: nothing to do)
NO_FRAME_NOR_SIZE = ("no decodable video frames: nothing of its video decodes, not even its frame size is known "
                     "(cut short before its first frame, or damaged?)")


def from_first_frame(reader, first, size: tuple[int, int] | None, max_pixels: int | None) -> None:
    """The probe of ``reader`` once its ``first`` decoded ``(time, frame)`` came (None: no frame
    decodes): its frames' size (``size``, the header's, else the first frame's), how they are shown
    (``view``), its ``info`` and rate. Raises MediaError for no frame, or frames too large."""
    path = reader.path
    if first is None:
        raise MediaError(path, diagnose(path) or webp.reason(path) or (
            NO_FRAMES if size else NO_FRAME_NOR_SIZE))
    reader.pending, reader.first_t = first, first[0]
    if size is None:
        size = first[1].width, first[1].height
        check_size(path, *size, max_pixels)
    # how the frames are shown (a phone's portrait video: landscape frames turned a quarter;
    # anamorphic camcorder footage: stretched; HDR: its light brought to SDR)
    # (``reader.stream``: the first frame may have handed the file to software, closing the one before)
    reader.view = orientation.View(orientation.of_frame(first[1]), orientation.pixel_aspect(reader.stream),
                                   hdr.transfer_of(first[1]), hdr.wide_gamut(first[1]), fields.interlaced(first[1]))
    shown_w, shown_h = reader.view.shown_size(*size)
    if max_pixels is not None and shown_w * shown_h > max_pixels:  # (stretched by its pixels' shape)
        raise MediaError(path, f"frame size {shown_w}x{shown_h} as shown is larger than the allowed "
                         f"{max_pixels} pixels")
    reader.info, reader.length_is_a_guess = video_info(reader, shown_w, shown_h)
    reader.frame_dur = 1.0 / reader.info.fps
    reader.tol = min(reader.tol, reader.frame_dur / 4)
    reader.seek_gap_s = math.inf


def video_info(reader, width: int, height: int) -> tuple[VideoInfo, bool]:
    """(the ``VideoInfo`` of ``reader``'s stream, shown at ``width`` x ``height``; whether its
    length is only the file's, which another track may outlast, so that the video ending before it
    is no damage). An AVI whose rate comes from its soundtrack has ``reader.tb`` rescaled to it."""
    fps = header_rate = stream_rate(reader.stream)
    fps = fps or estimate_rate(reader)
    # (read here, after its first frames: reading them and back may have opened the file again, closing the
    # container and stream before, whose facts were then freed memory: a 43 s MPEG-TS of no header rate read
    # 257449 s, 1e9 s or 'Container is not open', by chance)
    stream, container = reader.stream, reader.container
    if (real := avi_rate_from_audio(container, stream, reader.path, MAX_FPS, reader.budget.timeout_s)) is not None:
        reader.tb, fps = reader.tb * fps / real, real
    tb = reader.tb
    if fps < 1.0 and (why := diagnose(reader.path)):  # e.g. an MP4 with a zero timescale
        raise MediaError(reader.path, why)
    duration, own = ((reader.timeline.duration, True) if reader.timeline else
                     track_length(container, stream, tb, reader.origin))
    if own and duration and tb and (stream.start_time or 0) > 0 and "mov" in str(container.format.name).split(","):
        # an MP4/MOV video that starts after the movie (an empty edit): FFmpeg's length may count
        # from the movie's start, the empty edit in it; its edit list says where it ends
        end = edits_end(reader.path, stream.id)
        if end is not None and end > 0:
            duration = min(duration, end - (reader.origin or 0) * tb)
        # a fragmented one whose segment index FFmpeg read: its length is that index's end, in
        # presentation time (its B-frames' composition offset in it: DASH read 0.2 s long)
        if stream.duration and segment_indexed(reader.path, stream.id):
            duration = min(duration, (float(stream.duration) - (reader.origin or 0)) * tb)
        # a fragmented one whose first fragment starts part-way (a live stream's recording joined
        # late): FFmpeg's length is its end, counted from the stream's start
        elif (late := fragments_start(reader.path, stream.id)) and late < duration:
            duration -= late
    decoding = duration  # (FFmpeg's length: reader 16's of an MP4/MOV, ``core.reader_recheck``)
    if own and duration and tb and not stream.start_time and not reader.origin and "mov" in str(container.format.name).split(","):
        # an MP4/MOV whose frames come reordered (B-frames): FFmpeg's length is its samples' decoding times',
        # which the edit list's shift balances at a steady rate; where the rate varies (a screen recording:
        # a still of a second before its last frames) its last frames are shown later (0.88 s of 42.28)
        end = shown_end(reader.path, stream.id)
        if end is not None and end > duration:
            duration = end
    reader.fragments_past_s = 0.0  # (how much longer its fragments' samples read it: ``core.reader_recheck``)
    if (own and duration and tb and "mov" in str(container.format.name).split(",") and stream.codec_context.has_b_frames
            and not edits_end(reader.path, stream.id) and mp4_samples.uneven(reader.path, stream.id)):
        # (one without an edit list, or one that says no end (no entries, or 0 long), at a varying rate: its
        # frames' timestamps say where its last one is shown to, ``core.mp4_end``; FFmpeg's length, its decoding
        # times', read 3.77 s 2.58 s long. A fragmented one's (its index lists none, or its first fragment's only) from its fragments' tables, never demuxed)
        start = (reader.origin or 0) * tb
        if samples_listed(reader.path, stream.id) and not mp4_samples.fragmented(reader.path):
            end = mp4_end.last_frame_end(reader)
            shown = None if end is None else end * tb - start
        else:
            end = mp4_samples.shown_end(reader.path, stream.id)
            shown = None if end is None else end - start
            reader.fragments_past_s = max(0.0, shown - duration) if shown is not None else 0.0
        if shown is not None and shown > duration:
            duration = shown
    reader.shown_past_s = duration - decoding if decoding and duration else 0.0
    tracks = sum(len(getattr(container.streams, kind, ())) for kind in ("video", "audio", "subtitles"))
    count = int(stream.frames or 0)
    # an AVI cut short: its index says less than its header's frame count. (Not an MP4's count:
    # it holds the samples an edit list leaves out, a phone's trim that was never re-encoded.)
    if count > 0 and header_rate and is_avi(container) and (duration is None or count / fps > duration):
        duration = count / fps
    if not (duration and math.isfinite(duration) and duration > 0):  # decoded to the end
        duration = reader.times_ahead()[-1] + 1.0 / fps
        stream, container = reader.stream, reader.container  # (opened again, maybe: see above)
    if reader.walks and not reader.timeline and duration < FEW_S:
        duration, fps = few_frames(reader, duration, fps)
        stream, container = reader.stream, reader.container  # (opened again, maybe: see above)
    elif reader.walks and not reader.timeline and duration < SHORT_S and _data_bytes(reader.path) <= SHORT_BYTES:
        duration = max(duration, packets_end(reader, 1.0 / fps) or 0.0)
    elif reader.walks and not reader.timeline and own and duration and is_ps(container):
        duration = max(duration, tail_end(reader, 1.0 / fps, duration) or 0.0)
    if count <= 0:
        count = max(1, round(duration * fps))
    if count == 1 and str(getattr(container.format, "name", "")).endswith("_pipe"):  # (jpeg_pipe, png_pipe…)
        raise MediaError(reader.path, f"{NOT_A_VIDEO}an image ({codec_name(stream).upper()}) named as a video")
    if count == 1 and codec_name(stream) == "gif" and (why := cut_animation(reader.path)):
        raise MediaError(reader.path, why)  # (one frame left of an animation: said, not indexed as a still)
    info = VideoInfo(reader.path, duration, fps, count, width, height, codec_name(stream))
    return info, not own and tracks > 1


def few_frames(reader, duration: float, fps: float) -> tuple[float, float]:
    """(length, rate) of an MPEG-TS/PS clip its header says is under ``FEW_S`` long, read off its frames
    where it ends within ``FEW_FRAMES``: FFmpeg's length runs from its first PES stamp to its last, its rate
    its frames over that (2 MPEG-2 frames, 0.08 s, read 0.02 s at 50 fps, one frame; 10 H.264 frames, 0.4 s,
    0.02 s: its one moment's sample at 0.01 s, the first frame or a skipped B-frame). The rate is its codec's
    header's where that has one (an MPEG-2 sequence header's, an H.264 SPS's); a longer clip keeps FFmpeg's
    facts. Such a clip is decoded whole (``reader.few``: a skipped B-frame would stand for much of it)."""
    rate = reader.stream.codec_context.framerate
    own = float(rate) if rate and 0 < float(rate) <= MAX_FPS else fps
    reader.frame_dur = 1.0 / own  # (frames without a timestamp counted on by it)
    times = reader.times_ahead(FEW_FRAMES + 1)
    if len(times) > FEW_FRAMES:
        return duration, fps
    reader.few = True
    return max(duration, max(times) + 1.0 / own), own


def _data_bytes(path) -> int:
    """The bytes of ``path`` its data takes: up to the hole that ends it, where one does (a preallocated file a
    recording stopped in, read as far as its data: ``zero_bytes``), else its size."""
    end = zero_bytes.data_end(path)
    return os.path.getsize(path) if end is None else end


def packets_end(reader, frame_s: float, start: int = 0) -> float | None:
    """Where the last frame of ``reader``'s video (a short MPEG-TS/PS) ends, from its start, read off its packets
    demuxed to the file's end in a second open, none decoded (None past ``SHORT_PACKETS``, or none timed):
    FFmpeg's length runs from its first PES stamp to its last PES's, leaving out the frames after that stamp
    that share its PES (small frames: a 3 s MPEG-2 clip read 1.92 s, H.264 2.64 s, its samples planned over
    that; a 3.5 s 720p clip of 105 MB read 3.48 s of 3.52, its packets read in 0.9 s: ``SHORT_BYTES``). A packet
    without a timestamp is a frame on from the timed one before it in decoding order, shown the stream's delay
    later (as ``reader_packets._note_untimed`` counts it); each is shown ``frame_s`` at least. Damage ends the
    read where it is. From byte ``start`` on where it is given (``tail_end``: any number of packets; None where
    frames without a timestamp end it and no keyframe there said the stream's delay)."""
    end, base, delay, tb = -math.inf, None, None if start else 0, reader.tb
    with open_file(reader.path, reader.budget.timeout_s, pages=False) as container:
        try:
            if start:
                container.seek(start, unsupported_byte_offset=True)
            for n, packet in enumerate(container.demux(container.streams[reader.stream.index])):
                if n > SHORT_PACKETS and not start:
                    return None
                if not packet.size:
                    continue
                if packet.pts is not None:
                    if packet.is_keyframe and packet.dts is not None:
                        delay = packet.pts - packet.dts
                    end = max(end, (packet.pts + (packet.duration or 0)) * tb, packet.pts * tb + frame_s)
                    base = ((packet.dts + (delay or 0) if packet.dts is not None else packet.pts) * tb, 0)
                elif base is not None:
                    base = (base[0], base[1] + 1)
                    end = max(end, base[0] + (base[1] + 1) * frame_s)
        except (av.FFmpegError, IndexError):
            pass
    if end == -math.inf or (delay is None and base is not None and base[1]):
        return None
    return end - (reader.origin or 0) * tb


def tail_end(reader, frame_s: float, duration: float) -> float | None:
    """Where the last frame of ``reader``'s video (an MPEG-PS not read by ``packets_end``: 4 s and over, or a file
    over ``SHORT_BYTES``) ends, read off the packets of its last ``TAIL_BYTES`` (``packets_end``): FFmpeg's length
    ends at its last PES's stamp there too, the frames sharing that PES left out (small frames: 8 s of MPEG-2
    read 4.8 s, 30 s of H.264 27.0 s); None where they say no more than FFmpeg's ``duration``, or more by
    ``TAIL_PAST_S`` (a stray stamp: FFmpeg's length is kept)."""
    path = reader.path  # (read once a file version: every open of it probes, each thumbnail's, each fresh seek's)
    try:
        end = _TAILS.get(path, lambda st: packets_end(reader, frame_s, max(1, _data_bytes(path) - TAIL_BYTES)),
                         reader.index, frame_s, reader.origin)
    except OSError:
        return None
    return end if end is not None and duration < end <= duration + TAIL_PAST_S else None


_TAILS: FileMemo[float | None] = FileMemo()  # tail_end's ends by file


def codec_name(stream) -> str:
    """The stream's codec as FFmpeg names the format ("h264", "av1", "vp9"), not the decoder that
    reads it (``libdav1d`` for AV1, ``libvpx-vp9`` where that is the decoder)."""
    codec = stream.codec_context.codec
    return str(getattr(codec, "canonical_name", "") or stream.codec_context.name)


def estimate_rate(reader) -> float:
    """The rate from the first frames' timestamps (a header that says 0), else 25."""
    steps = np.diff(np.asarray(reader.times_ahead(12), np.float64))
    steps = steps[np.isfinite(steps) & (steps > 0)]
    fps = 1.0 / float(np.median(steps)) if steps.size else 25.0
    return min(fps, MAX_FPS) if 0 < fps < math.inf else 25.0
