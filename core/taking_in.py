"""Which library folders a new folder holding them takes in (``IndexOptions.part_of_folder``): the one
rule ``core.run_roots`` folds them by and the window's Add folder question names them by
(``app.folder_questions``), so the question never promises what the run will not do. A library
folder inside the new one is taken in (its videos kept, counted under the new folder, no longer
listed on its own) unless its videos are held (a drive unplugged or on another drive, more than half
of them vanished at once: the library setting ``held_roots``), some of its videos are offline, or it
is not there: then it stays listed on its own while its videos are kept offline."""

from __future__ import annotations

import os

from .scan import is_under


def inside(folder: str, folders) -> list[str]:
    """The library ``folders`` inside ``folder`` (not ``folder`` itself), by their spelling."""
    return [f for f in folders if f != folder and is_under(f, folder)]


def kept_apart(folders, held, offline_paths) -> frozenset[str]:
    """Of the library ``folders``, those a new folder holding them leaves listed on their own, by the
    library's records alone (nothing looked at): ``held`` (``held_roots``, any reason) and those with
    an offline video in them (``offline_paths``: the offline videos' paths; one of a library folder
    inside another counts for both, as the fold moves every video under the folder)."""
    folders, held = set(folders), held or ()
    out, seen = {f for f in folders if f in held}, set()  # (seen: the paths whose folders above are in out)
    for path in offline_paths:
        while path not in seen:
            seen.add(path)
            if path in folders:
                out.add(path)
            parent = os.path.dirname(path)
            if parent == path:
                break
            path = parent
    return frozenset(out)


def kept_apart_counted(folders, held, offline_in) -> frozenset[str]:
    """``kept_apart`` from the counts a status read makes anyway: ``offline_in``, the library folders
    with an offline video under them (``core.folder_counts``, by the records). The same folders, in
    O(folders): walking each offline video's path up took 12-25 ms a read at 20,000 offline videos,
    the GIL held, at every status read of a window (every 0.7 s during a run)."""
    held = held or ()
    return frozenset(f for f in folders if f in held or f in offline_in)


def taken_in(inner, apart, there=None) -> list[str]:
    """Of ``inner`` (library folders inside a new folder: ``inside``), those the new folder takes in:
    not ``apart`` (``kept_apart``, and any others the caller knows to be offline: never looked at)
    and ``there`` on disk now (looked at last; by default ``exists``, one ``core.bounded_meta`` call of each
    folder, made together, ``bounded_meta.answers``: one that does not answer is not taken in, where a network
    share that stopped answering held the run and the window's Add look; several, one bound in all)."""
    if there is None:
        from . import bounded_meta

        looked = bounded_meta.together([f for f in inner if f not in apart], lambda f: _there(f))
        return [f for f in inner if f not in apart and looked[f]]
    return [f for f in inner if f not in apart and there(f)]


def _there(folder: str) -> bool:
    from . import bounded_meta

    return bool(bounded_meta.answer(folder, os.path.exists, folder, otherwise=False))
