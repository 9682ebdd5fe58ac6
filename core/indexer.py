"""Index folders of videos into moments: scan → plan → decode (threads) → embed (batches) → commit.

``MomentIndexer.run(roots)`` is a plain generator of ``IndexEvent``; the CLI prints them and the
GUI wraps the same generator in a cancellable worker. Guarantees:

* a bad file never stops the run: it is recorded as failed with its reason, and not retried
  until its size or mtime changes;
* a video's moments become visible together with its "done" row (``VideoLibrary.commit_video``),
  so cancelling or killing the process at any moment leaves a consistent library, and the next
  run finishes the rest with no duplicate and no lost moment;
* decoding runs in worker threads (OpenCV releases the GIL) feeding a bounded queue, so memory
  stays bounded and embedding overlaps decoding.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from .errors import MediaError
from .library import VideoLibrary
from .library.records import MomentRecord, VideoRecord
from .media import FrameSampler, probe
from .moments import MomentSegmenter
from .scan import normalise_root, scan
from .sync import apply_cheap_changes, plan_sync


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
    queue_moments: int = 48  # bound on decoded moments waiting for the encoder
    file_timeout_s: float = 600.0  # a file decoding longer than this is given up as hung
    reindex_failed: bool = False


_DONE = object()


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
        roots = [normalise_root(r) for r in roots]
        found = scan(roots, cancelled=self._cancel.is_set)
        plan = plan_sync(lib, roots, found, reindex_failed=self.options.reindex_failed)
        apply_cheap_changes(lib, plan)
        failed = [(p, r) for p, r in plan.problems if not any(p == o for o in found.offline_roots)]
        failed += [(v.path, v.error) for v in plan.still_failed]
        jobs = plan.to_index
        total = len(jobs)
        summary = {
            "found": len(found.files), "unchanged": plan.unchanged, "to_index": total,
            "moved": len(plan.moved), "copied": len(plan.copies), "deleted": len(plan.deleted),
            "offline_roots": list(found.offline_roots), "offline_videos": len(plan.offline),
            "previously_failed": len(plan.still_failed),
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
        sampler = FrameSampler(size=self.encoder.image_size, timeout_s=self.options.file_timeout_s)
        segmenter = MomentSegmenter(
            window_s=self.options.window_s,
            frames_per_moment=self.encoder.frames_per_moment,
            shot_cuts=self.options.shot_cuts,
        )
        while not stop.is_set():
            try:
                rec = jobs.get_nowait()
            except queue.Empty:
                return
            self._put(out, ("start", rec, None), stop)
            try:
                info = probe(rec.path)
                for moment in segmenter.segment(rec.path, sampler, info):
                    if stop.is_set():
                        return
                    self._put(out, ("moment", rec, moment), stop)
                self._put(out, ("done", rec, info), stop)
            except MediaError as exc:
                self._put(out, ("failed", rec, exc.reason), stop)
            except Exception as exc:  # a decoder bug must not stop the run: report it
                self._put(out, ("failed", rec, f"unexpected error: {type(exc).__name__}: {exc}"), stop)

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
        started: dict[str, tuple[float, VideoRecord]] = {}  # decoding now: since when
        state = {"done": 0, "moments": 0, "bytes_done": 0}
        bytes_total = sum(r.size for r in jobs) or 1
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
            vecs = self.encoder.encode_moments(frames, batch_size=opts.batch_size)
            for (rec, m), v in zip(batch, vecs):
                vectors.setdefault(rec.video_id, []).append(
                    MomentRecord(rec.video_id, 0, m.index, m.start, m.end, m.thumb_time, v.astype(np.float32))
                )
            batch.clear()

        abandoned: set[str] = set()

        def spawn():
            w = threading.Thread(target=self._decode_worker, args=(job_q, out, stop),
                                 name=f"seekframe-decode-{len(workers)}", daemon=True)
            workers.append(w)
            w.start()

        def fail(rec, reason):
            batch[:] = [(r, m) for r, m in batch if r.video_id != rec.video_id]
            vectors.pop(rec.video_id, None)
            lib.record_failure(rec, reason)
            started.pop(rec.video_id, None)
            failed.append((rec.path, reason))
            state["done"] += 1
            state["bytes_done"] += rec.size
            yield event("file_failed", current=rec.path, error=reason)

        for _ in range(min(opts.decode_workers, max(1, total))):
            spawn()
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
                    now = time.monotonic()
                    for vid, (ts, hung_rec) in list(started.items()):
                        if now - ts > opts.file_timeout_s + 30:  # stuck inside the decoder itself
                            reason = f"decoding did not finish within {opts.file_timeout_s:.0f} s"
                            abandoned.add(vid)
                            yield from fail(hung_rec, reason)
                            spawn()  # the stuck thread is a daemon; a fresh one takes its place
                    if not any(w.is_alive() for w in workers) and out.empty():
                        break
                    continue
                if rec.video_id in abandoned:
                    continue
                if kind == "start":
                    started[rec.video_id] = (time.monotonic(), rec)
                    yield event("file_started", current=rec.path)
                elif kind == "moment":
                    batch.append((rec, payload))
                    if len(batch) >= opts.batch_size:
                        flush()
                elif kind == "done":
                    flush()
                    moments = vectors.pop(rec.video_id, [])
                    info = payload
                    rec.duration, rec.fps, rec.frame_count = info.duration, info.fps, info.frame_count
                    rec.width, rec.height, rec.codec = info.width, info.height, info.codec
                    rec.error = ""
                    lib.commit_video(rec, moments)
                    lib.maybe_optimize()
                    started.pop(rec.video_id, None)
                    state["done"] += 1
                    state["moments"] += len(moments)
                    state["bytes_done"] += rec.size
                    yield event("file_done", current=rec.path)
                elif kind == "failed":
                    yield from fail(rec, payload)
            yield event("finished")
        finally:
            stop.set()
            for w in workers:
                w.join(timeout=2.0)
