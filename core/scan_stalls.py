"""A library folder whose listing answers but whose reads do not (a network share that stopped answering,
its directory listing still served from a cache), met by a run before any video is decoded: the scan's
own reads of a file it found (a GIF's, WebP's or .mod's first bytes, ``core.walk_rule``) and the plan's
content hashes (``hash_ahead``, for ``core.sync.plan_sync``: a new or changed file's, to tell a move or a
copy) are bounded (``core.bounded_read.scan_open``: ``TimeoutError`` after ``READ_TIMEOUT_S``, 120 s),
where they hung the run for ever.

A file whose read stalls is not read again in the run: it is said among the files the run could not
read, with why (``no_answer_text``), and its video, if the library has one, is kept as it is (a scan
problem ``cannot read: …``, ``folder_identity.not_seen``); nothing is recorded, so later runs read it
again. ``STALLS_OFFLINE`` stalls in one library folder (a share that hangs as a whole, where each of its
files would cost the bound again: hours) make the folder offline for the run (``call_offline``): as a
folder its scan could not reach, its videos kept, marked offline, never taken as gone, the run going on
with the other folders; said as such (``ScanResult.hung``, the summary's ``hung``)."""

from __future__ import annotations

import os

from .bounded_read import no_answer_text

STALLS_OFFLINE = 2  # reads of one library folder's files that stalled, after which the folder is offline
HUNG_WHY = "its files do not answer reads"  # (the offline folder's scan problem, and what the run says)


def _under(path: str, root: str) -> bool:
    root = root.rstrip(os.sep) or os.sep
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


def owner(path: str, roots) -> str | None:
    """The library folder of ``roots`` a file found is listed under (the deepest holding it)."""
    return max((r for r in roots if _under(path, r)), key=len, default=None)


def note(scan, root: str, path: str) -> bool:
    """A read of ``path``, found under ``root``, stalled: noted; whether ``root`` is to be offline now."""
    stalled = scan.stalled.setdefault(root, [])
    if path not in stalled:
        stalled.append(path)
    return len(stalled) >= STALLS_OFFLINE


def given_up(scan, root: str) -> bool:
    """Whether ``root``'s reads stalled ``STALLS_OFFLINE`` times: read no more this run."""
    return len(scan.stalled.get(root, ())) >= STALLS_OFFLINE


def call_offline(scan, root: str, roots) -> None:
    """``root`` made, in ``scan``, a library folder found offline (as ``core.scan.scan`` leaves one it
    could not reach: nothing found or recorded under it, its videos kept, marked offline: ``core.sync``)."""
    if root in scan.hung:
        return
    mine = [p for p in scan.files if owner(p, roots) == root]
    for p in mine:
        del scan.files[p]
    for listing in (scan.identities, scan.mounts, scan.links):
        listing.pop(root, None)
    scan.mount_ids = {m: i for m, i in scan.mount_ids.items() if not (_under(m, root) and owner(m, roots) == root)}
    scan.dangling = [d for d in scan.dangling if owner(d, roots) != root]
    scan.problems = [(p, why) for p, why in scan.problems if owner(p, roots) != root]
    scan.skipped_files = [(p, why) for p, why in scan.skipped_files if owner(p, roots) != root]
    scan.offline_roots.append(root)
    scan.problems.append((root, f"folder unavailable: {HUNG_WHY}"))
    scan.hung.append(root)


def hash_ahead(scan, roots, known, timeout_s: float | None = None) -> None:
    """The content hashes ``plan_sync`` takes of the files ``scan`` found that the library's records
    ``known`` do not have as they are (new, or of another size or time), read here, bounded
    (``ScanResult.hashes``): a stall as the module says. Other errors are the plan's to say (it reads
    such a file again)."""
    from .folder_identity import UNREAD_ENTRY
    from .scan import content_hash, same_file

    by_path = {v.path: v for v in known}
    for path, found in list(scan.files.items()):
        root = owner(path, roots) or found.root
        if root in scan.hung or path in scan.hashes:
            continue
        rec = by_path.get(path)
        if rec is not None and same_file((rec.size, rec.mtime), found.size, found.mtime):
            continue
        if path not in scan.stalled.get(root, ()):  # (one whose read stalled at the walk: not read again)
            try:
                scan.hashes[path] = content_hash(path, found.size, timeout_s)
                continue
            except TimeoutError:
                pass
            except OSError:
                continue
        if note(scan, root, path):
            call_offline(scan, root, roots)
            continue
        del scan.files[path]  # (its video kept as it is: a problem that says nothing of it)
        scan.problems.append((path, f"{UNREAD_ENTRY}{no_answer_text(timeout_s)}"))

