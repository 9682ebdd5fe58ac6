"""Mark and sweep: compare what is on disk with what the library knows, and decide the work.

Pure bookkeeping over the scan result and the library's rows; it changes nothing on its own.
``apply_moves_and_deletions`` then carries out the cheap part (renames, deletions, offline
flags); what remains to embed is ``SyncPlan.to_index``.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from .library import VideoLibrary
from .library.records import DONE, FAILED, VideoRecord
from .scan import FoundFile, ScanResult, content_hash, is_under, normalise_root


@dataclass
class SyncPlan:
    to_index: list[VideoRecord] = field(default_factory=list)  # new, modified, or unfinished
    moved: list[tuple[VideoRecord, FoundFile]] = field(default_factory=list)  # renamed/moved: reuse vectors
    copies: list[tuple[VideoRecord, VideoRecord]] = field(default_factory=list)  # (source, new): copy vectors
    deleted: list[VideoRecord] = field(default_factory=list)
    unchanged: int = 0
    still_failed: list[VideoRecord] = field(default_factory=list)  # failed before and unchanged since
    offline: list[VideoRecord] = field(default_factory=list)
    back_online: list[VideoRecord] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)


def new_video_id() -> str:
    return secrets.token_hex(8)


def plan_sync(library: VideoLibrary, roots: list[str], scan: ScanResult, *, reindex_failed=False) -> SyncPlan:
    plan = SyncPlan(problems=list(scan.problems))
    known = library.videos()
    by_path = {v.path: v for v in known}
    online_roots = [r for r in roots if r not in scan.offline_roots]

    def under(roots_, path):
        return any(is_under(path, r) for r in roots_)

    # Known videos that vanished from an online root are candidates for a move, else deleted.
    vanished = {
        v.video_id: v for v in known if under(online_roots, v.path) and v.path not in scan.files
    }
    vanished_by_hash: dict[tuple[str, int], list[VideoRecord]] = {}
    for v in vanished.values():
        if v.status == DONE and v.content_hash:
            vanished_by_hash.setdefault((v.content_hash, v.size), []).append(v)
    present_done_by_hash = {
        (v.content_hash, v.size): v
        for v in known
        if v.status == DONE and v.path in scan.files and not vanished.get(v.video_id)
    }

    for path, found in scan.files.items():
        rec = by_path.get(path)
        same_stat = rec is not None and rec.size == found.size and abs(rec.mtime - found.mtime) < 1e-3
        if rec is not None and same_stat:
            if rec.offline:
                plan.back_online.append(rec)
            if rec.status == DONE:
                plan.unchanged += 1
                continue
            if rec.status == FAILED and not reindex_failed:
                plan.still_failed.append(rec)
                continue
            plan.to_index.append(rec)  # pending: a run was interrupted
            continue
        try:
            digest = content_hash(path, found.size)
        except OSError as exc:
            plan.problems.append((path, f"cannot read: {exc.strerror or exc}"))
            continue
        if rec is None:
            moved_from = vanished_by_hash.get((digest, found.size))
            if moved_from:
                src = moved_from.pop()
                del vanished[src.video_id]
                plan.moved.append((src, found))
                continue
            new = VideoRecord(
                video_id=new_video_id(), path=path, root=found.root, size=found.size,
                mtime=found.mtime, content_hash=digest,
            )
            twin = present_done_by_hash.get((digest, found.size))
            if twin is not None:
                plan.copies.append((twin, new))
            else:
                plan.to_index.append(new)
        else:  # modified in place: same id, new fingerprint, re-embed
            rec.size, rec.mtime, rec.content_hash, rec.root = found.size, found.mtime, digest, found.root
            rec.error = ""
            plan.to_index.append(rec)

    plan.deleted = list(vanished.values())
    plan.offline = [v for v in known if under(scan.offline_roots, v.path) and not v.offline]
    return plan


def apply_cheap_changes(library: VideoLibrary, plan: SyncPlan) -> None:
    """Renames, copies of identical files, deletions and offline flags: no decoding needed."""
    for src, found in plan.moved:
        library.move_video(src.video_id, found.path, found.root, found.size, found.mtime)
    for src, new in plan.copies:
        moments = library.moments_of(src.video_id)
        for field_ in ("duration", "fps", "frame_count", "width", "height", "codec"):
            setattr(new, field_, getattr(src, field_))
        for m in moments:
            m.video_id = new.video_id
        library.commit_video(new, moments)
    if plan.deleted:
        library.delete_videos([v.video_id for v in plan.deleted])
    if plan.offline:
        library.set_offline([v.video_id for v in plan.offline], True)
    if plan.back_online:
        library.set_offline([v.video_id for v in plan.back_online], False)


def file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def forget_folder(library: VideoLibrary, root: str) -> int:
    """Remove a folder from the library: its videos and moments go, the files stay untouched."""
    root = normalise_root(root)
    gone = [v.video_id for v in library.videos() if is_under(v.path, root)]
    if gone:
        library.delete_videos(gone)
    folders = [f for f in library.settings.get("folders", []) if f != root]
    library.update_settings(folders=folders)
    return len(gone)
