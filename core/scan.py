"""Find the video files under library folders, safely, and fingerprint them (``content_hash``).

Hidden files and folders are skipped; other files that are no videos are counted by kind
(``ScanResult.skipped``), a still GIF or WebP among them. Links are followed, each real folder visited
and each file listed once per library folder (``scan``). A folder missing or unreadable as a whole
is *offline*: its videos must be kept, since an unmounted drive is not a deletion; one that could be walked gets its
``RootIdentity``, which tells an unmounted drive's leftover empty directory from a folder whose
videos were deleted (``core.sync``).
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from dataclasses import dataclass, field

from .file_kinds import gif_frames, not_regular, skipped_kind  # noqa: F401 (gif_frames: imported from here)
from .mount_points import is_mounted_on, mounted_at, mounts_in
from .paths import DEMO_QUERIES_NAME, data_home, demo_queries_entry, demo_videos_dir, own_file_name
from . import bounded_meta, scan_stalls
from .plural import count
from .root_identity import RootIdentity, root_identity  # noqa: F401 (a root's identity, imported from here too)
from .scan_hash import content_hash  # noqa: F401 (the scan's fingerprint, imported from here)
from .scan_links import DANGLING, LOOP, LOOP_KIND, LOOP_REASON, leads_nowhere, link_target, walked_to
# (VIDEO_EXTENSIONS, is_video_name: the names read as videos, imported from here too)
from .walk_rule import FOLDER, VIDEO, VIDEO_EXTENSIONS, entry_rule, is_video_name, listed_as_video  # noqa: F401

# kinds of skipped files (file_kinds.skipped_kind) whose plural is not the kind + "s"
_PLURALS = {"video in a format not read": "videos in formats not read"}


@dataclass(frozen=True)
class FoundFile:
    path: str  # absolute, as found under the root (not resolved through links)
    root: str
    size: int
    mtime: float


@dataclass
class ScanResult:
    files: dict[str, FoundFile] = field(default_factory=dict)
    offline_roots: list[str] = field(default_factory=list)
    # offline roots not there at all (ENOENT/ENOTDIR, by number: Windows and a translated system word
    # them otherwise): a folder renamed away, its videos maybe found moved (``core.sync_missing``)
    gone_roots: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), not fatal
    identities: dict[str, RootIdentity] = field(default_factory=dict)  # folders walked
    skipped: Counter = field(default_factory=Counter)  # files that are no videos, by kind (file_kinds.skipped_kind)
    skipped_files: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): video names skipped
    # links whose target is not there (a folder or video on a drive unplugged): no video is listed
    # there, and the library's videos under them are kept, marked offline (core.sync)
    dangling: list[str] = field(default_factory=list)
    # {root: its subfolders on another device than the folder they are in (a drive mounted there)}:
    # recorded, so that when that drive is unplugged its videos are kept offline (core.sync)
    mounts: dict[str, list[str]] = field(default_factory=dict)
    mount_ids: dict[str, RootIdentity] = field(default_factory=dict)  # {such a subfolder: the drive's identity}
    # {root walked whole: the links to folders its walk met}: a filtered search walks nothing (core.search_links)
    links: dict[str, dict] = field(default_factory=dict)
    # reads that got no answer (core.scan_stalls): {root: the files}; roots offline for it; hashes read ahead
    stalled: dict[str, list[str]] = field(default_factory=dict)
    hung: list[str] = field(default_factory=list)
    hung_links: dict[str, list[str]] = field(default_factory=dict)  # {root: its links whose folder did not answer}
    hashes: dict[str, str] = field(default_factory=dict)  # {path: content_hash}, for core.sync.plan_sync

    def skipped_report(self) -> dict:
        """What the scan left out, for a run's summary: ``kinds`` {kind: count}, ``files`` [[path,
        reason]]. Files named as videos that an earlier run found to hold none (``not_videos``, unchanged
        since) are not among them: said once, by the run that read them (`seekframe status` counts them)."""
        kinds = Counter(self.skipped)
        return {"kinds": {k: n for k, n in kinds.items() if n}, "files": [list(f) for f in self.skipped_files]}


def not_videos(records) -> list[tuple[str, str]]:
    """(path, reason) of the library's failed ``records`` that are no videos (``errors.is_not_video``)."""
    from .errors import is_not_video

    return [(r.path, r.error) for r in records if is_not_video(r.error)]


