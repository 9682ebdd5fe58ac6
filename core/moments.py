"""Cut a video into moments: consecutive fixed windows, optionally also cut at shot boundaries.

The moments of a video tile ``[0, duration]`` with no gaps or overlaps. Inside each shot (the
whole video when ``shot_cuts`` is off) windows of ``window_s`` follow each other from the shot's
start; a piece shorter than ``min_moment_s`` is merged into the moment before it (into the next
one when it is the first). :func:`plan_windows` is that rule as a pure function;
:meth:`MomentSegmenter.segment` applies it while streaming, holding at most two windows of frames.

Frames are sampled at ``frames_per_moment / window_s`` per second (at least 2 when looking for
shot cuts), at the centres of the sampling intervals so that no sample straddles a window
boundary; each moment takes ``frames_per_moment`` of its samples, picked uniformly (repeating the
nearest when it has fewer). A stream that ends early (within :mod:`core.av_reader`'s tolerance)
leaves the last moment the frames it has, and ends where the stream does. A stream that ends
clearly earlier (a file cut short: ``core.errors.CutShort``) gives the moments of what plays,
ending where it stops, and then raises ``CutShort`` for its caller to say so. The quick pass's
segmenter (``max_moments``) cuts a file longer than that many windows into fewer, wider ones:
whole multiples of ``window_s``, so each is whole windows of the full pass that replaces it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the indexing process unpickles every Moment, so this module stays light there:
    # OpenCV and PyAV (core.media) are imported where they run, in the decode processes
    from core.media import FrameSampler, VideoInfo

_EPS = 1e-6
_HIST_BINS = [16, 4, 4]  # H, S, V
_HIST_RANGES = [0, 180, 0, 256, 0, 256]


@dataclass
class Moment:
    index: int
    start: float
    end: float
    thumb_time: float
    frames: np.ndarray  # uint8 [T, H, W, 3] RGB, T == frames_per_moment (repeated if short), 1 (one_frame)
    frame_times: np.ndarray  # float64 [T]


# -- shot cuts ------------------------------------------------------------------------------------
def frame_histogram(frame: np.ndarray) -> np.ndarray:
    """Normalised HSV colour histogram of an RGB uint8 frame (downscaled first for speed)."""
    import cv2

    h, w = frame.shape[:2]
    if max(h, w) > 128:
        s = 128 / max(h, w)
        frame = cv2.resize(frame, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(np.ascontiguousarray(frame), cv2.COLOR_RGB2HSV)
    hist = cv2.calcHist([hsv], [0, 1, 2], None, _HIST_BINS, _HIST_RANGES).astype(np.float32)
    return hist / max(float(hist.sum()), 1.0)


def _mark_cuts(samples: Iterable, threshold: float) -> Iterator:
    """``(t, frame, cut)`` for each ``(t, frame)``: ``cut`` when a new shot starts at it, the colour
    histograms of it and the frame before differing by more than ``threshold`` (Bhattacharyya
    distance: 0 same colours, 1 disjoint)."""
    import cv2

    prev = None
    for t, frame in samples:
        hist = frame_histogram(np.asarray(frame))
        distance = cv2.compareHist(prev, hist, cv2.HISTCMP_BHATTACHARYYA) if prev is not None else 0.0
        yield t, frame, distance > threshold
        prev = hist


def detect_shot_cuts(frames, times, threshold: float = 0.5) -> list[float]:
    """Times of the first frame of each new shot (``_mark_cuts``)."""
    return [float(t) for t, _, cut in _mark_cuts(zip(times, frames), threshold) if cut]


# -- planning -------------------------------------------------------------------------------------
def _tile(start: float, end: float, window_s: float) -> Iterator[tuple[float, float]]:
    """Windows of ``window_s`` from ``start`` to ``end``; the last one ends at ``end``."""
    while end - start > _EPS:
        stop = start + window_s if start + window_s < end - _EPS else end
        yield start, stop
        start = stop


def _merge_short(pieces: Iterable, is_short: Callable, merge: Callable) -> Iterator:
    """Merge each short piece into the one before it (the first one into the next)."""
    held = None
    for piece in pieces:
        if held is None:
            held = piece
        elif is_short(piece) or is_short(held):
            held = merge(held, piece)
        else:
            yield held
            held = piece
    if held is not None:
        yield held


def plan_windows(duration: float, window_s: float = 4.0, cuts: Iterable[float] = (),
                 min_moment_s: float = 1.0) -> list[tuple[float, float]]:
    """The (start, end) of every moment of a video of ``duration`` seconds (see module doc)."""
    if duration <= 0:
        return []
    bounds = [0.0] + sorted(c for c in cuts if _EPS < c < duration - _EPS) + [duration]
    pieces = (piece for a, b in zip(bounds, bounds[1:]) for piece in _tile(a, b, window_s))
    return list(_merge_short(pieces,
                             lambda p: p[1] - p[0] < min_moment_s - _EPS,
                             lambda a, b: (a[0], b[1])))


# -- segmenter ------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Piece:
    start: float
    end: float
    samples: list


class MomentSegmenter:
    def __init__(self, window_s: float = 4.0, frames_per_moment: int = 8, shot_cuts: bool = False,
                 shot_threshold: float = 0.5, min_moment_s: float = 1.0, fill_gaps: bool = False,
                 one_frame: bool = False, max_moments: int = 0):
        """``fill_gaps``: a window the sampler gave no frame in (keyframes only: the first
        indexing pass) takes the last frame before it, so its moments are the same windows as
        a full decode's instead of merging into a neighbour. ``one_frame`` (that pass too): one
        sample a window, at its middle, and a moment is its frame nearest its middle, alone
        (``Encoder.encode_moments`` repeats its features to the model's count): the pass sends,
        prepares and embeds one frame a moment (on a GPU too) whatever the keyframes' spacing,
        not up to ``frames_per_moment`` (a phone's keyframe a second made it cost as much as the
        full pass). ``max_moments`` (that pass too; 0: none): a file longer than that many windows
        is cut into windows of the least whole multiple of ``window_s`` that gives at most that
        many, without shot cuts (``window_for``): a 2-hour file's first look is 150 frames spread
        over its whole length, not 1,800, and each of its windows is whole windows of the full
        pass, which replaces them."""
        if window_s <= 0 or frames_per_moment <= 0 or min_moment_s < 0:
            raise ValueError("window_s and frames_per_moment must be positive, min_moment_s >= 0")
        self.window_s, self.frames_per_moment = float(window_s), int(frames_per_moment)
        self.shot_cuts, self.shot_threshold = shot_cuts, float(shot_threshold)
        self.min_moment_s = float(min_moment_s)
        self.fill_gaps, self.one_frame = bool(fill_gaps), bool(one_frame)
        self.max_moments = max(0, int(max_moments))

    @property
    def sample_rate(self) -> float:
        return self._rate(self.window_s, self.shot_cuts)

    def _rate(self, window_s: float, shot_cuts: bool) -> float:
        rate = (1 if self.one_frame else self.frames_per_moment) / window_s
        return max(rate, 2.0) if shot_cuts else rate

    def window_for(self, duration: float) -> float:
        """The window a file of ``duration`` seconds is cut with: ``window_s``, or past
        ``max_moments`` of them its least whole multiple that cuts at most ``max_moments``."""
        w, cap = self.window_s, self.max_moments
        if cap and math.isfinite(duration) and duration > cap * w + _EPS:
            w *= math.ceil(duration / (cap * w) - _EPS)
        return w

    def segment(self, path, sampler: FrameSampler, info: VideoInfo | None = None) -> Iterator[Moment]:
        """Yield the moments of ``path`` in order. Raises core.errors.MediaError (and its
        DecodeTimeout) from the sampler; a file cut short raises ``CutShort`` after the moments of
        what plays (none when nothing does)."""
        if info is None:
            from core.media import probe

            info = probe(path, timeout_s=sampler.timeout_s, max_pixels=sampler.max_pixels)
        cut: list = []  # the sampler's CutShort, once the moments before it are out
        pieces = _merge_short(self._pieces(path, sampler, info.duration, cut),
                              lambda p: p.end - p.start < self.min_moment_s - _EPS or not p.samples,
                              lambda a, b: _Piece(a.start, b.end, a.samples + b.samples))
        index = 0
        for piece in pieces:
            if piece.samples:
                yield self._moment(index, piece)
                index += 1
        if cut:
            raise cut[0]

    def _pieces(self, path, sampler: FrameSampler, duration: float, cut: list) -> Iterator[_Piece]:
        from core.errors import CutShort

        w = self.window_for(duration)
        shot_cuts = self.shot_cuts and w == self.window_s  # (widened: a first look, at most max_moments)
        rate = self._rate(w, shot_cuts)
        win_start, buf, last = 0.0, [], None

        def piece(start, end, samples):
            return _Piece(start, end, samples if samples or not self.fill_gaps or last is None else [last])

        samples = sampler.iter_at_rate(path, rate, start=min(0.5 / rate, duration / 2))
        if shot_cuts:
            samples = _mark_cuts(samples, self.shot_threshold)
        else:
            samples = ((t, frame, False) for t, frame in samples)
        try:
            for t, frame, shot in samples:
                if shot and t - win_start > _EPS:
                    yield piece(win_start, t, buf)
                    buf, win_start = [], t
                if t >= duration:  # (a stream that runs on past its header's length)
                    duration = t + 1.0 / rate
                while t >= win_start + w - _EPS and win_start + w < duration - _EPS:
                    yield piece(win_start, win_start + w, buf)
                    buf, win_start = [], win_start + w
                buf.append((t, frame))
                last = (t, frame)
        except CutShort as exc:  # the moments end where the file stops playing
            cut.append(exc)
            duration = max(win_start, min(duration, exc.plays_s))
        else:  # (a stream a little short of its length, or longer: the moments end with it too)
            if getattr(sampler, "ended_at", None) is not None and buf:
                duration = max(buf[-1][0], win_start, sampler.ended_at)
        for start, end in _tile(win_start, duration, w):  # the rest (empty past a short stream: merged back)
            yield piece(start, end, buf)
            buf = []

    def _moment(self, index: int, piece: _Piece) -> Moment:
        n, t = len(piece.samples), self.frames_per_moment
        if self.one_frame:  # its one frame, once (the encoder repeats it to the model's count)
            mid = (piece.start + piece.end) / 2
            picks = np.array([min(range(n), key=lambda i: abs(piece.samples[i][0] - mid))], np.int64)
        else:
            picks = np.minimum(((np.arange(t) + 0.5) * n / t).astype(np.int64), n - 1)
        frames = np.stack([piece.samples[i][1] for i in picks])
        times = np.array([piece.samples[i][0] for i in picks], np.float64)
        return Moment(index, piece.start, piece.end, float(times[len(picks) // 2]), frames, times)
