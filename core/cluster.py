"""Index on a Ray cluster: ``RayIndexer``, a ``MomentIndexer`` whose pass decodes and embeds on
Ray Data (docs/architecture.md): a task per file decodes it in a ``core.decode_pool`` process
under the local bounds, an actor pool embeds the moments, and the driver, the library's only
writer, commits through the pass's ``PassBook``. Workers must see the files at the same paths (a
shared mount). ``ray`` is imported lazily; reaching it (how to install the extra, an address where
nothing answers) is ``core.cluster_connect``'s.
"""

from __future__ import annotations

import dataclasses
import functools
import pickle
import queue
import re
import socket
import threading
import time
from contextlib import closing
from typing import Callable, Iterable, Iterator

import numpy as np

from .bounded_read import scan_open
from .cluster_connect import connect
from .decode_pool import DecodePoolError, shared_pool
from .errors import NOT_FOUND, SeekframeError
from .encode_budget import moments_per_pass
from .filenames import shown
from .pass_encoding import stacked
from .index_passes import Twins
from .indexer import IndexEvent, IndexOptions, MomentIndexer, PassBook, decode_spec, offer
from .library.records import MomentRecord, VideoRecord
from .as_scanned import went_away

WORKER_DIED = "its Ray task failed twice (a worker died or raised an error; Ray's logs say which)"


def load_encoder(source: str):
    """A worker's encoder: it only embeds moments, so the model's video side where this machine
    remembers the model's id (``core.encoders.video_side``), else the whole model."""
    from .encoders.video_side import load_video_encoder

    return load_video_encoder(source)


# -- the workers' side -------------------------------------------------------------------------
def _row(video_id: str, kind: str, **fields) -> dict:
    return {"video_id": video_id, "kind": kind, "index": -1, "start": 0.0, "end": 0.0, "thumb_time": 0.0,
            "frames": b"", "shape": "", "count": 0, "info": b"", "reason": "", "error": "", "node": "", **fields}


def _decode_rows(item: dict, spec, fn: Callable | None = None, timeout_s: float = 600.0,
                 memory_mb: int | None = None, attempts=None) -> Iterator[dict]:
    """One file into rows: a row per moment (its frames as bytes), then "done" (its ``VideoInfo``
    and moment count) or "failed" (the local reason); only "kept" for a rechecked file shown as
    its reader showed it (``item["recheck_of"]``, -1: none; ``DecodeSpec.recheck_of``). On the
    task's third start (``attempts``, an :class:`_Attempts` actor) the file fails without being
    decoded again."""
    vid, count = item["video_id"], 0
    if attempts is not None:
        import ray

        if ray.get(attempts.start.remote(vid)) > 2:
            yield _row(vid, "failed", reason=WORKER_DIED)
            return
    try:
        if item.get("recheck_of", -1) >= 0:
            spec = dataclasses.replace(spec, recheck_of=int(item["recheck_of"]), recheck_s=float(item.get("recheck_s", 0.0)))
        messages = shared_pool().decode(item["path"], spec, timeout_s=timeout_s, memory_mb=memory_mb, fn=fn)
        with closing(messages):  # leaving early kills a process in the middle of a file
            for kind, payload in messages:
                if kind == "moment":
                    frames = np.ascontiguousarray(payload.frames, dtype=np.uint8)
                    yield _row(vid, "moment", index=int(payload.index), start=float(payload.start),
                               end=float(payload.end), thumb_time=float(payload.thumb_time),
                               frames=frames.tobytes(), shape=",".join(map(str, frames.shape)))
                    count += 1
                elif kind in ("done", "kept"):
                    yield _row(vid, kind, count=count, info=pickle.dumps(payload))
                elif kind != "length":  # (how long the header says it is: the local run's ETA)
                    yield _row(vid, "failed", reason=str(payload), error=getattr(payload, "kind", ""),
                               node=socket.gethostname())
    except DecodePoolError as exc:  # no decode process could start: not this file's fault
        yield _row(vid, "error", reason=str(exc))