def skipped_text(kinds: dict) -> str:
    """``{"image": 3, "named pipe": 1}`` → "3 images, 1 named pipe" (most first)."""
    parts = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(count(n, kind, _PLURALS.get(kind)) for kind, n in parts)


def folder_id(folder) -> tuple[int, int] | None:
    """A folder's (device, inode), None when nothing is there: another folder made at its path
    has another (a library folder moved away while open: ``core.library.connection``,
    ``app.library_gone``)."""
    st = _stat(folder)
    return None if st is None else (st.st_dev, st.st_ino)


def same_file(indexed, size: int, mtime: float) -> bool:
    """Whether a file of ``size`` bytes last modified at ``mtime`` is the one recorded as
    ``indexed`` ((size, mtime) as it was indexed): the same size and a modification time within
    ``MTIME_SLACK_S``. The one rule of the library (``core.sync``: unchanged, or changed while
    read) and of the app (``app.file_state``: a search result's file gone or changed)."""
    return indexed[0] == size and abs(indexed[1] - mtime) < MTIME_SLACK_S


MTIME_SLACK_S = 1e-3  # (a record's float seconds round the file system's time)


def normalise_root(root: str | os.PathLike) -> str:
    """Absolute, user-expanded path without resolving links (the user's own spelling)."""
    return os.path.abspath(os.path.expanduser(os.fspath(root)))


def is_under(path: str, root: str) -> bool:
    root = root.rstrip(os.sep) or os.sep
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


def dropped_by_forget(path: str, gone, kept=()) -> bool:
    """Whether a record of ``path`` goes once ``gone`` (a folder, or several) is forgotten: one in it goes,
    unless it lies in one of ``kept`` (a forget's ``--keep-inside``; a fold's folders): one rule for all records."""
    return any(is_under(path, g) for g in ([gone] if isinstance(gone, str) else gone)) and not any(
        is_under(path, k) for k in kept)


UNREAD_FOLDER = ("cannot open folder: ", "cannot list folder: ")  # a walk's problems that are a folder's


def unread_folder(reason: str) -> str | None:
    """Why a folder a walk met could not be read (``reason`` without its prefix: 'File name too
    long'); None for a scan problem that is no such folder (a file, a library folder away)."""
    return next((reason[len(p):] for p in UNREAD_FOLDER if reason.startswith(p)), None)


