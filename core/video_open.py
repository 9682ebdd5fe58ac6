"""Opening a file's video stream for :class:`core.av_reader.FrameReader`: the file checked, the
container opened (on a device where :mod:`core.hwdecode` says), its video track chosen and its
decoder set to the skip mode, threads and loop filter asked for; and a decoding time budget."""

from __future__ import annotations

import contextlib
import math
import time
from pathlib import Path

import av

from core import file_open, hwdecode, ogg_chain, ts_video, zero_bytes
from core.decode_modes import SKIP_FRAME, check_modes, set_threads, skips_loop_filter
from core.errors import EMPTY_REASON, NOT_FOUND, DecodeTimeout, MediaError
from core.mp4_header import ENCRYPTED, protection_reason, whole_fragments
from core.tracks import video_stream
from core.unopenable import unopenable_reason

MAX_FPS = 1000.0


class Budget:
    """Decode-time budget. Only time spent decoding counts (not time a consumer spends between
    two returned frames); it is renewed for every returned frame."""

    def __init__(self, path, timeout_s: float):
        self.path, self.timeout_s = path, timeout_s
        self.renew()

    def renew(self) -> None:
        self.start = time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self.start > self.timeout_s:
            raise DecodeTimeout(self.path, f"decoding took longer than {self.timeout_s:g} s")


def is_avi(container) -> bool:
    return "avi" in str(getattr(container.format, "name", "")).split(",")


def open_video(path, timeout_s: float, skip: str = "none", threads: int = 0, *, hw: bool = True,
               counted: bool = True, loop_filter_gop_s: float = 0.0, start: int = 0):
    """``(container, stream)`` of a readable video file. Raises MediaError with the reason.

    ``skip``, ``threads``: :mod:`core.decode_modes` (with a skip mode, each frame returned is the
    nearest *decoded* one at or before the wanted time). ``hw``: see :mod:`core.hwdecode`;
    ``counted``: False for a file the reader opens again (:data:`core.hwdecode.stats` counts files).
    ``loop_filter_gop_s``: a model's tolerance for decoding without H.264's loop filter
    (:func:`core.decode_modes.skips_loop_filter`; 0, the default: never). ``start``: the file from
    that byte on (``core.timeline_seek``'s reopen of a Dahua DVR file at a keyframe)."""
    check_modes(skip, threads)
    p = Path(path)
    if not p.exists():
        raise MediaError(path, "file not found", kind=NOT_FOUND)
    if not p.is_file():
        raise MediaError(path, "not a regular file")
    if p.stat().st_size == 0:
        raise MediaError(path, EMPTY_REASON)
    if zero_bytes.only_zeros(p):  # (before FFmpeg, which looks for a bare stream's first frame to its end)
        raise MediaError(path, zero_bytes.ONLY_ZEROS)
    try:  # (a chained Ogg FFmpeg would stop in: its video pages, in software; a hole at its end left out)
        container = file_open.open_file(p, timeout_s, hw, start)
    except (av.FFmpegError, OSError, ValueError, UnicodeError):
        container = _whole_fragments(p, timeout_s)
    try:
        stream = _video_stream(container, path)
        if hwdecode.inexact(stream, path, counted):  # (its codec's decoders may differ: software's frames)
            container.close()
            return open_video(path, timeout_s, skip, threads, hw=False, counted=counted,
                              loop_filter_gop_s=loop_filter_gop_s)
        if why := _encrypted(container, stream, p):
            raise MediaError(path, why)
        set_threads(stream, skip, threads)
        hwdecode.adapt(stream, path, counted)
        if skip != "none":
            stream.codec_context.skip_frame = SKIP_FRAME[skip]
        if not hwdecode.on_device(stream) and skips_loop_filter(stream, loop_filter_gop_s):
            stream.codec_context.options = {**stream.codec_context.options, "skip_loop_filter": "all"}
    except BaseException:
        container.close()
        raise
    return container, stream


def _encrypted(container, stream, p: Path) -> str | None:
    """Why the video track cannot be read when its container says its frames are encrypted, which
    FFmpeg opens by their codec all the same and decodes into garbage: a Matroska/WebM track's
    encryption key id (FFmpeg's ``enc_key_id``), an MP4's protected sample entry; else None."""
    if "enc_key_id" in stream.metadata:
        return ENCRYPTED
    return protection_reason(p, stream.id) if "mov" in str(container.format.name).split(",") else None


def _video_stream(container, path):
    """The file's video track (``core.tracks.video_stream``); none in an MPEG-TS whose tables say
    it holds AV1 (FFmpeg reads it as data): MediaError saying so."""
    try:
        return video_stream(container, path)
    except MediaError as e:
        if "mpegts" in str(container.format.name).split(",") and not container.streams.video and (why := ts_video.reason(path)):
            raise MediaError(path, why) from e
        raise


def _whole_fragments(p: Path, timeout_s: float):
    """A fragmented MP4 that FFmpeg could not open, cut inside a fragment's header (a recording
    stopped part-way) opened as its whole fragments, as its header and its media data were both
    written (in software: FFmpeg reads it through Python); else MediaError with why it cannot."""
    whole = whole_fragments(p)
    if whole is not None:
        with contextlib.suppress(av.FFmpegError, OSError, ValueError, UnicodeError):
            return file_open.open_source(ogg_chain.VideoPages(p, ((0, whole),)), timeout_s)
    raise MediaError(p, unopenable_reason(p)) from None


def check_size(path, width: int, height: int, max_pixels: int | None) -> None:
    """MediaError for a frame larger than ``max_pixels`` (a decoder would need that much memory)."""
    if max_pixels is not None and width * height > max_pixels:
        raise MediaError(path, f"frame size {width}x{height} is larger than the allowed {max_pixels} pixels "
                         "(a damaged header, or a video too large to index)")


def stream_rate(stream) -> float | None:
    for name in ("average_rate", "guessed_rate", "base_rate"):
        try:
            r = getattr(stream, name)
        except Exception:  # noqa: BLE001 - PyAV raises on a zero denominator in some versions
            r = None
        if r:
            f = float(r)
            if math.isfinite(f) and 0 < f <= MAX_FPS:
                return f
    return None
