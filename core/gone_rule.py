"""Whether a library's video whose file is not there now is *gone*, as the next re-scan finds it (it
removes the video), or *offline*, as the re-scan keeps it (marked offline: its drive or folder
away, or too many of its folder's videos gone at once to be sure): the re-scan's own rule
(``core.sync_held._hold_reason``, ``folder_identity.deleted_by_user``, ``sync_mounts``, the links it
keeps) asked of one file, so that the window's words and ``seekframe search``'s say what the
re-scan will do (``core.scan.file_gone``, ``file_now``).

In that order: a link to a file whose target is not there, a file behind a link to a folder that
leads nowhere or to an empty folder, or on a drive recorded mounted in the folder and away now, is
offline; a file the user deleted by the folder's recorded identity (the same folder on the same
drive, no share, the file behind no link nor drive mounted there) is gone, however many went; else
the folder found empty is offline, so is a folder on another drive, and so are the files of a
folder whose videos are more than half (or more than ``core.sync_held.VALVE_MAX``) not there, the
safety valve (a share, an older library without a recorded identity). The valve's count needs the
library's videos of the folder (``FolderVideos``); where it is not given, a file of a folder with
something in it is gone, the rule before the count. A folder none of whose videos is there, nor any other video seen
beside them, is taken as found empty (the re-scan holds it): held too.

With the library's videos given, the count asks of the disk what the re-scan's walk finds, bounded
and kept ``COUNTED_S`` like it: a video not there by its name but in its folder under another one
(renamed, or respelled in the other Unicode form) with the size and content hash it was indexed
with (the scan's, ``core.scan.content_hash``) is found moved by the re-scan, which keeps it under
that name: no video gone in the count, and ``FolderVideos.moved_to`` names where it is (the window
and ``seekframe search`` show it there); a library folder with a sub-folder it cannot open or list,
anywhere in it, is none the user emptied (``folder_identity.emptied`` of the re-scan's walk: the
valve's count decides); a video anywhere in the folder, a new one in a new sub-folder too, is a
video seen beside those gone (the re-scan's "empty" is a folder with no video in it).
"""

from __future__ import annotations

import os
import stat
import threading
import time
from collections import Counter, defaultdict

from .scan import is_under, root_identity
from .scan_links import behind_link_away, leads_nowhere

COUNTED_S = 2.0  # how long a folder's count of videos not there is used again (each result of a search asks)
MAX_LOOKED = 256  # a folder's names the library does not know looked at (their size) for a video renamed there
MAX_HASHED = 16  # of those, files of a missing video's size hashed to know it is that video, in one look
MAX_HASHED_IN_ALL = 64  # and in all the looks of one FolderVideos (a search's): no share hashed whole
MAX_ELSEWHERE = 4  # the library's other paths of a video's content looked at (a stat each) for where it went
MAX_WALKED = 2000  # folders a library folder's walk lists (one unreadable, a video seen); past it: not known


def _is_file(root: str, path: str) -> bool:
    """``os.path.isfile(path)``, one ``bounded_meta`` call of its library folder ``root``: False where it
    does not answer."""
    from . import bounded_meta
    from .scan_stalls import PROBE_S

    return bounded_meta.answer(root, os.path.isfile, path, timeout_s=PROBE_S, otherwise=False)


