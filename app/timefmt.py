"""Times and durations as people read them: ``1:12``, ``1:02:03``, "about 2 min left".

Pure functions (no Qt), shared by the results grid, the player, the timeline, the clip actions, the
index panel and the status bar: one formatter for each, so every part of the window agrees.
"""

from __future__ import annotations

import math


def format_time(seconds: float) -> str:
    """``4`` → ``0:04``, ``72.9`` → ``1:12``, ``3723`` → ``1:02:03`` (whole seconds, floored)."""
    total = max(0, int(math.floor(float(seconds) + 1e-6)))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_range(start: float, end: float) -> str:
    """A moment as ``0:04–0:08``."""
    return f"{format_time(start)}–{format_time(end)}"


def format_clip_time(start: float, end: float | None = None) -> str:
    """The time of a moment for ``FILE@TIME`` references: the first whole second inside
    ``[start, end)``, as ``m:ss`` (``h:mm:ss`` past an hour); with a tenth of a second when the
    moment is shorter than that whole second."""
    start = max(0.0, float(start))
    whole = math.ceil(start - 1e-6)
    if end is not None and whole >= end > start:
        tenths = math.ceil(start * 10 - 1e-6) / 10
        base = format_time(tenths)
        return f"{base}.{int(round(tenths * 10)) % 10}"
    return format_time(whole)


def format_eta(seconds: float | None) -> str:
    """A rough, calm estimate: "less than a minute left", "about 2 min left", "about 1 h 20 min left"."""
    if seconds is None or not math.isfinite(seconds):
        return "estimating time left…"
    if seconds < 60:
        return "less than a minute left"
    minutes = int(round(seconds / 60))
    if minutes < 60:
        return f"about {minutes} min left"
    h, m = divmod(minutes, 60)
    return f"about {h} h {m} min left" if m else f"about {h} h left"


def format_bytes(n: int) -> str:
    """``1536`` → ``1.5 KB``; decimal units as file managers show them."""
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"  # pragma: no cover
