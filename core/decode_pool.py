"""Decode video files in worker processes, each file under a time and a memory bound.

A decoder that hangs inside FFmpeg, allocates without bound or crashes on one file must cost
that file only. :class:`DecodePool` keeps a few decode processes; :meth:`DecodePool.decode`
hands one a file and streams its messages back. The parent enforces the bounds, and a worker
that breaks one is lost (killed or gone, replaced by a fresh one for the next file):

* **time**: no message from the worker for ``timeout_s`` (the probe, or one moment's frames);
* **memory** (Linux, ``core.decode_worker.MEMORY_BOUND``): the worker's data segment (``RLIMIT_DATA``: heap and
  private writable mappings) may grow by ``memory_mb`` over what it held once started;
* **crash**: a worker that dies (a signal, the OOM killer).

Workers come from the "forkserver" context on Linux (never a fork of this process and its
torch/OpenMP threads) and "spawn" elsewhere; they ignore Ctrl-C (the parent decides) and exit
when the parent dies.
"""

from __future__ import annotations

import atexit
import math
import os
import signal
import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Iterator

from .decode_worker import ReadsOtherwise, worker_main
from .errors import SeekframeError, hung_reason
from .worker_start import advised, context, ctrl_c_held, start_failure

if TYPE_CHECKING:  # decoding (PyAV, OpenCV: ~0.3 s of imports) is imported where it runs, so a
    # run with nothing to decode (a no-op re-scan) never pays for it
    from .media import FrameSampler, VideoInfo
    from .moments import Moment, MomentSegmenter

_POLL_S = 0.1  # how often a waiting decode looks at its cancel flag


class DecodePoolError(SeekframeError):
    """A decode process could not be started (not the fault of any one file)."""


@dataclass(frozen=True)
class DecodeSpec:
    """How a worker cuts a file into moments: the sampler's and the segmenter's settings."""

    size: int | tuple[int, int] | None = 224
    crop: str = "center"
    resize: dict | None = None  # a model config's resize recipe (core.frame_fit)
    timeout_s: float = 120.0  # the sampler's budget per returned frame (its bound on pixels is its own)
    window_s: float = 4.0
    frames_per_moment: int = 8
    shot_cuts: bool = False
    # frames no other frame refers to are never decoded (core.decode_modes): a moment
    # needs a few frames anywhere in its seconds, not the exact ones; ~0.6x the decoding CPU
    skip: str = "nonref"
    threads: int = 0  # the decoder's threads; 0: DecodePool.decode sets decode_threads()
    # H.264 without its loop filter on files with keyframes this close, for a model that
    # tolerates it (its config's decode.skip_loop_filter_max_gop_s; core.decode_modes); 0: never
    loop_filter_gop_s: float = 0.0
    # skipping "nonkey" (the quick pass): keyframes further apart are decoded between too (core.sparse_keys)
    key_gap_s: float = math.inf
    # the quick pass: at most this many moments a file, in wider windows (MomentSegmenter.window_for); 0: no cap
    max_moments: int = 0
    # the reader (core.video_info.READER) a video being rechecked was indexed by (core.sync): it is
    # probed only, and left as it is (moments None), when this reader shows it as that one did
    recheck_of: int | None = None
    recheck_s: float = 0.0  # the length that reader recorded for it (0: not known)
    # opened only, never decoded: a file that opens as a video (a recheck: shown otherwise than its
    # reader did) is answered "differs" (ReadsOtherwise), one that is no video "failed". Every file of a
    # pass whose model is not loaded yet (core.index_pass: the rest of this spec, the model's sizes, is
    # not known; a file to embed is decoded again once the model is loaded on its "differs")
    check_only: bool = False

    def sampler(self) -> FrameSampler:
        from .media import FrameSampler

        return FrameSampler(size=self.size, crop=self.crop, timeout_s=self.timeout_s, resize=self.resize,
                            skip=self.skip, threads=self.threads, loop_filter_gop_s=self.loop_filter_gop_s,
                            key_gap_s=self.key_gap_s)

    def segmenter(self) -> MomentSegmenter:
        from .moments import MomentSegmenter

        return MomentSegmenter(window_s=self.window_s, frames_per_moment=self.frames_per_moment,
                               shot_cuts=self.shot_cuts, fill_gaps=self.skip == "nonkey",
                               one_frame=self.skip == "nonkey", max_moments=self.max_moments)


