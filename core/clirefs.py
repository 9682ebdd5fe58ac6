"""Clip references of the command line: ``FILE``, ``FILE@SECONDS``, ``FILE@M:SS``, ``FILE@H:MM:SS``.

The app copies a clip exactly as ``split_clip_ref`` parses it (``app/clip_actions.py``).
"""

from __future__ import annotations

import math
import os
import re

from .errors import SeekframeError

TIME_RE = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d*)?)$")
TIME_HELP = "seconds from the start of the clip, like 75, 75.5 or 1:15"


def parse_time(text: str) -> float:
    """``75``, ``75.5``, ``1:15`` or ``0:01:15`` → seconds."""
    m = TIME_RE.match(text.strip())
    if not m:
        raise ValueError(text)
    parts = [p for p in m.groups() if p is not None]
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + float(p)
    return seconds


def _plain_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def split_clip_ref(ref: str) -> tuple[str, float | None]:
    """``FILE@SECONDS`` → (FILE, seconds). A file whose own name contains "@" still works.

    A time that is no time (``@-1``, ``@nan``, ``@inf``; or any suffix after an existing file)
    raises ``SeekframeError`` saying so, instead of being taken for part of the file name.
    ``@1e3`` is 1000 seconds; whether the clip is that long is for the search to say.
    """
    if os.path.exists(ref) or "@" not in ref:
        return ref, None
    path, _, when = ref.rpartition("@")
    try:
        return path, parse_time(when)
    except ValueError:
        pass
    number = _plain_number(when.strip())
    if number is not None and math.isfinite(number) and number >= 0:
        return path, number
    if number is not None or os.path.exists(path):
        raise SeekframeError(f"{when!r} in {ref!r} is not a time in the clip: use {TIME_HELP}.")
    return ref, None
