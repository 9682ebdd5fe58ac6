"""The figures ``seekframe status`` gives of a library (``VideoLibrary.stats()``), as lines a person
reads: how many videos and how they stand, moments, captions and notes, the size on disk. They were
printed as the dict's own keys and Python values (``by_status: {'pending': 0, 'done': 7, ...}``,
``ann_index: False``, ``size_bytes: 121661``); ``--json`` keeps those keys for scripts."""

from __future__ import annotations

from .plural import count
from .timefmt import format_bytes

SHOWN = ("videos", "by_status", "offline", "moments", "captions", "model_id", "model_source", "dim",
         "ann_index", "ann_unindexed", "size_bytes")  # (model_id, model_source: the Model: line's)


def figures_lines(stats: dict) -> list[str]:
    """The library's figures, one line each, labelled as the status's other lines are."""
    by = dict(stats.get("by_status") or {})
    parts = [f"{by.pop('done', 0):,} done"]
    if pending := by.pop("pending", 0):
        parts.append(f"{pending:,} waiting to be indexed")
    parts.append(f"{by.pop('failed', 0):,} failed")
    by.pop("not_videos", 0)  # (files named as videos that hold none: no videos, listed apart by `status`)
    parts += [f"{n:,} {status}" for status, n in by.items() if n]
    if offline := stats.get("offline", 0):
        parts.append(f"{offline:,} offline")
    lines = [f"Videos:  {stats.get('videos', 0):,} ({', '.join(parts)})"]
    moments = f"Moments: {stats.get('moments', 0):,}"
    if stats.get("ann_index"):
        unindexed = stats.get("ann_unindexed", 0)
        moments += (f" (searched through an index; {count(unindexed, 'newer moment', thousands=True)} searched exactly)"
                    if unindexed else " (searched through an index)")
    lines.append(moments)
    lines.append(f"Captions and notes: {stats.get('captions', 0):,}")
    if "size_bytes" in stats:
        lines.append(f"Size:    {format_bytes(int(stats['size_bytes']))} on disk")
    lines += [f"  {key}: {value}" for key, value in stats.items() if key not in SHOWN]  # (any other figure, as it comes)
    return lines
