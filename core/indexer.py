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
* a video's moments become visible together with its "done" row (``VideoLibrary.commit_videos``:
  finished videos are committed in batches, ``core.index_passes``), so cancelling or killing the
  process at any moment leaves a consistent library, and the next run finishes the rest with no
  duplicate and no lost moment;
* with two passes (``IndexOptions.two_pass``, ``core.index_passes``) every video is first made
  searchable from its keyframes, then its moments are replaced by the full decode's;
* ``decode_workers`` threads each drive one decode process and feed a bounded queue, so memory
  stays bounded and embedding overlaps decoding; a process blocked sending its next moment
  waits for the queue (the time bound counts only while the parent waits on the process).

CPU budget (a CPU encoder, ``core.encode_budget``): decode threads and torch's threads share the cores. Each batch of
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
from .encode_budget import _encode_batch, _encode_threads, _encode_workers, _TorchThreads
from .errors import SeekframeError
from .index_passes import QUICK, CommitBatcher, passes, phase_spec, wants_two_passes
from .library import VideoLibrary
from .library.records import MomentRecord, VideoRecord
from .scan import normalise_root, scan
from .sync import HOLD_REASONS, apply_cheap_changes, plan_sync


@dataclass
class IndexEvent:
    # "scanned" | "pass_started" | "file_started" | "file_done" | "file_failed" | "finished" | "cancelled"
    kind: str
    files_done: int = 0
    files_total: int = 0
    moments: int = 0  # moments committed so far in this run
    current: str = ""
    error: str = ""
    eta_s: float | None = None
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), whole run so far
    summary: dict = field(default_factory=dict)
    # "quick" (keyframes only, searchable soon) or "full"; files_done/files_total count this pass.
    # A two-pass run's "scanned" event has the quick pass's; "pass_started" opens the full one.
    phase: str = "full"


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
    two_pass: bool | None = None  # a quick keyframes-only pass first; None: by the run's size (core.index_passes)
    commit_every_s: float = 1.0  # finished videos wait this long to be committed together ...
    commit_videos: int = 32  # ... up to this many videos ...
    commit_moments: int = 4096  # ... or moments (core.index_passes.CommitBatcher)


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
    record, then its moments and its "done" row visible together. (The local pipeline batches:
    ``with_info`` then ``core.index_passes.CommitBatcher``.)"""
    library.commit_video(with_info(rec, info), moments)
    library.maybe_optimize()


def with_info(rec: VideoRecord, info) -> VideoRecord:
    """``rec`` with the decoded file's ``VideoInfo`` on it (changed in place, returned)."""
    rec.duration, rec.fps, rec.frame_count = info.duration, info.fps, info.frame_count
    rec.width, rec.height, rec.codec = info.width, info.height, info.codec
    rec.error = ""
    return rec


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
        run_passes = passes(jobs, wants_two_passes(self.options.two_pass, jobs))
        summary = {
            "two_pass": len(run_passes) > 1,
            "found": len(found.files), "unchanged": plan.unchanged, "to_index": total,
            "moved": len(plan.moved), "copied": len(plan.copies), "deleted": len(plan.deleted),
            "offline_roots": list(plan.offline_roots), "offline_videos": len(plan.offline),
            "previously_failed": len(plan.still_failed), "touched": len(plan.touched),
            "skipped": found.skipped_report(),  # files that are no videos, by kind; still GIFs listed
            # vanished videos kept (marked offline), not removed: only --prune removes them
            "held": [{"root": root, "videos": len(kept), "reason": reason, "why": HOLD_REASONS[reason]}
                     for root, (reason, kept) in plan.held.items()],
        }
        phase, first = run_passes[0]
        yield IndexEvent("scanned", files_total=len(first), failed=list(failed), summary=dict(summary), phase=phase)
        if self._cancel.is_set():
            yield IndexEvent("cancelled", files_total=len(first), failed=failed, summary=summary, phase=phase)
            return
        # Nothing is written before a video is complete: a killed run leaves these files new or
        # changed on disk (or quick), so the next run's plan picks them up again.
        broken: set[str] = set()  # videos that failed in this run: not decoded again
        for i, (phase, files) in enumerate(run_passes):
            files = [r for r in files if r.video_id not in broken]
            if i:
                yield IndexEvent("pass_started", files_total=len(files), failed=list(failed),
                                 summary=summary, phase=phase)
            last = yield from self._pipeline(files, failed, summary, phase, broken)
            if last.kind == "cancelled":
                break
        yield last

    # -- decode workers ---------------------------------------------------------------------
    def _decode_worker(self, jobs: queue.Queue, out: queue.Queue, stop: threading.Event, spec: DecodeSpec) -> None:
        """One decoding thread: takes files and relays one decode process's messages for each."""
        opts, pool = self.options, shared_pool()
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
    def _pipeline(self, jobs: list[VideoRecord], failed: list, summary: dict, phase: str,
                  broken: set[str]) -> Iterator[IndexEvent]:
        """One pass over ``jobs``; its events, and as its return value the last one ("finished"
        or "cancelled", not yielded: the run decides)."""
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
        state = {"done": 0, "moments": 0, "bytes_done": 0, "received": 0}
        commits = CommitBatcher(lib, opts.commit_every_s, opts.commit_videos, opts.commit_moments)
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
                              current=current, error=error, eta_s=eta(), failed=list(failed), summary=summary,
                              phase=phase)

        def commit():  # the waiting finished videos: visible now, their "file_done" events after
            for rec, n in commits.commit():
                state["done"] += 1
                state["moments"] += n
                yield event("file_done", current=rec.path)

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
            broken.add(rec.video_id)
            state["done"] += 1
            state["received"] += 1
            state["bytes_done"] += rec.size
            yield event("file_failed", current=rec.path, error=reason)

        for i in range(min(opts.decode_workers, max(1, total))):
            workers.append(threading.Thread(target=self._decode_worker,
                                            args=(job_q, out, stop, phase_spec(decode_spec(self.encoder, opts), phase)),
                                            name=f"seekframe-decode-{i}", daemon=True))
            workers[-1].start()
        threads.__enter__()
        try:
            while True:
                if commits.due():
                    yield from commit()
                if self._cancel.is_set():
                    yield from commit()  # finished videos are kept
                    return event("cancelled")
                if state["received"] >= total:
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
                    with_info(rec, payload).quick = phase == QUICK
                    commits.add(rec, vectors.pop(rec.video_id, []))
                    state["received"] += 1
                    state["bytes_done"] += rec.size
                elif kind == "failed":
                    yield from fail(rec, payload)
                elif kind == "error":
                    raise SeekframeError(payload)
            yield from commit()
            return event("finished")
        finally:
            if helpers is not None:
                helpers.shutdown(wait=True)
            threads.__exit__(None, None, None)
            stop.set()
            for w in workers:
                w.join(timeout=2.0)