class _Attempts:
    """How often each file's decode task started (a Ray actor of no CPU): Ray Data retries a task
    whose worker died without bound (no supported option sets ``max_retries`` in Ray 2.60), so
    the third start fails the file with ``WORKER_DIED``, as does a block that errored."""

    def __init__(self):
        self.starts: dict[str, int] = {}

    def start(self, video_id: str) -> int:
        self.starts[video_id] = self.starts.get(video_id, 0) + 1
        return self.starts[video_id]


def _attempts_actor(ray):
    """The run's ``_Attempts``. Should its node go, it is restarted and its calls retried (its
    counts start over: a file may then be tried twice more), never failing the files after."""
    return ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=-1)(_Attempts).remote()


class _EmbedActor:
    """Loads the encoder once; embeds the moment rows of each batch, passes the others through."""

    def __init__(self, factory: Callable, model_id: str | None, options: IndexOptions):
        self.encoder = factory()
        if model_id and getattr(self.encoder, "model_id", None) != model_id:
            raise SeekframeError(f"The workers loaded model {getattr(self.encoder, 'model_id', '?')}, "
                                 f"not the library's {model_id}: give them the same model folder.")
        self.per_pass = moments_per_pass(self.encoder, options)

    def __call__(self, batch: dict) -> dict:
        kinds = batch["kind"]
        out = {k: v for k, v in batch.items() if k != "frames"}
        vectors = np.full(len(kinds), b"", dtype=object)
        idx = [i for i, k in enumerate(kinds) if k == "moment"]
        if idx:
            frames = stacked([np.frombuffer(batch["frames"][i], np.uint8).reshape(
                tuple(int(x) for x in str(batch["shape"][i]).split(","))) for i in idx])
            vecs = np.asarray(self.encoder.encode_moments(frames, batch_size=self.per_pass), np.float32)
            for i, v in zip(idx, vecs):
                vectors[i] = v.tobytes()
        out["vector"] = vectors
        return out