def scan(roots: list[str], *, cancelled=lambda: False, exclude=(), away=(), probe=None, over=None) -> ScanResult:
    """``exclude``: folders never walked (Seekframe's own: the library, its cache of thumbnails
    and links, should one lie inside a folder of videos; library folders this run does not look at).
    ``away``: folders never walked either, and never looked at (library folders offline by the
    library's records, ``core.folder_spelling.away_spellings``: a share that does not answer would
    hang the run), told by their real paths as spelled: a folder a walk reaches whose real path is
    one of them (through a link) is passed over as an excluded one is.

    Each of ``roots`` lists what it reaches as if scanned alone: a file (or folder) reached from two
    of them, by hard links or links, is listed under each one's path (a file reached twice within
    one is listed once); only a folder that is another root, or excluded, is never walked in
    another (its own walk lists it). So the paths found never depend on which folders a run looks
    at, nor on their order: ``seekframe index B`` and a full index list B's files alike.

    Each library folder's calls to the system are bounded (``core.bounded_meta``, its reads
    ``core.scan_stalls``): one that does not answer makes the folder offline for the run. ``probe``:
    {library folder: the paths of some of its videos} for those whose reads stalled in an earlier run
    (library setting ``hung_folders``), looked at with the short bound ``scan_stalls.probe_s`` first. ``over``:
    {library folder: its links whose folder did not answer, in an earlier run nor a short look now}, passed over,
    their videos kept offline (``scan_stalls.links_not_answering``)."""
    result = ScanResult()
    roots = [normalise_root(r) for r in roots]
    probe = probe or {}

    def bound(folder):  # (``core.bounded_meta``: a share that stopped answering; shorter for one that had)
        return scan_stalls.probe_s(folder) if folder in probe else None

    stats = [bounded_meta.answer(f, _stat, f, timeout_s=bound(f)) for f in [*exclude, *roots]]  # (the folders
    # no walk enters; each root is stat'ed again at its turn, ``_look``: one replaced meanwhile is the new one)
    reserved = {(st.st_dev, st.st_ino) for st in stats if st is not None}
    walked: set[tuple[int, int]] = set()  # roots walked: one spelled twice is walked once
    for root in roots:
        seen_files: dict[tuple[int, int], str] = {}  # (device, inode) -> the path it was found at
        try:
            st, identity = bounded_meta.call(root, _look, root, timeout_s=bound(root))
            if identity is None:
                if not is_video_name(os.path.basename(root)):  # (a library folder a file took the place of:
                    result.offline_roots.append(root)  # the folder is missing, its videos kept offline)
                    result.problems.append((root, "not a folder or a video file"))
                elif not stat.S_ISREG(st.st_mode):
                    result.problems.append((root, not_regular(st.st_mode)))
                else:  # a single file given as a root (no link in it: a filtered search walks nothing)
                    _add_video(result, seen_files, root, os.path.dirname(root), st)
                    result.links[root] = {"real": os.path.realpath(root), "links": {}}
                continue
        except TimeoutError:
            scan_stalls.call_offline(result, root, roots)
            continue
        except OSError as exc:
            result.offline_roots.append(root)
            result.problems.append((root, f"folder unavailable: {exc.strerror or exc}"))
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                result.gone_roots.append(root)
            continue
        if root in probe and scan_stalls.still_hung(result, root, [p for p in probe[root] if not any(
                is_under(p, link) for link in (over or {}).get(root, ()))], roots):  # (none behind a link passed
            # over: its share does not answer)
            continue  # (its files' reads stalled in an earlier run, and a look at one does not answer yet)
        if identity is not _UNKNOWN:
            result.identities[root] = identity
        own = (st.st_dev, st.st_ino)
        if own in walked:
            continue
        walked.add(own)
        if not scan_stalls.watched_walk(root, result, lambda part, beat, passed, r=root, seen=reserved - {own}, st=st:
                                        _walk(r, part, set(seen), {}, lambda: beat.stop or cancelled(), away, beat,
                                              st, passed), (over or {}).get(root, ())):
            scan_stalls.call_offline(result, root, roots)  # (a call of its walk got no answer)
            continue
        if scan_stalls.given_up(result, root):  # (its files' reads stalled: offline, core.scan_stalls)
            scan_stalls.call_offline(result, root, roots)
        scan_stalls.pass_over_stalled(result, root, roots)  # (and a link's of it: that link alone passed over)
    return result


_UNKNOWN = RootIdentity(0, False)  # (a folder whose identity could not be read: ``root_identity`` None)


def _stat(folder) -> os.stat_result | None:
    """``folder``'s ``os.stat`` (links followed), None when nothing is there (``folder_id``'s)."""
    try:
        return os.stat(folder)
    except (OSError, ValueError, TypeError):
        return None


def _look(root: str) -> tuple[os.stat_result, RootIdentity | None]:
    """A library folder's ``stat`` and identity (``_UNKNOWN`` when not read; None: no folder), its listing
    opened: OSError when it cannot be (offline). Made at the folder's turn, not with the scan's first stats:
    a folder replaced while others were walked (a bind mount undone, another made at its path) is told by
    its new inode, as the listing and walk read it (``core.sync``: its videos kept, not taken as emptied)."""
    st = os.stat(root)
    if not stat.S_ISDIR(st.st_mode):
        return st, None
    with os.scandir(root):
        pass
    return st, root_identity(root, st) or _UNKNOWN


