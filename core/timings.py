"""Where a command's time goes: named spans, printed on exit when ``SEEKFRAME_TIMINGS`` is set.

The line ``seekframe-timings {...}`` on stderr holds the seconds spent in each span and the
wall-clock times the command layer started (``start``, when ``core.cli`` was imported) and ended
(``end``), so a caller that spawned the process also knows the interpreter's own start-up
(``benchmarks/cold_search.py`` reads it). Without the variable nothing is recorded or printed.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import time
from contextlib import contextmanager

ENABLED = bool(os.environ.get("SEEKFRAME_TIMINGS", "").strip())
START = time.time()
spans: dict[str, float] = {}


@contextmanager
def span(name: str):
    """Add the time spent inside to ``spans[name]``."""
    t0 = time.perf_counter()
    try:
        yield
    finally:
        spans[name] = spans.get(name, 0.0) + time.perf_counter() - t0


def report() -> None:
    data = {k: round(v, 4) for k, v in spans.items()}
    print("seekframe-timings " + json.dumps({**data, "start": START, "end": time.time()}), file=sys.stderr)


if ENABLED:
    atexit.register(report)