def decode_file(path: str, spec: DecodeSpec) -> tuple[VideoInfo | None, Iterator[Moment] | None]:
    """The real decoder: open and probe ``path`` once (``FrameSampler.open``), then its moments as
    the segmenter streams them from that open file; its ``VideoInfo`` (the probe) goes with them.
    Moments None: the file is rechecked (``spec.recheck_of``) and shown as that reader showed it (its
    info None where its index alone told so, never opened: ``reader_recheck.steady_mp4``)."""
    from .media import PROBE_TIMEOUT_S, reads_as_by
    from .reader_recheck import steady_mp4

    if spec.recheck_of is not None and steady_mp4(path, spec.recheck_of):
        return None, None
    sampler = spec.sampler()
    reader = sampler.open(path, probe_timeout_s=PROBE_TIMEOUT_S)
    if spec.recheck_of is not None and reads_as_by(reader, spec.recheck_of, spec.recheck_s):
        reader.close()
        return reader.info, None
    if spec.check_only:
        reader.close()
        raise ReadsOtherwise
    return reader.info, Decoded(reader, sampler, spec.segmenter().segment(reader, sampler, reader.info))


class Decoded:
    """The moments of a file, then (``info``) its ``VideoInfo`` as reading it found it: as long as
    it ran, when its stream ran on past its header's length (``core.tracks.runs_on``). Raises
    ``Damaged`` after them when the decoder rejected packets on the way (skipped)."""

    def __init__(self, reader, sampler, moments: Iterator[Moment]):
        self.reader, self.sampler, self.moments, self.info = reader, sampler, moments, reader.info

    def __iter__(self) -> Iterator[Moment]:
        yield from self.moments
        ran = getattr(self.sampler, "ended_at", None)
        if ran is not None and ran > self.info.duration:
            self.info = replace(self.info, duration=ran, frame_count=max(self.info.frame_count, round(ran * self.info.fps)))
        if (damage := self.reader.damaged()) is not None:
            damage.plays_s = damage.claimed_s = max(damage.plays_s, self.info.duration)
            raise damage


def decode_threads(side_by_side: int, cores: int | None = None) -> int:
    """Decoder threads for each of ``side_by_side`` decode processes: the cores shared out, 1
    (slice threads only) when there are no more cores than processes, where frame threads cost
    CPU for no speed (``core.decode_modes``). A file decoded alone keeps every core."""
    if cores is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
    return max(1, cores // max(1, side_by_side))


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = "unknown signal"
        if -exitcode == getattr(signal, "SIGKILL", 9):  # not ours: we report our own kills
            return f"the decoder was killed (signal {-exitcode}, {name}; out of memory?)"
        return f"the decoder crashed (signal {-exitcode}, {name})"
    return f"the decoder exited unexpectedly (exit code {exitcode})"


# -- the parent side -----------------------------------------------------------------------------
class _Worker:
    def __init__(self, start_timeout_s: float):
        ctx = context()
        try:  # out of file descriptors or processes, a fork server that cannot start or died
            self.conn, child = ctx.Pipe(duplex=True)
        except OSError as exc:
            raise DecodePoolError(f"could not start a video decoding process: {start_failure(exc)}") from exc
        self.proc = ctx.Process(target=worker_main, args=(child,), name="seekframe-decode", daemon=True)
        try:
            with ctrl_c_held():
                self.proc.start()
        except Exception as exc:  # (EOFError: the fork server died; spawn's pickling, a tracker: never a file's)
            self.conn.close()
            raise DecodePoolError(f"could not start a video decoding process: {start_failure(exc)}") from exc
        finally:
            child.close()
        try:
            if self.conn.poll(start_timeout_s) and self.conn.recv()[0] == "ready":
                return
            why = f"it did not start within {start_timeout_s:g} s"
        except (EOFError, OSError):
            self.proc.join(1.0)
            why = _death_reason(self.proc.exitcode)
        self.kill()
        raise DecodePoolError(f"could not start a video decoding process: {advised(why)}")

    def receive(self, timeout_s: float, cancelled: Callable[[], bool]):
        """The next message; ``("lost", reason)`` when none came for ``timeout_s`` or the worker
        died; None when ``cancelled()`` turned true while waiting."""
        deadline = time.monotonic() + timeout_s
        while True:
            if cancelled():  # looked at first: a busy worker always has the next moment ready
                return None
            if self.conn.poll(max(0.0, min(_POLL_S, deadline - time.monotonic()))):
                break
            if time.monotonic() >= deadline:
                return "lost", hung_reason(timeout_s)
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.proc.join(2.0)
            return "lost", _death_reason(self.proc.exitcode)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5.0)
        self.conn.close()

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(1.0)
        self.kill()


