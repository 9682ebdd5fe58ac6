"""A decode function for ``tests/test_decode_modes.py``, importable by the pool's workers: it
decodes nothing and answers, as its ``VideoInfo``, the decoder threads its ``DecodeSpec`` came with."""

from __future__ import annotations


def threads_of(path, spec):
    return spec.threads, iter(())
