"""The last folders removed from the library, by whichever process removed them (``library.json``'s
``removed``: ``{"folder", "at", "seq"}`` each, oldest first, at most ``MAX_KEPT``, the oldest dropped).
Each removal's last write adds its folder (``VideoLibrary._finish_forget``: a `seekframe forget`, the
window's removal, the rest of a stopped request a writer's open removed), so a process that was not
there knows it was removed: the app's record of an index run a killed window left (``app.resume``)
must not add back a folder removed after it was recorded. A library written before this (no
``removed``) reads as having none; an older seekframe keeps the key (and writes its entries without
"seq").

Which came first, a removal or an ask (a run queued or recorded), is the library's own order, not a
clock: ``removed_seq`` counts the removals (each entry holds its number), and an ask remembers the
count it read, so a library on a shared drive written by machines whose clocks differ, or a clock
set back, orders them as they happened (``later``). ``removed_dropped`` is the highest number cut
off past ``MAX_KEPT``: an ask below it may have missed removals (``lost``). Both are keys of their
own in ``extra``, which an older seekframe keeps as they are; an entry without a number (an older
seekframe's, or rewritten by one) is ordered by its clock."""

from __future__ import annotations

import os
import time

MAX_KEPT = 64


def count(value) -> int:
    """A counter as read (``removed_seq``, ``removed_dropped``, an entry's "seq"): 0 when not one."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def parse(value) -> list[dict] | None:
    """``library.json``'s ``removed`` as read: its well-formed entries (None when none)."""
    if not isinstance(value, list):
        return None
    out = [{"folder": e["folder"], "at": float(e["at"]), **({"seq": e["seq"]} if count(e.get("seq")) else {})}
           for e in value if isinstance(e, dict) and isinstance(e.get("folder"), str) and e["folder"]
           and isinstance(e.get("at"), (int, float)) and not isinstance(e.get("at"), bool)]
    return out or None


def after(removed, root: str, at: float | None = None, seq: int | None = None) -> list[dict]:
    """``removed`` with ``root`` removed ``at`` (now), numbered ``seq`` when given: its older entry
    replaced, the oldest dropped past ``MAX_KEPT``."""
    key = os.path.normpath(str(root))
    kept = [e for e in removed or () if os.path.normpath(e["folder"]) != key]
    entry = {"folder": str(root), "at": time.time() if at is None else float(at)}
    return [*kept, {**entry, "seq": seq} if seq else entry][-MAX_KEPT:]


def current(meta) -> int:
    """The library's count of removals as ``meta`` holds it (its counter, or its record's highest
    number where that is higher: a counter lost beside a record kept)."""
    entries = getattr(meta, "removed", None) or ()
    return max([count(getattr(meta, "removed_seq", 0)), *(count(e.get("seq")) for e in entries)])


def recorded(meta, root: str) -> dict:
    """What ``root``'s removal writes to ``library.json`` (``LibraryMeta`` fields): its entry, the
    next number, and the highest number of those cut off past ``MAX_KEPT`` (one without a number
    taken as this one: any ask before now may have missed it)."""
    entries = meta.removed or ()
    seq = current(meta) + 1
    key = os.path.normpath(str(root))
    whole = [*(e for e in entries if os.path.normpath(e["folder"]) != key), None]
    dropped = max([count(meta.removed_dropped), *(count(e.get("seq")) or seq for e in whole[:-MAX_KEPT])])
    return {"removed": after(entries, root, seq=seq), "removed_seq": seq, "removed_dropped": dropped}


def later(entry: dict, at: float, seq: int | None) -> bool:
    """Whether the removal ``entry`` came after an ask made ``at`` (a clock's) when the library's
    count was ``seq`` (None: not known): by the count when both have one, by the clocks otherwise."""
    if seq is not None and count(entry.get("seq")):
        return entry["seq"] > seq
    return entry["at"] > at


def lost(meta, seq: int | None) -> bool:
    """Whether removals after an ask made when the count was ``seq`` may be missing from
    ``meta.removed`` (cut off past ``MAX_KEPT``)."""
    return seq is not None and count(getattr(meta, "removed_dropped", 0)) > seq

