"""A library folder whose name the disk now holds in its other Unicode spelling (``café`` listed
composed, NFC, then a Mac's copy, decomposed, NFD, put in its place, or synced so; or the other way
round): the folder is there, only spelled otherwise, so ``seekframe status`` and the library panel
count it present (``respelled_folders``), and the next re-scan of it lists it under the disk's
spelling (``renamed_records``, through ``core.run_roots``): its videos moved with it, their vectors,
ids and notes kept (a file inside respelled too is found moved by its content hash), where before
the folder was said missing ("an unmounted drive?") and its videos were kept offline for good.
"""

from __future__ import annotations

import os

from .scan import is_under


def respelled_folders(folders, listed=None) -> dict[str, str]:
    """{library folder: the disk's spelling of it} of ``folders`` (of the library's, ``listed``; None:
    those) not there as listed whose name the disk holds, alone, in the other Unicode spelling
    (``folder_spelling.disk_spelling``: never a guess among several), a folder there (a video given by
    name: a file), not itself a library folder nor inside or above another. ASCII names cost nothing;
    another, one look at the deepest folder above it that is there."""
    from .folder_spelling import disk_spelling
    from .scan import is_video_name

    folders = [f for f in folders or () if isinstance(f, str)]
    listed = folders if listed is None else [f for f in listed if isinstance(f, str)]
    out = {}
    for folder in folders:
        if folder.isascii() or (spelled := disk_spelling(folder)) is None or spelled in listed:
            continue
        if any(other != folder and (is_under(spelled, other) or is_under(other, spelled)) for other in listed):
            continue
        if os.path.isdir(spelled) or (os.path.isfile(spelled) and is_video_name(spelled)):
            out[folder] = spelled
    return out


def renamed_records(lib, renamed: dict[str, str], rows) -> dict:
    """The library folders ``renamed`` ({as listed: the disk's spelling}) listed under the disk's
    spelling: their videos moved with them first (one table version; a file whose name inside is
    respelled too is found moved by the run's scan, by its content hash), then the settings values
    that drop their per-folder records (``LibrarySettings.without``: their identity is recorded
    afresh by the run's clean walk), for the one write that lists them so (``run_roots``). ``rows``:
    the library's rows (a function)."""
    moves = []
    for v in rows():
        for old, new in renamed.items():
            if is_under(v.path, old):
                moves.append((v.video_id, new + v.path[len(old.rstrip(os.sep)):], new, v.size, v.mtime))
                break
    if moves:
        lib.video_table.move_many(moves)
    return lib.meta.settings.without(renamed)
