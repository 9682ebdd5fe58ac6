"""A library's model updated in place: the folder the library was indexed with now holds another
model (a new Seekframe's bundled real-footage model, a student exported again to the same folder).
Its vectors cannot be searched with the model there, and the library's own model is gone, so the
way out is a re-index with it, not "the library's model" (which is what the folder holds now)."""

from __future__ import annotations

import os


def updated_in_place(library_source: str, loaded_source: str) -> bool:
    """Is the model loaded from the folder (or hub id) the library names as its model's? (No I/O.)"""
    if not library_source or not loaded_source:
        return False
    if library_source == loaded_source:
        return True
    norm = [os.path.normcase(os.path.abspath(os.path.expanduser(s))) for s in (library_source, loaded_source)]
    return norm[0] == norm[1]


def mismatch_text(meta, encoder) -> str:
    """The command line's words for a library (its ``LibraryMeta``) whose vectors are of another model
    than ``encoder``'s: the way out where its model's folder now holds another."""
    source = getattr(encoder, "source", "")
    if updated_in_place(meta.model_source, source):
        return (f"The model at {source} changed since this library was indexed with it ({meta.model_id}, "
                f"now {encoder.model_id}; a new Seekframe updates its bundled models). Re-index the library "
                "with it: `seekframe index --reindex` (captions and notes are kept).")
    return (f"This library was indexed with model {meta.model_id}, but {encoder.model_id} is loaded. "
            "Search with the library's model, or re-index with `seekframe index --reindex`.")
