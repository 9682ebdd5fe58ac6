"""A path spelled as the library knows its folders, through links: ``as_library_folder`` (how
``seekframe index`` maps a folder named through a link, and ``seekframe forget`` after it,
``core.forgetting.listed_spelling``), ``library_spellings`` (the index's roots so mapped, and the
app's runs a removal drops: ``app.jobs.indexed_inside``) and
``offline_folders`` (``away_spellings``: where they are, for the index's scan), the one rule of which library folders are never resolved on the way (a drive
unplugged, a network share that does not answer: resolving its path could hang the command), the
search's (``core.filters.library_facts``) with the records of the library's last index.
``unicode_twin``: a path typed in the other Unicode spelling of one the library holds (a Mac's
decomposed ``café``), for ``seekframe forget`` and ``seekframe index`` (an offline library
folder too, by its spelling alone, as ``--folder`` reads it); ``disk_spelling``:
one the disk holds in the other spelling, for ``seekframe index`` and a library's own folder
(``core.paths.on_disk``). A file named as a folder (``clip.mp4/``): ``core.file_as_folder``.
"""

from __future__ import annotations

import os

from .folder_hung import _hung_reals, _through_record, hung_spelled, offline_for  # (app.jobs: offline_for)
from .same_folder import disk_case, folded, same_spelled
from .scan import is_under


def offline_folders(meta, folders, videos=None) -> frozenset:
    """The ``folders`` not online per the library's records: those its last index found missing,
    empty or on another drive (``held_roots``: ``core.service.OFFLINE_REASONS``) and, rows given,
    those whose videos are all offline (``core.filters.library_facts``, the search's rule)."""
    return offline_by(meta.settings.held_roots, folders, videos)


def offline_by(held, folders, videos=None) -> frozenset:
    """``offline_folders`` from the records themselves: ``held`` (the setting ``held_roots``, or
    None) and the rows (the search's ``--folder`` asks it so: ``core.filters``)."""
    from .filters import library_facts
    from .service import OFFLINE_REASONS

    held = held if isinstance(held, dict) else {}
    out = {f for f in folders if held.get(f) in OFFLINE_REASONS}
    return frozenset(out | (library_facts(os.sep, folders, videos)[0] if videos is not None else set()))


def away_spellings(meta, offline) -> frozenset:
    """Where the ``offline`` folders (``offline_folders``) are, never looked at: their spellings and
    the real paths their last walks recorded (library setting ``folder_links``), for ``core.scan``'s
    ``away`` (an index run of other folders passes over them, as over every library folder it
    does not look at, without a ``stat`` of them)."""
    links = meta.settings.folder_links or {}
    reals = {rec["real"] for f in offline if isinstance(rec := links.get(f), dict) and isinstance(rec.get("real"), str)}
    return frozenset({*offline, *reals})


def library_spellings(roots, folders, meta=None, videos=None, offline=None) -> list[str]:
    """``roots`` (normalised) each ``as_library_folder`` spells it, the library's offline folders
    (``offline``, else ``offline_for``: ``meta``'s records, ``videos`` the rows or a function
    giving them) never resolved; nothing is read when each root is a library folder as spelled
    (one that is resolves nothing)."""
    folders = [f for f in folders if isinstance(f, str)]
    if all(r in folders for r in roots):
        return list(roots)
    offline, met, known = hung_spelled(roots, folders, meta, videos) if offline is None else (offline, {}, {})
    reals = _hung_reals(meta, folders) if meta is not None else {}
    return [_through_record(r, reals) or met.get(r) or as_library_folder(r, folders, offline, known) for r in roots]


