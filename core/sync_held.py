"""What a re-scan keeps instead of removing (``core.sync``'s deletion guard): the videos not found in a
folder that looks like an unplugged drive, a share that stopped answering or a folder that lost too many at
once (``HOLD_REASONS``, ``VALVE_MAX``), those behind a link whose target is away, and the sentence that says
so (``held_text``); moved out of ``core.sync``, which plans with them (``plan_sync``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import TYPE_CHECKING

from .folder_identity import deleted_by_user, same_folder
from .folder_identity import other_drive as _other_drive
from .library.records import DONE, PENDING, VideoRecord
from .library_status import OFFLINE_REASONS
from .scan import ScanResult, is_under
from .shares import on_share
from .sync_mounts import mount_record

if TYPE_CHECKING:
    from .sync import SyncPlan

VALVE_MAX = 200  # a run never removes more videos than this from one folder without prune
HOLD_REASONS = {  # the library setting held_roots: {folder: one of these keys} as of its last index
    "missing": "the folder is missing or cannot be read (an unmounted drive?)",
    "empty": "the folder is empty (an unmounted drive?)",
    "device": "the folder is on another drive than when it was indexed (an unmounted drive?)",
    "valve": "more than half of its videos (or more than {max}) at once".format(max=VALVE_MAX),
}


def held_text(root: str, videos: int, why: str = "") -> str:
    """The sentence for videos a run kept instead of removing: the CLI's run report and the app's
    scan warning (``app.run_words.scan_messages``; the index panel's summary words its own)."""
    return (f"{videos} video{'s' if videos != 1 else ''} seem{'s' if videos == 1 else ''} to be gone from {root}"
            + (f" ({why})" if why else "") + "; nothing was removed (they are marked offline). "
            "Re-scan once the drive is back, or remove them")


def keep_unplugged(vanished_by_hash: dict, vanished: dict, online_roots, scan: ScanResult, changed,
                    held: dict, recorded: dict, prune: bool = False) -> None:
    """An empty folder is a drive unplugged (its mount point left), as a folder missing is, when it
    is on another drive or no longer a mount point (``recorded``: its identity): none of its videos
    is taken as moved, so a copy of one of its clips elsewhere is a video of its own (its moments
    copied, as beside a missing folder: ``sync_kept.copies_of_kept``) and the drive's stays where it is,
    offline; so is an empty folder on a network share (``core.shares``: held whatever its identity
    says). With ``prune`` none is: their videos are removed, so those found elsewhere moved there
    (their ids, moments and notes kept). An empty folder whose identity says the same folder on the same drive is one the user
    emptied: its files found elsewhere keep their moves, even where the rest were deleted or moved
    away over earlier runs.
    Only where no identity tells (none recorded) is it a drive when its last index found it so
    (``held``: empty, missing, on another drive) or its vanished videos are not all found."""
    if prune:
        return
    found = Counter((digest, f.size) for f, _, digest in changed)
    for root in online_roots:
        gone = [v for v in vanished.values()
                if is_under(v.path, root) and v.status in (DONE, PENDING) and v.content_hash]
        wanted = Counter((v.content_hash, v.size) for v in gone)
        now, before = scan.identities.get(root), recorded.get(root)
        if now is not None and isinstance(before, dict):  # (its identity tells)
            away = not same_folder(now, before, root)  # (another drive, or another folder: a bind mount undone)
        else:
            away = held.get(root) in OFFLINE_REASONS or not all(found[key] >= n for key, n in wanted.items())
        if not gone or not (away or on_share(root)) or any(is_under(p, root) for p in scan.files):
            continue  # (a share's folder found empty is held, as a drive away: core.shares; the files last)
        ids = {v.video_id for v in gone}
        for key in wanted:
            vanished_by_hash[key] = [v for v in vanished_by_hash.get(key, []) if v.video_id not in ids]


def linked_away(known: list[VideoRecord], scan: ScanResult, prune: bool) -> dict[str, VideoRecord]:
    """The videos not found that lie behind a link of the folder whose target is not there (a link
    to a folder, or a video, on a drive unplugged): kept, marked offline, as a missing library
    folder's are; with ``prune``, only those behind a link the walk passed over as not answering
    (``ScanResult.hung_links``: a share that stopped answering is never taken as gone, as a library folder
    that does not answer is never pruned), the others removed as any video gone."""
    links = [link for hung in scan.hung_links.values() for link in hung] if prune else scan.dangling
    if not links:
        return {}
    return {v.video_id: v for v in known
            if v.path not in scan.files and any(is_under(v.path, link) for link in links)}


def guard_deletions(plan: SyncPlan, recorded: dict, known, online_roots, scan: ScanResult,
                     vanished: dict, prune: bool, mounts_away: list[str], swapped: dict) -> None:
    """Fill ``plan.held`` (the vanished videos to keep) and ``plan.identities`` (with the drives
    mounted in the folder, and those unplugged or replaced whose videos are kept: ``sync_mounts``)."""
    for root in online_roots:
        now = scan.identities.get(root)
        gone = [v for v in vanished.values() if is_under(v.path, root)]
        if gone and not prune:
            reason = _hold_reason(root, now, recorded.get(root), known, scan, [v.path for v in gone])
            if reason:
                plan.held[root] = (reason, gone)
                continue  # the folder keeps the identity it had when its videos were there
        if now is None:
            continue
        plan.judged.append(root)
        identity = {**asdict(now), **mount_record(root, recorded.get(root), scan, mounts_away, swapped)}
        if recorded.get(root) != identity:
            plan.identities[root] = identity


def _hold_reason(root: str, now, before, known, scan: ScanResult, gone: list[str]) -> str:
    """Why the videos ``gone`` from ``root`` are kept ("": none, they are removed). Deleted by the user,
    as many as they are, where its identity says the same folder on the same drive, walked whole and
    none behind a link or on a drive mounted in it (``folder_identity.deleted_by_user``); else an empty
    folder is held, so is one on another drive, and so are more than half of a folder's videos gone
    at once (or over ``VALVE_MAX``), the safety valve: a share, a folder made again, an older library."""
    if deleted_by_user(root, now, before, scan, gone):
        return ""
    if not any(is_under(p, root) for p in scan.files):
        return "empty"
    if _other_drive(now, before):
        return "device"
    n_known, n_gone = sum(is_under(v.path, root) for v in known), len(gone)
    if n_gone > n_known / 2 or n_gone > VALVE_MAX:
        return "valve"
    return ""
