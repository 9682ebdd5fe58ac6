"""A path typed for ``seekframe forget`` spelled as the library knows it (cut out of ``core.forgetting``, which
re-exports these): ``listed_spelling`` (a path through a link: its library folder's own spelling),
``held_through_links`` (a path above library folders spelled through different links: those it removes) and
``listed_and_held`` (both in one pass). The path's links, and every library folder's, are looked at as bounded
looks (``core.typed_looks``): a network share that stopped answering never holds the command. A library folder
that does not answer is compared by its spelling alone, as an offline one; the path typed that does not answer
(a link into such a share) is refused in words (``typed_looks.NotAnswering``), nothing forgotten, where it was
taken for no library folder after a wait for ever."""

from __future__ import annotations

import os

WHY = "whether it is one of the library's folders, reached through a link, cannot be told"

def listed_spelling(meta, root: str, also=(), videos=None) -> str:
    """``root`` (normalised) spelled as the library knows it, for a removal (``LibraryMeta`` alone:
    ``seekframe forget`` asks it before its writer opens): ``root`` itself when so spelled it is,
    is in or holds a library folder, or lies in the removal under way; else, reached through a link
    (``/lnk`` a link to the library folder ``/h``, ``/lnk/x.mp4``, ``/up/h`` with ``/up`` a link to
    ``/``), that folder's own spelling (as ``seekframe index`` maps it: ``core.folder_spelling.as_library_folder``),
    or the library's spelling of the path above the library folders it holds (``_through_links``:
    the same question as that path typed); ``root`` otherwise (refused then, as no part of the library).
    Links are resolved only for a spelling that matches nothing, so a library folder that is a link
    whose target is gone (an offline drive) still matches by its spelling, and asking for it
    resolves nothing; and an offline library folder (``folder_spelling.offline_folders``) is never resolved, only
    compared by its spelling (as the search's ``--folder`` does: a share that does not answer must
    not hang a typo). ``also``: folders to map to besides the listed ones (a removal this handle
    just finished); ``videos``: the library's rows, or a function giving them (read only when a
    link is to be followed), which say the offline folders besides ``meta``'s records."""
    from .folder_spelling import offline_folders
    from .scan import is_under

    folders = [f for f in [*(meta.settings.folders or []), *also] if isinstance(f, str)]
    if meta.forgets(root) or any(is_under(f, root) or is_under(root, f) for f in folders):
        return root
    if (twin := _unicode_twin(meta, root, folders, videos)) is not None:
        return twin
    return _through_links(root, folders, offline_folders(meta, folders, videos() if callable(videos) else videos))


def _unicode_twin(meta, root: str, folders, videos) -> str | None:
    """``root`` in the other Unicode spelling the library holds it in (``folder_spelling.unicode_twin``:
    ``café`` typed composed of a folder a Mac copied decomposed); the library's rows (``videos``,
    or a function giving them) read only for a root that is not ASCII."""
    from .folder_spelling import offline_folders, unicode_twin

    if root.isascii():
        return None
    rows = videos() if callable(videos) else videos
    return unicode_twin(root, [*folders, *(v.path for v in rows or [])], offline_folders(meta, folders, rows))


def _through_links(root: str, folders, offline) -> str:
    """``root``, which as spelled is no library folder, in none and holds none, as the library
    spells it once its links are resolved: a library folder it is or lies in (``f/rest``), else
    the path above the library folders it holds that spells them as the library does, when they
    agree on one (``/up`` a link to ``/videos``, above /videos/a and /videos/b: ``/videos``, which a
    forget then asks about as for that path typed); ``root`` itself otherwise (none held, or folders
    spelled through different links: ``held_through_links``). ``offline`` folders are compared by
    their spelling, never resolved."""
    return _links_held(root, folders, offline)[0]


