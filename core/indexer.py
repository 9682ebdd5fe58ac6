"""Index folders of videos into moments: scan → plan → decode (processes) → embed (batches) → commit.

``MomentIndexer.run(roots)`` is a plain generator of ``IndexEvent``; the CLI prints them and the
GUI wraps the same generator in a cancellable worker. Guarantees:

* a bad file never stops the run: it is recorded as failed with its reason, and not retried
  until its size or mtime changes. That includes a file whose decoder hangs, balloons or
  crashes: files are decoded in worker processes (``core.decode_pool``) under a time bound
  (``file_timeout_s`` without progress) and a memory bound (``decode_memory_mb``, Linux); a
  worker that breaks one is killed and replaced, and the run goes on;
* vanished videos are removed only where that looks like a deletion: an empty folder, one on
  another drive, or one losing more than half of its videos keeps them, marked offline
  (``core.sync``), until a run with ``IndexOptions.prune``; the "scanned" event's summary
  lists them under ``held``;
* a video's moments become visible together with its "done" row (``VideoLibrary.commit_video``),
  so cancelling or killing the process at any moment leaves a consistent library, and the next
  run finishes the rest with no duplicate and no lost moment;
* ``decode_workers`` threads each drive one decode process and feed a bounded queue, so memory
  stays bounded and embedding overlaps decoding; a process blocked sending its next moment
  waits for the queue (the time bound counts only while the parent waits on the process).

CPU budget (a CPU encoder): decode threads and torch's threads share the cores. Each batch of
moments is split between ``encode_workers`` threads (2 on a multi-core CPU, the indexing thread
and one helper) that run single-threaded torch passes side by side, with ``(cpu_count -
decode_workers) // encode_workers`` intra-op threads each (at least 1; ``encode_threads``
overrides); torch's setting is restored after the run. On 2 cores, torch's own 2 intra-op
threads spinning at barriers against 2 busy decoders cost 2-6x the single-thread time of a pass,
and a single encoding thread leaves a core idle whenever the decoders wait on a full queue.
Each forward pass holds at most ``_CPU_PIXELS_PER_PASS`` input pixels (``encode_batch``
overrides): a 224 px, 8-frame student runs ~1.5x faster in passes of 1-2 moments than of 16 (the
activations stay in cache), and its peak memory drops. GPU encoders keep one thread and passes
of ``batch_size``. Measured with ``benchmarks/index_throughput.py``.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np

from .decode_pool import DecodePoolError, DecodeSpec, shared_pool
from .errors import SeekframeError
from .library import VideoLibrary
from .library.records import MomentRecord, VideoRecord
from .scan import normalise_root, scan
from .sync import HOLD_REASONS, apply_cheap_changes, plan_sync


@dataclass
class IndexEvent:
    kind: str  # "scanned" | "file_started" | "file_done" | "file_failed" | "finished" | "cancelled"
    files_done: int = 0
    files_total: int = 0
    moments: int = 0  # moments committed so far in this run
    current: str = ""
    error: str = ""
    eta_s: float | None = None
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), whole run so far
    summary: dict = field(default_factory=dict)


@dataclass
class IndexOptions:
    window_s: float = 4.0
    shot_cuts: bool = False
    decode_workers: int = max(1, min(2, os.cpu_count() or 1))
    batch_size: int = 16  # moments per embedding call
    encode_batch: int | None = None  # moments per forward pass; None: auto (see module doc)
    encode_threads: int | None = None  # torch threads per encoding thread on CPU; None: auto, 0: leave as is
    encode_workers: int | None = None  # threads encoding a batch side by side on CPU; None: auto
    queue_moments: int = 48  # bound on decoded moments waiting for the encoder
    file_timeout_s: float = 600.0  # a decoder silent this long (no moment yet) is killed: the file failed
    decode_memory_mb: int | None = 4096  # what a decode process may allocate (Linux); None: no bound
    decode_fn: Callable | None = None  # top-level fn(path, DecodeSpec); None: core.decode_pool.decode_file
    reindex_failed: bool = False
    prune: bool = False  # remove vanished videos even where the run would hold them (core.sync)


def decode_spec(encoder, options: IndexOptions) -> DecodeSpec:
    """How the decode processes cut files for ``encoder``: its size, resize and frames."""
    return DecodeSpec(size=encoder.image_size, resize=getattr(getattr(encoder, "model", None), "resize", None),
                      timeout_s=options.file_timeout_s, window_s=options.window_s,
                      frames_per_moment=encoder.frames_per_moment, shot_cuts=options.shot_cuts)


def check_moment_settings(library: VideoLibrary, options: IndexOptions) -> None:
    """Moments of one library are cut one way: refuse to mix window lengths silently."""
    s = library.settings
    if "window_s" not in s or not any(v.n_moments for v in library.videos()):
        return
    if abs(float(s["window_s"]) - options.window_s) > 1e-6 or bool(s.get("shot_cuts")) != options.shot_cuts:
        raise SeekframeError(
            f"This library cuts moments every {s['window_s']:g} s (shot cuts "
            f"{'on' if s.get('shot_cuts') else 'off'}); to change that, re-index it with --reindex."
        )


def commit_decoded(library: VideoLibrary, rec: VideoRecord, info, moments: list[MomentRecord]) -> None:
    """The one per-video commit (local and ``core.cluster``): the file's ``VideoInfo`` onto its
    record, then its moments and its "done" row visible together."""
    rec.duration, rec.fps, rec.frame_count = info.duration, info.fps, info.frame_count
    rec.width, rec.height, rec.codec = info.width, info.height, info.codec
    rec.error = ""
    library.commit_video(rec, moments)
    library.maybe_optimize()


_CPU_PIXELS_PER_PASS = 1 << 20  # ~20 frames of 224x224 per forward pass on a CPU


def _encoder_on_cpu(encoder) -> bool:
    device = getattr(encoder, "device", None)
    return getattr(device, "type", None) == "cpu"


def _encode_batch(encoder, opts: "IndexOptions") -> int:
    """Moments per forward pass: ``opts.encode_batch``, else on a CPU as many as fit in
    ``_CPU_PIXELS_PER_PASS`` input pixels (at most ``batch_size``), else ``batch_size``."""
    if opts.encode_batch:
        return max(1, int(opts.encode_batch))
    if not _encoder_on_cpu(encoder):
        return max(1, opts.batch_size)
    size = int(getattr(encoder, "image_size", 224) or 224)
    frames = int(getattr(encoder, "frames_per_moment", 8) or 8)
    return max(1, min(opts.batch_size, _CPU_PIXELS_PER_PASS // (size * size * frames)))


def _encode_workers(encoder, opts: "IndexOptions") -> int:
    """Threads that encode parts of a batch side by side: 2 on a multi-core CPU, else 1. A model
    left in training mode is encoded by one thread (``Encoder`` flips its mode around a call)."""
    if not _encoder_on_cpu(encoder) or getattr(getattr(encoder, "model", None), "training", False):
        return 1
    if opts.encode_workers:
        return max(1, int(opts.encode_workers))
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def _encode_threads(encoder, opts: "IndexOptions", workers: int) -> int | None:
    """torch intra-op threads per encoding thread, or None to leave torch's setting alone."""
    if opts.encode_threads == 0 or not _encoder_on_cpu(encoder):
        return None
    if opts.encode_threads:
        return max(1, int(opts.encode_threads))
    return max(1, ((os.cpu_count() or 1) - max(1, opts.decode_workers)) // max(1, workers))


class _TorchThreads:
    """Set torch's intra-op thread count for a run and restore it afterwards (the calling thread's
    setting: torch keeps it per thread under OpenMP, so the encoding thread must enter this)."""

    def __init__(self, n: int | None):
        self.n, self.saved = n, None

    def in_thread(self) -> None:
        """Initialiser of a helper encoding thread (it lives only as long as the run)."""
        if self.n is not None:
            import torch

            torch.set_num_threads(self.n)

    def __enter__(self):
        if self.n is not None:
            try:
                import torch
            except ImportError:  # an encoder without torch (tests' fakes)
                return self
            self.saved = torch.get_num_threads()
            if self.saved != self.n:
                torch.set_num_threads(self.n)
        return self

    def __exit__(self, *exc):
        if self.saved is not None and self.saved != self.n:
            import torch

            torch.set_num_threads(self.saved)


class MomentIndexer:
    def __init__(self, library: VideoLibrary, encoder, options: IndexOptions | None = None):
        self.library = library
        self.encoder = encoder
        self.options = options or IndexOptions()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask a running ``run()`` to stop; it yields a "cancelled" event and returns."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self, roots: list[str]) -> Iterator[IndexEvent]:
        enc, lib = self.encoder, self.library
        lib.bind_model(enc.model_id, enc.source, enc.embed_dim)
        roots = [normalise_root(r) for r in roots] or list(lib.settings.get("folders", []))
        if not roots:
            raise SeekframeError("No folders to index: name one, e.g. `seekframe index ~/Videos`.")
        check_moment_settings(lib, self.options)
        known = list(lib.settings.get("folders", []))
        lib.update_settings(folders=known + [r for r in roots if r not in known],
                            window_s=self.options.window_s, shot_cuts=self.options.shot_cuts)
        found = scan(roots, cancelled=self._cancel.is_set)
        if self._cancel.is_set():  # a scan cut short lists only some files: plan nothing from it
            yield IndexEvent("cancelled")
            return
        plan = plan_sync(lib, roots, found, reindex_failed=self.options.reindex_failed,
                         prune=self.options.prune)
        apply_cheap_changes(lib, plan)
        failed = [(p, r) for p, r in plan.problems if not any(p == o for o in found.offline_roots)]
        failed += [(v.path, v.error) for v in plan.still_failed]
        jobs = plan.to_index
        total = len(jobs)
        summary = {
            "found": len(found.files), "unchanged": plan.unchanged, "to_index": total,
            "moved": len(plan.moved), "copied": len(plan.copies), "deleted": len(plan.deleted),
            "offline_roots": list(plan.offline_roots), "offline_videos": len(plan.offline),
            "previously_failed": len(plan.still_failed), "touched": len(plan.touched),
            "skipped": found.skipped_report(),  # files that are no videos, by kind; still GIFs listed
            # vanished videos kept (marked offline), not removed: only --prune removes them
            "held": [{"root": root, "videos": len(kept), "reason": reason, "why": HOLD_REASONS[reason]}
                     for root, (reason, kept) in plan.held.items()],
        }
        yield IndexEvent("scanned", files_total=total, failed=list(failed), summary=dict(summary))
        if self._cancel.is_set():
            yield IndexEvent("cancelled", files_total=total, failed=failed, summary=summary)
            return
        # Nothing is written before a video is complete: a killed run leaves these files new or
        # changed on disk, so the next run's plan picks them up again.
        yield from self._pipeline(jobs, failed, summary)

    # -- decode workers ---------------------------------------------------------------------
    def _decode_worker(self, jobs: queue.Queue, out: queue.Queue, stop: threading.Event) -> None:
        """One decoding thread: takes files and relays one decode process's messages for each."""
        opts, spec, pool = self.options, decode_spec(self.encoder, self.options), shared_pool()
        while not stop.is_set():
            try:
                rec = jobs.get_nowait()
            except queue.Empty:
                return
            self._put(out, ("start", rec, None), stop)
            messages = pool.decode(rec.path, spec, timeout_s=opts.file_timeout_s, memory_mb=opts.decode_memory_mb,
                                   fn=opts.decode_fn, cancelled=stop.is_set)
            try:
                with closing(messages):  # leaving early kills a process in the middle of a file
                    for kind, payload in messages:
                        self._put(out, (kind, rec, payload), stop)
            except DecodePoolError as exc:  # no process could start: not this file's fault
                self._put(out, ("error", rec, str(exc)), stop)
                return

    @staticmethod
    def _put(out: queue.Queue, item, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    # -- the pipeline -----------------------------------------------------------------------
    def _pipeline(self, jobs: list[VideoRecord], failed: list, summary: dict) -> Iterator[IndexEvent]:
        opts, lib = self.options, self.library
        total = len(jobs)
        job_q: queue.Queue = queue.Queue()
        for rec in jobs:
            job_q.put(rec)
        out: queue.Queue = queue.Queue(maxsize=max(1, opts.queue_moments))
        stop = threading.Event()
        workers: list[threading.Thread] = []
        vectors: dict[str, list[MomentRecord]] = {}  # embedded moments of videos still decoding
        batch: list[tuple[VideoRecord, object]] = []
        state = {"done": 0, "moments": 0, "bytes_done": 0}
        bytes_total = sum(r.size for r in jobs) or 1
        per_pass = _encode_batch(self.encoder, opts)
        n_encoders = _encode_workers(self.encoder, opts)
        threads = _TorchThreads(_encode_threads(self.encoder, opts, n_encoders))
        helpers = (ThreadPoolExecutor(n_encoders - 1, thread_name_prefix="seekframe-encode",
                                      initializer=threads.in_thread) if n_encoders > 1 else None)
        t0 = time.monotonic()

        def eta():
            elapsed = time.monotonic() - t0
            if state["bytes_done"] <= 0 or elapsed <= 0:
                return None
            rate = state["bytes_done"] / elapsed
            return max(0.0, (bytes_total - state["bytes_done"]) / rate)

        def event(kind, current="", error=""):
            return IndexEvent(kind, files_done=state["done"], files_total=total, moments=state["moments"],
                              current=current, error=error, eta_s=eta(), failed=list(failed), summary=summary)

        def flush():
            if not batch:
                return
            frames = np.stack([m.frames for _, m in batch])
            if helpers is None or len(frames) <= per_pass:
                vecs = self.encoder.encode_moments(frames, batch_size=per_pass)
            else:  # the parts side by side: this thread encodes the first one
                parts = [p for p in np.array_split(frames, n_encoders) if len(p)]
                futures = [helpers.submit(self.encoder.encode_moments, p, batch_size=per_pass)
                           for p in parts[1:]]
                first = self.encoder.encode_moments(parts[0], batch_size=per_pass)
                vecs = np.concatenate([first] + [f.result() for f in futures])
            for (rec, m), v in zip(batch, vecs):
                vectors.setdefault(rec.video_id, []).append(
                    MomentRecord(rec.video_id, 0, m.index, m.start, m.end, m.thumb_time, v.astype(np.float32))
                )
            batch.clear()

        def fail(rec, reason):
            batch[:] = [(r, m) for r, m in batch if r.video_id != rec.video_id]
            vectors.pop(rec.video_id, None)
            lib.record_failure(rec, reason)
            failed.append((rec.path, reason))
            state["done"] += 1
            state["bytes_done"] += rec.size
            yield event("file_failed", current=rec.path, error=reason)

        for i in range(min(opts.decode_workers, max(1, total))):
            workers.append(threading.Thread(target=self._decode_worker, args=(job_q, out, stop),
                                            name=f"seekframe-decode-{i}", daemon=True))
            workers[-1].start()
        threads.__enter__()
        try:
            while True:
                if self._cancel.is_set():
                    yield event("cancelled")
                    return
                if state["done"] >= total:
                    break
                try:
                    kind, rec, payload = out.get(timeout=0.1)
                except queue.Empty:
                    if not any(w.is_alive() for w in workers) and out.empty():
                        break
                    continue
                if kind == "start":
                    yield event("file_started", current=rec.path)
                elif kind == "moment":
                    batch.append((rec, payload))
                    if len(batch) >= opts.batch_size:
                        flush()
                elif kind == "done":
                    flush()
                    moments = vectors.pop(rec.video_id, [])
                    commit_decoded(lib, rec, payload, moments)
                    state["done"] += 1
                    state["moments"] += len(moments)
                    state["bytes_done"] += rec.size
                    yield event("file_done", current=rec.path)
                elif kind == "failed":
                    yield from fail(rec, payload)
                elif kind == "error":
                    raise SeekframeError(payload)
            yield event("finished")
        finally:
            if helpers is not None:
                helpers.shutdown(wait=True)
            threads.__exit__(None, None, None)
            stop.set()
            for w in workers:
                w.join(timeout=2.0)
