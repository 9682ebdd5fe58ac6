"""Open a video with PyAV (FFmpeg) and read its frames by presentation time (:mod:`core.media`
plans which times to read).

Every frame's time is its presentation timestamp (PTS) relative to the stream's start, so
variable-frame-rate files (most phone videos) get the times a player shows. The frame "shown at"
``t`` is the last frame whose PTS is at or before ``t`` (the first frame for a ``t`` before it).
:class:`FrameReader` decodes forward, and seeks (:mod:`core.reader_seek`: to the keyframe before the
target, then decodes forward) when the next wanted time is more than ``seek_gap_s`` ahead, or to a keyframe the index
lists before it that the decoder has not reached (``core.decode_modes.seek_ahead``). A packet the
decoder rejects is skipped, as players do; a stream with many such packets, or one that ends
clearly before its claimed duration, is reported as damaged or truncated (the end is found by
decoding, since container frame counts and durations can lie).
"""

from __future__ import annotations

import contextlib
import math

import av

from core import avi_header, hwdecode, mp4_cut, ogg_chain, reader_packets, reader_seek, sparse_keys, stray_times, stream_facts, timeline, untimed_keys
from core.decode_modes import SKIP_FRAME, keyframes_kept, seek_ahead, withheld
from core.errors import CutShort, Damaged, MediaError
from core.mp4_header import diagnose
from core.tracks import file_origin, is_raw_stream
from core.video_info import VideoInfo
from core.video_open import Budget, check_size, is_avi, open_video

__all__ = ["Budget", "FrameReader", "VideoInfo", "open_video"]

EPS = 1e-6
# packets the decoder may reject before its first frame (a recording started between keyframes:
# ~60 s at 25 fps) before the stream is called damaged; after it, any number is skipped (and said)
MAX_LEADING_BAD = 1500



def cut_tolerance(duration: float, fps: float) -> float:
    """Seconds a video of ``duration`` s at ``fps`` may end before that length without being said cut short (the
    index's rule, the preview's words too: ``core.play_timing``): a few frames (end-of-stream off-by-one), up to 10%
    of the video, at most 10 s."""
    return max(3.0 / fps if fps > 0 else 0.0, min(0.1 * duration, 10.0))


def said_cut_short(claimed_s: float, plays_s: float, fps: float) -> bool:
    """Whether a video whose header says ``claimed_s`` s at ``fps`` and that plays ``plays_s`` s is said cut short:
    the one rule, on the same numbers, of ``seekframe index`` (``FrameReader.check_end``) and the preview's note
    (``core.play_timing.cut_of``): it loses more than ``cut_tolerance``."""
    return claimed_s - plays_s > cut_tolerance(claimed_s, fps)