class DecodePool:
    """Decode processes, lent one per file being decoded and kept for the next file.

    Thread-safe: each decoding thread calls :meth:`decode` with its own file; a worker is made
    when none is idle, and at most ``max_idle`` are kept between files.
    """

    def __init__(self, max_idle: int = 4, start_timeout_s: float = 60.0):
        self.max_idle, self.start_timeout_s = max_idle, start_timeout_s
        self._idle: list[_Worker] = []
        self._busy = 0  # files being decoded
        self._lock = threading.Lock()
        self._closed = False

    @property
    def idle_pids(self) -> list[int]:
        with self._lock:
            return [w.proc.pid for w in self._idle]

    def _lease(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise DecodePoolError("the decoding processes were shut down")
            while self._idle:
                w = self._idle.pop()
                if w.proc.is_alive():
                    return w
                w.kill()
        return _Worker(self.start_timeout_s)

    def _release(self, w: _Worker) -> None:
        with self._lock:
            if not self._closed and w.proc.is_alive() and len(self._idle) < self.max_idle:
                self._idle.append(w)
                return
        w.close()

    def decode(self, path: str, spec: DecodeSpec, *, timeout_s: float, memory_mb: int | None = None,
               fn: Callable | None = None, cancelled: Callable[[], bool] = lambda: False,
               side_by_side: int = 1) -> Iterator[tuple[str, object]]:
        """Messages for one file: ``("length", seconds)`` (the header's), ``("moment", Moment)``… then ``("done",
        VideoInfo)`` or ``("failed", reason)``, or only ``("kept", VideoInfo or None)`` (``DecodeSpec.recheck_of``: the
        file's moments stay as they are) or ``("differs", None)`` (``check_only``); nothing more once ``cancelled()``.
        Close the generator when leaving early: a worker in the middle of a file is killed, never reused. A ``spec``
        with ``threads`` 0 gets :func:`decode_threads` for the files being decoded once its worker is ready, or for
        ``side_by_side`` when more: the files the caller is starting at once (a run's other decoding thread may reach
        the pool after this file's worker is ready). ``fn``: a top-level ``fn(path, spec) -> (VideoInfo, moments or
        None)``, :func:`decode_file` by default."""
        with self._lock:
            self._busy += 1
        w, finished = None, False
        try:
            w = self._lease()
            if not spec.threads:
                spec = replace(spec, threads=decode_threads(max(self._busy, side_by_side)))
            w.conn.send((str(path), spec, fn or decode_file, memory_mb))
            while True:
                msg = w.receive(timeout_s, cancelled)
                if msg is None:
                    return
                kind, payload = msg
                if kind == "lost":  # (the worker is killed below, never reused)
                    yield "failed", payload
                    return
                finished = kind in ("done", "failed", "kept", "differs")
                yield kind, payload
                if finished:
                    return
        finally:
            with self._lock:
                self._busy -= 1
            if finished:
                self._release(w)
            elif w is not None:  # (None: no worker could be had)
                w.kill()

    def close(self) -> None:
        with self._lock:
            self._closed, idle, self._idle = True, self._idle, []
        for w in idle:
            w.close()


_shared: DecodePool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> DecodePool:
    """This process's pool, created on first use and kept warm across indexing runs."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared._closed:
            _shared = DecodePool()
        return _shared


@atexit.register
def close_shared_pool() -> None:
    """End the shared pool's idle workers now (a later :func:`shared_pool` makes a new pool)."""
    global _shared
    with _shared_lock:
        pool, _shared = _shared, None
    if pool is not None:
        pool.close()
