"""A path matched to a library folder by being the same folder on disk, not by its spelling: on a
case-insensitive file system (a Mac's APFS as it comes, Windows' NTFS, an SD card's exFAT)
``~/videos`` is the library folder ``~/Videos``, and a Mac's ``realpath`` keeps the case typed, so
a spelling compared, even resolved, listed it a second time. ``same_spelled`` finds the library
folder that the path, or a folder above it, is on disk (``st_dev`` and ``st_ino``, as
``os.path.samefile``), ``disk_case`` the names below it as the disk holds them, ``same_file`` a
video so named. On a case-sensitive file system ``~/videos`` and ``~/Videos`` are two folders and
stay two. Used by ``folder_spelling.as_library_folder`` (``seekframe index``, the window's Add
folder), ``forgetting`` (``seekframe forget``, ``as_cased``), ``filters`` (``--folder``, the window's folder
filter) and ``clirefs`` (a video named: ``similar``, ``show``...)."""

from __future__ import annotations

import os


def same_spelled(real: str, places, keys=None) -> str | None:
    """``real`` (absolute, its links resolved) spelled from the library folder it is or lies in on
    disk: ``f`` or ``f/rest`` (``rest`` as the disk spells it, ``disk_case``), the deepest such; None
    when none is. ``places`` gives each library folder ``f`` with where it is (resolved); only those
    that may be looked at (never an offline one: an unplugged drive, a share that does not answer).
    One stat of each place and of ``real`` and the folders above it; ``keys``: {place: its
    (st_dev, st_ino), or None} looked at already (bounded, ``folder_spelling``), not stat'ed again."""
    places = list(places)
    ids = {}
    for f, there in places:
        if (key := keys[there] if keys is not None and there in keys else _key(there)) is not None:
            ids.setdefault(key, f)
    if not ids:
        return None
    if (above := _above(real, places)) is not None:
        return above
    path, rest = real, []
    while True:
        if (key := _key(path)) is not None and key in ids:
            f = ids[key]
            return os.path.join(f, *disk_case(f, rest)) if rest else f
        parent = os.path.dirname(path)
        if parent == path or not parent:
            return None
        rest.insert(0, os.path.basename(path))
        path = parent


def _above(real: str, places) -> str | None:
    """The library's spelling of the folder ``real`` is, where it holds library folders spelled
    otherwise but for case (``~/HOME`` typed, above ``~/home/Videos``): the folder above them whose
    name is ``real``'s but for case and is the same folder on disk; None otherwise (a link to it is
    ``resolved``'s, not this)."""
    key, wanted = _key(real), folded(real)
    for _, there in places:
        for up in _ups(there):
            if key is not None and up != real and folded(up) == wanted and _key(up) == key:
                return up
    return None


def _ups(path: str):
    while (parent := os.path.dirname(path)) not in (path, ""):
        yield parent
        path = parent


def disk_case(folder: str, names: list[str]) -> list[str]:
    """``names`` (a path's parts below ``folder``) each as ``folder``'s listing spells it where the
    typed one is not there as spelled but is the same file as one entry (a case-insensitive file
    system: ``trip/BEACH.mp4`` of ``Trip/beach.mp4``); as typed otherwise (a name not there at all,
    or a folder that cannot be listed)."""
    out, done = [], folder
    for name in names:
        spelled = name
        try:
            listed = os.listdir(done)
            if name not in listed and (key := _key(os.path.join(done, name))) is not None:
                same = [e for e in listed if folded(e) == folded(name) and _key(os.path.join(done, e)) == key]
                spelled = same[0] if len(same) == 1 else name
        except (OSError, ValueError):
            pass
        out.append(spelled)
        done = os.path.join(done, spelled)
    return out


def folded(name: str) -> str:
    """``name`` as a case-insensitive file system compares names: composed, its case folded."""
    import unicodedata

    return unicodedata.normalize("NFC", name).casefold()


