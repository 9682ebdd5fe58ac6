"""Probe a video file, and sample frames from it: the one frame sampler of Seekframe.

Indexing and every training dataset loader read frames through :class:`FrameSampler`, so a model
sees at training time exactly the pixels it will see in the app.

Strategy (chosen per wanted frame, from the gap to the previous one)
--------------------------------------------------------------------
OpenCV's FFmpeg backend decodes in ``grab()`` and converts colours in ``retrieve()``; a seek
(``CAP_PROP_POS_FRAMES``) goes back to the keyframe before the target and decodes forward. To
reach a frame ``gap`` frames ahead we grab the frames in between, or seek; we seek when
``gap > SEEK_GAP`` (48), and ``retrieve()`` only the frames we keep. Both paths address frames
by index, so they return the same frames and timestamps (tested). Measured with
``benchmarks/sampler_strategy.py`` on 2 cores, ms per returned frame, sequential / seek:

    video (gap in frames ->)   2          8          16         32         64         128
    bottle 640x360 h264    1.3/6.6    1.9/16.4   3.1/17.7   5.3/21.0   9.8/19.3  18.6/19.9
    car 768x432 h264       1.8/12.1   3.5/12.8   5.5/12.6  10.2/12.3  18.5/13.6      -
    again.mkv 640x480      1.7/16.7   3.9/16.9   6.3/16.5       -          -          -
    mp4v 640x360 (GOP 12)  1.3/3.4    1.8/3.5    2.8/3.9    4.6/3.5    8.1/3.4   14.8/3.5
    mp4v 1280x720 (GOP 12) 3.3/10.1   5.3/11.1   8.3/11.4  13.7/11.4  24.9/10.7  47.0/10.6

A grab alone is cheap (~0.15 ms at 360p with FFmpeg's frame threads; the colour conversion of a
kept frame costs more), a seek costs 3-20 ms, so the break-even gap ranges from ~22 frames
(short-GOP mp4v) to ~180 (bottle, long GOP). 48 sits between them: the wrong choice near the
threshold costs at most ~2x either way, while dense sampling (e.g. indexing at 2 fps) grabs
through (up to 13x faster than seeking) and sparse sampling (dataset clips, thumbnails) seeks.

Timestamps are ``frame_index / fps`` (constant frame rate assumed, as OpenCV's seek does).
Container frame counts lie (the Matroska samples claim one frame more than they hold), so the
end of the stream is found by decoding; only a stream that ends clearly before its claimed
duration (see :func:`_truncation_tolerance`) is reported as truncated.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from core.errors import DecodeTimeout, MediaError
from core.frame_fit import fit
from core.mp4_header import diagnose

SEEK_GAP = 48  # frames; see the module docstring
_MAX_FPS = 1000.0
_CODEC_ALIASES = {"avc1": "h264", "avc3": "h264", "x264": "h264", "hvc1": "hevc", "hev1": "hevc",
                  "fmp4": "mp4v", "xvid": "mp4v", "divx": "mp4v", "dx50": "mp4v"}
_SIGNATURES = [(4, b"ftyp", "MP4/MOV"), (4, b"moov", "MP4/MOV"), (4, b"mdat", "MP4/MOV"),
               (0, b"\x1a\x45\xdf\xa3", "Matroska/WebM"), (0, b"RIFF", "AVI"), (0, b"FLV", "FLV"),
               (0, b"OggS", "Ogg"), (0, b"\x30\x26\xb2\x75", "WMV/ASF"), (0, b"\x00\x00\x01\xba", "MPEG")]


@dataclass(frozen=True)
class VideoInfo:
    path: str
    duration: float
    fps: float
    frame_count: int
    width: int
    height: int
    codec: str


@dataclass
class SampledFrames:
    frames: np.ndarray  # uint8 [N, H, W, 3], RGB
    times: np.ndarray  # float64 [N], seconds from the start of the video
    info: VideoInfo


class _Budget:
    """Decode-time budget. Only time spent decoding counts (not time a consumer spends between
    two frames of :meth:`FrameSampler.iter_at_rate`); it is renewed for every returned frame."""

    def __init__(self, path, timeout_s: float):
        self.path, self.timeout_s = path, timeout_s
        self.renew()

    def renew(self) -> None:
        self.start = time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self.start > self.timeout_s:
            raise DecodeTimeout(self.path, f"decoding took longer than {self.timeout_s:g} s")


def _unopenable_reason(path: Path) -> str:
    why = diagnose(path)
    if why:
        return why
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as e:
        return f"cannot read the file ({e.strerror or e})"
    for offset, magic, kind in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return (f"damaged or incomplete {kind} file (cannot read its header; "
                    "a download cut short?)")
    return "not a video file or unsupported format"


def _open(path, timeout_s: float) -> cv2.VideoCapture:
    p = Path(path)
    if not p.exists():
        raise MediaError(path, "file not found")
    if not p.is_file():
        raise MediaError(path, "not a file")
    if p.stat().st_size == 0:
        raise MediaError(path, "empty file")
    ms = int(max(1.0, timeout_s) * 1000)  # FFmpeg's own interrupt timeouts; never 0 (= default)
    cap = cv2.VideoCapture(str(p), cv2.CAP_FFMPEG,
                           [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, ms, cv2.CAP_PROP_READ_TIMEOUT_MSEC, ms])
    if not cap.isOpened():
        cap.release()
        raise MediaError(path, _unopenable_reason(p))
    return cap


def _codec(cap: cv2.VideoCapture) -> str:
    code = int(cap.get(cv2.CAP_PROP_FOURCC)) & 0xFFFFFFFF
    text = code.to_bytes(4, "little").decode("latin-1").strip("\x00 ").lower()
    if not text.isprintable() or not text:
        return "unknown"
    return _CODEC_ALIASES.get(text, text)


def _probe_cap(cap: cv2.VideoCapture, path, budget: _Budget, max_pixels: int | None) -> tuple[VideoInfo, int]:
    """Read the header and the first frame. Returns the info and how many frames were grabbed."""
    width, height = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    if width <= 0 or height <= 0:
        raise MediaError(path, "no video stream")
    if max_pixels is not None and width * height > max_pixels:
        raise MediaError(path, f"frame size {width}x{height} is larger than the allowed "
                         f"{max_pixels} pixels")
    budget.check()
    if not cap.grab():
        raise MediaError(path, "no decodable video frames")
    grabbed = 1
    fps = cap.get(cv2.CAP_PROP_FPS)
    if not (math.isfinite(fps) and 0 < fps <= _MAX_FPS):  # estimate from timestamps, else 25
        stamps = [cap.get(cv2.CAP_PROP_POS_MSEC)]
        while grabbed < 12 and cap.grab():
            grabbed += 1
            stamps.append(cap.get(cv2.CAP_PROP_POS_MSEC))
            budget.check()
        steps = np.diff(np.asarray(stamps, np.float64))
        steps = steps[np.isfinite(steps) & (steps > 0)]
        fps = 1000.0 / float(np.median(steps)) if steps.size else 25.0
        fps = fps if 0 < fps <= _MAX_FPS else 25.0
    if fps < 1.0 and (why := diagnose(path)):  # FFmpeg "defaults to 1" on a zero timescale
        raise MediaError(path, why)
    count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    if count <= 0:  # unknown length: count by decoding, bounded by the budget
        count = grabbed
        while cap.grab():
            count += 1
            budget.check()
        grabbed = count + 2  # past the end: the next read seeks back
    info = VideoInfo(str(path), count / fps, float(fps), count, width, height, _codec(cap))
    return info, grabbed


def probe(path, *, timeout_s: float = 20.0, max_pixels: int | None = None) -> VideoInfo:
    """Check that ``path`` is a decodable video and read its properties. Raises MediaError."""
    budget = _Budget(path, timeout_s)
    cap = _open(path, timeout_s)
    try:
        return _probe_cap(cap, path, budget, max_pixels)[0]
    finally:
        cap.release()


def _truncation_tolerance(info: VideoInfo) -> float:
    """Seconds a stream may end before its claimed duration without being called truncated:
    a few frames (end-of-stream off-by-one), up to 10% of the video, at most 10 s."""
    return max(3.0 / info.fps, min(0.1 * info.duration, 10.0))


class _Reader:
    """Reads frames by index from an open capture: grabs forward, or seeks when the gap to the
    wanted frame is larger than SEEK_GAP (see the module docstring)."""

    def __init__(self, cap, info: VideoInfo, budget: _Budget, pos: int, strategy: str):
        self.cap, self.info, self.budget = cap, info, budget
        self.seek_gap = {"auto": SEEK_GAP, "seek": 0, "sequential": math.inf}[strategy]
        self.pos = pos  # index of the frame the next grab() returns
        self.end: int | None = None  # first index that does not decode, once known
        self.seeks = self.grabs = 0

    def read(self, idx: int) -> np.ndarray | None:
        """BGR frame ``idx``, or None past the end of the stream (raises if truncated)."""
        if self.end is not None and idx >= self.end:
            return None
        if idx != self.pos - 1 or self.pos == 0:  # not the frame grabbed last
            gap = idx - self.pos
            if gap < 0 or gap > self.seek_gap:
                self.cap.set(cv2.CAP_PROP_POS_FRAMES, idx)  # OpenCV decodes up to idx here
                self.pos = idx
                self.seeks += 1
            while self.pos <= idx:
                self.budget.check()
                if not self.cap.grab():
                    self._ended_at(self.pos)
                    return None
                self.pos += 1
                self.grabs += 1
        self.budget.check()
        ok, frame = self.cap.retrieve()
        if not ok or frame is None:
            self._ended_at(idx)
            return None
        return frame

    def _ended_at(self, idx: int) -> None:
        info = self.info
        self.end = idx if self.end is None else min(self.end, idx)
        decoded = idx / info.fps
        if idx == 0:
            raise MediaError(info.path, "no decodable video frames")
        if info.duration - decoded > _truncation_tolerance(info):
            raise MediaError(info.path, diagnose(info.path) or f"truncated: decodes only {decoded:.1f} s of "
                             f"{info.duration:.1f} s")

    def last_frame(self, before: int) -> tuple[int, np.ndarray]:
        """The last decodable frame before ``before`` (rare: samples in a phantom tail)."""
        first = max(0, before - math.ceil(_truncation_tolerance(self.info) * self.info.fps) - 2)
        self.cap.set(cv2.CAP_PROP_POS_FRAMES, first)
        self.pos, found = first, None
        while self.pos < before and self.cap.grab():
            self.budget.check()
            ok, frame = self.cap.retrieve()
            if ok and frame is not None:
                found = (self.pos, frame)
            self.pos += 1
        if found is None:
            raise MediaError(self.info.path, f"no decodable video frames near {before / self.info.fps:.1f} s")
        return found


class FrameSampler:
    """Samples RGB uint8 frames, resized for a model. One instance can read many files.

    ``size``: None keeps the native size; an int gives a square; a tuple is (height, width).
    ``crop``: "center" (resize the short side, centre crop), "resize" (squash), "pad" (letterbox).
    ``resize``: a model config's ``resize`` (see :func:`fit`); None is Seekframe's own resize.
    ``timeout_s`` bounds the decoding work for any one returned frame (so long videos stream
    fine, a stalled file is cut off with DecodeTimeout). Frames above ``max_pixels`` are
    refused with MediaError before decoding.
    """

    def __init__(self, size: int | tuple[int, int] | None = 224, crop: str = "center",
                 timeout_s: float = 120.0, max_pixels: int = 8192 * 4352, *,
                 resize: dict | None = None, _strategy: str = "auto"):
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
        self.resize = resize
        self._strategy = _strategy
        self.last_stats: dict[str, int] = {}  # seeks/grabs of the last call (tests, benchmarks)

    # -- public API -----------------------------------------------------------------------------
    def uniform(self, path, n: int, start: float = 0.0, end: float | None = None) -> SampledFrames:
        """Exactly ``n`` frames, one at the centre of each of n equal segments of [start, end)."""
        if n <= 0:
            raise ValueError("n must be positive")

        def plan(info):
            s, e = self._span(info, start, end)
            return self._indices(info, s + (np.arange(n) + 0.5) * (e - s) / n)

        return self._collect(path, plan, fill=True)

    def at_rate(self, path, fps: float, start: float = 0.0, end: float | None = None) -> SampledFrames:
        """Frames every 1/fps seconds from ``start`` (never more often than the video's own rate)."""
        return self._collect(path, lambda info: self._rate_plan(info, fps, start, end), fill=False)

    def frames_at(self, path, times) -> SampledFrames:
        """The frames shown at the given times (seconds), in order; a time past the end gives
        the last frame."""
        times = np.asarray(times, np.float64).reshape(-1)
        return self._collect(path, lambda info: self._indices(info, times), fill=True)

    def frame_at(self, path, t: float) -> np.ndarray:
        """The one frame shown at time ``t`` (thumbnails)."""
        return self.frames_at(path, [t]).frames[0]

    def iter_at_rate(self, path, fps: float, start: float = 0.0,
                     end: float | None = None) -> Iterator[tuple[float, np.ndarray]]:
        """Like :meth:`at_rate`, streaming ``(time, frame)`` with memory bounded by one frame."""
        budget = _Budget(path, self.timeout_s)
        cap = _open(path, self.timeout_s)
        try:
            info, grabbed = _probe_cap(cap, path, budget, self.max_pixels)
            reader = _Reader(cap, info, budget, grabbed, self._strategy)
            for idx in self._rate_plan(info, fps, start, end):
                frame = reader.read(int(idx))
                if frame is None:
                    return
                out = self._convert(frame)
                yield idx / info.fps, out
                budget.renew()
                self.last_stats = {"seeks": reader.seeks, "grabs": reader.grabs}
        finally:
            cap.release()

    # -- internals ------------------------------------------------------------------------------
    def _collect(self, path, plan, fill: bool) -> SampledFrames:
        budget = _Budget(path, self.timeout_s)
        cap = _open(path, self.timeout_s)
        try:
            info, grabbed = _probe_cap(cap, path, budget, self.max_pixels)
            wanted = plan(info)
            reader = _Reader(cap, info, budget, grabbed, self._strategy)
            order = np.argsort(wanted, kind="stable")  # decode in file order, return in asked order
            got: dict[int, np.ndarray] = {}
            for idx in sorted(set(int(i) for i in wanted)):
                frame = reader.read(idx)
                if frame is None:
                    break
                got[idx] = self._convert(frame)
                budget.renew()
            if fill and len(got) < len(set(int(i) for i in wanted)):
                if not got:  # every wanted frame lies in the phantom tail
                    idx, frame = reader.last_frame(int(wanted[order[0]]))
                    got[idx] = self._convert(frame)
                last = max(got)
                wanted = np.array([i if i in got else last for i in wanted.tolist()], np.int64)
            keep = [i for i in wanted.tolist() if i in got]
            self.last_stats = {"seeks": reader.seeks, "grabs": reader.grabs}
        finally:
            cap.release()
        h, w = self.size if self.size is not None else (info.height, info.width)
        frames = np.stack([got[i] for i in keep]) if keep else np.zeros((0, h, w, 3), np.uint8)
        return SampledFrames(frames, np.asarray(keep, np.float64) / info.fps, info)

    @staticmethod
    def _span(info: VideoInfo, start: float, end: float | None) -> tuple[float, float]:
        s = max(0.0, float(start))
        e = info.duration if end is None else min(float(end), info.duration)
        if not e > s:
            raise ValueError(f"empty interval [{start}, {end}) for a {info.duration:.2f} s video")
        return s, e

    @staticmethod
    def _indices(info: VideoInfo, times: np.ndarray) -> np.ndarray:
        idx = np.floor(np.asarray(times, np.float64) * info.fps + 1e-6).astype(np.int64)
        return np.clip(idx, 0, max(0, info.frame_count - 1))

    def _rate_plan(self, info: VideoInfo, fps: float, start: float, end: float | None) -> np.ndarray:
        if not fps > 0:
            raise ValueError("fps must be positive")
        s, e = self._span(info, start, end)
        times = s + np.arange(math.ceil((e - s) * fps - 1e-9)) / fps
        idx = self._indices(info, times[times < e])
        return np.unique(idx)  # a rate above the video's own gives each frame once

    def _convert(self, bgr: np.ndarray) -> np.ndarray:
        if self.size is not None:  # per-channel filters: resizing BGR or RGB is the same
            bgr = fit(bgr, self.size, self.crop, self.resize)
        return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
