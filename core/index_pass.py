"""One pass of an index run over its files (``IndexPass``, the quick pass's or the full one's:
``core.index_passes``): ``decode_workers`` threads each relay one decode process's messages
(``core.decode_pool``) into a bounded queue (``offer``), and the indexing thread embeds the moments
in batches (``PassEncoding``) and hands finished videos to the run's ``PassBook``; ``decode_spec``,
how the decode processes cut files for the model. ``core.indexer.MomentIndexer`` plans the passes."""

from __future__ import annotations

import queue
import threading
from contextlib import closing
from dataclasses import replace
from typing import TYPE_CHECKING, Iterator

from .as_scanned import went_away
from .decode_pool import DecodePoolError, DecodeSpec, shared_pool
from .errors import SeekframeError
from .index_passes import QUICK, Twins, quick_spec
from .library.records import VideoRecord
from .pass_book import IndexEvent, PassBook
from .pass_encoding import PassEncoding, model_loaded

if TYPE_CHECKING:
    from .indexer import IndexOptions, MomentIndexer


def decode_spec(encoder, options: IndexOptions) -> DecodeSpec:
    """How the decode processes cut files for ``encoder``: its size, resize, frames and how loosely
    it may be decoded (its config's ``decode``)."""
    model = getattr(encoder, "model", None)
    return DecodeSpec(size=encoder.image_size, resize=getattr(model, "resize", None),
                      timeout_s=options.file_timeout_s, window_s=options.window_s,
                      frames_per_moment=encoder.frames_per_moment, shot_cuts=options.shot_cuts,
                      loop_filter_gop_s=getattr(model, "loop_filter_gop_s", 0.0))


