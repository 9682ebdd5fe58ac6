"""Drives mounted inside a library folder (``~/Videos/external``: a subfolder on another device
than the folder it is in, ``ScanResult.mounts``), for ``core.sync``: recorded with the folder's
identity (library setting ``root_ids``: ``mounts``, their paths relative to the folder, and
``mount_ids``, the identities of the drives each one held), so that the videos of a drive
unplugged (its mount point missing, empty, or on its parent's device again) or replaced by another
drive at the same mount point (drives taking turns there) are kept, marked offline, not removed; so
are those behind a link to a drive's mount point left empty (``links_emptied``)."""

from __future__ import annotations

import os

from .library.records import VideoRecord
from .scan import RootIdentity, ScanResult, is_under
from .scan_links import empty_or_gone
from .shares import inodes_made_at_mount


def _same(drive, now: RootIdentity, folder: str) -> bool:
    """Whether the recorded ``drive`` is the one mounted now at ``folder``: the same device, and the
    same filesystem id and inode where both are known (the rule of a library folder's own identity,
    ``core.folder_identity.same_folder``: two folders of one file system bind-mounted there in turn
    differ by their inodes alone), and kept by its file system (FAT and exFAT number a folder afresh
    at each mount: ``shares.inodes_made_at_mount``, asked only where the inodes differ)."""
    fsid, inode = drive.get("fsid"), drive.get("inode")
    return drive.get("device") == now.device and not (fsid and now.fsid and fsid != now.fsid) \
        and not (isinstance(inode, int) and inode and now.inode and inode != now.inode
                 and not inodes_made_at_mount(folder))


def _recorded(before) -> tuple[list, dict]:
    """The ``mounts`` and ``mount_ids`` a folder's recorded identity holds (damaged ones: none)."""
    before = before if isinstance(before, dict) else {}
    mounts, ids = before.get("mounts"), before.get("mount_ids")
    return (mounts if isinstance(mounts, list) else []), (ids if isinstance(ids, dict) else {})


def _drives(entry) -> list[dict]:
    """The drives recorded at one mount point (``mount_ids``' entry: a list of identities)."""
    return [d for d in entry if isinstance(d, dict)] if isinstance(entry, list) else []


def mounts_away(known: list[VideoRecord], scan: ScanResult, recorded: dict, online_roots: list[str],
                prune: bool) -> tuple[dict[str, VideoRecord], list[str], dict[str, list]]:
    """The videos not found under a subfolder that was a mount point at the last index and is
    none now (unplugged), or that held another drive than the one mounted now; those subfolders;
    and the drives recorded at each such subfolder that holds a drive now (kept recorded while
    their videos are kept). They are kept, marked offline, as a missing library folder's are;
    with ``prune``, none. A subfolder that was never a mount point and is gone was deleted: its
    videos are removed as any deleted video's; so are those gone from a drive mounted now that is
    the only one recorded there (or when none was)."""
    kept, away, swapped = {}, [], {}
    for root in online_roots if not prune else ():
        mounts, ids = _recorded(recorded.get(root))
        for rel in mounts:
            folder = os.path.normpath(os.path.join(root, rel)) if isinstance(rel, str) and rel else root
            if (folder == root or not is_under(folder, root)
                    or any(r != root and is_under(folder, r) and is_under(r, root) for r in online_roots)):
                continue  # (in a library folder of its own in this one, that folder's rules keep them)
            drives, now = _drives(ids.get(rel)), scan.mount_ids.get(folder)
            mounted = folder in scan.mounts.get(root, ())
            if mounted and (now is None or all(_same(d, now, folder) for d in drives)):
                continue  # (the drive recorded mounted now: its videos gone were deleted)
            mine = {v.video_id: v for v in known if v.path not in scan.files and is_under(v.path, folder)}
            if mine:
                kept.update(mine)
                away.append(folder)
                if mounted:
                    swapped[folder] = drives
    return kept, away, swapped


def mount_record(root: str, before, scan: ScanResult, away: list[str], swapped: dict[str, list]) -> dict:
    """What to record of the drives mounted in ``root`` (``mounts``, ``mount_ids``): those mounted
    now, and those whose videos are kept (``mounts_away``), each with its drives: the one mounted
    now, and, while videos gone from it are kept, the drives recorded there before too."""
    folders = [m for m in dict.fromkeys([*scan.mounts.get(root, ()), *away]) if is_under(m, root)]
    if not folders:  # (none: the identity as recorded before drives mounted in folders were)
        return {}
    ids, old = {}, _recorded(before)[1]
    for folder in folders:
        rel, now = os.path.relpath(folder, root), scan.mount_ids.get(folder)
        drives = swapped.get(folder, _drives(old.get(rel)) if folder in away else [])
        if now is not None and folder in scan.mounts.get(root, ()) and not any(_same(d, now, folder) for d in drives):
            drives = [*drives, {"device": now.device, "fsid": now.fsid, **({"inode": now.inode} if now.inode else {})}]
        if drives:
            ids[rel] = drives
    record = {"mounts": sorted({os.path.relpath(m, root) for m in folders})}
    return {**record, "mount_ids": ids} if ids else record


def links_emptied(known: list[VideoRecord], scan: ScanResult, online_roots: list[str],
                  prune: bool) -> tuple[dict[str, VideoRecord], list[str]]:
    """The videos not found behind a link to a folder (``ScanResult.links``) that leads to an empty
    folder now (``scan_links.empty_or_gone``, the window's rule too: ``core.scan.file_gone``), and those
    links: a link to a drive's mount point (``~/Videos/cam`` -> ``/mnt/cam``)
    leads, once the drive is unplugged, to an empty folder of the computer's disk, not nowhere (a link
    whose target is gone: ``ScanResult.dangling``). They are kept, marked offline, as behind such a
    link; with ``prune``, none (removed as any video gone)."""
    from . import bounded_meta

    kept, away, asked = {}, [], []
    hung = {link for links in scan.hung_links.values() for link in links}  # (passed over: never looked at)
    for root in online_roots if not prune else ():
        links = ((scan.links.get(root) or {}).get("links") or {}).items()
        gone = [v for v in known if v.path not in scan.files and is_under(v.path, root)] if links else []
        for rel, target in links:
            link = os.path.normpath(os.path.join(root, rel))
            if target == "" or link == root or link in hung:
                continue  # (leading nowhere, or not answering: a dangling link's rule keeps them)
            # (none behind a link to another library folder, walked by its own walk or offline and never
            # looked at: nothing is listed there; a folder with files there is the drive plugged in)
            mine = {v.video_id: v for v in gone if is_under(v.path, link)}
            if mine and not any(is_under(p, link) for p in scan.files):
                asked.append((link, mine))
    emptied = bounded_meta.together([link for link, _ in asked], _emptied)  # (one bound in all, not one a link)
    for link, mine in asked:
        if emptied[link]:
            kept.update(mine)
            away.append(link)
    return kept, away


def _emptied(link: str) -> bool:
    """``empty_or_gone(link)`` as one bounded look (``bounded_meta.answer``, keyed by the link, as a walk stuck in
    it is): a link into a share that stopped answering since the walk lists nothing for ever, and held the run with
    it. One that does not answer says nothing of its videos: kept offline, as behind a link away, never removed.
    The links of a run are looked at together (``bounded_meta.together``)."""
    from . import bounded_meta

    return bounded_meta.answer(link, empty_or_gone, link, otherwise=True)
