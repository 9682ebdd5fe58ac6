"""What a run remembers of the library folders and links that did not answer (library settings ``hung_folders``
and ``hung_links``: ``remember``), and the next run's short look at each link so remembered
(``links_not_answering``), which its walk passes over while it does not answer (``core.scan``'s ``over``). The
rules of the stalls themselves: ``core.scan_stalls``, which re-exports these. Imports nothing heavy."""

from __future__ import annotations

import os


def remember(library, roots, scan) -> None:
    """``hung_folders`` once a run of ``roots`` made ``scan``: those offline in it as they did not answer
    added (when they first did not), those it walked forgotten (they answered); the others kept. And
    ``hung_links``: the links of a root in whose folder its walk got no answer, or that it passed over (still
    not answering: ``links_not_answering``), added to those of a root not walked whole (none of them walked:
    two links into one share are both kept, where each run hung in the other), the others of a root it walked
    forgotten, and so are the records of a part of it (``index A/sub``)."""
    import time

    from .scan import is_under

    s = library.meta.settings
    recorded, links = s.hung_folders or {}, s.hung_links or {}
    hung = {f: when for f, when in recorded.items() if f not in roots or f in scan.offline_roots}
    hung.update({r: recorded.get(r, round(time.time())) for r in scan.hung})
    listed = s.folders  # (a part's record, ``index A/sub``: forgotten once a run walks the folder it is in)
    kept = {r: v for r, v in links.items() if not isinstance(v, dict) or r in scan.offline_roots or (
        r not in roots and not any(is_under(r, o) for o in roots)
        and (listed is None or any(is_under(r, f) for f in listed)))}  # (a later release's record: as it is)
    for r, now in scan.hung_links.items():  # (a root not walked whole: its links not walked kept, none answered)
        before = links.get(r) if isinstance(links.get(r), dict) else {}
        kept[r] = {**(kept.get(r) if isinstance(kept.get(r), dict) else {}),
                   **{link: before.get(link, round(time.time())) for link in now}}
    if hung != recorded or kept != links:
        library.update_settings(hung_folders=hung or None, hung_links=kept or None)


def links_not_answering(settings, roots, wait: bool = False) -> dict:
    """{root of ``roots``: the links in it remembered as not answering (``hung_links``: its own record's, and, a
    part of a library folder, ``index A/sub``, the folder's links under it) that do not answer a short look
    (``probe_s``; ``wait``, a folder the user named: the whole bound) now either}, all looked at together: each
    run's walk passes over them (``core.scan``'s ``over``), their videos kept offline, where it waited the whole
    bound in each, the folder's own videos offline with them (a link in a local folder to a share that stopped
    answering)."""
    from . import bounded_meta
    from .scan import is_under
    from .scan_stalls import probe_s

    links = settings.hung_links or {}
    asked = list(dict.fromkeys((r, link) for r in roots for f, held in links.items() if isinstance(held, dict)
                               and is_under(r, f) for link in held if link != r and is_under(link, r)))
    if not asked:
        return {}
    looks = bounded_meta.together([link for _, link in asked], lambda link: bounded_meta.answer(
        link, _listed, link, timeout_s=None if wait else probe_s(link)))
    out: dict = {}
    for r, link in asked:
        if looks[link] is None:
            out.setdefault(r, []).append(link)
    return out


def _listed(folder: str) -> bool:
    """A short look at ``folder``: its first entry listed, and the first byte of the first file of its first
    ``LISTED`` entries read (a share whose listing answers from a cache, its reads not: ``_stalled``); whether
    there is one, or it is no folder: it answered."""
    from itertools import islice

    try:
        with os.scandir(folder) as entries:
            first = next((e.path for e in islice(entries, LISTED) if e.is_file(follow_symlinks=False)), None)
        if first is not None:
            fd = os.open(first, os.O_RDONLY)
            try:
                os.read(fd, 1)
            finally:
                os.close(fd)
    except (OSError, ValueError):
        pass
    return True


LISTED = 64  # the entries of a link's folder a short look reads a file among (``_listed``)
