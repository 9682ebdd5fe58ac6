"""The library panel's tooltip of a library folder of which status found something since its last index: not there,
its videos found elsewhere by a run (renamed: moved; no drive recorded for it, an earlier release's library:
copies), or back where its last index found it not there (``SessionStatus.folder_found``: core's one choice of
words, ``core.folder_moved.found_since``, with the window's Remove and Re-scan), as a tooltip's sentence."""

from __future__ import annotations


def found_tip(folder: str, found) -> str:
    """``folder``'s tooltip of what status found of it (``found``: (folder, words), ``SessionStatus.folder_found``):
    '' where nothing."""
    said = next((str(words) for f, words in found or () if f == folder), "")
    return f"{said[:1].upper()}{said[1:]}{'' if said.endswith('.') else '.'}" if said else ""