def as_library_folder(root: str, folders, offline=(), known=None) -> str:
    """``root`` (normalised) spelled the way the library knows it: a folder reached through a link
    (``~/Videos`` a link to ``/mnt/data/videos``, or ``A/toB`` in the library folder ``A`` a link
    to the library folder ``B``) that is a library folder, or lies in one, under that folder's own
    spelling, so that its videos are not found a second time under another name; ``root`` itself
    otherwise. A library folder as spelled resolves no link; a folder in one stays as spelled
    while its links lead into that same folder. ``offline`` library folders (``offline_folders``)
    are compared by their spelling alone, never resolved: one that is ``root`` as spelled, or
    that ``root`` lies in as spelled, is kept as spelled (``root`` itself not resolved either); one
    that ``root`` (resolved: it answered) lies in but for case or Unicode spelling is looked at as a
    folder, ``same_spelled``: ``D/media`` typed of ``D/Media``, held since its drive was away and back
    now, on a case-insensitive disk (else a second library folder, the videos' ids moved to it).
    A folder in one whose links lead elsewhere in that same folder (``A/phone`` a link to
    ``A/Camera``, ``A/all`` a link to ``A``) is spelled where the folder's walk lists it (``A/Camera``:
    a folder reached through a link is walked last, and one walked already skipped), unless a
    hidden folder lies on the way there (never walked directly: its files are listed through the
    link). On a case-insensitive file system ``~/videos`` is the folder ``~/Videos`` (``same_folder``).
    ``known``: {library folder: its ``_real_key`` answer} looked at already (``folder_hung.looked_now``)."""
    folders, known = [f for f in folders if isinstance(f, str)], known or {}
    if root in folders:
        return root
    inside = [f for f in folders if is_under(root, f)]  # (their links resolved first, the others' only if need be)
    if any(f in offline for f in inside):
        return root
    try:
        from . import bounded_meta

        real = bounded_meta.answer(root, resolved, root, offline, wait=True)  # (a link to a link to an offline one:
        if real is None:  # that one, as spelled; one that does not answer: as typed, its scan saying it offline)
            return root
        for f in sorted(inside, key=len, reverse=True):
            if (there := known[f][0] if f in known else _real(f)) is None:
                return root  # (it does not answer: ``root`` in it as spelled, kept so)
            if is_under(real, there):
                rest = os.path.relpath(real, there)
                if rest == os.curdir:
                    return f
                return root if any(p.startswith(".") for p in rest.split(os.sep)) else os.path.join(f, *disk_case(f, rest.split(os.sep)))
        from .typed_looks import fit_to_look, real_places

        places, keys = real_places([f for f in folders if f not in inside], offline, known=known)  # (together: one
        # bound; one not answering, as an offline one, by its spelling, never stat'ed; ``known``: not looked at again)
        return (spelled_in(real, places) or same_spelled(real, fit_to_look(places, keys), keys)
                or same_spelled(real, [(f, f) for f in offline if f in folders and is_under(folded(root), folded(f))])
                or root)  # (an offline one that ``root``, which answered, is in but for case: looked at as the same)
    except (OSError, ValueError):
        return root


def _real(folder: str):
    """The library folder ``folder`` with its links resolved, as one ``core.bounded_meta`` call of it
    (a network share that does not answer held the run of another folder, and the window's Add): None
    where it does not answer (compared by its spelling alone; the run's scan of it then answers at once).
    A look of it still stuck (the window's status probe, bounded shorter, of a disk waking) is waited for
    within the bound (``bounded_meta.waited``), not taken as no answer: a link to it added then was taken
    for a new folder by its spelling, its videos found again under another name."""
    from . import bounded_meta

    return bounded_meta.answer(folder, os.path.realpath, folder, wait=True)


def _real_key(folder: str):
    """(``folder`` with its links resolved, its ``same_spelled`` key: (st_dev, st_ino) or None), looked at in
    one call: the look ``as_library_folder`` makes of each library folder ``root`` is not in, all together
    (``bounded_meta.answers``, waiting as ``_real`` does)."""
    from .same_folder import _key

    there = os.path.realpath(folder)
    return there, _key(there)


def unicode_twin(root: str, paths, offline=()) -> str | None:
    """``root`` (normalised; no part of the library as spelled) in the other Unicode spelling the
    library holds it in: ``café`` typed composed (NFC, a keyboard's) of a library folder a Mac
    copied decomposed (NFD), or the other way round (``seekframe forget``, as ``search --folder``
    and ``clirefs`` take either). ``paths``: the library's folders and its videos' paths, each
    giving its first parts as deep as ``root`` when they are ``root`` once both are composed (a
    library folder, a folder in one or above some, a video). The one such spelling the file system
    holds alone (``filters.twin_spellings``: ``root`` as typed not there, or the same folder), else
    None: never a distinct folder whose name is the other spelling, nor one of several. A spelling
    in one of the ``offline`` folders (an unplugged drive) is compared by its spelling alone, never
    touched (a share that does not answer): taken while ``root`` is not there as typed."""
    import unicodedata

    from .filters import twin_spellings

    if root.isascii():
        return None
    composed, depth = unicodedata.normalize("NFC", root), len(root.rstrip(os.sep).split(os.sep))
    twins = set()
    for path in paths:
        if isinstance(path, str) and not path.isascii():
            head = os.sep.join(path.split(os.sep)[:depth])
            if head != root and unicodedata.normalize("NFC", head) == composed:
                twins.add(head)
    same = twin_spellings(root, twins, offline) if twins else []
    return same[0] if len(same) == 1 else None