def _links_held(root: str, folders, offline) -> tuple[str, list[str]]:
    """``_through_links``' answer, and the library folders ``root`` holds through links when no one
    path spells them all ([] otherwise)."""
    from .folder_spelling import spelled_in
    from .same_folder import same_spelled
    from .scan import is_under
    from .typed_looks import fit_to_look, real_places

    try:
        real = _real(root, offline)  # (a link to a link to an offline folder: that one, as spelled)
        places, keys = real_places(folders, offline, [f for f in folders if is_under(f, real) or is_under(real, f)])
    except (OSError, ValueError):  # (one in or above ``real`` as spelled, offline, or not answering: its spelling
        return root, []  # says)
    if (spelled := spelled_in(real, places) or same_spelled(real, fit_to_look(places, keys), keys)):
        return spelled, []  # (``same_spelled``: ``~/videos`` the folder ``~/Videos`` on a case-insensitive disk)
    held = [(f, os.path.relpath(there, real)) for f, there in places if is_under(there, real)]
    above = {f[:len(f) - len(rest)].rstrip(os.sep) or os.sep if f.endswith(os.sep + rest) else None
             for f, rest in held}
    if len(above) == 1 and None not in above:
        return above.pop(), []
    if len(held) == 1:  # (a link above one library folder that is itself a link: that folder)
        return held[0][0], []
    tops = [f for f, _ in held if not any(o != f and is_under(f, o) for o, _ in held)]
    return root, tops


def held_through_links(meta, root: str, videos=None) -> list[str]:
    """The library folders ``root`` (normalised) holds once its links are resolved when they are
    spelled through different links, so that no one path spells them all (/l1/a and /l2/b, /l1 and
    /l2 both links to /videos, under ``/up`` a link to /videos, or /videos typed): what forgetting
    ``root`` removes, each under its own spelling (``seekframe forget`` asks about them as about a
    path above several folders); a path that holds library folders as spelled and others through
    links (/videos above /videos/b and /l1/a, /l1 a link to /videos): all of them. [] when ``root``
    as spelled is or lies in a library folder, ``listed_spelling`` maps it to one path, or it holds
    none through a link. ``videos`` as for ``listed_spelling``."""
    from .folder_spelling import offline_folders
    from .scan import is_under
    from .typed_looks import real_places

    folders = [f for f in meta.settings.folders or [] if isinstance(f, str)]
    if meta.forgets(root) or any(is_under(root, f) for f in folders):
        return []
    spelled = [f for f in folders if is_under(f, root)]
    others = [f for f in folders if f not in spelled]
    if not others:
        return []
    offline = offline_folders(meta, others, videos() if callable(videos) else videos)
    if not spelled:
        return _links_held(root, others, offline)[1]
    try:  # (those a link above them takes under ``root`` too; the offline ones, and those not answering, never)
        real = _real(root, offline)
        through = [f for f, there in real_places(others, offline)[0] if f not in offline and is_under(there, real)]
    except (OSError, ValueError):
        return []
    held = [*spelled, *through] if through else []
    return [f for f in held if not any(o != f and is_under(f, o) for o in held)]


def listed_and_held(meta, root: str, videos=None) -> tuple[str, list[str]]:
    """``listed_spelling`` of ``root`` and, when it is ``root`` itself, ``held_through_links``, in
    one pass (``seekframe forget`` before its writer opens): the offline folders read and the
    other folders resolved once, not once for each."""
    from .folder_spelling import offline_folders
    from .same_folder import as_cased
    from .scan import is_under

    folders = [f for f in meta.settings.folders or [] if isinstance(f, str)]
    if meta.forgets(root):
        return root, []
    root = as_cased(meta, root, videos)  # ('Videos/trip' of 'Videos/Trip' on a case-insensitive disk)
    spelled = any(is_under(f, root) or is_under(root, f) for f in folders)
    if not spelled and (twin := _unicode_twin(meta, root, folders, videos)) is not None:
        root, spelled = twin, any(is_under(f, twin) or is_under(twin, f) for f in folders)
        if not spelled:  # (a video of the library, in none of its folders)
            return root, []
    if spelled:
        return root, held_through_links(meta, root, videos)
    return _links_held(root, folders, offline_folders(meta, folders, videos() if callable(videos) else videos))


def _real(root: str, offline) -> str:
    """``folder_spelling.resolved(root, offline)``, one bounded look of ``root`` (``typed_looks.typed_look``):
    ``NotAnswering`` where it does not answer (a link into a share that stopped answering: no telling which
    library folder it is, if any; a typo, unanswered, was told it is none, after a wait for ever)."""
    from .folder_spelling import resolved
    from .typed_looks import typed_look

    return typed_look(root, WHY, resolved, root, offline)
