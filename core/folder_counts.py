"""Which of a library's videos lie under which of its folders, by their paths alone (no disk looked
at): ``under_each`` (the indexes of the paths under each folder) and ``folder_counts`` (each
folder's counts of its videos by state), the work growing with the paths and their parent folders,
not paths × folders. Taken out of ``core.library_status``, whose status read (``seekframe status``,
the window's library panel every 5 s) counts each library folder's videos with them.
"""

from __future__ import annotations

import os


def under_each(paths, folders) -> dict[str, list[int]]:
    """For each of ``folders``, the indexes of the ``paths`` under it (``core.scan.is_under``, a
    path in several when folders nest). The folders above a path are looked up once for each folder
    that holds files (a path's parent), not once for each path: the work grows with the paths and
    their folders, not paths × folders (3,000 videos in 300 library folders were 900,000
    ``is_under`` calls, a quarter of a second each time the window read the library's status, every
    5 s; going up each of 20,000 paths' parents was still 0.27 s of a 0.45 s read)."""
    sep = os.sep
    spelt: dict[str, list[str]] = {}  # is_under's spelling of a folder (no trailing separator) → as given
    for folder in dict.fromkeys(folders):
        spelt.setdefault(folder.rstrip(sep) or sep, []).append(folder)
    out: dict[str, list[int]] = {folder: [] for folder in folders}
    # (the root folder apart: ``parent[:at]`` is it where a path begins with two separators)
    lists = {key: [out[folder] for folder in given] for key, given in spelt.items() if key != sep}
    root = [out[folder] for folder in spelt.get(sep, ())]
    above: dict[str, list[list[int]]] = {}  # a path's parent → the lists of the folders it is under
    for i, path in enumerate(paths):
        parent = path[:path.rfind(sep)] if sep in path else ""
        into = above.get(parent)
        if into is None:
            into = above[parent] = _lists_above(parent, sep, lists)
        for found in into:
            found.append(i)
        if path in lists:  # (the path itself: a video given by name, or a folder)
            for found in lists[path]:
                found.append(i)
        if root and path.startswith(sep):  # the root folder
            for found in root:
                found.append(i)
    return out


def _lists_above(parent: str, sep: str, lists: dict) -> list:
    """``under_each``'s lists of the folders that ``parent`` and the folders above it are (each
    ``parent[:at]`` up to a separator after its first character, and ``parent`` itself; ``lists``
    holds neither the root folder, which ``under_each`` adds, nor '')."""
    found = []
    at = parent.find(sep, 1)
    while at != -1:
        found += lists.get(parent[:at], ())
        at = parent.find(sep, at + 1)
    found += lists.get(parent, ())
    return found


def holding(path: str, folders) -> list[str]:
    """Those of ``folders`` (a dict or set, spelt as given) that hold ``path`` (``core.scan.is_under``: it,
    or a folder above it), found by going up ``path``'s folders and looking each up (spelt with and
    without a separator after it), not by asking each folder: the work grows with the path's depth, not
    with ``folders``. A --reindex's record holds an entry per video moved out of its wait
    (``reembed_record.moved_values``): 1,000 of them made a status read of 10,000 videos ask
    ``is_under`` 10 million times (38 s). A folder spelt with several separators after it is not found."""
    sep, out = os.sep, []
    at = path.find(sep, 1)
    while at != -1:
        out += [k for k in (path[:at], path[:at + 1]) if k in folders]
        at = path.find(sep, at + 1)
    out += [k for k in (path, path + sep) if path and k in folders]
    if path.startswith(sep):  # (the root folder, and '' as is_under reads it)
        out += [k for k in (sep, "") if k in folders]
    return list(dict.fromkeys(out))


def folder_counts(videos, folders, failed: set[str]) -> tuple[dict[str, list[int]], set[str]]:
    """For each of ``folders``, its videos' counts [total, done, failed, pending, offline, quick
    (of those done), offline no videos], the videos under it as ``under_each`` finds them: ``total`` counts
    every record, the files named as videos that hold none too (a text file saved as list.mov: a failed
    record not in ``failed``), "offline" only the videos, "offline no videos" those others; and those of ``folders``
    that are a video's path (a video given by name). One pass over the rows counts each into its parent
    folder's counts; each parent's are then added to the folders it is under (``_lists_above``, once
    a parent). Counting each folder's list of videos again for each count was the larger share of
    the status read at 20,000 videos (six passes over every video of each folder)."""
    from .library.records import DONE, FAILED, PENDING

    sep = os.sep
    spelt: dict[str, list[str]] = {}  # (as under_each: is_under's spelling of a folder → as given)
    for folder in dict.fromkeys(folders):
        spelt.setdefault(folder.rstrip(sep) or sep, []).append(folder)
    out = {folder: [0] * 7 for folder in folders}
    lists = {key: [out[folder] for folder in given] for key, given in spelt.items() if key != sep}
    root = [out[folder] for folder in spelt.get(sep, ())]
    parents: dict[str | None, list[int]] = {}  # a path's parent (None: a path with no separator) → counts
    selves: dict[str, list[int]] = {}  # a path that is a folder of them itself → its counts
    for v in videos:
        path = v.path
        if path in lists:  # (the path itself: a video given by name, or a folder)
            counts = selves.setdefault(path, [0] * 7)
        else:
            at = path.rfind(sep)
            parent = path[:at] if at != -1 else None
            counts = parents.get(parent)
            if counts is None:
                counts = parents[parent] = [0] * 7
        counts[0] += 1
        status = v.status
        if status == DONE:
            counts[1] += 1
            if v.quick:
                counts[5] += 1
        elif status == PENDING:
            counts[3] += 1
        if failed and v.video_id in failed:
            counts[2] += 1
            if v.offline:
                counts[4] += 1
        elif v.offline:
            counts[6 if status == FAILED else 4] += 1  # (a failed record not in ``failed``: no video)

    def above(parent: str | None, counts: list[int]) -> None:
        for found in _lists_above(parent or "", sep, lists):
            add_counts(found, counts)
        if root and parent is not None and (not parent or parent.startswith(sep)):  # the root folder
            for found in root:
                add_counts(found, counts)

    for parent, counts in parents.items():
        above(parent, counts)
    for path, counts in selves.items():
        for found in lists[path]:
            add_counts(found, counts)
        at = path.rfind(sep)
        above(path[:at] if at != -1 else None, counts)
    return out, {folder for key in selves for folder in spelt[key] if folder == key}


def add_counts(into: list[int], counts: list[int]) -> None:
    for i, n in enumerate(counts):
        into[i] += n
