"""Library folders remembered as not answering (library setting ``hung_folders``: a network share that hung) as
``core.folder_spelling.library_spellings`` reads them: which of them a typed root may lead into (``_may_lead_to``,
by spellings and the real paths their last walks recorded, never a look at the share), a root inside a recorded
real path taken as that folder unlooked at (``_through_record``), and a short look, all together, only at those
(``not_answering_now``; ``looked_now``: that look resolves it too, its answer the one used): ``offline_for``, the
folders never resolved on the way; ``hung_spelled``: a root whose links lead into a recorded real path, that folder.
Cut out of core.folder_spelling (kept under the modules' size)."""

from __future__ import annotations

import os

from .scan import is_under


def _hung_reals(meta, folders) -> dict:
    """{folder: its last walk's real path (``folder_links``)} of the ``folders`` in ``hung_folders``."""
    hung, links = (x if isinstance(x := getattr(meta.settings, n, None), dict) else {}
                   for n in ("hung_folders", "folder_links"))
    return {f: rec["real"] for f in folders if f in hung and isinstance(rec := links.get(f), dict)
            and isinstance(rec.get("real"), str) and rec["real"] != f}


def _through_record(root: str, reals: dict) -> str | None:
    """``root`` in a hung folder's recorded real path (a share's mount), as that folder, unlooked at; else None."""
    for f, real in reals.items():
        if is_under(root, real):
            rest = os.path.relpath(root, real)
            return f if rest == os.curdir else os.path.join(f, rest)
    return None


def offline_for(roots, folders, meta, videos=None) -> frozenset:
    """The ``offline_folders`` that ``library_spellings`` of ``roots`` must never resolve, with those remembered as
    not answering (``hung_folders``): looked at (``not_answering_now``) only where a root may lead into one
    (``_may_lead_to``). None, nothing read, when each root is a library folder as spelled."""
    return hung_spelled(roots, folders, meta, videos)[0]


def hung_spelled(roots, folders, meta, videos=None) -> tuple[frozenset, dict, dict]:
    """``offline_for``'s folders, and {root: its library folder's spelling} of the ``roots`` whose links (their walk,
    ``_may_lead_to``) lead into a hung folder's recorded real path (``_through_record``): that folder, with no look
    at the share, as a root typed in that path is (a share back but slower than the short look, typed through
    another link to its mount, was taken as dropped, compared by its spelling alone: a second library folder).
    With {folder: (its real path, its key)} of those that answered the short look (``looked_now``)."""
    from .folder_spelling import offline_folders

    folders = [f for f in folders if isinstance(f, str)]
    if all(r in folders for r in roots):
        return frozenset(), {}, {}
    hung = meta.settings.hung_folders if isinstance(meta.settings.hung_folders, dict) else {}
    hung = [f for f in folders if f in hung]
    reals = _hung_reals(meta, hung)
    near, walked = _may_lead_to(roots, hung, reals) if hung else ([], {})
    met = {r: spelled for r, w in walked.items() if isinstance(w, str) and (spelled := _through_record(w, reals))}
    looks = looked_now(near)
    return offline_folders(meta, folders, videos() if callable(videos) else videos) | frozenset(
        f for f in hung if f not in near) | frozenset(f for f in near if looks[f] is None), met, {
        f: look for f, look in looks.items() if look is not None}


def _may_lead_to(roots, hung, reals) -> tuple[list, dict]:
    """The ``hung`` folders a root lies in, as spelled or through its links (``_walk``: no look at the share; one in a
    recorded real path is that folder, ``_through_record``): ``seekframe index NEW`` waits for no other share. With
    {root: its walk's answer} (``_walk``'s; False where it did not answer)."""
    from .bounded_meta import answer
    from .folder_spelling import _walk
    from .scan_stalls import probe_s

    spellings = {f: (f, reals[f]) if f in reals else (f,) for f in hung}
    stops, near, walks = [s for sp in spellings.values() for s in sp], set(), {}
    for r in roots:
        if not _through_record(r, reals):  # (a root that does not answer: each looked at)
            walks[r] = walked = answer(r, _walk, r, stops, timeout_s=probe_s(r), otherwise=False)
            if isinstance(walked, str) and _through_record(walked, reals):
                continue  # (into a recorded real path: that folder, spelled from the walk, ``hung_spelled``)
            near |= set(hung) if walked is False else {f for f, sp in spellings.items() if any(
                is_under(walked, s) for s in sp)} if walked else set()
    return [f for f in hung if f in near], walks


def not_answering_now(folders) -> frozenset:
    """The ``folders`` (remembered as not answering) that do not answer a short look now (``looked_now``). One that
    answers (the share back) is resolved as any library folder, not taken for a second one."""
    looks = looked_now(folders)
    return frozenset(f for f in folders if looks[f] is None)


def looked_now(folders) -> dict:
    """{folder: (its real path, its ``same_folder._key``), ``folder_spelling._real_key``'s, or None} of the
    ``folders`` (remembered as not answering), each one short look (``scan_stalls.probe_s``) made together: whether
    it is a folder, then its path resolved, in that one look, whose answer ``folder_spelling.as_library_folder``
    uses (``known``). A second look after it waited the whole bound where the first answered from a cache (an NFS
    attribute cache answers a ``stat`` while a ``readlink`` of the path waits); None: it did not answer."""
    if not folders:
        return {}
    from .bounded_meta import answer, together
    from .scan_stalls import probe_s

    return together(folders, lambda f: answer(f, _there_and_real, f, timeout_s=probe_s(f)))


def _there_and_real(folder: str):
    from .folder_spelling import _real_key

    os.path.isdir(folder)  # (its own look first: the share's folder answers, or not)
    return _real_key(folder)
