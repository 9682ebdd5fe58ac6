"""What a ``VideoLibrary`` (``store.py``) reads and says of its description as it opens: ``library.json``
read and checked against the tables (``load_meta``: the notes and problems of ``reconcile``, a rolled-back
or lost table, a forget request that could not be read), what an open put right before it was refused
(``done_notes``), and that request set aside (``set_request_aside``). Moved out of ``store.py``."""

from __future__ import annotations

from dataclasses import replace

from core.library import forget_request, lost_tables, torn_fragments
from core.library import meta as meta_io
from core.library import reconcile as meta_check
from core.library import schema as S


def set_request_aside(library) -> None:
    """``library.json`` written with what could not be read of its ``forget_request`` under
    ``forget_request.UNREAD`` (said by this open: never again); a write refused leaves it to be
    said by the next open, never stopping this one."""
    try:
        with library.conn.writing():
            library.conn.write_meta(unread_request=None)
    except Exception:  # (a full disk, a file made read-only: the next writer's open tries again)
        pass


def done_notes(library) -> list[str]:
    """What this open put right before it was refused (a cut data file taken out, versions set
    aside, ``library.json`` rebuilt): ``meta_notes``, once its description was read, and a data
    file cut short that it took out before it counted their videos and said it."""
    notes = [n for n in library.meta_notes if n.strip()]
    if library.conn.dropped is not None and (cut := torn_fragments.dropped_text(library.conn.dropped)) not in notes:
        notes.append(cut)
    return notes


def load_meta(library) -> tuple[bool, bool]:
    """Read ``library.json`` and check it against the tables: (whether it exists, whether
    what is used differs from it)."""
    have = library.location.exists(meta_io.META_FILE)
    # a reader's handle may be of a table a reset re-created since
    moments = library.conn.fresh_table(S.MOMENTS) if library.read_only else library.conn.table(S.MOMENTS)
    read = meta_io.read_meta(library.location) if have else None
    videos = library.video_table.state().records
    meta, notes, library.meta_problems = meta_check.reconcile(read, videos, moments)
    library.meta_notes = notes + library.conn.rolled_back_notes() + lost_tables.notes(  # (cut short, set aside; lost)
        library.location, read, library.read_only)
    if read is not None and read.unread_request is not None:  # (kept aside: said, never acted on)
        moved = read.unread_moved  # (a reader's read moved the one kept aside only in memory: not said as done)
        before = len(read.extra.get(forget_request.UNREAD_BEFORE) or [])  # (a reader: those there before it)
        library.unread_note = forget_request.unread_text(read.unread_request, read.forget_request,
                                                         not library.read_only, before > (moved and library.read_only),
                                                         moved)
        library.meta_notes.append(library.unread_note)
    if library.read_only and library.meta_problems and meta_check.vector_width(moments):
        meta = replace(meta, dim=meta_check.vector_width(moments))  # read what the table holds
    library.conn.meta = meta
    return have, meta != read
