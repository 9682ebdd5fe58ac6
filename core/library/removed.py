"""The last folders removed from the library, by whichever process removed them (``library.json``'s
``removed``: ``{"folder", "at"}`` each, oldest first, at most ``MAX_KEPT``, the oldest dropped).
Each removal's last write adds its folder (``VideoLibrary._finish_forget``: a `seekframe forget`, the
window's removal, the rest of a stopped request a writer's open removed), so a process that was not
there knows it was removed and when: the app's record of an index run a killed window left
(``app.resume``) must not add back a folder removed after it was recorded. A library written before
this (no ``removed``) reads as having none; an older seekframe keeps the key as it is."""

from __future__ import annotations

import os
import time

MAX_KEPT = 64


def parse(value) -> list[dict] | None:
    """``library.json``'s ``removed`` as read: its well-formed entries (None when none)."""
    if not isinstance(value, list):
        return None
    out = [{"folder": e["folder"], "at": float(e["at"])} for e in value
           if isinstance(e, dict) and isinstance(e.get("folder"), str) and e["folder"]
           and isinstance(e.get("at"), (int, float)) and not isinstance(e.get("at"), bool)]
    return out or None


def after(removed, root: str, at: float | None = None) -> list[dict]:
    """``removed`` with ``root`` removed ``at`` (now): its older entry replaced, the oldest dropped
    past ``MAX_KEPT``."""
    key = os.path.normpath(str(root))
    kept = [e for e in removed or () if os.path.normpath(e["folder"]) != key]
    return [*kept, {"folder": str(root), "at": time.time() if at is None else float(at)}][-MAX_KEPT:]


def removed_at(removed, folder: str) -> float | None:
    """When ``folder`` (as spelled) was last removed, None when the record does not name it."""
    key = os.path.normpath(str(folder))
    return next((e["at"] for e in reversed(removed or ()) if os.path.normpath(e["folder"]) == key), None)
