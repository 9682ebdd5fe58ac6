"""Mark and sweep: compare what is on disk with the library's rows (``plan_sync``, pure
bookkeeping); its cheap part (renames, copies, deletions, offline flags, the folders' identities) is
``core.sync_apply``'s; what remains to embed is ``SyncPlan.to_index``.

An unmounted drive is not a deletion: videos gone from a folder still there are *held* (kept,
marked offline) for a ``sync_held.HOLD_REASONS`` reason, deleted only with ``prune=True`` (a folder the
user emptied or deleted videos from, its recorded identity saying the same drive, is no unmounted drive, however many went:
``core.folder_identity.deleted_by_user``); a folder
missing as a whole is offline, never pruned, and so is a drive mounted inside a folder (a
subfolder on another device, recorded with the folder's identity) once it is unplugged; a plain
subfolder deleted takes its videos with it; one the walk could not open or list keeps them as they
are (not seen: neither gone nor changed). A file whose mtime alone changed keeps its vectors.
A *quick* video (``core.index_passes``) is planned again for its full pass, never copied from.
A video indexed by an earlier reader that read frames otherwise (``VideoRecord.reader`` below
``frames_since`` its file) is *rechecked*: a
decode process probes it and it is indexed again only when this reader shows it otherwise (a
phone's portrait video read sideways before; ``core.decode_pool.DecodeSpec.recheck_of``). A
video that failed under an earlier reader is tried again, once: its failure records this reader;
one whose failure may have been of the moment (a hang, a kill, an I/O error) is tried again by the
next runs, up to ``failure_retry.TRIES`` (``SyncPlan.again``); one whose read was denied, once its
file opens (``failure_retry.readable_again``: a ``chmod`` changes no modification time; one that
opens and is denied all the same, in up to ``TRIES`` runs too).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

from . import failure_retry, reembed_failed, reembed_record, sync_held
from .errors import failed_earlier, is_not_video
from .folder_identity import not_seen, same_folder
from .library.records import DONE, FAILED, PENDING, VideoRecord
from .scan import FoundFile, ScanResult, content_hash, is_under, same_file
from .scan_links import unlinked_first
from .sync_kept import copies_of_kept, failed_found_elsewhere
from .sync_gone import KeptElsewhere
from .sync_missing import MissingFolders, missing_roots
from .sync_mounts import links_emptied
from .sync_mounts import mounts_away as drives_away
from .sync_own_names import to_own_names
from .video_info import READER, frames_since

if TYPE_CHECKING:  # (imported for annotations only: a no-op re-scan runs without LanceDB)
    from .library import VideoLibrary


@dataclass
class SyncPlan:
    to_index: list[VideoRecord] = field(default_factory=list)  # new, modified, unfinished, or quick
    recheck: list[VideoRecord] = field(default_factory=list)  # unchanged, indexed by an earlier reader
    moved: list[tuple[VideoRecord, FoundFile]] = field(default_factory=list)  # renamed/moved: reuse vectors
    revived: list[tuple[VideoRecord, FoundFile]] = field(default_factory=list)  # kept by content, found: core.sync_gone
    copies: list[tuple[VideoRecord, VideoRecord]] = field(default_factory=list)  # (source, new): copy vectors
    deleted: list[VideoRecord] = field(default_factory=list)
    displaced: list[VideoRecord] = field(default_factory=list)  # their file now holds another video's content
    unchanged: int = 0
    still_failed: list[VideoRecord] = field(default_factory=list)  # failed before and unchanged since
    retry: list[VideoRecord] = field(default_factory=list)  # failed under an earlier reader: tried again once
    again: list[VideoRecord] = field(default_factory=list)  # failed for a reason of the moment: tried again
    offline: list[VideoRecord] = field(default_factory=list)
    back_online: list[VideoRecord] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    touched: list[tuple[VideoRecord, FoundFile]] = field(default_factory=list)  # new mtime only
    held: dict[str, tuple[str, list[VideoRecord]]] = field(default_factory=dict)  # root: (reason, kept)
    offline_roots: list[str] = field(default_factory=list)  # missing, empty or on another device
    identities: dict[str, dict] = field(default_factory=dict)  # to record: every root seen whole
    judged: list[str] = field(default_factory=list)  # roots whose identity is recorded now (none held)
    roots: list[str] = field(default_factory=list)  # the folders this run looked at
    moved_from: dict[str, int] = field(default_factory=dict)  # missing library folder: videos moved here
    left_in: dict[str, int] = field(default_factory=dict)  # such a folder: its videos not found moved (offline)
    # missing library folder with no drive recorded, laid out as renamed: {folder: (where, videos)} found there
    unrecorded: dict[str, tuple[str, int]] = field(default_factory=dict)  # as copies (``sync_missing.unrecorded_to``)
    # links to folders not there now, drives mounted in a folder and unplugged: their videos kept
    linked_away: list[str] = field(default_factory=list)
    links: dict[str, dict] = field(default_factory=dict)  # the links to folders met by each folder walked whole
    reembed: list[VideoRecord] = field(default_factory=list)  # done, embedded again (in to_index too), searchable till then
    # due to be embedded again, but whose embedding again failed, on the file as it is (``core.reembed_failed``):
    # passed over, on their earlier moments (counted unchanged)
    reembed_held: list[tuple[VideoRecord, reembed_failed.Failure]] = field(default_factory=list)
    # videos moved out of the wait the record gave them (a held one renamed, a waiting one moved to another
    # folder): {id: (old path, new path, the entry)}, their wait carried onto their new paths
    # (``reembed_record.moved_values``, written by ``sync_apply`` with the moves)
    reembed_moved: dict[str, tuple[str, str, str]] = field(default_factory=dict)


def plan_sync(library: VideoLibrary, roots: list[str], scan: ScanResult, *, reindex_failed=False,
              prune=False, offline=None, reembed=None) -> SyncPlan:
    """``offline``: the library folders outside ``roots`` offline by its records (the indexer's,
    read once for its scan: ``folder_spelling.offline_folders``); None: read here if need be.
    ``reembed``: {folder: since} whose done videos found are embedded again (``core.reembed_record``), each
    keeping its moments, searchable, until its commit replaces them as a changed file's are; but those whose
    embedding again failed on their files as they are (``core.reembed_failed``; all of them: ``reindex_failed``)."""
    plan = SyncPlan(problems=list(scan.problems), roots=list(roots), links=dict(scan.links))
    known = list(library.video_table.view().values())  # (shared with the handle: read, never changed here)
    own = _Own()
    by_path = {v.path: v for v in known}
    online_roots = [r for r in roots if r not in scan.offline_roots]
    # Known videos that vanished from an online root are candidates for a move, else deleted.
    linked_away = sync_held.linked_away(known, scan, prune)  # behind a link whose target is not there: kept
    recorded_ids = library.meta.settings.root_ids or {}
    on_mounts, mounts_away, swapped = drives_away(known, scan, recorded_ids, online_roots, prune)
    linked_away.update(on_mounts)  # (on a drive mounted in the folder, unplugged: kept too)
    behind, emptied_links = links_emptied(known, scan, online_roots, prune)  # (and behind a link to
    linked_away.update(behind)  # a drive's mount point left empty)
    unread = [p for p, why in scan.problems if not_seen(why)]  # (their videos: not seen, kept)
    vanished = {v.video_id: v for v in known if v.path not in scan.files and v.video_id not in linked_away
                and any(is_under(v.path, r) for r in online_roots) and not any(is_under(v.path, u) for u in unread)}
    vanished_by_hash: dict[tuple[str, int], list[VideoRecord]] = {}
    for v in [*vanished.values(), *linked_away.values()]:  # (a drive back at another mount point: moved)
        if v.status in (DONE, PENDING) and v.content_hash:  # (pending: a re-index's, whose notes follow too)
            vanished_by_hash.setdefault((v.content_hash, v.size), []).append(v)
    # twins to copy from: found now, or in a folder this run does not look at (a clip copied from
    # a library folder into one indexed alone); none of them vanished
    def again(v: VideoRecord) -> bool:  # (embedded again: no twin to copy moments from)
        return reembed_record.due(v, reembed) if reembed else False

    failures = {} if reindex_failed or not reembed else reembed_failed.recorded(library.meta.settings)

    def anew(v: VideoRecord, found: FoundFile, waits: dict | None = None) -> bool:  # (embedded again now: not
        if not (reembed_record.due(v, waits) if waits else again(v)):  # one whose embedding failed; ``waits``:
            return False  # the wait a moved video carries, ``reembed_record.moved_onto``)
        if failures and reembed_failed.held(v, waits or reembed, failures, found.size, found.mtime):
            plan.reembed_held.append((v, failures[v.video_id]))
            return False
        return True

    present_done_by_hash = {(v.content_hash, v.size): v for v in known
                            if v.status == DONE and not v.quick and v.content_hash and not again(v)
                            and (v.path in scan.files or not any(is_under(v.path, r) for r in roots))}
    from_missing = MissingFolders(known, roots, library.meta, offline,  # a library folder renamed: its videos are here now
                                  listed=missing_roots(roots, scan))  # (named by the run too: ``index A B``)
    elsewhere = KeptElsewhere(library.meta, known, roots, set(linked_away))  # moved from another folder (sync_gone)

    changed: list[tuple[FoundFile, VideoRecord | None, str]] = []  # content not known at its path
    for path, found in scan.files.items():
        rec = by_path.get(path)
        if rec is not None and same_file((rec.size, rec.mtime), found.size, found.mtime):
            if rec.offline:  # (a changed one is online once its run commits it: below)
                plan.back_online.append(rec)
            if anew(rec, found):
                plan.to_index.append(rec)
                plan.reembed.append(rec)
                continue
            if rec.status == DONE and not rec.quick:
                plan.unchanged += 1
                if rec.reader < frames_since(rec.path):
                    plan.recheck.append(rec)
                continue
            if rec.status == FAILED and not _tried_again(plan, rec, reindex_failed):
                continue
            plan.to_index.append(rec)  # pending (a run was interrupted) or quick (its full pass is due)
            continue
        try:
            digest = scan.hashes.get(path) or content_hash(path, found.size)  # (read ahead: core.scan_stalls)
        except (FileNotFoundError, NotADirectoryError):  # gone since the scan: the next run sees it gone
            continue
        except OSError as exc:
            plan.problems.append((path, f"cannot read: {exc.strerror or exc}"))
            continue
        if (rec is not None and rec.status == DONE and not rec.quick and rec.size == found.size
                and rec.content_hash == digest):  # touched: same content, new mtime
            plan.touched.append((rec, found))  # move_video brings it back online too
            if anew(rec, found):
                plan.to_index.append(replace(rec, mtime=found.mtime))
                plan.reembed.append(plan.to_index[-1])
                continue
            plan.unchanged += 1
            if rec.reader < frames_since(rec.path):  # (its new mtime is written before the check's reader)
                plan.recheck.append(replace(rec, mtime=found.mtime))
            continue
        if rec is not None and rec.offline and (rec.content_hash, rec.size) == (digest, found.size):
            plan.back_online.append(rec)  # (its mtime alone changed: its moments, quick ones too, are its own)
        changed.append((found, rec, digest))
    sync_held.keep_unplugged(vanished_by_hash, vanished, online_roots, scan, changed,
                             library.meta.settings.held_roots or {}, recorded_ids, prune)
    from_missing.arrivals(changed)
    _plan_changed(plan, changed, vanished, vanished_by_hash, present_done_by_hash, from_missing, elsewhere, own)
    plan.unrecorded = dict(from_missing.unrecorded)
    to_own_names(plan, by_path, library.meta, known, offline)  # (through a link into a folder not walked)
    on_their_drive = [r for r in online_roots if same_folder(scan.identities.get(r), recorded_ids.get(r), r)]
    failed_moved = failed_found_elsewhere(vanished, changed, on_their_drive)  # (removed from their old path)
    moved = {rec.video_id for rec, _ in plan.moved}
    for src, found in plan.moved:  # (moved before an update: checked at its new path, as a touched one)
        at = replace(src, path=found.path, root=found.root, size=found.size, mtime=found.mtime)
        # (moved out of the wait the record gave it, a held one renamed: its wait follows it, embedded again now
        # or, held, passed over; its entry (and failure) carried onto its new path, ``reembed_moved``, written
        # with the move: a run stopped before it reaches the video leaves it waiting, at its new path)
        entry = reembed_record.moved_onto(src, at, reembed) if reembed else None
        if anew(at, found, entry and {at.path: reembed[entry]}):  # (moved into a folder embedded again: as the
            plan.to_index.append(at)  # others there)
            plan.reembed.append(at)
        elif src.status == DONE and not src.quick and src.reader < frames_since(found.path):
            plan.recheck.append(at)
        elif src.status == FAILED and _tried_again(plan, at, reindex_failed):  # (moved with its folder: as at its
            plan.to_index.append(at)  # old path, tried again where that is due, else its failure kept)
        if entry is not None:
            plan.reembed_moved[src.video_id] = (src.path, at.path, entry)
    linked_away = {i: v for i, v in linked_away.items() if i not in moved}  # (those found moved are no longer away)
    mounts_away = [m for m in mounts_away if any(is_under(v.path, m) for v in linked_away.values())]
    swapped = {m: drive for m, drive in swapped.items() if m in mounts_away}

    sync_held.guard_deletions(plan, recorded_ids, known, online_roots, scan, vanished, prune, mounts_away, swapped)
    held = {v.video_id: v for _, kept in plan.held.values() for v in kept}
    plan.deleted = [v for v in vanished.values() if v.video_id not in held] + failed_moved
    copies_of_kept(plan, known, scan)
    plan.offline = [v for v in known if not v.offline and any(is_under(v.path, r) for r in scan.offline_roots)
                    and v.video_id not in moved]  # (a folder named by the run, renamed: those found are moved)
    plan.offline += [v for v in held.values() if not v.offline]
    plan.offline += [v for v in linked_away.values() if not v.offline]
    plan.linked_away = sorted({link for link in [*scan.dangling, *emptied_links]
                               if any(is_under(v.path, link) and v.path != link for v in linked_away.values())}
                              | set(mounts_away))
    for root in plan.moved_from:  # a folder renamed: the videos not found moved stay listed, marked offline
        # (its files that hold no video, a text file saved as list.mov, hold nothing to keep: no moments, no
        # notes; they go, read again where the folder is now, not listed as skipped files at paths gone)
        nothing = {v.video_id: v for v in known if is_under(v.path, root) and v.status == FAILED
                   and is_not_video(v.error) and v.video_id not in moved}
        dropped = {d.video_id for d in plan.deleted}
        plan.deleted += [v for i, v in nothing.items() if i not in dropped]
        plan.offline = [v for v in plan.offline if v.video_id not in nothing]
        left = [v for v in known if is_under(v.path, root) and v.video_id not in moved and not v.offline
                and v.video_id not in nothing]
        already = {v.video_id for v in plan.offline}
        plan.offline += [v for v in left if v.video_id not in already]
        plan.left_in[root] = len(left)
    plan.offline_roots = list(scan.offline_roots) + [r for r, (why, _) in plan.held.items() if why != "valve"]
    _hand_on(plan, own)
    for rec in plan.to_index + plan.recheck:  # each found now: the record its run writes is online
        rec.offline = False
    return plan


def _tried_again(plan: SyncPlan, rec: VideoRecord, reindex_failed: bool) -> bool:
    """Whether the failed video ``rec`` (its file unchanged, at its path or moved with its folder) is tried
    again by this run: all of them by ``--retry-failed`` (``reindex_failed``); else one failed under an earlier
    reader (``plan.retry``), for a reason of the moment (``plan.again``) or a read denied; the others keep their
    failure (``plan.still_failed``)."""
    if reindex_failed:
        return True
    if failed_earlier(rec, READER):  # (not a hang: it costs the whole bound again)
        plan.retry.append(rec)  # (this reader may read what an earlier one could not)
    elif failure_retry.due(rec):  # (a stall, a kill, an I/O error: a few runs, not each)
        plan.again.append(rec)
    elif not failure_retry.readable_again(rec):  # (a read denied is tried once the file opens:
        plan.still_failed.append(rec)  # its permissions put right, which changes no mtime)
        return False
    return True


class _Own(dict):
    """The plan's own copy of each row it hands on, one a row (a row in two of its lists stays one
    record): the rows read are the table's view, shared with the library's handle, never changed."""

    def of(self, rec: VideoRecord) -> VideoRecord:
        if (mine := self.get(id(rec))) is None:  # (each key's record is held here: its id not reused)
            mine = self[id(rec)] = (rec, rec.copy())
            self[id(mine[1])] = (mine[1], mine[1])  # (a copy already its own)
        return mine[1]


def _hand_on(plan: SyncPlan, own: _Own) -> None:
    """Every record in ``plan`` its own (``_Own``): the indexer and ``core.sync_apply`` change theirs."""
    def mine(x):
        return own.of(x) if isinstance(x, VideoRecord) else tuple(mine(y) for y in x) if isinstance(x, tuple) else x

    for f in fields(plan):
        value = getattr(plan, f.name)
        if f.name == "held":
            plan.held = {r: (why, [own.of(v) for v in kept]) for r, (why, kept) in value.items()}
        elif isinstance(value, list):
            setattr(plan, f.name, [mine(x) for x in value])


def _plan_changed(plan: SyncPlan, changed, vanished: dict, vanished_by_hash: dict, present_done_by_hash: dict,
                  from_missing: MissingFolders, elsewhere: KeptElsewhere, own: _Own) -> None:
    """The files whose content the library does not know at their path: moved there (from a path
    gone, or from one whose file another replaced: ``mv -f A B``, two names swapped), copies,
    new, or changed in place. A video whose file was replaced by another video's (moved onto it, or
    a copy of an indexed one made over it) is removed (its notes wait in the journal for its content
    to come back); one whose file changed otherwise is indexed again."""
    freed = vanished_by_hash  # (content hash, size) -> videos whose content left their path
    for found, rec, digest in changed:
        if (rec is not None and rec.status in (DONE, PENDING) and rec.content_hash
                and (rec.content_hash, rec.size) != (digest, found.size)):
            freed.setdefault((rec.content_hash, rec.size), []).append(rec)
    arrived: dict[str, VideoRecord] = {}  # path -> the video that moved to it
    arrived_done: dict[tuple[str, int], VideoRecord] = {}  # (a second copy of it copies its moments)
    claimed: set[str] = set()
    for found, rec, digest in unlinked_first(changed):  # (a file's own name first, a link's after)
        came = [v for v in freed.get((digest, found.size), []) if v.video_id not in claimed]
        if rec is None and elsewhere.surer((digest, found.size), came, claimed):
            continue  # (behind a link away all of them, one known gone from elsewhere: the loop below takes it)
        if came:  # (the one that was at this very name, or nearest, first: a copy's twin stays put)
            src = min(came, key=lambda v: (os.path.basename(v.path) != os.path.basename(found.path), v.path))
            claimed.add(src.video_id)
            vanished.pop(src.video_id, None)
            plan.moved.append((src, found))
            if src.status == PENDING:  # (not indexed yet: indexed at its new name, its id and notes kept)
                plan.to_index.append(replace(src, path=found.path, root=found.root, size=found.size, mtime=found.mtime))
            else:
                arrived_done[(digest, found.size)] = src
            arrived[found.path] = src
    for found, rec, digest in unlinked_first(changed):  # (so are those moved from elsewhere, or kept)
        if found.path in arrived:
            if rec is not None and rec.video_id not in claimed:
                plan.displaced.append(rec)
            continue
        if rec is None or rec.video_id in claimed:  # a new file here (the one before it moved on)
            # (removed from another folder and kept, or moved from one, first: known gone from there, where a
            # missing folder's video of that content may be on its drive, unplugged)
            if elsewhere.take(plan, (digest, found.size), found, arrived_done, claimed):
                continue
            twin = present_done_by_hash.get((digest, found.size)) or arrived_done.get((digest, found.size))
            if twin is not None and (gone := elsewhere.moved_twin((digest, found.size), twin, claimed)):
                plan.moved.append((gone, found))  # (moved here from a folder not looked at: its file known gone)
                arrived_done[(digest, found.size)] = gone
                continue
            src = from_missing.take((digest, found.size), found.path)
            if src is not None:
                plan.moved.append((src, found))
                # (a failed file moved with them: said failed before, or tried again, not counted; a folder none of
                plan.moved_from[src.root] = plan.moved_from.get(src.root, 0) + (src.status != FAILED)  # whose
                continue  # files was indexed, renamed: listed moved with none, as ``folder_moved.run_text`` says it)
            new = VideoRecord(
                video_id=secrets.token_hex(8), path=found.path, root=found.root, size=found.size,
                mtime=found.mtime, content_hash=digest,
            )
            if twin is not None:
                plan.copies.append((twin, new))
            else:
                plan.to_index.append(new)
        elif (rec.content_hash, rec.size) != (digest, found.size) and (
                twin := present_done_by_hash.get((digest, found.size)) or arrived_done.get((digest, found.size))):
            # a copy of an indexed video made over it (``cp -f A B``): as after ``mv -f``, the video that was
            # here is gone (its notes wait in the journal for its content) and the copy takes its twin's moments
            plan.displaced.append(rec)
            plan.copies.append((twin, VideoRecord(video_id=secrets.token_hex(8), path=found.path, root=found.root,
                                                  size=found.size, mtime=found.mtime, content_hash=digest)))
        else:  # modified in place: same id, new fingerprint, re-embed
            rec = own.of(rec)
            rec.size, rec.mtime, rec.content_hash, rec.root = found.size, found.mtime, digest, found.root
            rec.error = ""
            plan.to_index.append(rec)
