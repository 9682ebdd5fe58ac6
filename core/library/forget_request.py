"""A forget of several folders, whole as asked: core removes one folder at a time (each whole or
not at all: ``VideoLibrary.forget_folder``, whose record ``library.json`` holds one), so the whole
request, the folders not removed yet, is recorded first (``library.json``'s ``forget_request``,
``begin``); each removal's last write drops its folder from it (``VideoLibrary._finish_forget``),
and the last one clears it. Stopped part-way (Ctrl-C, a kill, a full disk), the next writer's open
finishes the removal under way, then removes the rest (``resume``: ``VideoLibrary.forget_resumed``
says which), so the library never keeps part of what the user asked to forget. A library written
before this (no ``forget_request``) reads as before: nothing to resume."""

from __future__ import annotations

from core.scan import is_under


def begin(library, folders) -> None:
    """Record ``folders`` (normalised, as the library spells them) as one request, before the
    first is removed (one folder: nothing to record, its own removal's record is whole)."""
    folders = [str(f) for f in dict.fromkeys(folders)]
    if len(folders) > 1:
        with library.conn.writing():
            library.conn.write_meta(forget_request=folders)


def end(library) -> None:
    """The request done (each of its folders removed, or no longer in the library): cleared."""
    if library.conn.meta.forget_request:
        with library.conn.writing():
            library.conn.write_meta(forget_request=None)


def rest(meta) -> list[str]:
    """The folders of a stopped request (``meta``: the library's description) that the next writer's
    open removes after the removal under way (``meta.forgetting``, said on its own): those still
    listed, as ``resume`` removes them (``seekframe status``, the window's folders)."""
    listed = set(meta.settings.folders or ())
    return [f for f in meta.forget_request or () if f in listed and f != meta.forgetting]


def left_after(request, root: str) -> list | None:
    """``request`` once ``root``'s removal is done (what ``_finish_forget`` writes with it)."""
    left = [f for f in request or () if not is_under(f, root)]
    return left or None


def resume(library) -> list[tuple[str, int]]:
    """At a writer's open, after the removal under way is finished: the rest of a stopped request
    removed, each whole or not at all ((folder, videos) each), then the request cleared. Each was a
    library folder as listed when recorded, and every writer's open removes the rest before anything
    writes: one no longer listed so is skipped, whatever is in or above it (the library changed by a
    writer that does not know the request, an older seekframe: a folder the user added since,
    taking its videos in, is never cut). A full disk stops it where it is (the
    open goes on: none of these is begun, nothing half-done; a removal it began and could not end is
    finished first by the next writer, as any stopped removal): the rest stays for the next open."""
    from core.errors import is_disk_full

    done: list[tuple[str, int]] = []
    try:
        for folder in list(library.conn.meta.forget_request or ()):
            if folder in (library.conn.meta.settings.folders or ()):
                done.append((folder, library.forget_folder(folder)))
        end(library)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
    return done