# -- the driver's side -------------------------------------------------------------------------
class RayIndexer(MomentIndexer):
    """``MomentIndexer`` with its decoding and embedding on Ray. ``address``: the cluster ("" or
    None: start a local one); ``workers``: embedding actors (default: the cluster's GPUs, else one
    per 4 CPUs); ``encoder_factory``: a picklable callable that loads the encoder on a worker."""

    def __init__(self, library, encoder, options: IndexOptions | None = None, *, address: str | None = None,
                 workers: int | None = None, encoder_factory: Callable | None = None):
        # a batch run: one full pass
        super().__init__(library, encoder, dataclasses.replace(options or IndexOptions(), two_pass=False))
        self.address, self.workers = address, workers
        self.encoder_factory = encoder_factory or functools.partial(load_encoder, str(encoder.source))

    def _dataset(self, ray, jobs: list[VideoRecord]):
        from ray.data import ActorPoolStrategy, DataContext

        opts = self.options
        ctx = DataContext.get_current()
        ctx.max_errored_blocks = len(jobs)  # a file that kills its worker twice costs that file only
        ctx.enable_progress_bars = False  # the CLI prints our own progress
        gpus = int(ray.cluster_resources().get("GPU", 0))
        cpus = float(ray.cluster_resources().get("CPU", 1))
        actors = max(1, self.workers or (gpus or int(cpus) // 4))
        # On CPUs the actors never take every CPU: decoding always keeps one (half of a lone one),
        # else an actor pool as large as the cluster waits forever for moments nobody decodes.
        decode_cpus = 1.0 if cpus >= 2 else 0.5
        actor_cpus = 0 if gpus else min(1.0, (cpus - decode_cpus) / actors)
        items = [{"video_id": r.video_id, "path": r.path,
                  "recheck_of": r.reader if r.video_id in self.rechecks else -1, "recheck_s": r.duration or 0.0}
                 for r in jobs]
        ds = ray.data.from_items(items, override_num_blocks=len(items))
        attempts = _attempts_actor(ray)
        ds = ds.flat_map(_decode_rows, fn_kwargs={"spec": decode_spec(self.encoder, opts), "fn": opts.decode_fn,
                                                  "timeout_s": opts.file_timeout_s,
                                                  "memory_mb": opts.decode_memory_mb, "attempts": attempts},
                         num_cpus=decode_cpus)
        return ds.map_batches(
            _EmbedActor, fn_constructor_kwargs={"factory": self.encoder_factory, "model_id": self.encoder.model_id,
                                                "options": opts},
            batch_size=max(1, opts.batch_size), batch_format="numpy", compute=ActorPoolStrategy(size=actors),
            num_gpus=1 if gpus else 0, num_cpus=actor_cpus)

    def _pipeline(self, book: PassBook, jobs: list[VideoRecord]) -> Iterator[IndexEvent]:
        """``MomentIndexer``'s pass on Ray: the rows grouped by video, a video handed to ``book``
        once its "done" row and all its moments are in; the last event returned, as locally. Files
        of one content are decoded once (``Twins``, as locally): the others take its moments, or
        its failure; a twin handed on (its file's failure, its file changed) is decoded in a
        round of its own after the others."""
        ray = connect(self.address)
        book.t0 = time.monotonic()  # the ETA leaves out the cluster's start-up (seconds, once)
        twins = Twins(jobs, self.rechecks)
        todo = twins.decode
        while todo:
            handed: list[VideoRecord] = []
            last = yield from self._round(ray, book, todo, twins, handed.append)
            if last is not None:
                return last
            todo = handed
        return book.event("finished")

    def _round(self, ray, book: PassBook, jobs: list[VideoRecord], twins: Twins, put) -> Iterator[IndexEvent]:
        """One dataset over ``jobs``; returns the "cancelled" event, or None once all are in."""
        by_id = {r.video_id: r for r in jobs}
        moments: dict[str, dict[int, MomentRecord]] = {}
        ends: dict[str, tuple] = {}  # video_id -> (VideoInfo, moment count)
        finished: set[str] = set()
        rows = _polled(self._dataset(ray, jobs).iter_rows())
        try:
            for row in rows:
                if book.commits.due():
                    yield from book.commit()
                if self._cancel.is_set():
                    yield from book.commit()  # finished videos are kept
                    return book.event("cancelled")
                if row is None:
                    continue
                vid, kind = str(row["video_id"]), row["kind"]
                rec = by_id[vid]
                if vid in finished:  # a retried task's repeat
                    continue
                if vid not in moments:
                    moments[vid] = {}
                    yield book.event("file_started", current=rec.path)
                if kind == "error":  # a worker could not start a decode process, as a local run stops
                    raise SeekframeError(str(row["reason"]))
                if kind == "failed":
                    _unseen(rec, str(row["reason"]), str(row["error"]), str(row["node"]))  # (a worker without the share: the run stops)
                    finished.add(vid)
                    moments.pop(vid)
                    ends.pop(vid, None)
                    yield from _failed(book, twins, rec, str(row["reason"]), put)
                    continue
                if kind == "kept":
                    finished.add(vid)
                    moments.pop(vid)
                    book.kept(rec)
                    continue
                if kind == "moment":
                    vec = np.frombuffer(row["vector"], np.float32).copy()
                    moments[vid][int(row["index"])] = MomentRecord(vid, 0, int(row["index"]), float(row["start"]),
                                                                   float(row["end"]), float(row["thumb_time"]), vec)
                else:
                    ends[vid] = (pickle.loads(row["info"]), int(row["count"]))
                if vid in ends and len(moments[vid]) >= ends[vid][1]:
                    finished.add(vid)
                    info, done = ends.pop(vid)[0], [m for _, m in sorted(moments.pop(vid).items())]
                    book.finished(rec, info, done)
                    if rec.content_hash:  # (its file was the one scanned: its twins' content)
                        for twin, copied in twins.copies(rec, done, went_away, put):
                            book.finished(twin, info, copied)
                    else:
                        twins.hand_on(rec, put)
        except Exception as exc:
            yield from book.commit()  # the videos finished before it are whole: kept, as on cancel
            if isinstance(exc, SeekframeError):
                raise
            raise _stopped(exc) from exc
        finally:
            rows.close()
        yield from book.commit()
        for rec in jobs:  # no last row: its block errored (its worker died twice)
            if rec.video_id not in finished:
                yield from _failed(book, twins, rec, WORKER_DIED, put)
        return None


# a SeekframeError raised on a worker in an actor's start (the embedding actor: its model not found, or
# another model) reaches the driver as the text of Ray's ActorDiedError, its traceback's last line
# ``core.errors.ModelError: ...``; Ray colours the task's name (ANSI escapes)
_WORKERS_OWN = re.compile(r"^core\.errors\.\w+: (.+)$", re.MULTILINE)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _stopped(exc: Exception) -> SeekframeError:
    """What stopped the run, said: a SeekframeError of a worker's in its words, else Ray's error's
    first line."""
    cause = getattr(exc, "cause", None) or exc
    if isinstance(cause, SeekframeError):
        return SeekframeError(str(cause))
    text = _ANSI.sub("", str(cause))
    if ours := _WORKERS_OWN.findall(text):
        return SeekframeError(f"A Ray worker stopped the run: {ours[-1]}")
    return SeekframeError(f"The Ray run stopped: {type(cause).__name__}: {(text.splitlines() or [''])[0]}")


def _unseen(rec: VideoRecord, reason: str, error: str, node: str) -> None:
    """A SeekframeError where a worker (on ``node``) could not find ``rec``'s file and this machine
    reads it as the scan found it: that worker does not see the videos at this machine's paths (a
    share not mounted there, or mounted elsewhere), which says nothing of the file; recorded failed
    'file not found', no later run would try it again. (A read denied is failed as locally: such a
    failure is tried again by the next runs, ``core.failure_retry``.) ``error``: the failure's kind as the
    worker made it (``core.errors.Reason``), never read off its words."""
    if error != NOT_FOUND or went_away(rec):
        return
    try:  # (bounded: a share that stopped answering here too, TimeoutError, is the file's failure)
        with scan_open(rec.path) as f:
            f.read(1)
    except OSError:
        return  # (this machine cannot read it either: the file's failure, as locally)
    raise SeekframeError(
        f"A Ray worker{f' on {node}' if node else ''} could not find {shown(rec.path)} ({reason}), which this machine "
        "reads: every worker must see the videos at the same paths as this machine (the same share, mounted "
        "at the same path). Nothing was recorded for that file; the videos "
        "finished are kept, and the next run goes on from there.")


def _failed(book: PassBook, twins: Twins, rec: VideoRecord, reason: str, put) -> Iterator[IndexEvent]:
    """``rec`` failed: its twins with it when the failure is its content's (``Twins.failed``)."""
    yield book.fail(rec, reason)
    for twin in twins.failed(rec, reason, went_away, put):
        yield book.fail(twin, reason)


def _polled(rows: Iterable[dict], poll_s: float = 0.1, buffer: int = 1024) -> Iterator[dict | None]:
    """``rows``, read on a thread, with None after each ``poll_s`` that brought none (so that neither
    a due commit nor a cancel waits for the next row); an error of the stream is raised here.
    Closing this stops the thread at its next row."""
    out: queue.Queue = queue.Queue(maxsize=buffer)
    stop = threading.Event()

    def read() -> None:
        stream = iter(rows)
        try:
            for row in stream:
                if not offer(out, ("row", row), stop):
                    return
            offer(out, ("end", None), stop)
        except BaseException as exc:  # raised in the driver's thread
            offer(out, ("error", exc), stop)
        finally:
            getattr(stream, "close", lambda: None)()

    threading.Thread(target=read, name="seekframe-ray-rows", daemon=True).start()
    try:
        while True:
            try:
                kind, item = out.get(timeout=poll_s)
            except queue.Empty:
                yield None
                continue
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()