class FolderVideos:
    """The library's videos' paths by library folder (``records``: ``VideoRecord``s, read on first
    ask: a library's view), and how many of a folder's are not there now, counted by listing each
    folder they are in once (a video renamed in its folder found there: ``moved_to``), and used
    again for ``COUNTED_S``. Safe to share between threads."""

    def __init__(self, records, hung=()):
        self._records, self._by_root, self._counted = records, {}, {}
        self._hung = frozenset(hung or ())  # library folders that stopped answering (``hung_folders``): not looked at
        self._names: dict | None = None  # folder -> {file name: record}, of every video (read on first ask)
        self._twins: Counter = Counter()  # (content hash, size) -> how many of the library's videos have it
        self._looked: dict = {}  # folder -> (when, its listing or None: not listed, {path gone: path renamed to})
        self._walked: dict = {}  # library folder -> (when, (walked whole, a video seen))
        self._hashes_left = MAX_HASHED_IN_ALL
        self._by_content: dict | None = None  # (content hash, size) -> the videos with it: (path, library folder)
        self._folders: frozenset | None = None  # the library folders of its videos (``roots``)
        self._lock = threading.Lock()

    def of(self, root: str) -> list[str]:
        with self._lock:
            if root not in self._by_root:
                self._by_root[root] = [v.path for v in self._records if is_under(v.path, root)]
            return self._by_root[root]

    def held(self, root: str, recorded=None) -> bool:
        """Whether the re-scan keeps ``root``'s videos not there now (``core.sync_held._hold_reason``): none
        of its videos there nor any other file named as a video in it (the folder found empty), or more
        than half of them (or more than ``VALVE_MAX``) not there, the safety valve (those found renamed in
        their folder are moved, not gone); those it keeps for a link or a drive away left out
        (``recorded``: the folder's identity, its drives)."""
        with self._lock:
            at, answer = self._counted.get(root, (None, False))
        if at is not None and time.monotonic() - at < COUNTED_S:
            return answer
        from .sync_held import VALVE_MAX  # (imported where a folder is counted: it imports numpy)

        paths = self.of(root)
        limit = min(len(paths) / 2, VALVE_MAX)  # (more than this not there: held)
        gone, seen = self._count(paths, root, recorded, int(limit) + 1)
        if paths and not seen and gone <= limit:  # (a video where none of them is: a new sub-folder's)
            seen = self.walked(root)[1]
        answer = bool(paths) and (gone > limit or not seen)
        with self._lock:
            self._counted[root] = (time.monotonic(), answer)
        return answer

    def moved_to(self, path: str) -> str | None:
        """Where the library's video at ``path``, not there now, is in its folder under another name
        (its size and content hash: the re-scan finds it moved there and keeps it so); None where it is
        not found so (elsewhere, or past the look's bounds: said as before)."""
        return self.look(os.path.dirname(path))[1].get(path)

    def elsewhere(self, path: str) -> str | None:
        """Where the library has the video indexed at ``path`` (not there now) in another folder, its file
        there: the same content (hash and size) indexed at another path, as a re-scan of the folder it
        was moved to (or a copy made there) left it. None where it knows none (a stat for each such
        path, ``MAX_ELSEWHERE`` at most: the words then say it was moved, renamed or deleted). Each stat
        is one ``bounded_meta`` call of that path's library folder (``scan_stalls.PROBE_S``; at once
        while a look of it is stuck), none for a folder of ``hung``: a path on a network share that
        stopped answering is not named (not known to be there), where its stat waited for ever."""
        rec = self._known_in(os.path.dirname(path)).get(os.path.basename(path))
        key = (getattr(rec, "content_hash", ""), getattr(rec, "size", 0))
        if rec is None or not key[0]:
            return None
        with self._lock:
            if self._by_content is None:
                self._by_content = defaultdict(list)
                for v in self._records:
                    if getattr(v, "content_hash", ""):
                        self._by_content[(v.content_hash, getattr(v, "size", 0))].append(
                            (v.path, getattr(v, "root", "") or os.path.dirname(v.path)))
            others = sorted((p, root) for p, root in self._by_content.get(key, ()) if p != path)
        return next((p for p, root in others[:MAX_ELSEWHERE] if root not in self._hung and _is_file(root, p)), None)

    def look(self, folder: str) -> tuple[set | None, dict[str, str]]:
        """``folder``'s listing (a folder not there: empty; None: it cannot be listed) and its videos
        found renamed in it ({path as indexed: path now}: ``_renamed``), kept ``COUNTED_S``."""
        with self._lock:
            at, listed, moves = self._looked.get(folder, (None, None, {}))
        if at is not None and time.monotonic() - at < COUNTED_S:
            return listed, moves
        try:
            listed = set(os.listdir(folder))
        except (FileNotFoundError, NotADirectoryError):
            listed = set()
        except (OSError, ValueError):
            listed = None
        known = self._known_in(folder)
        with self._lock:  # (its share of the hashes taken first: looks at once hash no more than the bound)
            budget = min(MAX_HASHED, self._hashes_left) if listed else 0
            self._hashes_left -= budget
        moves, hashed = _renamed(folder, listed, known, budget, self._twins) if listed else ({}, 0)
        with self._lock:
            self._looked[folder] = (time.monotonic(), listed, moves)
            self._hashes_left += budget - hashed  # (what it did not hash given back)
        return listed, moves

    def walked(self, root: str) -> tuple[bool, bool]:
        """Whether the re-scan's walk of ``root`` reads every folder in it (``_walk``), and whether it
        finds a video there; kept ``COUNTED_S``."""
        with self._lock:
            at, answer = self._walked.get(root, (None, (False, False)))
        if at is not None and time.monotonic() - at < COUNTED_S:
            return answer
        answer = _walk(root, [r for r in self.roots() if r != root])
        with self._lock:
            self._walked[root] = (time.monotonic(), answer)
        return answer

    def roots(self) -> frozenset[str]:
        """The library folders its videos are in (each walked by its own run, never in another's); read once."""
        with self._lock:
            if self._folders is None:
                self._folders = frozenset(r for v in self._records if (r := getattr(v, "root", "")))
            return self._folders

    def _known_in(self, folder: str) -> dict:
        with self._lock:
            if self._names is None:
                names: dict = defaultdict(dict)
                for v in self._records:
                    names[os.path.dirname(v.path)][os.path.basename(v.path)] = v
                self._names = names
                self._twins = Counter((h, getattr(v, "size", 0)) for v in self._records
                                      if (h := getattr(v, "content_hash", "")))
            return self._names.get(folder, {})

    def _count(self, paths: list[str], root: str, recorded, enough: int) -> tuple[int, bool]:
        """How many of ``paths`` are not in their folder's listing (a folder not there: all of its), those
        found renamed there aside (``look``), up to ``enough``, and whether a video was seen there (one of
        them, or another file named as a video). A folder that cannot be listed otherwise says nothing of
        its files (the re-scan keeps them as they are), nor does one behind a link away or on a drive away
        (kept offline, not counted by the valve): none counted, none seen."""
        from .scan import is_video_name

        by_folder = defaultdict(list)
        for p in paths:
            by_folder[os.path.dirname(p)].append(os.path.basename(p))
        n, seen = 0, False
        for folder, names in by_folder.items():
            probe = os.path.join(folder, names[0])
            if behind_link_away(probe, root) or _mounted_drive(probe, root, recorded) == "away":
                continue
            listed, moves = self.look(folder)
            if listed is None:
                continue
            missing = sum(name not in listed and os.path.join(folder, name) not in moves for name in names)
            n += missing
            seen = seen or missing < len(names) or any(
                is_video_name(x) and not x.startswith(".") for x in listed.difference(names))
            if n >= enough:
                break
        return n, seen


