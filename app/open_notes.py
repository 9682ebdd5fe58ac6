"""What the engine put right on its own as it opened the library (``VideoLibrary.meta_notes``: a
moments data file cut short taken out, versions cut short set aside, ``library.json`` rebuilt
from the tables), in the app's words: ``seekframe status`` prints them as "Note:", the window
says them once when the library opens (``engine.OpenRun``), so a user who finds videos waiting
to be indexed learns why. Plain functions for the opening worker, no Qt; the engine's modules
are imported inside them."""

from __future__ import annotations

RESCAN = "a re-scan"  # how the app indexes again (app.library_repair says so too)
# the command line's words in the notes of a library.json rebuilt (core.library.meta.reconcile), the app's instead
APP_WORDS = (("give a folder that held no video again: seekframe index FOLDER",
              "add a folder that held no video again: File › Add folder"),
             ("give a folder that held no video again with `seekframe index FOLDER`",  # (core.library.repair's)
              "add a folder that held no video again with File › Add folder"),
             ("or give its folder once with --model", "or pick its folder once in File › Model…"),
             ("the next run finds it", "the app finds it"),
             ("the next `seekframe index`", RESCAN), ("`seekframe index`", RESCAN))


def in_app_words(note: str) -> str:
    for cli, app in APP_WORDS:
        note = note.replace(cli, app)
    return note


def open_notes(library) -> list[str]:
    """The notes of ``library``'s open, each in the app's words, ending its sentence."""
    from core.library.torn_fragments import dropped_text

    dropped = getattr(library.conn, "dropped", None)
    said = dropped_text(dropped) if dropped is not None else None
    notes = [dropped_text(dropped, RESCAN) if note == said else in_app_words(note)
             for note in getattr(library, "meta_notes", ()) if note.strip()]
    return [n.rstrip() + ("" if n.rstrip().endswith((".", "!", "?")) else ".") for n in notes]


def notes_text(library) -> str:
    """What the window says of them ('' none): one message, a note a line."""
    return "\n".join(open_notes(library))
