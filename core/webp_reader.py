"""An animated WebP's frames by time, for :class:`core.media.FrameSampler` in place of
:class:`core.av_reader.FrameReader` (FFmpeg decodes no animated WebP: :mod:`core.webp`).

Pillow's libwebp decodes the frames, each the whole canvas as shown (a frame may draw part of it
over the one before), its transparent parts over black (a sticker's background). Each frame's time is the sum of the durations before it, read from the chunks
(:func:`core.webp.animation`), so the frame shown at ``t`` is exact. Every frame is decoded,
whatever the sampler's skip mode: a frame needs the one before it. A file cut short plays its whole
frames and is said to be cut short (:class:`core.errors.CutShort`), as any video ending before its
header says, and so is one with a frame libwebp rejects (a frame needs the one before it: the
frames from there do not play).
"""

from __future__ import annotations

import bisect
import io
import itertools
import logging
import math

import av
import numpy as np

from core import webp
from core.errors import CutShort, MediaError
from core.orientation import PLAIN
from core.video_info import VideoInfo
from core.video_open import check_size

log = logging.getLogger("seekframe.media")

EPS = 1e-6
# a damaged animated WebP, in words (libwebp's own, "could not create decoder object", go to the log)
UNREADABLE = "a damaged animated WebP: its frames cannot be read; a copy from elsewhere is needed"
FIRST_FRAME = "a damaged animated WebP: its first frame does not decode; a copy from elsewhere is needed"
CUT_AFTER_FIRST = ("an animated WebP cut short: the file ends after its first frame, before the end its header "
                   "gives, so one frame at most is left (a download or copy cut short?); a copy from elsewhere "
                   "is needed")

BAND_BYTES = 1 << 21  # a transparent canvas is laid over black this much of its RGBA at a time


def reads(path) -> bool:
    """Whether ``path`` is an animated WebP and Pillow can read WebP (else FFmpeg has it, and says
    what it is: ``core.webp.reason``)."""
    if not webp.is_animated(path):
        return False
    try:
        from PIL import features
    except ImportError:
        return False
    return bool(features.check("webp"))