def _walk(root, result, seen_dirs, seen_files, cancelled, away, beat, root_st=None, over=()) -> None:
    """Depth first; folders reached through a link last, so that a folder also reached directly
    is listed under its own name. A folder whose real path is one of ``away`` is not walked. ``beat``
    is told of each answer (``bounded_meta.watched``). ``root_st``: ``root``'s ``stat``, made by the
    scan just before (its first step's, not made again)."""
    stack, linked, within = [root], [], None
    devices: dict[str, int] = {}  # folder -> the device of the folder it is in
    real_root = os.path.realpath(root)  # (once a walk: links to its files are skipped, walked_to)
    bound = mounts_in(real_root)  # (a folder of the same file system bind-mounted in it: no other device)
    shares = [os.path.join(root, os.path.relpath(m, real_root)) for m in bound]  # (as spelled from root: one
    # that stops answering is a link's like, ``within``: remembered and passed over, its folder walked on)
    real_dirs: dict[str, str] = {}  # the real paths of the folders links lead into, resolved once a walk
    links: dict[str, str | None] = {}  # link to a folder -> its real path (None: not resolved, '': dangling)
    away = {a.rstrip(os.sep) or os.sep for a in away}
    reals = {root: real_root} if away else {}  # folder on its way -> its real path (None: not known)
    # Seekframe's own files, should a walk list their folder, not counted as skipped: the data home's and
    # the demo clips' list of queries (a first run's demo said "Skipped (not videos): 1 other file")
    own = {folder_id(str(data_home())): own_file_name,
           folder_id(str(demo_videos_dir())): DEMO_QUERIES_NAME.__eq__}
    while stack or linked:
        if cancelled() or scan_stalls.given_up(result, root):
            return
        if not stack:  # (a folder reached through a link, and then those in it: ``scan_stalls.watched_walk``)
            within = beat.within = linked[0]
        current = stack.pop() if stack else linked.pop(0)
        here = beat.within = within if within is not None else mounted_at(current, shares)
        if here is not None and scan_stalls.given_up(result, here):
            continue
        if away and (real := reals.pop(current, None)) in away and current != root:
            continue  # (an offline library folder reached through a link: never looked at, as if walked)
        beat()
        try:
            st, root_st = (root_st, None) if current == root and root_st is not None else (os.stat(current), root_st)
        except OSError as exc:
            result.problems.append((current, f"cannot open folder: {exc.strerror or exc}"))
            continue
        key, device = (st.st_dev, st.st_ino), st.st_dev
        parent = devices.pop(current, None)  # a drive mounted in the folder, or a folder bound there
        if parent is not None and (parent != device or is_mounted_on(current, bound)):  # (core.sync keeps
            result.mounts.setdefault(root, []).append(current)  # its videos while it is unplugged)
            if (mounted := root_identity(current)) is not None:  # (and while another drive is there)
                result.mount_ids[current] = mounted
        if key in seen_dirs:  # a symlink loop, or a folder linked twice
            continue
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            result.problems.append((current, f"cannot list folder: {exc.strerror or exc}"))
            continue
        subdirs = []
        for entry in entries:
            beat()
            if entry.path in over:  # (a link whose folder did not answer, ``scan_stalls.links_not_answering``:
                if entry.is_symlink():  # never stat'ed nor resolved, a dead share's stat hangs too, recorded
                    links[entry.path] = None  # as not resolved: no search looks at it, as one at a link leading
                scan_stalls.passed_over(result, root, entry.path)  # nowhere; its videos kept offline, never
                continue  # listed again; or a share's mount point in the folder, ``shares``)
            beat.within = entry.path if entry.is_symlink() else here  # (a link's target looked at: a share's)
            try:
                if not (kind := entry_rule(entry)):
                    continue
                if kind in (DANGLING, LOOP):  # (recorded as leading nowhere: a search walks it once it leads on)
                    links[entry.path] = ""
                    _nowhere(result, entry, kind)
                    continue
                if kind == FOLDER:
                    (linked if entry.is_symlink() else subdirs).append(entry.path)
                    if entry.is_symlink():
                        links[entry.path] = link_target(entry.path, real_dirs)
                    if away:  # (a folder of its own: its parent's real path and its name)
                        reals[entry.path] = links[entry.path] if entry.is_symlink() else \
                            real and os.path.join(real, entry.name)
                elif kind == VIDEO:
                    st = entry.stat(follow_symlinks=True)
                    if stat.S_ISREG(st.st_mode):
                        if entry.is_symlink() and walked_to(entry.path, real_root, real_dirs):  # (listed by its own name)
                            continue
                        beat.at = bounded_meta.PAUSED  # (its reads bounded on their own: ``scan_stalls``)
                        _add_video(result, seen_files, entry.path, root, st, here)
                        beat()
                        if scan_stalls.given_up(result, root):
                            return
                        if here is not None and scan_stalls.given_up(result, here):
                            break  # (the link's reads stalled: passed over after the walk, ``scan_stalls``)
                    else:  # a pipe would block the reader, a device would never end: no video file,
                        result.skipped[skipped_kind(entry) or "other file"] += 1  # skipped (not failed)
                        result.skipped_files.append((entry.path, not_regular(st.st_mode).removeprefix("skipped: ")))
                elif not ((is_own := own.get(key)) and is_own(entry.name)) and not demo_queries_entry(entry, entries):
                    kind = skipped_kind(entry)
                    if kind:
                        result.skipped[kind] += 1
            except OSError as exc:  # dangling link, permission denied, vanished meanwhile
                if entry.is_symlink() and (nowhere := leads_nowhere(entry.path)):  # (its target gone meanwhile)
                    links[entry.path] = ""
                    _nowhere(result, entry, nowhere)
                    continue
                result.problems.append((entry.path, f"cannot read: {exc.strerror or exc}"))
        beat.within = here  # (its last entry's link no more: a plain subfolder that hangs is no link's)
        stack.extend(reversed(subdirs))
        devices.update(dict.fromkeys(subdirs, device))  # (their parent's: a folder of its own, not a link)
    result.links[root] = {"real": real_root, "links": {os.path.relpath(p, root): t for p, t in links.items()}
                          if len(links) <= MAX_RECORDED_LINKS else None}