def _renamed(folder: str, listed: set, known: dict, budget: int = MAX_HASHED, twins=None) -> tuple[dict[str, str], int]:
    """The library's videos of ``folder`` (``known``: {file name: record}) not in its listing ``listed``
    whose file is there under a name the library does not know (named as a video, not hidden, as the
    re-scan's walk finds it) with the size and content hash they were indexed with: {path as indexed:
    path now}. The re-scan takes each as moved there (a video done or waiting, with a hash), but where
    another of the library's videos has its content (``twins``: how many have each (hash, size)) it
    may take that one (a copy gone elsewhere, its path first): none such is said moved. Bounded:
    ``MAX_LOOKED`` such names stat'ed, ``MAX_HASHED`` files hashed (3 MiB read at most each), fewer where
    ``budget`` says so, a file hashed before at its size and time not counted (``scan_hash.hash_kept``: a
    window's FolderVideos looks again every ``COUNTED_S``); with how many were hashed."""
    from .library.records import DONE, PENDING
    from .scan import is_video_name
    from .scan_hash import hash_kept, hash_now

    missing = sorted((v for name, v in known.items() if name not in listed and getattr(v, "content_hash", "")
                      and getattr(v, "size", 0) and getattr(v, "status", DONE) in (DONE, PENDING)
                      and (twins is None or twins[(v.content_hash, v.size)] <= 1)),
                     key=lambda v: v.path)
    if not missing:
        return {}, 0
    by_size: dict[int, list[tuple[str, int]]] = defaultdict(list)  # size -> [(path, mtime_ns)]
    new = sorted(x for x in listed if x not in known and not x.startswith(".") and is_video_name(x))
    for name in new[:MAX_LOOKED]:
        path = os.path.join(folder, name)
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(st.st_mode):
            by_size[st.st_size].append((path, st.st_mtime_ns))
    moves, taken, hashed = {}, set(), 0
    for v in missing:
        for path, mtime_ns in by_size.get(v.size, ()):
            if path in taken:
                continue
            if (digest := hash_kept(path, v.size, mtime_ns)) is None:  # (one hashed before: no read, no bound)
                if hashed >= min(MAX_HASHED, budget):
                    return moves, hashed
                hashed += 1
                try:
                    digest = hash_now(path, v.size, mtime_ns)
                except (OSError, ValueError):
                    digest = ""
            same = digest == v.content_hash
            if same:
                moves[v.path] = path
                taken.add(path)
                break
    return moves, hashed


