"""A decode function for ``tests/test_decode_modes.py``, importable by the pool's workers: it
decodes nothing and answers, as its ``VideoInfo``, the decoder threads its ``DecodeSpec`` came with."""

from __future__ import annotations


def threads_of(path, spec):
    return spec.threads, iter(())


def slow_threads_of(path, spec):
    """As ``threads_of``, taking half a second (two files decoded side by side)."""
    import time

    time.sleep(0.5)
    return spec.threads, iter(())