def _nowhere(result: ScanResult, entry: os.DirEntry, why: str) -> None:
    """A link that leads nowhere: its target not there (a folder or video on a drive unplugged:
    the library's videos behind it are kept, offline: ``core.sync``), or in a loop of links, which
    never leads on: skipped, and said (named, when named as a video)."""
    if why != LOOP:
        result.dangling.append(entry.path)
        return
    result.skipped[LOOP_KIND] += 1
    if is_video_name(entry.name):
        result.skipped_files.append((entry.path, LOOP_REASON))


MAX_RECORDED_LINKS = 5000  # links recorded per library folder (setting folder_links: core.search_links.LinkMap)


def _add_video(result: ScanResult, seen_files: set, path: str, root: str, st: os.stat_result, within=None) -> None:
    try:
        unlisted = listed_as_video(path)
    except TimeoutError:  # (its first bytes read for nothing: listed, not read again this run, core.scan_stalls;
        unlisted = None  # behind a link of the walk, ``within``, the link's stall)
        scan_stalls.note(result, within or root, path)
    if unlisted:
        result.skipped[unlisted.kind] += 1
        if unlisted.why:
            result.skipped_files.append((path, unlisted.why))
        return
    # the same file reached through a link too: listed once, by its own name rather than the link's
    # (hard links are names of their own, each listed, as a copy is)
    key = (st.st_dev, st.st_ino)
    first = seen_files.get(key)
    if first is not None and (os.path.islink(first) or os.path.islink(path)):
        if not (os.path.islink(first) and not os.path.islink(path)):
            return
        del result.files[first]
    seen_files[key] = path
    result.files[path] = FoundFile(path=path, root=root, size=st.st_size, mtime=st.st_mtime)


from .file_look import file_gone, file_now  # noqa: E402,F401 (a result's file now: bounded looks)
