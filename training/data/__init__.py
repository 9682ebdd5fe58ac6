"""Benchmark data formats, one module per format, all decoding through ``core.media.FrameSampler``."""