def folded_under(folders, roots) -> list[str]:
    """Of ``folders`` (library folders a run does not walk, offline by its records: never looked at
    by their spelling), those in none of ``roots`` as spelled but in one of them but for case or
    Unicode spelling (``D/media/Clips`` of the root ``D/Media``): on a case-insensitive disk that
    root's walk reaches them under its own spelling, so the run looks at them as folders (bounded,
    ``core.scan``'s exclude) to pass over the same folder, as it passes over one spelled in it."""
    from .scan import is_under

    return [f for f in folders if not any(is_under(f, r) for r in roots)
            and any(is_under(folded(f), folded(r)) for r in roots)]


def case_twins(root: str, paths, offline=()) -> frozenset:
    """The spellings under which the library holds ``root`` (a folder, or a video's path) that differ
    from it but for case (``Videos/trip`` typed, its videos listed under ``Videos/Trip``), from
    ``paths`` (the library's videos' paths; each one's first parts as deep as ``root``), those that
    are the folder ``root`` names on disk (the same ``st_dev``/``st_ino``: never a distinct folder on a
    case-sensitive disk, nor one when ``root`` is not there). Those in ``offline`` library folders
    are never looked at; the others in one bounded look (``typed_looks.typed_look``: ``NotAnswering``
    where it does not answer, nothing changed). For the search's ``--folder`` (``filters``) and ``forget`` (``forgetting``),
    where nothing lies under ``root`` as spelled: a pass over the paths, no folder listed."""
    from .scan import is_under

    depth, want = root.rstrip(os.sep).count(os.sep) + 1, folded(root)
    heads = {head for p in paths if (head := os.sep.join(p.split(os.sep)[:depth])) != root and folded(head) == want}
    heads = [h for h in heads if not any(is_under(h, o) for o in offline)]
    if not heads:
        return frozenset()
    from .typed_looks import typed_look  # (a share that stopped answering held the command for ever)

    return typed_look(root, "whether the library holds it spelled otherwise cannot be told", _same_as, root, heads)


def _same_as(root: str, heads) -> frozenset:
    """Those of ``heads`` that are the folder ``root`` on disk (none when ``root`` cannot be stat'ed)."""
    if (key := _key(root)) is None:
        return frozenset()
    return frozenset(h for h in heads if _key(h) == key)


def as_cased(meta, root: str, videos) -> str:
    """``root`` (normalised) in a library folder as spelled, none of the library's videos under it
    so, as the library spells it (``Videos/trip`` of ``Videos/Trip``: ``case_twins``, one spelling
    alone; no folder listed, an offline one never looked at), for ``seekframe forget``
    (``forgetting``); ``root`` otherwise. ``videos``: the rows, or a function giving them."""
    from .folder_spelling import offline_folders
    from .scan import is_under

    folders = [f for f in meta.settings.folders or [] if isinstance(f, str)]
    if root in folders or not any(is_under(root, f) for f in folders):
        return root
    rows = (videos() if callable(videos) else videos) or []
    if any(is_under(v.path, root) for v in rows):
        return root
    twins = case_twins(root, [v.path for v in rows], offline_folders(meta, folders, rows))
    return next(iter(twins)) if len(twins) == 1 else root


def same_file(paths, wanted: str) -> str | None:
    """The one of ``paths`` (a library's videos) that is the file ``wanted`` (typed, normalised, not
    one of them as spelled) spelled otherwise but for case (``trip/BEACH.mp4`` of ``Trip/beach.mp4`` on
    a case-insensitive file system): the same file on disk. Only those so spelled are looked at."""
    want = folded(wanted)
    if (key := _key(wanted)) is None:
        return None
    same = [p for p in paths if p != wanted and folded(p) == want and _key(p) == key]
    return same[0] if len(same) == 1 else None


def _key(path: str):
    """(st_dev, st_ino) of ``path`` (links followed), None where it cannot be stat'ed or its file
    system gives no inode number (0: such files could not be told apart)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino) if st.st_ino else None
