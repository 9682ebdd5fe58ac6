"""Videos a re-scan's plan (``core.sync.plan_sync``) finds no file for at their path, against the
files it found at new paths: a new file with the content of a video the library keeps offline (a
drive unplugged) is a copy of it (``copies_of_kept``), and a failed video whose bytes turn up at a
new path in a folder still on its drive moved there (``failed_found_elsewhere``). Pure bookkeeping
on the plan's records, as ``core.sync``'s."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .library.records import DONE, FAILED, VideoRecord
from .scan import ScanResult, is_under

if TYPE_CHECKING:
    from .sync import SyncPlan


def copies_of_kept(plan: SyncPlan, known: list[VideoRecord], scan: ScanResult) -> None:
    """A new file whose content is a video's the library keeps though its file is not found (a drive
    unplugged: its folder missing, held, behind a link away) is a copy of it: its moments are the
    library's still, so they are copied, none decoded again (the plan's twins to copy from are
    those found now, as a video gone is deleted unless the plan keeps it, known once it is made:
    ``plan.deleted``, ``plan.displaced``, ``plan.moved``). Nothing new to index (a re-scan that found
    nothing to do): the library's videos are not gone through."""
    if not plan.to_index:
        return
    gone = {v.video_id for v in plan.deleted + plan.displaced} | {src.video_id for src, _ in plan.moved}
    kept = {(v.content_hash, v.size): v for v in known if v.status == DONE and not v.quick and v.content_hash
            and v.path not in scan.files and v.video_id not in gone}
    if not kept:
        return
    ids, left = {v.video_id for v in known}, []
    for rec in plan.to_index:  # (a new file's record has an id of its own: a known one is indexed again)
        twin = kept.get((rec.content_hash, rec.size)) if rec.video_id not in ids else None
        if twin is None:
            left.append(rec)
        else:
            plan.copies.append((twin, rec))
    plan.to_index = left


def failed_found_elsewhere(vanished: dict[str, VideoRecord], changed, on_their_drive: list[str]) -> list[VideoRecord]:
    """The failed videos gone from a folder of ``on_their_drive`` (its identity says the drive it was
    indexed on: a folder the user emptied or changed, no drive away) whose bytes a file found now at
    a new path holds (``changed``: the plan's (found, record, digest)): moved there, where that file
    is listed (failed again, or indexed), so they go from ``vanished`` and are to be removed, not
    held as gone from an empty folder. A failed row is no move candidate (it has no moments to
    lend); a drive away keeps its own, as it keeps its other videos."""
    found = {(digest, f.size) for f, _, digest in changed}
    out = [v for v in vanished.values() if v.status == FAILED and v.content_hash
           and (v.content_hash, v.size) in found and any(is_under(v.path, r) for r in on_their_drive)]
    for v in out:
        del vanished[v.video_id]
    return out
