"""A file's name on a result card (``app.results``): on one line or two, broken where a person
would break it, its end kept."""

from __future__ import annotations

from PySide6.QtCore import Qt


NAME_LINES = 2  # a card gives its file's name up to two lines
BREAKS = " _-"  # a name's second line starts after one of these where it can ("VID_20240612_" / "180022.mp4")


def card_name(metrics, name: str, first: int, width: int | None = None) -> tuple[str, ...]:
    """A file name on a card, on one line ``first`` px wide or two (the second ``width`` px, as
    wide as the first if not given): its start on the first line, broken after a space, "_" or "-",
    or before its extension, where that leaves the line over half full, the rest on the second, cut in
    its middle where it is too long, so its end (the number, the extension) is kept. Cut at its end after 13
    characters, "VID_20240612_18…" and "Family trip - Da…" lost what told the cards apart."""
    if metrics.horizontalAdvance(name) <= first:
        return (name,)
    fits = 0  # the longest start that fits the first line, by halves
    low, high = 1, len(name)
    while low <= high:
        mid = (low + high) // 2
        if metrics.horizontalAdvance(name[:mid]) <= first:
            fits, low = mid, mid + 1
        else:
            high = mid - 1
    cut = max((i + 1 for i in range(fits) if name[i] in BREAKS), default=0)
    dot = name.rfind(".")  # (else before its extension: "car-detection" / ".mp4", not "car-detection.m" / "p4")
    cut = max(cut, dot if 0 < dot <= fits else 0)
    if cut * 2 <= fits:
        cut = max(1, fits)
    rest = name[cut:].lstrip(" ")
    return (name[:cut].rstrip(" "), metrics.elidedText(rest, Qt.TextElideMode.ElideMiddle, width or first))
