"""Library folders remembered as not answering (library setting ``hung_folders``: a network share that hung) as
``core.folder_spelling.library_spellings`` reads them: which of them a typed root may lead into (``_may_lead_to``,
by spellings and the real paths their last walks recorded, never a look at the share), a root inside a recorded
real path taken as that folder unlooked at (``_through_record``), and a short look, all together, only at those
(``not_answering_now``): ``offline_for``, the folders never resolved on the way. Cut out of core.folder_spelling
(kept under the modules' size)."""

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
    from .folder_spelling import offline_folders

    folders = [f for f in folders if isinstance(f, str)]
    if all(r in folders for r in roots):
        return frozenset()
    hung = meta.settings.hung_folders if isinstance(meta.settings.hung_folders, dict) else {}
    hung = [f for f in folders if f in hung]
    near = _may_lead_to(roots, hung, _hung_reals(meta, hung)) if hung else []
    return offline_folders(meta, folders, videos() if callable(videos) else videos) | frozenset(
        f for f in hung if f not in near) | not_answering_now(near)


def _may_lead_to(roots, hung, reals) -> list:
    """The ``hung`` folders a root lies in, as spelled or through its links (``_walk``: no look at the share; one in a
    recorded real path is that folder, ``_through_record``): ``seekframe index NEW`` waits for no other share."""
    from .bounded_meta import answer
    from .folder_spelling import _walk
    from .scan_stalls import probe_s

    spellings = {f: (f, reals[f]) if f in reals else (f,) for f in hung}
    stops, near = [s for sp in spellings.values() for s in sp], set()
    for r in roots:
        if not _through_record(r, reals):  # (a root that does not answer: each looked at)
            walked = answer(r, _walk, r, stops, timeout_s=probe_s(r), otherwise=False)
            near |= set(hung) if walked is False else {f for f, sp in spellings.items() if any(
                is_under(walked, s) for s in sp)} if walked else set()
    return [f for f in hung if f in near]


def not_answering_now(folders) -> frozenset:
    """The ``folders`` (remembered as not answering) that do not answer a short look now (``scan_stalls.probe_s``),
    together. One that answers (the share back) is resolved as any library folder, not taken for a second one."""
    if not folders:
        return frozenset()
    from .bounded_meta import answer, together
    from .scan_stalls import probe_s

    there = together(folders, lambda f: answer(f, os.path.isdir, f, timeout_s=probe_s(f)))
    return frozenset(f for f in folders if there[f] is None)
