"""How indexing spends a CPU: moments per forward pass, encoding threads and torch's intra-op
threads per thread (the budget is described in ``core.indexer``'s module doc)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .indexer import IndexOptions

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
