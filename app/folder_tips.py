"""The library panel's tooltip of a library folder not there whose videos a run found elsewhere (renamed:
moved, ``SessionStatus.folder_moved``; no drive recorded for it, an earlier release's library: copies,
``SessionStatus.folder_copied``), or back where its last index found it not there (``SessionStatus.folder_back``):
core's words (``core.folder_moved``, ``core.status_words.back_text``), with the window's Remove and Re-scan."""

from __future__ import annotations


def moved_tip(folder: str, moved, copied=()) -> str:
    """A missing folder's tooltip where a run found its videos moved (``moved``: (folder, where, not found there))
    or taken as copies (``copied``: (folder, where, how many)): '' if neither."""
    to, left = next(((to, int(left)) for f, to, left in moved or () if f == folder), ("", 0))
    return _sentence(folder, moved_to=to, left=left,
                     copied=next(((to, int(n)) for f, to, n in copied or () if f == folder), ()))


def back_tip(folder: str, back) -> str:
    """A library folder's tooltip, back where its last index found it not there (``SessionStatus.folder_back``)."""
    held, n = next(((held, int(n)) for f, held, n in back or () if f == folder), ("", 0))
    return _sentence(folder, back=held, offline=n)


def _sentence(folder: str, **found) -> str:
    """Status's words of what was found of ``folder`` (``core.folder_moved.found_since``: one choice of words for
    `seekframe status` and the window), as a tooltip's sentence."""
    from core.folder_moved import WINDOW, found_since

    said = found_since(folder, where=WINDOW, **found)
    return f"{said[:1].upper()}{said[1:]}{'' if said.endswith('.') else '.'}" if said else ""