def disk_spelling(typed: str) -> str | None:
    """``typed`` (a path as given, user-expanded) as the disk spells it when it is not there as
    typed but is in another Unicode spelling: ``café`` typed composed (NFC, a keyboard's) of a
    folder whose name the disk holds decomposed (NFD: copied from a Mac, a Mac-made archive
    unpacked on Linux), or the other way round. From the deepest part that is there, each name
    that is not is looked for among its parent's entries, the one whose name is the same once both
    are composed: only when exactly one is (never a guess among several); the typed spelling kept
    for every part that is there as typed (a distinct folder whose name is the other spelling is
    another folder). None when ``typed`` is there as typed, is ASCII, or has no such spelling."""
    import unicodedata

    if typed.isascii() or os.path.lexists(typed):
        return None
    (done, names), changed = walk_start(typed), False
    for name in names:
        step = os.path.join(done, name) if done else name
        if not name or os.path.lexists(step):
            done = step if name else done
            continue
        if name.isascii() or name in (os.curdir, os.pardir):
            return None  # (missing as anyone spells it)
        wanted = unicodedata.normalize("NFC", name)
        try:
            same = [e for e in os.listdir(done or os.curdir) if unicodedata.normalize("NFC", e) == wanted]
        except (OSError, ValueError):
            return None
        if len(same) != 1:
            return None
        done, changed = os.path.join(done, same[0]) if done else same[0], True
    return done if changed and os.path.lexists(done) else None


def walk_start(path: str) -> tuple[str, list[str]]:
    """Where a walk of ``path`` name by name starts, and the names to walk (some maybe empty): the
    root of an absolute path (``/``; on Windows its drive's, ``C:\\``, or a share's,
    ``\\\\server\\share\\``: joined after ``os.sep``, ``C:`` would start a drive-relative path,
    ``C:Users``), the drive alone of a drive-relative one (``C:x``), "" for a relative one."""
    drive, rest = os.path.splitdrive(path.replace(os.altsep, os.sep) if os.altsep else path)
    if rest.startswith(os.sep):
        return drive + os.sep, rest.split(os.sep)
    return drive, rest.split(os.sep)


def unicode_form(typed: str, spelled: str) -> str:
    """How ``spelled`` spells the names of ``typed`` it changed, in words: their accents
    decomposed (NFD) or composed (NFC)."""
    import unicodedata

    names = [b for a, b in zip(typed.split(os.sep), spelled.split(os.sep)) if a != b] or [spelled]
    if all(n == unicodedata.normalize("NFD", n) for n in names):
        return "decomposed (NFD, as a Mac writes names)"
    return "composed (NFC)" if all(n == unicodedata.normalize("NFC", n) for n in names) else "in another Unicode form"


def spelled_in(real: str, places) -> str | None:
    """``real`` (a resolved path) spelled from the first library folder it lies in: ``f`` itself or
    ``f/rest``, ``places`` giving each folder ``f`` with where it really is (resolved as they are
    taken); None when it lies in none."""
    for f, there in places:
        if is_under(real, there):
            rest = os.path.relpath(real, there)
            return f if rest == os.curdir else os.path.join(f, rest)
    return None


def resolved(path: str, stops=()) -> str:
    """``os.path.realpath(path)`` (``path`` absolute), but a path whose links lead to one of
    ``stops`` (offline library folders, as spelled) or into one is kept as spelled there: that
    folder, or ``f/rest``, nothing in it touched (``lnk2`` a link to ``lnk1``, the library folder
    that is a link to an unplugged drive: ``lnk1``). Link by link, as the OS reads them (a link's
    target taken from ``readlink``, so a link to nothing there still leads somewhere); a loop of
    links, or more than 40 of them, gives ``realpath``'s answer."""
    stops = [s for s in stops if isinstance(s, str)]
    if not stops:
        return os.path.realpath(path)
    spelled = _walk(path, stops)
    return spelled if spelled is not None else os.path.realpath(path)


