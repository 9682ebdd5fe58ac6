"""A library folder renamed (``mv ~/Videos ~/Movies``): the videos of the library's folders missing now,
by their content, so that a new file of that content at the same place in the folder they went to is
that video moved (``core.sync.plan_sync``), its vectors, notes and captions kept, whether the run lists
the missing folder (``seekframe index ~/Videos ~/Movies``, a re-scan of every folder: the window's
Re-scan) or not (``seekframe index ~/Movies``), to a folder on the same drive or on another. One rule for
both (``renamed_to``): a drive unplugged whose clips were copied elsewhere is no rename, its videos kept
offline (``core.sync_kept``): what is left where the folder was (its nearest parent there) is on another
drive than the one the folder was recorded on."""

from __future__ import annotations

import os
from collections import defaultdict

from . import bounded_meta, scan as scans
from .folder_identity import other_drive, same_drive_renumbered
from .folder_moved import moved_base
from .folder_spelling import offline_folders
from .errors import is_not_video
from .library.records import DONE, FAILED, VideoRecord
from .scan import RootIdentity, ScanResult, is_under


def missing_roots(roots: list[str], scan: ScanResult) -> list[str]:
    """The run's ``roots`` its scan found not there at all (``ScanResult.gone_roots``: ENOENT/ENOTDIR,
    by the error's number, whatever the system's words for it): not one that did not answer, could not
    be read, or has a file in its place."""
    return [r for r in roots if r in scan.gone_roots]  # (each also in offline_roots: scan adds both)


def left_where(folder: str, real: str | None = None) -> tuple[str, RootIdentity | None] | None:
    """The nearest parent of ``folder`` (missing now) that is there, with its identity
    (``core.scan.root_identity``): on the folder's own drive where it was moved or renamed away
    (``mv ~/Videos /media/big/`` leaves ``~`` on it), on the computer's disk where its drive was
    unplugged (``/media/u``, or the empty mount point ``/media/u/A``). None where a parent could not be read (not one that is not there). A
    folder that is a link is looked at where it led, as its record was made through it: ``real``, the
    real path its last walk recorded (setting ``folder_links``: the link itself may be gone or renamed
    now), else where the link left dangling leads (``~/Videos`` to ``/data/Videos``, renamed on ``/data``)."""
    parent = real if isinstance(real, str) and os.path.isabs(real) else os.path.realpath(folder)
    while (up := os.path.dirname(parent)) != parent:
        parent = up
        try:
            st = os.stat(parent)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            return None
        return parent, scans.root_identity(parent, st)
    return None


def drive_left(folder: str, recorded: dict, real: str | None = None) -> bool:
    """Whether what is left where ``folder`` was (``left_where``) is on the drive it was recorded on
    (``recorded``): the same device and file system (``folder_identity.other_drive``), or the same file
    system on a new device number (``folder_identity.same_drive_renumbered``: a drive plugged back)."""
    left = left_where(folder, real)
    if left is None or left[1] is None:
        return False
    parent, now = left
    return not other_drive(now, recorded) or same_drive_renumbered(now, recorded, parent)


def renamed_to(folder: str, videos: list[VideoRecord], arrived: dict, known: list[VideoRecord],
               recorded=None, real: str | None = None) -> dict[str, str]:
    """{video id: its new path} for the ``videos`` of ``folder`` (missing now) where the folder was
    renamed or moved as a whole: more than half of them found (``arrived``: (content hash, size) ->
    the paths of files new to the library) at their own place under one folder (``B/rel``, ``rel``
    their path in ``folder``: ``folder_moved.moved_base``) that holds nothing the library knew but their
    content (a folder new to it, or one a rename killed part-way filled), where the folder's drive is
    still there (``recorded``, library setting ``root_ids``: a folder recorded as a mount point, or whose
    nearest parent there, ``drive_left``, is on another drive than the one recorded, is a drive
    unplugged, whatever copies of its clips are found, on whatever device: another drive can get the
    unplugged one's device number; ``real``: where the folder led when it was walked last, for a folder
    that was a link). A folder with no drive recorded (a library of a release before they were, the
    folder missing at its first run since: each run records the drive of those it finds) is no rename
    either, the drive never asked: its files found elsewhere are copies (moments copied, not read again),
    its videos kept offline with their notes, which a `seekframe forget` of it ties to the copies
    (``notes_journal.to_copies``), where a drive unplugged taken as renamed would have lent its ids
    and notes to a backup's copies. Else {}: its videos stay where they are."""
    if not isinstance(recorded, dict) or recorded.get("device") is None or recorded.get("mount_point"):
        return {}
    for _base, moved in _laid_out(folder, videos, arrived, known):
        if not bounded_meta.answer(folder, drive_left, folder, recorded, real, otherwise=False):
            return {}  # (looked at once, for the first folder its videos could have gone to: a share may not answer)
        return moved
    return {}


