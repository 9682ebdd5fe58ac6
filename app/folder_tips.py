"""The library panel's tooltip of a library folder not there whose videos a run found elsewhere (renamed:
moved, ``SessionStatus.folder_moved``; no drive recorded for it, an earlier release's library: copies,
``SessionStatus.folder_copied``), or back where its last index found it not there (``SessionStatus.folder_back``):
core's words (``core.folder_moved``, ``core.status_words.back_text``), with the window's Remove and Re-scan."""

from __future__ import annotations


def moved_tip(folder: str, moved, copied=()) -> str:
    """A missing folder's tooltip where a run found its videos moved (``moved``: (folder, where, not found there))
    or taken as copies (``copied``: (folder, where, how many)): '' if neither."""
    from core.folder_moved import WINDOW, status_text, unrecorded_text

    said = next((status_text(f, to, int(left), WINDOW) for f, to, left in moved or () if f == folder), "")
    if not said:
        return next((unrecorded_text(f, int(n), to, WINDOW) for f, to, n in copied or () if f == folder), "")
    return f"{said[:1].upper()}{said[1:]}."


def back_tip(folder: str, back) -> str:
    """A library folder's tooltip, back where its last index found it not there (``SessionStatus.folder_back``)."""
    from core.status_words import back_text

    said = next((back_text(held, int(n), "Re-scan") for f, held, n in back or () if f == folder), "")
    return f"{said[:1].upper()}{said[1:]}." if said else ""