class FrameReader:
    """Frames of one open video stream by presentation time (see the module docstring)."""

    def __init__(self, container, stream, path, budget: Budget, max_pixels: int | None = None,
                 threads: int = 0, loop_filter_gop_s: float = 0.0,  # (``open_video``'s, for opening it again)
                 key_gap_s: float = math.inf):
        """Probe the open file (its ``info``, its first frame). The reader owns ``container``
        from here on: it closes it, or the file it opened again, when the probe fails.
        ``key_gap_s``: skipping ``nonkey``, frames between keyframes further apart (``core.sparse_keys``)."""
        self.closed = False  # (``close``: its stream is FFmpeg's freed memory then, never read)
        self.container, self.stream, self.path, self.budget = container, stream, str(path), budget
        self.threads, self.loop_filter_gop_s = threads, loop_filter_gop_s
        self.sparse = sparse_keys.attach(self, key_gap_s)
        self.unread = container  # (demuxed from the file's start first: ``reader_packets.Head``)
        try:
            self._probe(max_pixels)
        except BaseException:
            self.container.close()
            raise

    @property
    def stream(self):
        """The open stream; a closed reader's raises ``ValueError`` (PyAV's stream of a closed container reads
        freed memory: its index 1928653216, or any). What a check asks of a reader it may have closed, the
        stream's ``index``, is kept as a plain value at open."""
        if self.closed:
            raise ValueError(f"{self.path}: its reader is closed")
        return self._stream

    @stream.setter
    def stream(self, stream) -> None:
        self._stream, self.index = stream, int(stream.index)

    def _probe(self, max_pixels: int | None) -> None:
        stream, path = self.stream, self.path
        cc = stream.codec_context
        width, height = int(cc.width or 0), int(cc.height or 0)
        # (no size: FFmpeg's look at the stream's first seconds found no picture, as in a recording
        # started long before a keyframe; the first frame decoded says it)
        sized = width > 0 and height > 0
        if sized:
            check_size(path, width, height, max_pixels)
        self.tb = float(stream.time_base) if stream.time_base else None
        # timestamps are rounded to the time base (milliseconds in Matroska): a frame stamped
        # 0.034 s is the one shown at 1/30 s
        self.tol = max(EPS, 1.5 * self.tb) if self.tb else EPS
        self.origin = file_origin(self.container, stream)  # PTS of the file's start, in time_base units
        # a clock that restarts mid-file (joined camcorder clips, a DVR's recording): one time for it
        # (FFmpeg seeks these formats by timestamps found in the bytes, and can miss a keyframe:
        # the reader walks forward instead, reading packets without decoding them)
        self.walks = bool(self.tb) and timeline.may_jump(self.container)
        self.ogg = ogg_chain.is_ogg(self.container)  # (a chained one's later parts' headers are no frames)
        # (its video's other PIDs; kept for the scans a recheck makes again, ``timeline.scan_as_15``)
        self.also = also = timeline.others(self.container, stream) if self.walks else []
        self.timeline = (timeline.scan(path, stream.index, self.tb, self.origin, timeline.scan_budget(path), also,
                                       self.budget.timeout_s)
                         if (self.walks or timeline.may_restart(self.container)) and (also or not timeline.steady(path))
                         else None)
        if self.timeline is not None and self.timeline.origin is not None:  # (the file's first stamps stray)
            self.origin = self.timeline.origin
        if self.timeline is not None and hwdecode.on_device(stream):  # (a device's handover seeks by
            self._reopen(hw=False)  # timestamps, which such a file repeats: it is decoded in software)
        self.last_t = -math.inf  # the last frame's time since the decoder started
        self.seeks = self.decoded = self.bad_packets = 0
        # where packets were rejected once frames came (not before a first frame, nor after a seek)
        self.damage: set[float] = set()
        self.settled = False  # a frame has come since the decoder started (or an MPEG-TS/PS was sought)
        self.walked = False  # packets were walked over since the last frame (``reader_seek.walk``)
        # the probe read a fact off decoded frames (a rate or a duration the header lacks, the
        # stream's start, a frame without a timestamp): a skipping decoder would read it wrong
        self.info_from_frames = False
        # frames without timestamps, timed by counting them: a decoder that skips frames would
        # count wrong (a raw H.264 stream with B-frames: half its length), so every frame is decoded
        self.untimed = False
        self.raw = is_raw_stream(self.container)  # (a bare stream: FFmpeg's made-up timestamps are not used)
        self.avi = is_avi(self.container) and not self.walks  # (times guessed by FFmpeg: core.avi_header)
        self.stamps = untimed_keys.applies(self)  # (keyframes and frames without timestamps timed: MPEG-PS)
        self.first_dts = None  # (an AVI's first chunk's, until its first frame)
        self.frame_dur = 0.04  # until the rate is known (frames without timestamps count on by it)
        if self.timeline is not None and self.timeline.lead and self.timeline.frame_s > 0:  # (the first frames'
            self.frame_dur = self.timeline.frame_s  # stamps, stray, taken off: timed back from the next by it)
        self.max_time = -math.inf  # latest frame time decoded so far
        self.packet_end = -math.inf  # end of the latest packet read (frames skipped included)
        self.packet_last = -math.inf  # (the latest start of those: ``reader_packets.played_to``)
        self.keys, self.sent, self.key_delay = [], -math.inf, 0  # seek_ahead's (no keys: never)
        stray_times.restart(self)  # (how far the packets read run on: ``core.stray_times``)
        self.ignores_nonkey = False  # its decoder gave other frames than keyframes skipping "nonkey"
        self._it = hwdecode.guarded(self, self._frames())
        self.prev: tuple[float, av.VideoFrame] | None = None  # last frame at or before the last t
        self.pending: tuple[float, av.VideoFrame] | None = None  # next frame, not yet reached
        self.ended = False
        stream_facts.from_first_frame(self, self._next(), (width, height) if sized else None, max_pixels)

    def restart_skipping(self, skip: str) -> bool:
        """Read from the start again, decoding with ``skip`` from there (one open serves the probe
        and the skipping reads; a decoder that would skip every frame of this file decodes them
        all). False when the stream cannot seek back to its start (the caller opens it again)."""
        for mode in (skip, "none"):
            self.stream.codec_context.skip_frame = SKIP_FRAME[mode]
            try:
                self._restart()
            except av.FFmpegError:
                return False
            if self.pending is not None:
                return True
        return False

    # -- probing --------------------------------------------------------------------------------
    def times_ahead(self, most: float = math.inf) -> list[float]:
        """The times of the first ``most`` frames (within the budget), read off decoded frames;
        then back to the first frame."""
        self.info_from_frames = True
        times = [self.pending[0]]
        while len(times) < most and (nxt := self._next()) is not None:
            times.append(nxt[0])
        self._rewind()
        return times

    def _restart(self) -> None:
        if self.timeline or self.raw:  # (a bare stream seeks by guessed bytes: its frames are counted)
            self._from_the_file_start()
        else:
            self._seek_pts(self.origin if self.origin is not None else 0)
        self._from_the_start()
        first = getattr(self, "first_t", math.inf)  # (the probe's first frame, once decoded)
        if self.walks and not self.timeline and (self.pending is None or self.pending[0] > first + self.tol):
            # landed past its first frame (an MPEG-TS/PS: FFmpeg seeks by timestamps found in the bytes;
            # a slideshow's, its first keyframe shown seconds after it is decoded, landed 8 slides on)
            self._from_the_file_start()
            self._from_the_start()

    def _from_the_file_start(self) -> None:
        """Opened again, read from its start: a file FFmpeg cannot seek in by time (a timeline's),
        or at all (a raw H.264 elementary stream: FFmpeg answers EPERM)."""
        self._reopen(hwdecode.on_device(self.stream))
        if self.timeline:
            self.timeline.restart(0)
        self.last_t, self.ended, self.settled = -math.inf, False, False
        self._it = hwdecode.guarded(self, self._frames())

    def _from_the_start(self) -> None:
        self.max_time = -math.inf  # (frames without timestamps count on from it: 0 again)
        self.pending, self.prev = self._next(), None

    def _rewind(self) -> None:
        """Back to the first frame after the probe read ahead. A stream that cannot seek (a raw
        H.264 elementary stream: FFmpeg answers EPERM) is opened again instead."""
        with contextlib.suppress(av.FFmpegError):
            return self._restart()
        self._from_the_file_start()
        self._from_the_start()

    def in_software(self, pts: int | None):
        """The frames again from the file opened in software (the device failed on it:
        ``core.hwdecode.guarded``), from the keyframe before ``pts`` (its start when None)."""
        self._reopen(hw=False)
        if pts is not None:  # (a stream that cannot seek: from its start, the timestamps skip)
            with contextlib.suppress(av.FFmpegError):
                self.container.seek(int(pts), stream=self.stream, backward=True, any_frame=False)
        return self._frames()

    def _reopen(self, hw: bool, start: int = 0) -> None:
        # the same skip mode and threads (a pool's share of the cores, slice threads for keyframes)
        skip = {v: k for k, v in SKIP_FRAME.items()}.get(str(self.stream.codec_context.skip_frame), "none")
        self.container.close()
        self.container, self.stream = open_video(self.path, self.budget.timeout_s, skip, self.threads, hw=hw, counted=False,
                                                 loop_filter_gop_s=self.loop_filter_gop_s, start=start)
        self.fix = None  # (``timeline_seek``'s, for a file opened from ``start``: its packets' times)
        if self.timeline:
            self.timeline.shift = start  # (its packets' byte positions count from there)
        self.sent = -math.inf  # (its decoder has been handed nothing yet)
        stray_times.restart(self)

    # -- decoding -------------------------------------------------------------------------------
    def _demuxed(self):
        """The stream's packets as its demuxer gives them (``core.reader_packets.demuxed``)."""
        return reader_packets.demuxed(self)

    def _frames(self):
        """The decoded frames of the stream from where its demuxer is (``packets``: those read)."""
        untimed_keys.restart(self)
        demuxed = self._demuxed()
        self.packets = timeline.Packets(untimed_keys.packets(self, demuxed) if self.stamps else demuxed)
        frames = self._decoded(self.packets)
        frames = untimed_keys.timed(self, frames) if self.stamps else frames  # (others: no layer per frame)
        return avi_header.in_order(frames) if self.avi and self.stream.codec_context.has_b_frames else frames

    def _decoded(self, packets):
        for packet in sparse_keys.packets(self, packets):
            if isinstance(packet, timeline.Restart):  # (a walk: the groups before were not decoded)
                self.stream.codec_context.flush_buffers()
                self.fresh = True
                if self.timeline:  # (the decoder's segment, not the demuxer's: a walk reads on past
                    # its keyframe to see none later comes, into the next part of clips joined, and the
                    # packets read after those it read ahead lie there: ``Timeline.note``'s ``read`` kept)
                    read = self.timeline.read
                    self.timeline.restart(self.timeline.segment_of(packet.key))
                    self.timeline.read = read
                continue
            if self.timeline and not self.timeline.hand(packet):
                continue  # (a part's last packet, given at the file's end)
            if withheld(self, packet):
                continue  # (keyframes only, from a decoder that decodes every frame anyway)
            untimed_keys.handed(self, packet)
            try:
                frames = timeline.decoded(self.stream, packet)
            except av.EOFError:
                return
            except av.FFmpegError as e:  # a damaged packet: skip it, as players do
                hwdecode.check(self.stream, e)  # (a device's error: the rest in software)
                self.bad_packets += 1
                if self.settled:  # (before a first frame: a start between keyframes; untimed: where it got to,
                    self.damage.add(round(self._packet_s(packet), 3) if packet.pts is not None and self.tb  # a bare
                                    else max(self.packet_end, self.max_time))  # stream's packets end nowhere, -inf)
                elif self.bad_packets > MAX_LEADING_BAD and not math.isfinite(self.max_time):
                    why = getattr(e, "strerror", None) or str(e) or type(e).__name__
                    raise MediaError(self.path, f"damaged video stream ({why})") from None
                continue
            yield from keyframes_kept(self, sparse_keys.given(self, frames))

    def _packet_s(self, packet) -> float:
        """When ``packet`` (one with a timestamp) is shown."""
        return self.timeline.packet_start(packet) if self.timeline else self._seconds(packet.pts)

    def _seconds(self, pts: int) -> float:
        return (pts - (self.origin if self.origin is not None else pts)) * self.tb

    def _time(self, frame) -> float:
        pts = frame.pts if frame.pts is not None else frame.dts
        if pts is None or self.tb is None or self.raw:  # no timestamp (of its own): one frame after the last
            self.info_from_frames = self.untimed = True
            return self.max_time + self.frame_dur if math.isfinite(self.max_time) else 0.0
        if self.first_dts is not None:  # (an AVI's first frame)
            avi_header.shift(self, frame)
        if self.timeline:
            t = max(0.0, self.timeline.frame_seconds(pts))
        else:
            if self.origin is None:
                self.origin, self.info_from_frames = pts, True
            t = max(0.0, (pts - self.origin) * self.tb)
        if stray_times.stray(self, t):  # (far past the frame before and the packets read since:
            return self.last_t + self.frame_dur  # a stray timestamp, timed by order)
        return t

    def _next(self) -> tuple[float, av.VideoFrame] | None:
        self.budget.check()
        frame = next(self._it, None)
        if frame is None:
            self.ended = True
            return None
        self.decoded += 1
        self.last_t = t = self._time(frame)
        self.max_time, self.settled, self.walked = max(self.max_time, t), True, False
        return t, frame

    def _seek_pts(self, pts: int) -> None:
        reader_seek.to_pts(self, pts)  # (FFmpeg's seek to the keyframe at or before ``pts``)

    def _seek(self, t: float) -> None:
        """Position so that the next frame read is at or before ``t`` (``core.reader_seek.seek``)."""
        reader_seek.seek(self, t)

    def landed(self, t: float) -> bool:
        """After a seek to the keyframe an index lists at or before ``t``: whether it was one
        (``core.reader_seek.landed``: when not, seeks stop and the file is read from its start)."""
        return reader_seek.landed(self, t)

    def at(self, t: float) -> tuple[float, av.VideoFrame] | None:
        """``(time, frame)`` shown at ``t``, or None past the end of the stream."""
        here = self.pending[0] if self.pending else (self.prev[0] if self.prev else 0.0)
        behind = self.prev is not None and t < self.prev[0] - self.tol
        # ended with none pending: every frame after ``here`` has been read, and a seek would land
        # on the same last keyframe and walk to the end again for each wanted time after it
        drained = self.ended and self.pending is None
        if self.tb and (behind or (self.prev is None and self.pending is None and not self.ended)
                        or (t - here > self.seek_gap_s and not drained)):
            self._seek(t)
        elif behind:  # no timestamps to seek by: start again
            self._restart()
        elif not drained:
            seek_ahead(self, t)  # to a keyframe before t the decoder has not reached, if any
        while True:
            if self.pending is None:
                if self.ended or (nxt := self._next()) is None:
                    break
                self.pending = nxt
            if self.pending[0] <= t + self.tol:
                self.prev, self.pending = self.pending, None
            else:
                break
        if self.prev is None:
            return self.pending  # t before the first frame
        end = max(self.prev[0] + self.frame_dur, reader_packets.played_to(self))  # skipped frames count too
        if self.ended and self.pending is None and t >= end - self.tol:
            return None
        return self.prev

    def truncation_tolerance(self) -> float:
        """Seconds a stream may end before its claimed duration without being called truncated (``cut_tolerance``)."""
        return cut_tolerance(self.info.duration, self.info.fps)

    def played_s(self) -> float:
        """How far the stream has been read: its last frame's end, frames skipped by choice counted."""
        return max(self.max_time + self.frame_dur, reader_packets.played_to(self))

    def check_end(self) -> None:
        """At the end of the stream: raise ``CutShort`` if it ended clearly before its claimed duration."""
        if not math.isfinite(self.max_time):
            raise MediaError(self.path, stream_facts.NO_FRAMES)
        decoded = self.played_s()
        if self.info.duration - decoded > self.frame_dur and "mov" in str(self.container.format.name).split(","):
            # an MP4/MOV cut inside its media data: how far it plays as its sample tables say (``core.mp4_cut``), the
            # number the preview says it by too (the decoder's run ends up to a few frames later: a sample partly
            # inside the file, its reordered frames)
            plays = mp4_cut.playable_s(self.path)
            decoded = min(decoded, plays) if plays is not None else decoded
        if said_cut_short(self.info.duration, decoded, self.info.fps) and not self.length_is_a_guess:
            raise CutShort(self.path, diagnose(self.path) or f"truncated: decodes only {decoded:.1f} s "
                           f"of {self.info.duration:.1f} s", decoded, self.info.duration)

    def damaged(self) -> Damaged | None:
        """What the decoder rejected once frames came, said where (None when nothing)."""
        return Damaged.at(self.path, self.damage, self.info.duration) if self.damage else None

    def last_frame(self) -> tuple[float, av.VideoFrame]:
        """The last decodable frame (every wanted time lay past the end of what decodes)."""
        if self.prev is not None:
            return self.prev
        start = max(0.0, self.max_time - self.truncation_tolerance() - 2 * self.frame_dur)
        self._seek(start if math.isfinite(self.max_time) else 0.0)
        found = self.pending
        while (nxt := self._next()) is not None:
            found = nxt
        if found is None:
            raise MediaError(self.path, "no decodable video frames near the end")
        return found

    def close(self) -> None:
        self.closed = True
        self.container.close()
        if getattr(self, "head", None) is not None:  # (the file it opened again after an error a look met)
            self.head.close()
