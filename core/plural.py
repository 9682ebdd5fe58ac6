"""Counted nouns for the terminal: "1 moment", "2 moments", "0 files"."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None, thousands: bool = False) -> str:
    """``thousands``: "1,204 videos" instead of "1204 videos"."""
    number = f"{n:,}" if thousands else str(n)
    return f"{number} {noun if n == 1 else (plural or noun + 's')}"


def first_few(items, line, most: int = 3) -> str:
    """``items`` (pairs) named in one line, ``line(*item)`` for each of the first ``most``, joined by
    "; ", then how many more: "a: why; b: why; c: why and 4 more"."""
    more = f" and {len(items) - most} more" if len(items) > most else ""
    return "; ".join(line(*item) for item in items[:most]) + more
