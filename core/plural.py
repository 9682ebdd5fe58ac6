"""Counted nouns for the terminal: "1 moment", "2 moments", "0 files"."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None, thousands: bool = False) -> str:
    """``thousands``: "1,204 videos" instead of "1204 videos"."""
    number = f"{n:,}" if thousands else str(n)
    return f"{number} {noun if n == 1 else (plural or noun + 's')}"
