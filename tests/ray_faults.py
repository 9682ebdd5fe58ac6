"""Decoders that kill the Ray worker running them, for tests/test_cluster.py (importable by the
workers: the test puts the checkout on their PYTHONPATH).

The decoder runs in a decode process of the Ray worker (``core.decode_pool``), so it kills that
worker, its parent, with SIGKILL (as the OOM killer or a lost node would), not itself.
``die_once*.mp4``: the first time, leaving a marker beside the file; the retry decodes it.
``die_always*.mp4``: every time. Each death adds a line to the marker (``<file>.died``).
Anything else: ``core.decode_pool.decode_file``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from pathlib import Path

from core.decode_pool import decode_file


def decode(path, spec):
    name = Path(path).name
    marker = Path(f"{path}.died")
    if name.startswith("die_always") or (name.startswith("die_once") and not marker.exists()):
        with open(marker, "a", encoding="utf-8") as f:
            f.write("died\n")
        os.kill(mp.parent_process().pid, signal.SIGKILL)
        time.sleep(60)  # this process follows its parent (core.decode_pool watches it)
    return decode_file(path, spec)