def _walk(root: str, others=()) -> tuple[bool, bool]:
    """Whether every folder in ``root`` can be opened and listed as the re-scan's walk reads them, and
    whether it finds a video there: the same rules at each entry (``walk_rule``: hidden names passed
    over, a link leading nowhere no folder not read, links to folders followed, a still GIF no video)
    and the same folders never walked (``core.indexer``'s exclude: Seekframe's own, ``paths.own_folders``,
    and the library's ``others`` folders, walked by their own runs); a folder reached twice listed once.
    Past ``MAX_WALKED`` folders: not known to be whole (the cautious answer: the valve's count decides,
    as after a folder not read)."""
    from .paths import own_folders
    from .scan import folder_id
    from .walk_rule import FOLDER, VIDEO, entry_rule, listed_as_video

    done = {key for key in map(folder_id, [*own_folders(), *others]) if key} - {folder_id(root)}
    stack, whole, video = [root], True, False
    while stack:
        if len(done) >= MAX_WALKED:
            return False, video
        folder = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in done:
                continue
            done.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as listing:
                entries = list(listing)
        except (OSError, ValueError):
            whole = False
            continue
        for entry in entries:
            try:
                kind = entry_rule(entry)
                if kind == FOLDER:
                    stack.append(entry.path)
                elif kind == VIDEO and not video and stat.S_ISREG(entry.stat(follow_symlinks=True).st_mode):
                    video = not listed_as_video(entry.path)
            except OSError:  # (an entry it cannot stat: the walk's "cannot read")
                if not (entry.is_symlink() and leads_nowhere(entry.path)):  # (its target gone meanwhile)
                    whole = False
    return whole, video


def removes(path: str, root: str | None, recorded=None, videos: FolderVideos | None = None) -> bool:
    """Whether the next re-scan removes the library's video at ``path``, which is not there now (gone),
    rather than keeping it offline. ``root``: its library folder (None: the file's own folder, which
    must hold something); ``recorded``: the folder's identity at its last index (library setting
    ``root_ids``); ``videos``: the library's videos, for the safety valve's count."""
    if os.path.islink(path):  # (a link to a video on a drive unplugged: the re-scan keeps it, core.sync)
        return False
    if not root:
        return _holds(os.path.dirname(path) or os.curdir)
    if behind_link_away(path, root):
        return False
    mounted = _mounted_drive(path, root, recorded)
    if mounted == "away":
        return False
    now = root_identity(root)
    if now is None:
        return False
    from .folder_identity import emptied, other_drive  # (it reads core.scan's identities)

    if not mounted and emptied(root, now, recorded) and not _behind_link(path, root) and (
            videos is None or videos.walked(root)[0]):  # (a sub-folder it cannot list: the valve's to say)
        return True  # (deleted by the user: folder_identity.deleted_by_user)
    if not _holds(root) or other_drive(now, recorded):
        return False  # (the folder empty, or on another drive: an unplugged drive's mount point)
    return videos is None or not videos.held(root, recorded)


def _holds(folder: str) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is not None
    except (OSError, ValueError):
        return False


def _behind_link(path: str, root: str) -> bool:
    """Whether a folder on ``path``'s way from ``root`` is a link (``deleted_by_user``: a link may
    lead to a drive's mount point, left an empty folder of the computer's disk once unplugged)."""
    folder = os.path.dirname(path)
    while folder != root and is_under(folder, root):
        if os.path.islink(folder):
            return True
        folder = os.path.dirname(folder)
    return False


def _mounted_drive(path: str, root: str, recorded) -> str:
    """"" where ``path`` is on no drive recorded mounted in ``root`` (``recorded``'s ``mounts``);
    else "away" where that drive is not mounted there now (the folder missing, or on its parent's
    device), or another drive is (``sync_mounts.mounts_away``: kept offline), and "there" where it is."""
    from .sync_mounts import _drives, _recorded, _same

    mounts, ids = _recorded(recorded)
    for rel in sorted((m for m in mounts if isinstance(m, str) and m), key=len, reverse=True):
        folder = os.path.normpath(os.path.join(root, rel))
        if folder == root or not is_under(path, folder):
            continue
        try:
            here, parent = os.stat(folder), os.stat(os.path.dirname(folder))
        except (OSError, ValueError):
            return "away"
        if here.st_dev == parent.st_dev and not os.path.ismount(folder):
            return "away"
        now = root_identity(folder)
        drives = _drives(ids.get(rel))
        return "there" if now is not None and all(_same(d, now, folder) for d in drives) else "away"
    return ""
