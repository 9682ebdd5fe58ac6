"""A pass's embedding (``core.indexer``): decoded moments into vectors in batches, this thread's torch
threads and its helper encoding threads (``core.encode_budget``) set up on the first batch, so a pass
that embeds nothing (a re-scan's recheck whose files all read as before) never touches the encoder:
a model loaded on first use (``cli_models.DeferredEncoder``) stays unloaded."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, nullcontext
from typing import TYPE_CHECKING

import numpy as np

from .encode_budget import encoding_plan, moments_per_pass
from .library.records import MomentRecord, VideoRecord

if TYPE_CHECKING:
    from .indexer import IndexOptions


def model_loaded(encoder) -> bool:
    """Whether asking ``encoder`` for its sizes costs nothing: loaded, or no model loaded on first use."""
    return bool(getattr(encoder, "loaded", True))


def stacked(frames: list[np.ndarray]):
    """Moments' frames as one array [n, T, H, W, 3], or the list as it is where their shapes differ
    (a quick moment's one frame beside a full one's ``frames_per_moment``: ``encode_moments`` takes
    either)."""
    return np.stack(frames) if len({f.shape for f in frames}) == 1 else frames


class PassEncoding:
    """Embeds a pass's moments, kept per video until the video is done (``vectors``). Its threads are
    set up by the first ``embed`` of the thread that runs the pass, and let go by ``close``."""

    def __init__(self, encoder, options: IndexOptions):
        self.encoder, self.options = encoder, options
        self.vectors: dict[str, list[MomentRecord]] = {}  # embedded moments of videos still decoding
        self._stack: ExitStack | None = None
        self.helpers: ThreadPoolExecutor | None = None  # the other encoding threads, once set up

    def _set_up(self) -> None:
        enc, opts, stack = self.encoder, self.options, ExitStack()
        self.per_pass = moments_per_pass(enc, opts)
        self.n_encoders, threads = encoding_plan(enc, opts)
        if self.n_encoders > 1:
            init = (lambda: enc.set_cpu_threads(threads)) if threads is not None else None
            self.helpers = stack.enter_context(ThreadPoolExecutor(
                self.n_encoders - 1, thread_name_prefix="seekframe-encode", initializer=init))
        stack.enter_context(enc.cpu_threads(threads) if threads is not None else nullcontext())
        self._stack = stack

    def embed(self, batch: list[tuple[VideoRecord, object]]) -> None:
        """``batch``'s moments into vectors (``vectors``); ``batch`` is emptied."""
        if not batch:
            return
        if self._stack is None:
            self._set_up()
        enc, per_pass = self.encoder, self.per_pass
        frames = stacked([m.frames for _, m in batch])
        if self.helpers is None or len(frames) <= per_pass:
            vecs = enc.encode_moments(frames, batch_size=per_pass)
        else:  # the parts side by side: this thread encodes the first one
            cuts = [c for c in np.array_split(np.arange(len(frames)), self.n_encoders) if len(c)]
            parts = [frames[c[0]:c[-1] + 1] for c in cuts]
            futures = [self.helpers.submit(enc.encode_moments, p, batch_size=per_pass) for p in parts[1:]]
            first = enc.encode_moments(parts[0], batch_size=per_pass)
            vecs = np.concatenate([first] + [f.result() for f in futures])
        for (rec, m), v in zip(batch, vecs):
            self.vectors.setdefault(rec.video_id, []).append(
                MomentRecord(rec.video_id, 0, m.index, m.start, m.end, m.thumb_time, v.astype(np.float32))
            )
        batch.clear()

    def close(self) -> None:
        """The helper threads stopped and this thread's torch threads as they were (the thread that set
        them up closes)."""
        if self._stack is not None:
            self._stack, stack = None, self._stack
            stack.close()
