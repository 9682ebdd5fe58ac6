"""Times and durations as people read them: ``1:12``, ``1:02:03``, "about 2 min left".

The one time formatter of the command line, the demo's query list and the app, so they all agree.
"""

from __future__ import annotations

import math


def format_time(seconds: float, digits: int = 0) -> str:
    """``4`` → ``0:04``, ``72.9`` → ``1:12``, ``3723`` → ``1:02:03`` (whole seconds, floored);
    ``digits`` decimals of a second, floored too (``72.96, 1`` → ``1:12.9``: never a time past the
    one given, nor ``0:60.0``). A negative time is ``0:00``."""
    return _clock(max(0, int(math.floor(float(seconds) * 10 ** digits + 1e-6))), digits)


def _clock(steps: int, digits: int) -> str:
    """``steps`` of 10**-digits seconds as ``m:ss[.f]`` (``h:mm:ss[.f]`` past an hour)."""
    total, frac = divmod(steps, 10 ** digits)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    text = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    return text + (f".{frac:0{digits}d}" if digits else "")


def format_range(start: float, end: float) -> str:
    """A moment as ``0:04–0:08``; one within a single second (a clip of 0.4 s, the last moment of a
    video 4.9 s long) in tenths, hundredths where those are the same too, ``0:00.0–0:00.4``, never
    ``0:00–0:00``, a moment of no length."""
    for digits in range(3):
        first, last = format_time(start, digits), format_time(end, digits)
        if first != last or digits == 2:
            return f"{first}–{last}"


def clip_time_texts(start: float, end: float | None = None):
    """Texts for a time inside the moment ``[start, end)`` for ``FILE@TIME`` references, shortest
    first: the first whole second inside it (``m:ss``, ``h:mm:ss`` past an hour), then the first
    tenth, hundredth and thousandth of a second inside it. A start a hair past a whole second
    (float noise) gives the next one, never one before the moment (it would name the previous)."""
    start = max(0.0, float(start))
    for digits in range(4):
        scale = 10 ** digits
        steps = math.ceil(start * scale - 1e-6)
        if steps / scale < start:
            steps = math.ceil(start * scale)
        if end is not None and steps / scale >= end:
            continue  # no such time inside a moment this short
        yield _clock(int(steps), digits)


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
    """``1536`` → ``1.5 kB``, ``121661`` → ``121.7 kB``: decimal units (1000 a step, so ``kB``, ``MB``,
    ``GB``, ``TB``) as file managers show them; the one size formatter of the window and the command
    line (``seekframe status`` stepped by 1024 under the same labels: one library's size read
    otherwise in each)."""
    value = float(n)
    for unit in ("bytes", "kB", "MB", "GB"):
        if round(value, 1) < 1000:  # (999,960 bytes: "1.0 MB", not "1000.0 kB")
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"


def format_score(score: float, digits: int = 2) -> str:
    """A match score as the grid, its spoken words, the timeline, the captions list and the command
    line show it: ``0.53``; a score a hair under zero as ``0.00``, never "-0.00" (a weak moment's
    card read "-0.00", as a rounding artefact the user cannot make sense of)."""
    text = f"{score:.{digits}f}"
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text
