"""Decoders that kill the Ray worker running them, for tests/test_cluster.py (importable by the
workers: the test puts the checkout on their PYTHONPATH).

``die_once*.mp4``: the worker exits (``os._exit``, no cleanup, as a crash or the OOM killer) the
first time, leaving a marker beside the file; the retry decodes it. ``die_always*.mp4``: every
time. Anything else: ``core.decode_pool.decode_file``.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.decode_pool import decode_file


def decode(path, spec):
    name = Path(path).name
    marker = Path(f"{path}.died")
    if name.startswith("die_always") or (name.startswith("die_once") and not marker.exists()):
        marker.touch()
        os._exit(1)
    return decode_file(path, spec)
