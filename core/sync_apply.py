"""The cheap part of a sync plan carried out (``core.sync.plan_sync``'s ``SyncPlan``): renames,
copies of identical files, deletions, offline flags, and the library's per-folder records (the
folders' drive identities, why vanished videos were kept, their links, the folders a walk could not
read); no decoding needed. What remains to embed is ``SyncPlan.to_index``, the indexer's."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from . import reembed_record
from .folder_moved import copied, record
from .scan import is_under, unread_folder
from .search_links import merged_records
from .sync_gone import remove, revive

if TYPE_CHECKING:
    from .library import VideoLibrary
    from .sync import SyncPlan


def apply_cheap_changes(library: VideoLibrary, plan: SyncPlan, max_videos: int, max_moments: int) -> None:
    """Renames, copies of identical files (committed in batches of at most ``max_videos`` /
    ``max_moments``, the indexer's own), videos kept by content taken back, deletions, offline flags, the folders' identities and why
    vanished videos were kept: no decoding needed."""
    if plan.displaced:  # (first: a crash before the moves leaves each path to one video)
        library.video_table.delete([v.video_id for v in plan.displaced])
    if plan.moved or plan.touched:
        library.video_table.move_many([(src.video_id, found.path, found.root, found.size, found.mtime)
                                       for src, found in plan.moved + plan.touched])
    if plan.reembed_moved and (values := reembed_record.moved_values(library.meta.settings, plan.reembed_moved)):
        library.update_settings(**values)  # (a video whose embedding again failed, held, moved: still so)
    # videos removed from another folder, kept by content, back (``core.sync_gone``): after the moves,
    # since one may take a path a video moves off in this plan (a crash between: each path to one video)
    revive(library, plan)
    copies, n_moments = [], 0
    for src, new in plan.copies:
        for field_ in ("duration", "fps", "frame_count", "width", "height", "codec", "reader", "error"):
            setattr(new, field_, getattr(src, field_))
        moments = library.moment_table.of(src.video_id)
        copies.append((new, [replace(m, video_id=new.video_id) for m in moments]))
        n_moments += len(moments)
        if len(copies) >= max_videos or n_moments >= max_moments:
            library.moment_table.commit(copies)  # a folder of copies never sits in memory at once
            copies, n_moments = [], 0
    if copies:  # one commit a batch: each copy is visible whole, or (a crash) not at all
        library.moment_table.commit(copies)
    remove(library, plan)  # (those other folders may hold kept by content a while: ``core.sync_gone``)
    if plan.offline:
        library.video_table.set_offline([v.video_id for v in plan.offline], True)
    if plan.back_online:
        library.video_table.set_offline([v.video_id for v in plan.back_online], False)
    recorded_ids = library.meta.settings.root_ids
    ids = drive_records(recorded_ids or {}, plan.identities, plan.judged, library.meta.settings.folders or [])
    if ids != (recorded_ids or {}):
        library.update_settings(root_ids=ids)
    recorded_links = library.meta.settings.folder_links or {}  # (a folder a run did not walk keeps its last
    links = merged_records(recorded_links, plan.links, library.meta.settings.folders or [])  # walk's, one it
    links.update(_own_links(recorded_links, links, plan.held))  # walked part of has that part's, a folder the
    if links != recorded_links:  # library no longer holds none; one held "device", its own drive's: ``_own_links``)
        library.update_settings(folder_links=links)
    # why this run kept each folder's vanished videos; a folder it did not look at keeps its last index's
    # (a part of a root indexed alone, not listed, none: the root's run judged its videos since)
    recorded, listed = library.meta.settings.held_roots or {}, library.meta.settings.folders or []
    held = {root: why for root, why in recorded.items() if root not in plan.roots
            and (root in listed or not any(is_under(root, r) for r in plan.roots))}
    held.update({root: "missing" for root in plan.offline_roots if root not in plan.held})
    held.update({root: why for root, (why, _) in plan.held.items()})
    if held != recorded:
        library.update_settings(held_roots=held)
    recorded = library.meta.settings.moved_folders  # (a folder renamed: its videos found moved, ``core.folder_moved``)
    moved = record(recorded, plan.moved, plan.moved_from, plan.roots, plan.offline_roots, listed)
    if moved != (recorded or None):  # (a forget's leaves {}: as none)
        library.update_settings(moved_folders=moved)
    recorded = library.meta.settings.copied_folders  # (one with no drive recorded: copies, ``folder_moved.copied``)
    copies = copied(recorded, plan.unrecorded, plan.roots, plan.offline_roots, listed, moved)
    if copies != (recorded or None):
        library.update_settings(copied_folders=copies)
    recorded = library.meta.settings.unread_folders or {}  # (those of folders this run walked: as it found them;
    unread = {f: why for f, why in recorded.items()  # those of a folder away, not walked, kept: still not read)
              if not any(is_under(f, r) for r in plan.roots) or any(is_under(f, a) for a in plan.linked_away)
              or any(is_under(f, a) and not _reached(f, a, plan.held) for a in plan.offline_roots)}
    unread.update({p: why for p, r in plan.problems[:5000] if (why := unread_folder(r)) is not None})  # (bounded)
    if unread != recorded:
        library.update_settings(unread_folders=unread or None)


def _own_links(recorded: dict, links: dict, held: dict) -> dict:
    """The ``folder_links`` records a run keeps of the folders at or in a root it held (another drive at its
    place without some of its videos, "device"; a mount point left empty, "empty"): their own drive's, as
    recorded (as ``root_ids`` keeps its identity), not the walk's of what is there now: a backup copied without
    the folder's links, or an empty mount point, would leave none, and the videos behind a link whose drive is
    still away taken as the folder's own once its drive is back (``folder_back.linked_away``). A "valve" hold
    (the folder there, more than half its videos gone at once) keeps them too: what the walk found may be a
    half-copied or half-mounted folder, so its links (a new one to another drive among them) wait for the hold
    to end, as its videos do."""
    return {f: rec for f, rec in recorded.items() if f in links and any(is_under(f, r) for r in held)}


def _reached(folder: str, root: str, held: dict) -> bool:
    """Whether this run's walk reached ``folder``, a folder an earlier walk could not read, in
    ``root``, one of its offline roots: one whose vanished videos it ``held`` (a drive back on another
    device) was walked, so a folder whose parent is there now was read (or found gone); one whose
    parent is not (another drive in the folder, a mount point left empty) was not, nor was anything
    in a root the walk found missing."""
    return root in held and os.path.isdir(os.path.dirname(folder))


def drive_records(recorded: dict, identities: dict, judged: list[str], folders: list[str]) -> dict:
    """``root_ids`` once a run records ``identities``: a folder not listed that lies in a root
    ``judged`` (indexed whole, none of its videos held) loses its record, so that none outlives the
    index it was made at (``seekframe index ~/Videos/trip``, a part of ~/Videos: its record judged
    its next run alone against a drive ~/Videos's runs had since seen replaced, and kept the
    videos deleted from it as on another drive)."""
    out = {**recorded, **identities}
    return {f: v for f, v in out.items()
            if f in folders or not any(f != r and is_under(f, r) for r in judged)}