def _walk(path: str, stops) -> str | None:
    """``resolved``'s walk: the path spelled through the stop it met, None when it met none (or
    looped)."""
    (done, todo), hops, met = _rooted(path), 0, False
    todo = todo[::-1]
    ends = {s.rstrip(os.sep) or os.sep for s in stops}
    while todo:
        if not met and (n := _spelled_ahead(done, todo, ends)):  # (an offline folder: compared by its
            done, met = os.path.join(done, *todo[-n:][::-1]), True  # spelling alone, never touched, nor
            del todo[-n:]  # the links above it: /home a link to /var/home, the folder /home/u/V)
            continue
        name = todo.pop()
        if name == os.pardir:
            done = os.path.dirname(done)
            met = met and any(is_under(done, s) for s in stops)
            continue
        step = os.path.join(done, name)
        if met:
            done = step
            continue
        try:
            link = os.path.islink(step) and os.readlink(step)
        except (OSError, ValueError):
            link = None
        if not link:
            done = step
            continue
        hops += 1
        if hops > 40:
            return None
        start, names = _rooted(link)
        if start:  # (an absolute link; on Windows one rooted on no drive is on the drive of where it lies)
            done = start if os.path.splitdrive(start)[0] else os.path.splitdrive(done)[0] + start
        todo.extend(names[::-1])
    return done if met else None


def _spelled_ahead(done: str, todo: list[str], ends) -> int:
    """How many of the names next on ``todo`` (a stack), none a ``..``, spell after ``done`` one
    of ``ends`` (the stops, as spelled): the fewest that do; 0 when none (the links on the way are
    then read one by one)."""
    probe = done
    for n, name in enumerate(reversed(todo), 1):
        if name == os.pardir:
            return 0
        probe = os.path.join(probe, name)
        if probe in ends:
            return n
    return 0


def _parts(path: str) -> list[str]:
    return [p for p in path.split(os.sep) if p and p != os.curdir]


def _rooted(path: str) -> tuple[str, list[str]]:
    """``walk_start`` of ``path``, its names as ``_parts`` gives them."""
    start, names = walk_start(path)
    return start, [p for p in names if p and p != os.curdir]


def has_parent_steps(typed) -> bool:
    """Whether a typed path holds a ``..`` (which the OS reads after the link before it)."""
    return os.pardir in _parts(os.path.expanduser(os.fspath(typed)))


def as_the_os_reads(typed, stops=()) -> str:
    """A typed path absolute, user-expanded, its links kept as typed (``scan.normalise_root``), but
    each ``..`` read as the OS reads it: after a link, the parent of where the link leads, not the
    folder the link lies in (``/lnk/../b`` with ``/lnk`` a link to ``/x/y`` is ``/x/b``, what ``ls``
    shows), spelled then as that real path; the typed spelling kept wherever the two agree
    (``/lnk/sub/..`` is ``/lnk``). ``stops`` (the library's offline folders, as spelled) are never
    resolved (``resolved``): a ``..`` after one, or after a path in one, is read as typed; so is a
    ``..`` after a path that is not there (nothing for the OS to read). One bounded look (``typed_looks``): a
    path on a share that stopped answering is ``NotAnswering``, said so, where it held the command."""
    from .scan import normalise_root
    from .typed_looks import typed_look

    path = os.path.expanduser(os.fspath(typed))
    if not has_parent_steps(path):
        return normalise_root(path)
    path = path if os.path.isabs(path) else os.path.join(os.getcwd(), path)  # (a share that stopped answering:
    return typed_look(typed, WHY_DOTS, _os_reads, path, stops, key=path)  # said so, where it held the command)


WHY_DOTS = "where its '..' leads cannot be told (the OS reads it after the link before it)"


def _os_reads(path: str, stops) -> str:
    """``as_the_os_reads``' walk of ``path`` (absolute, holding a ``..``)."""
    spelled, names = _rooted(path)
    for name in names:
        if name != os.pardir:
            spelled = os.path.join(spelled, name)
            continue
        parent = os.path.dirname(spelled)
        try:
            there = os.path.dirname(resolved(spelled, stops))
            spelled = parent if there == resolved(parent, stops) else there
        except (OSError, ValueError):
            spelled = parent
    return spelled


def typed_folders(typed, folders, meta, videos=None) -> list[str]:
    """The ``typed`` paths (``seekframe index PATH``) each ``as_the_os_reads`` it, the library's
    ``offline_folders`` (``meta``'s records; ``videos`` the rows or a function giving them, read
    only when a path holds a ``..``) never resolved."""
    from .scan import normalise_root

    if not any(has_parent_steps(t) for t in typed):
        return [normalise_root(t) for t in typed]
    folders = [f for f in folders if isinstance(f, str)]
    offline = offline_folders(meta, folders, videos() if callable(videos) else videos)
    return [as_the_os_reads(t, offline) for t in typed]