class IndexPass:
    """One pass over its files: ``decode_workers`` threads each relay one decode process's
    messages into a bounded queue; this (the indexing) thread embeds the moments in batches
    (``PassEncoding``) and hands finished videos to its ``PassBook``. Files of one content are
    decoded once (``Twins``). A model not loaded yet stays so until a file is found to embed
    (``checking``): each file is checked only (opened; a recheck answers "kept" where it reads as
    before), one that is no video fails without the model (``--retry-failed`` of an empty or a text
    file), and one to embed is decoded again once it is loaded."""

    def __init__(self, indexer: "MomentIndexer", book: PassBook, jobs: list[VideoRecord]):
        opts = self.options = indexer.options
        self.encoder, self.cancel, self.book, self.jobs = indexer.encoder, indexer._cancel, book, jobs
        self.twins = Twins(jobs, indexer.rechecks)
        self.files: queue.Queue = queue.Queue()  # files to decode: the twins' first, then any handed on
        self.out: queue.Queue = queue.Queue(maxsize=max(1, opts.queue_moments))
        self.stop = threading.Event()
        self.encoding = PassEncoding(self.encoder, opts)
        self.vectors = self.encoding.vectors  # embedded moments of videos still decoding
        self.batch: list[tuple[VideoRecord, object]] = []  # decoded moments waiting to be embedded
        self.spec: DecodeSpec | None = None  # the model's (``decode_spec``), once asked
        self.checking: set[str] = set()  # files sent to be checked only, not answered yet
        self.wanted = threading.Event()  # a file checked only is to be embedded: the model's spec is asked
        self.specced = threading.Event()  # ``spec`` is set

    def events(self) -> Iterator[IndexEvent]:
        book, workers = self.book, self._start_decoders()
        try:
            while True:
                if book.commits.due():
                    yield from book.commit()
                if self.cancel.is_set():
                    yield from book.commit()  # finished videos are kept
                    return book.event("cancelled")
                if book.received >= book.total:
                    break
                try:
                    kind, rec, payload = self.out.get(timeout=0.1)
                except queue.Empty:
                    if not any(w.is_alive() for w in workers) and self.out.empty():
                        break
                    continue
                yield from self._receive(kind, rec, payload)
            yield from book.commit()
            return book.event("finished")
        finally:
            self.stop.set()
            for w in workers:
                w.join(timeout=2.0)
            self.encoding.close()

    def _receive(self, kind: str, rec: VideoRecord, payload) -> Iterator[IndexEvent]:
        yield from self.book.reading(kind, rec, payload)  # (how far into a long file: the ETA)
        if kind == "start":
            yield self.book.event("file_started", current=rec.path)
        elif kind == "moment":
            self.batch.append((rec, payload))
            if len(self.batch) >= self.options.batch_size:
                self._embed()
        elif kind == "done":  # (a recheck decoded in full once the model's spec was set: checked too)
            self.checking.discard(rec.video_id)
            self._embed()
            moments = self.vectors.pop(rec.video_id, [])
            self.book.finished(rec, payload, moments)
            if rec.content_hash:  # (its file was the one scanned: its twins' content)
                for twin, copied in self.twins.copies(rec, moments, went_away, self._hand_on):
                    self.book.finished(twin, payload, copied)
            else:
                self.twins.hand_on(rec, self._hand_on)
        elif kind == "kept":
            self.checking.discard(rec.video_id)
            self.book.kept(rec)
        elif kind == "differs":  # (checked only: read otherwise than it was indexed) decoded, the model's now
            self._full_spec()
            self.files.put(rec)  # (before it stops being checked: a decoding thread never finds nothing pending)
            self.checking.discard(rec.video_id)
        elif kind == "failed":
            self.checking.discard(rec.video_id)
            self.batch[:] = [(r, m) for r, m in self.batch if r.video_id != rec.video_id]
            self.vectors.pop(rec.video_id, None)
            yield self.book.fail(rec, payload)
            for twin in self.twins.failed(rec, payload, went_away, self._hand_on):  # (the same bytes: failed once)
                yield self.book.fail(twin, payload)
        elif kind == "lost":  # its decode stopped unexpectedly: left new (the next run reads it), a twin tried
            self.checking.discard(rec.video_id)
            self.batch[:] = [(r, m) for r, m in self.batch if r.video_id != rec.video_id]
            self.vectors.pop(rec.video_id, None)
            self.twins.hand_on(rec, self._hand_on)
        elif kind == "error":
            raise SeekframeError(payload)

    def _hand_on(self, rec: VideoRecord) -> None:
        """A twin handed to the decoding threads (its group's file done, failed or lost). With the model
        not loaded it is checked only, so it counts in ``checking`` until it answers: a thread that
        left while the model loaded on its "differs" left it neither indexed nor failed (rv_8 #2)."""
        if self.spec is None:
            self.checking.add(rec.video_id)
        self.files.put(rec)

    def _embed(self) -> None:
        """The waiting moments into vectors, kept per video until the video is done."""
        self.encoding.embed(self.batch)

    # -- decoding -------------------------------------------------------------------------------
    def _full_spec(self) -> DecodeSpec:
        """How the model wants files decoded (asked once: a model loaded on first use loads here)."""
        if self.spec is None:
            spec = decode_spec(self.encoder, self.options)
            self.spec = quick_spec(spec) if self.book.phase == QUICK else spec
            self.specced.set()
        return self.spec

    def _start_decoders(self) -> list[threading.Thread]:
        files = self.files
        if model_loaded(self.encoder):
            self._full_spec()
        else:  # (each answers "kept", "failed" or "differs" before anything is embedded)
            self.checking.update(r.video_id for r in self.twins.decode)
        for rec in self.twins.decode:
            files.put(rec)
        n = min(self.options.decode_workers, len(self.twins.decode))
        workers = [threading.Thread(target=self._decode, args=(files, n), name=f"seekframe-decode-{i}",
                                    daemon=True) for i in range(n)]
        for w in workers:
            w.start()
        return workers

    def _decode(self, files: queue.Queue, n: int) -> None:
        """One of ``n`` decoding threads: takes files and relays one decode process's messages for each."""
        opts, pool = self.options, shared_pool()
        while not self.stop.is_set():
            try:
                rec = files.get(timeout=0.05)
            except queue.Empty:
                if not self.twins.pending() and not self.checking and files.empty():  # (handed on: put before)
                    return
                continue
            if self.wanted.is_set() and not self._specced():  # (the model loading: checked once it is, not twice)
                return
            offer(self.out, ("start", rec, None), self.stop)
            checked = rec.reader if rec.video_id in self.book.rechecks else None
            spec = self.spec or DecodeSpec(timeout_s=opts.file_timeout_s, check_only=True)  # (spec None: checking)
            messages = pool.decode(rec.path, replace(spec, recheck_of=checked, recheck_s=rec.duration or 0.0), timeout_s=opts.file_timeout_s,
                                   memory_mb=opts.decode_memory_mb, fn=opts.decode_fn, cancelled=self.stop.is_set,
                                   side_by_side=min(n, files.qsize() + 1))  # this file and those the others take
            try:
                with closing(messages):  # leaving early kills a process in the middle of a file
                    for kind, payload in messages:
                        if kind == "differs":
                            self.wanted.set()
                        offer(self.out, (kind, rec, payload), self.stop)
            except DecodePoolError as exc:  # no process could start: not this file's fault
                offer(self.out, ("error", rec, str(exc)), self.stop)
                return
            except Exception as exc:  # (a worker gone mid-send): twins waiting on it must not wait forever
                offer(self.out, ("lost", rec, repr(exc)), self.stop)

    def _specced(self) -> bool:
        """Waits for the model's spec (False: the pass stopped first)."""
        while not self.stop.is_set():
            if self.specced.wait(0.1):
                return True
        return False


def offer(out: queue.Queue, item, stop: threading.Event, poll_s: float = 0.1) -> bool:
    """Put ``item`` on the bounded ``out``, waiting for room until ``stop`` is set (then False)."""
    while not stop.is_set():
        try:
            out.put(item, timeout=poll_s)
            return True
        except queue.Full:
            continue
    return False
