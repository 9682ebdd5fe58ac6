"""How indexing spends a CPU on embedding: moments per forward pass, and the encoder's own thread
plan (``Encoder.cpu_plan``) next to the run's decoders."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .indexer import IndexOptions

# ~5 frames of 224 px per forward pass on a CPU (one moment of most 224 px models): passes no
# larger run as fast per moment (EfficientNet-Lite0, 4 frames: 136 ms a moment in passes of 1, 134
# in passes of 5; a 224 px, 8-frame student ~1.5x faster in passes of 1-2 than of 16), and each
# encoding thread's activations stay small (benchmarks/RESULTS.md, "Peak RSS while indexing 1080p")
_CPU_PIXELS_PER_PASS = 1 << 18


def _encoder_on_cpu(encoder) -> bool:
    return getattr(getattr(encoder, "device", None), "type", None) == "cpu"


def moments_per_pass(encoder, opts: "IndexOptions") -> int:
    """Moments per forward pass: ``opts.encode_batch``, else on a CPU as many as fit in
    ``_CPU_PIXELS_PER_PASS`` input pixels (at most ``batch_size``), else ``batch_size``."""
    if opts.encode_batch:
        return max(1, int(opts.encode_batch))
    if not _encoder_on_cpu(encoder):
        return max(1, opts.batch_size)
    size = int(getattr(encoder, "image_size", 224) or 224)
    frames = int(getattr(encoder, "frames_per_moment", 8) or 8)
    return max(1, min(opts.batch_size, _CPU_PIXELS_PER_PASS // (size * size * frames)))


def encoding_plan(encoder, opts: "IndexOptions") -> tuple[int, int | None]:
    """The encoder's ``cpu_plan`` for this run; one thread, torch untouched, for an encoder with no
    plan (the tests' fakes, which use no torch)."""
    if not _encoder_on_cpu(encoder) or not hasattr(encoder, "cpu_plan"):
        return 1, None
    return encoder.cpu_plan(opts.decode_workers, opts.encode_workers, opts.encode_threads)
