"""Probe a video file, and sample frames from it: the one frame sampler of Seekframe.

Indexing and every training dataset loader read frames through :class:`FrameSampler`, so a model
sees at training time exactly the pixels it will see in the app. A sampler plans the *times* it
wants; :mod:`core.av_reader` decodes the frame shown at each. The reader seeks rather than decodes
forward when the gap to the next wanted frame is more than ``SEEK_GAP`` (48) frames at the average
rate: the break-even gap ranges from ~22 frames (short GOPs) to ~180 (long GOPs), and 48 costs at
most ~2x either way near it while dense sampling (indexing) decodes through and sparse sampling
(dataset clips, thumbnails) seeks (``benchmarks/RESULTS.md``, "Sampler strategy"). Every path
returns the same frames and timestamps (tested).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from core import avi_header, fields, hdr, sparse_rate
from core.av_reader import Budget, FrameReader, VideoInfo, open_video
from core.decode_modes import SKIP_FRAME, check_modes, keyframe_index
from core.errors import DecodeTimeout, MediaError
from core.file_open import MAX_PIXELS
from core.frame_fit import fit, recipe_size, scaled_size
from core.orientation import PLAIN, View
from core.reader_recheck import MOVED_S, reads_as_by  # noqa: F401 (the recheck's, ``media.reads_as_by``)
from core.tracks import runs_on
from core.webp_reader import WebpReader, reads as pillow_reads

__all__ = ["FrameSampler", "SampledFrames", "VideoInfo", "probe", "PROBE_TIMEOUT_S", "SEEK_GAP"]

SEEK_GAP = 48  # frames at the average rate; see the module docstring
# a video of fewer frames a second than this (a slideshow, a sparse screen recording) is decoded
# whole, however the sampler skips: each frame there stands for a second or more, a skipped one
# could be a whole slide, and decoding every frame costs little
SPARSE_FPS = 1.0


@dataclass
class SampledFrames:
    frames: np.ndarray  # uint8 [N, H, W, 3], RGB
    times: np.ndarray  # float64 [N], seconds from the start of the video (presentation times)
    info: VideoInfo


PROBE_TIMEOUT_S = 20.0  # opening a file and reading its properties


def probe(path, *, timeout_s: float = PROBE_TIMEOUT_S, max_pixels: int | None = None) -> VideoInfo:
    """Check that ``path`` is a decodable video and read its properties. Raises MediaError."""
    budget = Budget(path, timeout_s)
    reader = (WebpReader(path, budget, max_pixels) if pillow_reads(path) else
              FrameReader(*open_video(path, timeout_s), path, budget, max_pixels))
    reader.close()
    return reader.info


class FrameSampler:
    """Samples RGB uint8 frames, resized for a model. One instance can read many files.

    ``size``: None keeps the native size; an int gives a square; a tuple is (height, width).
    ``crop``: "center" (resize the short side, centre crop), "resize" (squash), "pad" (letterbox).
    ``resize``: a model config's ``resize`` (see :func:`fit`); None is Seekframe's own resize.
    ``skip``: "none" (every frame exact: training, evaluation, thumbnails), "nonref" (indexing:
    the nearest decoded frame at or before each wanted time, ~0.6x the decoding CPU), "nonkey"
    (keyframes only); see :mod:`core.decode_modes`. Times are always the returned frames' own
    presentation times. ``threads``: the decoder's (:func:`core.decode_modes.set_threads`; 0:
    FFmpeg's choice). ``loop_filter_gop_s``: a model's tolerance for H.264 decoded without its
    loop filter (:func:`core.decode_modes.skips_loop_filter`; 0: never, every frame filtered).
    ``key_gap_s``: skipping "nonkey", keyframes further apart than this are decoded between too
    (:mod:`core.sparse_keys`; infinite: never).
    ``timeout_s`` bounds the decoding work for any one returned frame (so long videos stream
    fine, a stalled file is cut off with DecodeTimeout). Frames above ``max_pixels`` are
    refused with MediaError before decoding.
    """

    def __init__(self, size: int | tuple[int, int] | None = 224, crop: str = "center",
                 timeout_s: float = 120.0, max_pixels: int = MAX_PIXELS, *,
                 resize: dict | None = None, skip: str = "none", threads: int = 0, loop_filter_gop_s: float = 0.0,
                 key_gap_s: float = math.inf, _strategy: str = "auto"):
        if crop not in ("center", "resize", "pad"):
            raise ValueError(f"crop must be 'center', 'resize' or 'pad', not {crop!r}")
        if isinstance(size, int):
            size = (size, size)
        if size is not None and (len(size) != 2 or min(size) <= 0):
            raise ValueError(f"size must be positive, got {size!r}")
        if resize is not None and (size is None or crop != "center"):
            raise ValueError("a model's 'resize' needs a size and crop='center'")
        if _strategy not in ("auto", "seek", "sequential"):
            raise ValueError(f"unknown strategy {_strategy!r}")
        self.size, self.crop, self.timeout_s, self.max_pixels = size, crop, timeout_s, max_pixels
        check_modes(skip, threads)
        if not (loop_filter_gop_s >= 0):
            raise ValueError(f"loop_filter_gop_s must be 0 (never) or more, not {loop_filter_gop_s}")
        self.resize, self.skip, self.threads = resize, skip, threads
        self.loop_filter_gop_s, self.key_gap_s = loop_filter_gop_s, key_gap_s
        self._strategy = _strategy
        self.last_stats: dict[str, int] = {}  # seeks/grabs of the last call (tests, benchmarks)

    # -- public API -----------------------------------------------------------------------------
    def open(self, path, probe_timeout_s: float | None = None) -> FrameReader | WebpReader:
        """Open and probe ``path`` once (indexing: ``core.decode_pool.decode_file``): the reader's
        ``info`` is what :func:`probe` says (within a decoding budget of ``probe_timeout_s``,
        default ``timeout_s``); the reading methods take it in place of the path, and close it.
        It probes this sampler's way (``skip``: the header's facts, the first frame) unless a fact
        must come from decoded frames (a rate or a duration the header lacks, no start time) or
        no frame decodes skipping: then with every frame decoded, then skipping from the start."""
        if self.skip != "none" and (reader := self._skipping_probe(path, probe_timeout_s)) is not None:
            reader.budget = Budget(path, self.timeout_s)
            return reader
        reader = self._reader(path, "none", probe_timeout_s)
        reader.budget = Budget(path, self.timeout_s)
        if self.skip != "none" and not reader.untimed and not reader.restart_skipping(self.skip):
            reader.close()  # a stream that cannot seek back to its start: opened again to skip
            return self._open(path)
        return reader

    def uniform(self, path, n: int, start: float = 0.0, end: float | None = None) -> SampledFrames:
        """Exactly ``n`` frames, one at the centre of each of n equal segments of [start, end)."""
        if n <= 0:
            raise ValueError("n must be positive")

        def plan(info):
            s, e = self._span(info, start, end)
            return s + (np.arange(n) + 0.5) * (e - s) / n

        return self._collect(path, plan)

    def at_rate(self, path, fps: float, start: float = 0.0, end: float | None = None) -> SampledFrames:
        """Frames every 1/fps seconds from ``start`` (never more often than the video's own rate)."""
        frames = list(self.iter_at_rate(path, fps, start, end))
        info = self._last_info
        h, w = self.size if self.size is not None else (info.height, info.width)
        stack = np.stack([f for _, f in frames]) if frames else np.zeros((0, h, w, 3), np.uint8)
        return SampledFrames(stack, np.asarray([t for t, _ in frames], np.float64), info)

    def frames_at(self, path, times) -> SampledFrames:
        """The frames shown at the given times (seconds), in order; a time past the end gives
        the last frame."""
        times = np.asarray(times, np.float64).reshape(-1)
        return self._collect(path, lambda info: times)

    def frame_at(self, path, t: float) -> np.ndarray:
        """The one frame shown at time ``t`` (thumbnails)."""
        return self.frames_at(path, [t]).frames[0]

    def iter_at_rate(self, path, fps: float, start: float = 0.0,
                     end: float | None = None) -> Iterator[tuple[float, np.ndarray]]:
        """Like :meth:`at_rate`, streaming ``(time, frame)`` with memory bounded by one frame.
        Each frame comes once, at its own presentation time."""
        reader = self._open(path)
        # where the stream stopped, when not where its header says: before it (within check_end's
        # tolerance), or after it (a header that may go stale, ``runs_on``: the frames after it play)
        self.ended_at = None
        on = end is None and not isinstance(reader, WebpReader) and runs_on(reader.container)
        try:
            last = None
            for t in self._rate_times(reader.info, fps, start, end, on=on):
                got = reader.at(float(t))
                if got is None:
                    if t < reader.info.duration:
                        if last is None:  # it stops before the first time wanted (a few frames of a
                            got = reader.last_frame()  # file cut short): its last frame, then why
                            yield got[0], self._convert(got[1], reader.view)
                        reader.check_end()
                        self.ended_at = reader.played_s()
                    elif last is not None and max(last + reader.tol, reader.played_s()) >= reader.info.duration:
                        self.ended_at = reader.played_s()  # (it ran on past its header's length: a sample there,
                        # or its frames, sampled under once a second: a .dav whose dates say 1 s, 2 s of frames)
                    return
                if last is not None and got[0] <= last + 1e-9:
                    continue  # a rate above the video's own: each frame once
                last = got[0]
                out = self._convert(got[1], reader.view)
                self.last_stats = {"seeks": reader.seeks, "grabs": reader.decoded}
                yield got[0], out
                reader.budget.renew()
        finally:
            reader.close()

    # -- internals ------------------------------------------------------------------------------
    def _open(self, path) -> FrameReader | WebpReader:
        """A reader for ``path``, or ``path`` itself when it is one (``open``), ready to read."""
        if isinstance(path, (FrameReader, WebpReader)):
            reader = path
        else:
            try:
                reader = self._reader(path, self.skip)
            except MediaError:
                if self.skip == "none":
                    raise
                reader = self._reader(path, "none")  # a decoder that skips every frame of this file
        if isinstance(reader, WebpReader):  # (every frame decoded, none sought: a frame needs the one before)
            self._last_info, self.last_stats = reader.info, {"seeks": 0, "grabs": reader.decoded}
            return reader
        skipping = str(reader.stream.codec_context.skip_frame) != SKIP_FRAME["none"]
        if skipping and reader.untimed:  # (its facts counted on skipped frames: probed again)
            reader.close()
            reader = self._reader(reader.path, "none")
        elif (skipping and self.skip == "nonref"  # (a slideshow; an AVI's B-frames: core.avi_header)
                and (reader.info.fps < SPARSE_FPS or avi_header.times_need_every_frame(reader)
                     or sparse_rate.sparser(reader, SPARSE_FPS)  # (a slideshow its header says is 30 fps)
                     or sparse_rate.stills(reader)  # (B-frames and stills: a screen recording, MP4, MKV or TS)
                     or getattr(reader, "few", False))  # (an MPEG-TS/PS clip of a few frames: ``stream_facts``)
                and not reader.restart_skipping("none")):
            reader.close()  # (a stream that cannot seek back to its start)
            reader = self._reader(reader.path, "none")
        reader.seek_gap_s = {"auto": SEEK_GAP / reader.info.fps, "seek": 0.0,
                             "sequential": math.inf}[self._strategy] if not reader.untimed else math.inf
        # no seeking ahead with keyframes only (it skips the packets before a keyframe anyway)
        ahead = self._strategy == "auto" and self.skip != "nonkey"
        # (not where the reader walks: FFmpeg seeks MPEG-TS/PS by timestamps found in the bytes and
        # can land past a keyframe, the stream then read as ended before its last group)
        reader.keys = keyframe_index(reader.stream) if ahead and not reader.walks and not reader.timeline else []
        self._last_info = reader.info
        self.last_stats = {"seeks": 0, "grabs": reader.decoded}
        return reader

    def _skipping_probe(self, path, budget_s: float | None) -> FrameReader | WebpReader | None:
        """A reader probed while skipping, or None when its facts need every frame (see open)."""
        try:
            reader = self._reader(path, self.skip, budget_s)
        except DecodeTimeout:
            raise
        except MediaError:  # no frame decodes skipping, or an error the full probe says again
            return None
        if reader.info_from_frames:
            reader.close()
            return None
        return reader

    def _reader(self, path, skip: str, budget_s: float | None = None) -> FrameReader | WebpReader:
        """An open reader; ``budget_s``: the decoding budget of the probe (default ``timeout_s``).
        An animated WebP's is Pillow's (FFmpeg decodes none: ``core.webp_reader``)."""
        budget = Budget(path, self.timeout_s if budget_s is None else budget_s)
        if pillow_reads(path):
            return WebpReader(path, budget, self.max_pixels)
        container, stream = open_video(path, self.timeout_s, skip, self.threads, loop_filter_gop_s=self.loop_filter_gop_s)
        return FrameReader(container, stream, path, budget, self.max_pixels, self.threads, self.loop_filter_gop_s,
                           self.key_gap_s)

    def _collect(self, path, plan) -> SampledFrames:
        """The frames shown at the times ``plan(info)`` wants; past the end, the last frame."""
        reader = self._open(path)
        try:
            info = reader.info
            wanted = np.asarray(plan(info), np.float64).reshape(-1)
            got: dict[float, np.ndarray] = {}  # frame time -> converted frame
            at: dict[float, float] = {}  # wanted time -> frame time
            for t in sorted(set(wanted.tolist())):
                frame = reader.at(t)
                if frame is None:
                    if t < info.duration:
                        reader.check_end()
                    frame = reader.last_frame()
                if frame[0] not in got:
                    got[frame[0]] = self._convert(frame[1], reader.view)
                at[t] = frame[0]
                reader.budget.renew()
            self.last_stats = {"seeks": reader.seeks, "grabs": reader.decoded}
        finally:
            reader.close()
        keep = [at[t] for t in wanted.tolist() if t in at]
        h, w = self.size if self.size is not None else (info.height, info.width)
        frames = np.stack([got[t] for t in keep]) if keep else np.zeros((0, h, w, 3), np.uint8)
        return SampledFrames(frames, np.asarray(keep, np.float64), info)

    @staticmethod
    def _span(info: VideoInfo, start: float, end: float | None) -> tuple[float, float]:
        s = max(0.0, float(start))
        e = info.duration if end is None else min(float(end), info.duration)
        if not e > s:
            raise ValueError(f"empty interval [{start}, {end}) for a {info.duration:.2f} s video")
        return s, e

    def _rate_times(self, info: VideoInfo, fps: float, start: float, end: float | None, *,
                    on: bool = False) -> Iterator[float]:
        """Every 1/fps seconds over [start, end), one at a time: a header may claim a length the
        file does not hold (a billion seconds), and the reader finds its end first; ``on``: on past
        ``end`` for as long as the reader finds frames."""
        if not fps > 0:
            raise ValueError("fps must be positive")
        s, e = self._span(info, start, end)
        for i in (itertools.count() if on else range(math.ceil((e - s) * fps - 1e-9))):
            t = s + i / fps
            if t >= e and not on:
                return
            yield t

    def _convert(self, frame, view: View = PLAIN) -> np.ndarray:
        """The decoded frame at the model's size, RGB, as it is shown (``view``, the reader's:
        stretched to its pixels' shape, turned). Shrinking, FFmpeg converts the colours and
        scales (area filter) straight to the size before the crop, never making a full-resolution
        RGB frame (1080p to 224 px: ~5 ms, not ~34 ms; about one grey level from OpenCV's area
        filter), and the small frame is turned. A model's own resize recipe (CLIP's) is followed
        to the pixel on the whole frame as shown."""
        w, h = view.shown_size(frame.width, frame.height)
        if self.size is not None and self.resize is None:
            nw, nh = scaled_size(w, h, self.size, self.crop)
            if nw * nh < w * h:
                return np.ascontiguousarray(fit(self._shown(frame, view, nw, nh), self.size, self.crop))
        if self.size is None:
            return np.ascontiguousarray(self._shown(frame, view, w, h))
        # (the recipe shrinks the frame as shown to this: one field may do, core.fields)
        lines = view.coded_size(*recipe_size(w, h, self.resize))[1] if self.resize is not None else None
        full = self._shown(frame, view, w, h, lines)
        return np.ascontiguousarray(fit(full, self.size, self.crop, self.resize))

    @staticmethod
    def _shown(frame, view: View, width: int, height: int, lines: int | None = None) -> np.ndarray:
        """``frame`` as shown, RGB, at (width, height): FFmpeg scales it (unless already that
        size; an interlaced frame by its top field when that has lines enough, ``core.fields``; an
        HDR frame to 16 bits, brought to SDR by ``core.hdr``), then it is turned. ``lines``: the
        coded lines it is shrunk to after (a model's own resize recipe), when fewer than ``height``'s."""
        cw, ch = view.coded_size(width, height)
        if fields.use_field(frame, min(ch, lines or ch)):  # interlaced, shrunk to a field's lines or fewer
            frame = fields.top_field(frame)
        if view.hdr:
            rgb16 = frame.reformat(width=cw, height=ch, format="rgb48le", interpolation="AREA").to_ndarray()
            rgb = hdr.to_sdr(rgb16, view.hdr, view.bt2020)
        elif (cw, ch) == (frame.width, frame.height):
            rgb = frame.to_ndarray(format="rgb24")
        else:
            rgb = frame.reformat(width=cw, height=ch, format="rgb24", interpolation="AREA").to_ndarray()
        return view.orientation.apply(rgb)
