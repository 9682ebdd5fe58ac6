"""Counted nouns for the terminal: "1 moment", "2 moments", "0 files"."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
