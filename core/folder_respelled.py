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


def respelled_folders(folders, listed=None, videos=(), hung=()) -> dict[str, str]:
    """{library folder: the disk's spelling of it} of ``folders`` (of the library's, ``listed``; None:
    those) not there as listed whose name the disk holds, alone, in the other Unicode spelling
    (``folder_spelling.disk_spelling``: never a guess among several), a folder there (a video given by
    name: a file), not itself a library folder nor inside or above another, and holding one of its
    videos (``videos``: the library's records; ``_holds_one``), if it has any: a distinct folder of
    that name on the computer's own disk, its drive unplugged, is not it. ASCII names cost nothing;
    another, one look at the deepest folder above it that is there, and a few at its videos: one
    ``bounded_meta`` call a folder, bounded by ``scan_stalls.PROBE_S`` (a share that stopped answering
    is not respelled, as one not there), and none for those of ``hung`` (library setting
    ``hung_folders``: not looked at)."""
    from . import bounded_meta
    from .scan_stalls import PROBE_S

    folders = [f for f in folders or () if isinstance(f, str)]
    listed = folders if listed is None else [f for f in listed if isinstance(f, str)]
    out = {}
    for folder in folders:
        if not folder.isascii() and folder not in (hung or ()) and (spelled := bounded_meta.answer(
                folder, _spelled, folder, listed, videos, timeout_s=PROBE_S)) is not None:
            out[folder] = spelled
    return out


def _spelled(folder: str, listed, videos) -> str | None:
    from .folder_spelling import disk_spelling
    from .scan import is_video_name

    if (spelled := disk_spelling(folder)) is None or spelled in listed:
        return None
    if any(other != folder and (is_under(spelled, other) or is_under(other, spelled)) for other in listed):
        return None
    if (os.path.isdir(spelled) or (os.path.isfile(spelled) and is_video_name(spelled))) and \
            _holds_one(folder, spelled, [v for v in videos if is_under(v.path, folder) or is_under(v.path, spelled)]):
        return spelled
    return None


def _holds_one(folder: str, spelled: str, videos, looked: int = 8) -> bool:
    """Whether ``spelled`` holds one of ``folder``'s ``videos`` (the first ``looked``) at its place in
    it, its name as listed or respelled (``paths.respelled``: with the size indexed); True when it
    has none to look for."""
    from .paths import respelled

    for v in videos[:looked]:
        # (one already under the disk's spelling: a re-scan killed after ``renamed_records`` moved it)
        there = v.path if is_under(v.path, spelled) else spelled + v.path[len(folder.rstrip(os.sep)):]
        try:
            if os.path.isfile(there) and os.stat(there).st_size == v.size or respelled(there, v.size):
                return True
        except (OSError, ValueError):
            continue
    return not videos


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


def finish_listing(lib) -> dict[str, str]:
    """The write ``run_roots`` makes after ``renamed_records``, made now where a run was killed between
    the two: a library folder its videos' rows all moved to the other Unicode spelling of (their
    root), the disk spelling it so (``respelled_folders``), listed so, its per-folder records dropped
    (the next re-scan records its identity afresh). For a writer about to act on the folder as listed
    (``forgetting.forget_folder``: it found none of its videos and left them in no library folder).
    Nothing on disk is looked at unless rows say so (an offline share is never asked). {listed: now}."""
    import unicodedata

    s = lib.meta.settings
    listed = s.folders or []
    rows = lib.video_table.all() if any(not f.isascii() for f in listed) else []
    moved = {unicodedata.normalize("NFC", v.root) for v in rows if v.root not in listed and not v.root.isascii()}
    maybe = [f for f in listed if not f.isascii() and unicodedata.normalize("NFC", f) in moved]
    renamed = {f: there for f, there in respelled_folders(maybe, listed, rows, s.hung_folders).items()
               if not any(is_under(v.path, f) for v in rows)} if maybe else {}
    if renamed:
        lib.update_settings(folders=[renamed.get(f, f) for f in listed], **s.without(renamed))
    return renamed