def shown(image) -> np.ndarray:
    """The Pillow ``image`` as RGB, its transparent parts over black (each colour times its alpha,
    / 255 rounded down), a band of rows at a time: at 8192x4352 the whole canvas as RGBA and as
    16-bit colours took ~540 MB more than the RGB it ends as."""
    if image.mode == "RGB":
        return np.ascontiguousarray(np.asarray(image))
    rgba = image if image.mode == "RGBA" else image.convert("RGBA")
    width, height = rgba.size
    out = np.empty((height, width, 3), np.uint8)
    rows = max(1, BAND_BYTES // (4 * width))
    for y in range(0, height, rows):
        band = np.asarray(rgba.crop((0, y, width, min(height, y + rows))))
        wide = band[..., :3].astype(np.uint16)
        wide *= band[..., 3:]
        wide //= 255
        out[y:y + band.shape[0]] = wide
    return out


class WebpReader:
    """The frames of an animated WebP by time, with :class:`core.av_reader.FrameReader`'s reading
    methods (``at``, ``last_frame``, ``check_end``, ``played_s``, ``damaged``, ``close``); the
    sampler neither seeks nor skips in it."""

    # what the sampler asks of every reader: shown as decoded, timed by its own clock, never sought
    view, timeline, untimed, walks, info_from_frames, length_is_a_guess = PLAIN, None, False, False, False, False

    def __init__(self, path, budget, max_pixels: int | None = None):
        self.path, self.budget = str(path), budget
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise MediaError(path, f"cannot read the file ({e.strerror or e})") from None
        anim = webp.animation(data)
        if anim is None:
            raise MediaError(path, "an animated WebP cut short before its first whole frame, or damaged; "
                             "a copy from elsewhere is needed")
        if len(anim.durations_ms) == 1 and not (anim.lost_ms or anim.damaged) and webp.cut_short(data, len(data)):
            raise MediaError(path, CUT_AFTER_FIRST)  # (how long it was is not known: nothing to say it plays of)
        check_size(path, anim.width, anim.height, max_pixels)
        from PIL import Image

        try:
            self.image = Image.open(io.BytesIO(anim.data))
            count = min(len(anim.durations_ms), int(getattr(self.image, "n_frames", 1)))
        except Exception as e:  # noqa: BLE001 - Pillow's errors for a file libwebp will not read vary
            log.info("%s: libwebp does not read it: %s", path, e)  # (its words, not the user's)
            raise MediaError(path, UNREADABLE) from None
        ms, self.count, self.rejected = anim.durations_ms[:count], count, anim.damaged
        self.starts = [t / 1000 for t in itertools.accumulate(ms, initial=0)]  # (the last: its end)
        self.plays_s = self.starts[-1]
        duration = (sum(ms) + anim.lost_ms) / 1000  # (a frame cut part-way: as long as its header says)
        self.tol, self.keys, self.seek_gap_s = EPS, [], math.inf
        self.seeks = self.decoded = 0
        self.decoded_at, self.picture = -1, None  # the frame decoded last, as shown
        try:
            self._decode(0)  # (a file whose first frame libwebp rejects: no video)
        except BaseException:
            self.image.close()
            raise
        self.info = VideoInfo(self.path, duration, count / self.plays_s, count, anim.width, anim.height, "webp")

    def _decode(self, i: int) -> np.ndarray | None:
        """Frame ``i`` as shown, RGB (decoding on from the frame decoded last, or from the start);
        None when libwebp rejected it or a frame before it (the file then plays up to that frame)."""
        if i < self.decoded_at:
            self.seeks += 1
            self.decoded_at = -1
        while self.decoded_at < i:
            if self.decoded_at + 1 >= self.count:
                return None
            self.budget.check()
            nxt = self.decoded_at + 1
            try:
                self.image.seek(nxt)
                self.image.load()
            except Exception as e:  # noqa: BLE001 - Pillow's errors for a frame libwebp rejects vary
                if nxt == 0:
                    log.info("%s: libwebp does not decode its first frame: %s", self.path, e)
                    raise MediaError(self.path, FIRST_FRAME) from None
                self.count, self.plays_s, self.rejected = nxt, self.starts[nxt], True
                return None
            self.decoded_at, self.decoded, self.picture = nxt, self.decoded + 1, None
        if self.picture is None:  # (the canvas as shown, once per frame asked for)
            self.picture = shown(self.image)
        return self.picture

    def _frame(self, i: int) -> tuple[float, av.VideoFrame] | None:
        rgb = self._decode(i)
        return None if rgb is None else (self.starts[i], av.VideoFrame.from_ndarray(rgb, format="rgb24"))

    def at(self, t: float) -> tuple[float, av.VideoFrame] | None:
        """``(time, frame)`` shown at ``t`` (the first frame before it), or None past what plays."""
        if t >= self.plays_s - self.tol:
            return None
        return self._frame(max(0, bisect.bisect_right(self.starts, t + self.tol) - 1))

    def last_frame(self) -> tuple[float, av.VideoFrame]:
        """The last frame that plays."""
        while (last := self._frame(self.count - 1)) is None:  # (found rejected on the way: the one before)
            pass
        return last

    def played_s(self) -> float:
        return self.plays_s

    def check_end(self) -> None:
        """``CutShort`` where the frames stop before the file says: it ends part-way through a frame,
        or libwebp rejected one (the frames from there do not play)."""
        if self.info.duration > self.plays_s + EPS:
            why = ("damaged: its frames from {:.1f} s do not decode" if self.rejected else
                   "truncated: the file ends part-way through its frame at {:.1f} s").format(self.plays_s)
            raise CutShort(self.path, why, self.plays_s, self.info.duration)

    def damaged(self) -> None:  # (frames that do not decode end what plays: ``check_end``)
        return None

    def restart_skipping(self, skip: str) -> bool:  # (every frame is decoded: a frame needs the one before)
        return True

    def close(self) -> None:
        self.image.close()