def unrecorded_to(folder: str, videos: list[VideoRecord], arrived: dict, known: list[VideoRecord],
                  recorded=None) -> tuple[str, int] | None:
    """(the folder, how many of its videos) where ``folder`` (missing now) looks renamed or moved as a
    whole (``renamed_to``'s layout) but has no drive recorded (``recorded``: a library of an earlier
    release), so its files found there are taken as copies: what the run says of it
    (``folder_moved.unrecorded_text``). None otherwise (a folder recorded, on a drive or a mount point,
    is told by its record)."""
    if isinstance(recorded, dict) and (recorded.get("device") is not None or recorded.get("mount_point")):
        return None
    return next(((base, len(moved)) for base, moved in _laid_out(folder, videos, arrived, known)), None)


def _laid_out(folder: str, videos: list[VideoRecord], arrived: dict, known: list[VideoRecord]):
    """The folders ``videos`` of ``folder`` were found in at their own places (``folder_moved.moved_base``),
    more than half of them under each, one that holds nothing the library knew but their content, each
    file taken once: (that folder, {video id: its path there}), the most found first."""
    by_base: dict[str, dict[str, str]] = defaultdict(dict)
    for v in videos:
        for path in arrived.get((v.content_hash, v.size), ()):
            if (base := moved_base(v.path, folder, path)) is not None:
                by_base[base].setdefault(v.video_id, path)
    contents = {(v.content_hash, v.size) for v in videos}
    for base, moved in sorted(by_base.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if 2 * len(moved) <= len(videos):
            return
        if is_under(base, folder) or is_under(folder, base) or any(
                is_under(k.path, base) and (k.content_hash, k.size) not in contents for k in known):
            continue
        if len(set(moved.values())) == len(moved):  # (two videos onto one file: no layout kept)
            yield base, moved


def failed_along(folder: str, base: str | None, failed: list[VideoRecord], arrived: dict):
    """(video, its path there) for the ``failed`` videos of ``folder`` (missing now, renamed or moved as a
    whole to ``base``: ``renamed_to``) whose file is found at its own place there (``arrived``: (content hash,
    size) -> the paths of files new to the library): moved with the folder, as its videos are, their failure
    kept, not left behind as a video not found (a file that holds no video: read again, ``core.sync``)."""
    if base is None:
        return
    for v in failed:
        path = os.path.join(base, os.path.relpath(v.path, folder))
        if not is_not_video(v.error) and path in arrived.get((v.content_hash, v.size), ()):
            yield v, path


class MissingFolders:
    """The indexed videos of library folders that are missing now, not scanned (a folder renamed, A
    to B, and B indexed) or listed by the run and found missing (``listed``: A and B indexed together),
    by (content hash, size): a new file found with the content of one, at its place in the folder it
    was renamed to (``renamed_to``), is that video moved, keeping its vectors, notes and captions. Read
    on first use only. A folder offline by the library's records (``folder_spelling.offline_folders``:
    a share that does not answer would hang the run) is never looked at: missing when its last index
    found it so. ``unrecorded``: those with no drive recorded whose files were found as a rename's would
    be, taken as copies (``unrecorded_to``), for the run to say why."""

    def __init__(self, known: list[VideoRecord], roots: list[str], meta=None, offline=None, listed=()):
        self._known, self._roots, self._meta, self._moves = known, roots, meta, None
        self._offline = offline  # (the run's: the library folders outside ``roots`` offline, read once)
        self._listed, self._changed = list(listed), []
        self.unrecorded: dict[str, tuple[str, int]] = {}  # (a folder with no drive recorded: ``unrecorded_to``)

    def arrivals(self, changed) -> None:
        """The run's files whose content is not known at their path (``core.sync``'s (found, record, digest))."""
        self._changed = changed

    def take(self, key: tuple[str, int], path: str) -> VideoRecord | None:
        if self._moves is None:
            self._moves = self._read()
        found = self._moves.get(path)
        return found if found is not None and (found.content_hash, found.size) == key else None

    def _read(self) -> dict[str, VideoRecord]:
        there: dict[str, bool] = {r: False for r in self._listed}
        recorded, links = {}, {}
        if self._meta is not None:
            held, others = self._meta.settings.held_roots or {}, self._meta.settings.folders or []
            others = [f for f in others if isinstance(f, str) and not any(is_under(f, r) for r in self._roots)]
            offline = self._offline if self._offline is not None else offline_folders(self._meta, others, self._known)
            there.update({f: held.get(f) != "missing" for f in offline if f in others})
            recorded, links = self._meta.settings.root_ids or {}, self._meta.settings.folder_links or {}
        pairs, failed = [], defaultdict(list)  # (failed: moved with their folder, telling a rename where none
        # of its files was indexed)
        for v in self._known:
            if v.status not in (DONE, FAILED) or v.quick or not v.content_hash:
                continue
            folder = next((r for r in self._listed if is_under(v.path, r)), None)
            if folder is None:
                if any(is_under(v.path, r) for r in self._roots):
                    continue
                folder = v.root
            if v.status == FAILED:
                failed[folder].append(v)
                continue
            pairs.append((folder, v))
        telling = {f for f, _v in pairs}  # (a folder none of whose files was indexed: its failed files tell its
        pairs += [(f, v) for f, vs in failed.items() if f not in telling  # rename, each failure following it)
                  for v in vs if not is_not_video(v.error)]
        # (one that does not answer, a network share: there, never a rename's source; all looked at together,
        # several on a dropped share one bound in all)
        there.update(bounded_meta.answers([f for f, _v in pairs if f not in there], os.path.lexists, otherwise=True))
        folders: dict[str, list[VideoRecord]] = defaultdict(list)
        for folder, v in pairs:
            if not there[folder]:
                folders[folder].append(v)
        if not folders:
            return {}
        arrived: dict[tuple[str, int], list[str]] = defaultdict(list)
        for found, rec, digest in self._changed:
            if rec is None:
                arrived[(digest, found.size)].append(found.path)
        by_id = {v.video_id: v for vs in folders.values() for v in vs}
        moves: dict[str, VideoRecord] = {}
        for folder, videos in folders.items():
            real = rec.get("real") if isinstance(rec := links.get(folder), dict) else None
            found = renamed_to(folder, videos, arrived, self._known, recorded.get(folder), real)
            for video_id, path in found.items():
                moves.setdefault(path, by_id[video_id])
            if found:  # (its files that failed, at their places there: moved with it, their failures kept)
                base = moved_base(by_id[next(iter(found))].path, folder, next(iter(found.values())))
                for v, path in failed_along(folder, base, failed[folder], arrived):
                    moves.setdefault(path, v)
        free = {k: [p for p in paths if p not in moves] for k, paths in arrived.items()}  # (files another folder's
        for folder, videos in folders.items():  # videos moved to are no copies: Videos, copied to Movies, renamed
            # Films since, said again as copies by the run that finds Movies' videos moved there)
            if (unsure := unrecorded_to(folder, videos, free, self._known, recorded.get(folder))) is not None:
                self.unrecorded[folder] = unsure
        return moves
