"""A library folder whose listing answers but whose reads do not (a network share that stopped answering,
its directory listing still served from a cache), met by a run before any video is decoded: the scan's
own reads of a file it found (a GIF's, WebP's or .mod's first bytes, ``core.walk_rule``) and the plan's
content hashes (``hash_ahead``, for ``core.sync.plan_sync``: a new or changed file's, to tell a move or a
copy) are bounded (``core.bounded_read.scan_open``: ``TimeoutError`` after ``READ_TIMEOUT_S``, 120 s),
where they hung the run for ever; and a folder none of whose reads answered is looked at in a file the
run is to decode unread by the plan (a pending or failed video tried again, a recheck), whose decode
waited for the share, then for its process's kill, file after file.

A file whose read stalls is not read again in the run: it is said among the files the run could not
read, with why (``no_answer_text``), and its video, if the library has one, is kept as it is (a scan
problem ``cannot read: …``, ``folder_identity.not_seen``); nothing is recorded, so later runs read it
again. ``STALLS_OFFLINE`` stalls in one library folder (a share that hangs as a whole, where each of its
files would cost the bound again: hours) make the folder offline for the run (``call_offline``): as a
folder its scan could not reach, its videos kept, marked offline, never taken as gone, the run going on
with the other folders; said as such (``ScanResult.hung``, the summary's ``hung``). Stalls behind a link
of the folder's walk (or a mount point in it: a share mounted there) are that link's: it is passed over
(``pass_over``), remembered (``hung_links``), the folder's own videos online. So is one whose
calls that are no reads (its ``stat``, ``statvfs``, a listing: ``core.bounded_meta``) do not answer, at
once (``core.scan``).

A folder offline so is remembered (library setting ``hung_folders``, ``remember``): the next run looks at
it with the short bound ``PROBE_S`` first (its ``stat`` and identity, then the first bytes of one of its
videos: ``still_hung``), and goes on without it, offline as before, while it does not answer, where each
run paid the whole bound twice over; one that answers is scanned as any other, and forgotten. Meanwhile
``seekframe status`` and the window's status look at it again in the background (``RELOOK_S``,
``bounded_meta.relook``): one that answers is said there (the window's panel and its offline banner see
it back), and a run in that process looks at it for as long as that look took, twice over (``probe_s``:
a share slower than ``PROBE_S`` a call, which each run's probe left offline for good)."""

from __future__ import annotations

import os
import sys

from .bounded_read import no_answer_text, scan_open
from .hung_records import LISTED, links_not_answering, remember  # noqa: F401 (re-exported: core.indexer, tests)

WALKS_AGAIN = 3  # walks of a folder made again in one run, each passing over one more link stuck (``watched_walk``)
STALLS_OFFLINE = 2  # reads of one library folder's files that stalled, after which the folder is offline
PROBE_S = 10.0  # the bound of the first look at a folder offline so in the run before (``still_hung``)
PROBE_TRIES = 3  # videos of it looked at, where one is not there (gone, unreadable), before it is taken as answering
RELOOK_S = 60.0  # how often status looks again at a folder remembered so (``bounded_meta.relook``)
RELOOK_WAIT_S = 1.0  # how long a status read waits for that look (one that answers later: the next read's)
HUNG_WHY = "its files do not answer reads"  # (the offline folder's scan problem, and what the run says)
HUNG_STATUS = "the folder does not answer (a network share that stopped answering?)"  # (``seekframe status``)


def owner(path: str, roots) -> str | None:
    """The library folder of ``roots`` a file found is listed under (the deepest holding it)."""
    from .scan import is_under  # (core.scan imports this module)

    return max((r for r in roots if is_under(path, r)), key=len, default=None)


def note(scan, root: str, path: str) -> bool:
    """A read of ``path``, found under ``root``, stalled: noted; whether ``root`` is to be offline now."""
    stalled = scan.stalled.setdefault(root, [])
    if path not in stalled:
        stalled.append(path)
    return len(stalled) >= STALLS_OFFLINE


def given_up(scan, root: str) -> bool:
    """Whether ``root``'s reads stalled ``STALLS_OFFLINE`` times: read no more this run."""
    return len(scan.stalled.get(root, ())) >= STALLS_OFFLINE


def watched_walk(root: str, result, walk, over=()) -> bool:
    """``walk(part, beat, over)``, the walk of ``root`` into a ``ScanResult`` of its own, passing over the links
    ``over``, made by a thread of its own (``bounded_meta.watched``: ``beat`` told of each answer) and merged into
    ``result``; False when one of its calls to the system (a ``stat``, a listing) got no answer for the bound: the
    walk left to its thread (it stops at its next answer, if ever), nothing of it kept. One stuck in a link's
    folder (or a mount point's: ``Beat.within``, the stuck call that link's, not the folder's) is made again at
    once passing over that link too, and every other link into the same share (``Over``: one bound a share, not
    one a link; up to ``WALKS_AGAIN`` shares): the first run that meets a share that stopped answering behind a
    link waits one bound, the folder's own videos online, where it took the folder offline."""
    from . import bounded_meta
    from .scan import ScanResult

    over, again = Over(root, over), 0
    while True:
        part, beat = ScanResult(), bounded_meta.Beat()
        try:
            bounded_meta.watched(root, lambda: walk(part, beat, over), beat)
            break
        except TimeoutError:  # (in a folder reached through a link: remembered, ``remember``, with those passed over)
            if beat.left_in is not None and beat.left_in not in over and again < WALKS_AGAIN:
                over.hung(beat.left_in)
                again += 1
                continue
            hung = [*part.hung_links.get(root, ()), *([beat.left_in] if beat.left_in is not None else [])]
            if hung:
                result.hung_links[root] = hung
            return False
    result.files.update(part.files)
    result.skipped.update(part.skipped)
    for name in ("problems", "skipped_files", "dangling"):
        getattr(result, name).extend(getattr(part, name))
    for name in ("mounts", "mount_ids", "links", "stalled", "hung_links"):
        getattr(result, name).update(getattr(part, name))
    return True


class Over:
    """The links a walk of ``root`` passes over (``core.scan``'s ``entry.path in over``): ``links``, and, once
    one is stuck (``hung``), every other link to a folder into the same share (``share``): five links into one
    NAS that stopped answering cost one bound, where each cost the whole bound again, the fifth taking the
    folder offline. Links are one share's only where the system's mount table puts both targets (link to link)
    under one mount point of one server's network file system, or mounts of one server (``share``: not GNOME's
    gvfs of every server), never ``/`` nor the one ``root``
    lies on (its walk answered), told from the link (``readlink``) and the table alone, never from the share;
    a link named as a video is never passed over so (a file, not a share's folder); with no table (off Linux)
    each link stuck is passed over alone. A ``readlink`` an entry only once one is stuck (that run's walk again)."""

    def __init__(self, root: str, links=()):
        self.root, self.links, self.shares, self._table = root, list(links), set(), None

    def hung(self, link: str) -> None:
        self.links.append(link)
        if (share := self.share(link, bounded=True)) is not None:
            self.shares.add(share)

    def __contains__(self, path) -> bool:
        from .walk_rule import is_video_name

        return path in self.links or bool(self.shares) and not is_video_name(os.path.basename(path)) \
            and self.share(path) in self.shares  # (no link, no mount point: no share, ``readlink``'s EINVAL)

    def share(self, path: str, bounded: bool = False) -> str | None:
        """The share ``path`` (a link in ``root``'s walk, or a mount point in ``root``) leads into: the server
        of the network file system its target lies on, where the system's table names it (``shares.server_of``:
        two NFS exports of one NAS are one share, one bound), else that file system's mount point; the mount
        point alone where the server is the one ``root`` lies on (it answered: one export stuck, not the NAS);
        None: none known. A mount point of the table is never read (no ``readlink``: its lookup would wait for a
        dead share), a link to a link or through a linked folder (~/nas -> /mnt/nas) is followed (``shares.leads_to``,
        up to the share), and ``bounded``, off the walk's watched thread (``hung``), each ``readlink`` waits
        ``PROBE_S`` at most (one in a folder reached through a link into the dead share: none known)."""
        from .shares import leads_to, link_text, mount_table, share_of

        if self._table is None:
            self._table = ((), "", None, frozenset())
            if mounts := mount_table():
                try:
                    real_root = os.path.realpath(self.root)
                    self._table = (mounts, real_root, share_of(real_root, mounts), frozenset(m for m, *_ in mounts))
                except (OSError, ValueError):
                    pass
        mounts, real_root, own, points = self._table
        if not mounts:
            return None
        spelled = os.path.normpath(os.path.join(real_root, os.path.relpath(path, self.root)))  # (no look)
        target = spelled if spelled in points else leads_to(
            spelled, lambda at: link_text(at, PROBE_S if bounded else None),
            lambda at: at != spelled and share_of(at, mounts) is not None, os.path.dirname(spelled))
        target = None if target == spelled and spelled not in points else target  # (no link)
        found = share_of(target, mounts) if target is not None else None
        if found is None or own is not None and found[0] == own[0]:
            return None
        mount, server = found
        return f"{server}:" if server is not None and (own is None or server != own[1]) else mount


def probe_s(root: str) -> float:
    """The bound of a run's first look at ``root``, remembered as not answering: ``PROBE_S``, or twice what
    a look of status at it took (``bounded_meta.relook``, in the last ``3 * RELOOK_S``: a slow share seen
    to answer), at most the whole bound (``READ_TIMEOUT_S``)."""
    from .bounded_meta import last
    from .bounded_read import bound

    answered = last(root, 3 * RELOOK_S)
    return PROBE_S if answered is None else min(bound(None), max(PROBE_S, 2 * answered[1]))


def still_hung(scan, root: str, paths, roots) -> bool:
    """Whether ``root``, offline in an earlier run as it did not answer, is still so: the first bytes of
    one of its videos ``paths`` (the library's) read with the bound ``probe_s``, the next one tried while
    one is not there (``PROBE_TRIES``); if none answers, ``root`` offline now (``call_offline``)."""
    for path in list(paths)[:PROBE_TRIES]:
        try:
            with scan_open(path, probe_s(root)) as f:
                f.read(LOOK)
            return False
        except TimeoutError:
            call_offline(scan, root, roots)
            return True
        except OSError:
            continue
    return False


def remembered(settings, roots) -> dict:
    """{library folder of ``roots``: when} of those offline in an earlier run as they did not answer
    (library setting ``hung_folders``)."""
    hung = settings.hung_folders or {}
    return {r: hung[r] for r in roots if r in hung}


def probe_paths(settings, root: str, videos) -> list[str]:
    """The paths of ``root``'s ``videos`` (the library's) a run's probe of it reads (``still_hung``): its own
    first, those behind a link its last walk met (``folder_links``) after (a link into a share whose reads
    hang: the folder's own answer, the folder is walked, the link passed over there, ``_stalled``)."""
    from .scan import is_under

    rec = (settings.folder_links or {}).get(root)
    rels = rec.get("links") if isinstance(rec, dict) else None
    links = [os.path.join(root, rel) for rel in rels if isinstance(rel, str)] if isinstance(rels, dict) else []
    mine = [v.path for v in videos if is_under(v.path, root)]
    return sorted(mine, key=lambda path: _behind(path, links) is not None)[:PROBE_TRIES]


def passed_over(scan, root: str, link: str) -> None:
    """The folder of ``root``'s ``link`` (``links_not_answering``) not walked: its videos kept offline (as
    behind a link that leads nowhere now, ``sync_held.linked_away``, never pruned), and remembered again; said
    as an offline folder that does not answer is (the run's summary ``hung``), no file failed."""
    scan.dangling.append(link)
    scan.hung_links.setdefault(root, []).append(link)


def _walks_links(scan, roots) -> dict:
    """{root of ``roots``: the links to folders its walk met (``ScanResult.links``), as paths, and the mount
    points in it (``ScanResult.mounts``: a share mounted there is as one behind a link)}."""
    out = {}
    for root in roots:
        rels = (scan.links.get(root) or {}).get("links") or {}
        out[root] = [*(os.path.join(root, rel) for rel in rels), *scan.mounts.get(root, ())]
    return out


def _behind(path: str, links) -> str | None:
    """The link of ``links`` (the deepest) ``path`` was found behind; None: its folder's own."""
    from .scan import is_under

    return max((link for link in links if link != path and is_under(path, link)), key=len, default=None)


def _passed(scan, root: str, key: str) -> bool:
    """Whether ``key``, a link of ``root``'s walk, was passed over (``pass_over``, ``passed_over``)."""
    return key != root and key in scan.hung_links.get(root, ())


def pass_over_stalled(scan, root: str, roots) -> None:
    """Each link of ``root``'s walk whose reads stalled ``STALLS_OFFLINE`` times at the walk (``core.scan``'s
    ``_add_video``, keyed by the link it walked) passed over (``pass_over``), ``root`` walked on as ever."""
    from .scan import is_under

    if root in scan.hung:
        return
    for link in [k for k in scan.stalled if k not in roots and is_under(k, root) and given_up(scan, k)]:
        if not _passed(scan, root, link):
            pass_over(scan, root, link)


def pass_over(scan, root: str, link: str) -> None:
    """``root``'s ``link``, walked, made as if passed over (``passed_over``) once its reads stalled: what its walk
    found behind it taken out of ``scan`` (its videos kept offline, nothing new listed), recorded as not
    resolved (``ScanResult.links``: no search looks into it)."""
    from .scan import is_under

    for p in [p for p in scan.files if is_under(p, link)]:
        del scan.files[p]
    scan.dangling = [d for d in scan.dangling if not is_under(d, link)]
    scan.problems = [(p, why) for p, why in scan.problems if not is_under(p, link)]
    scan.skipped_files = [(p, why) for p, why in scan.skipped_files if not is_under(p, link)]
    rels = (scan.links.get(root) or {}).get("links")
    if rels is not None:
        rel = os.path.relpath(link, root)
        was = [r for r in rels if r == rel or r.startswith(rel + os.sep)]
        for other in was:
            del rels[other]
        if rel in was or link not in scan.mounts.get(root, ()):  # (a mount point is no link)
            rels[rel] = None
    passed_over(scan, root, link)


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
    scan.mount_ids = {m: i for m, i in scan.mount_ids.items() if owner(m, roots) != root}
    scan.dangling = [d for d in scan.dangling if owner(d, roots) != root]
    scan.problems = [(p, why) for p, why in scan.problems if owner(p, roots) != root]
    scan.skipped_files = [(p, why) for p, why in scan.skipped_files if owner(p, roots) != root]
    scan.offline_roots.append(root)
    scan.problems.append((root, f"folder unavailable: {HUNG_WHY}"))
    scan.hung.append(root)


def hash_ahead(scan, roots, known, timeout_s: float | None = None) -> None:
    """The content hashes ``plan_sync`` takes of the files ``scan`` found that the library's records
    ``known`` do not have as they are (new, or of another size or time), read here, bounded
    (``ScanResult.hashes``); and, in a folder where no such read answered, a look at the first bytes of
    a file the run is to decode that the plan does not read (``_decode_rule``: pending, quick, failed, to
    be rechecked), one at a time until one answers: a stall as the module says (before, the decode of
    each such file waited for the share, then for its process's kill). Other errors are the plan's and
    the reader's to say (the plan reads such a file again)."""
    from .scan import content_hash, same_file

    to_decode = _decode_rule()  # (its imports once a run, not once a file: a no-op re-scan of many files)
    listed = set(roots)  # (a file is keyed by the walk's root, as ``note`` keys it; a file given as a root, by itself)
    by_path, answered, unread, links = {v.path: v for v in known}, set(), {}, _walks_links(scan, roots)
    for path, found in list(scan.files.items()):
        if path not in scan.files:  # (behind a link passed over meanwhile)
            continue
        root = found.root if found.root in listed and path not in listed else owner(path, roots) or found.root
        key = _behind(path, links.get(root, ())) or root  # (a stall behind a link is the link's: ``_stalled``)
        if root in scan.hung or _passed(scan, root, key) or path in scan.hashes:
            continue
        rec = by_path.get(path)
        if rec is not None and same_file((rec.size, rec.mtime), found.size, found.mtime):
            if to_decode(rec):
                unread.setdefault((root, key), []).append(path)
            continue
        if path not in scan.stalled.get(key, ()):  # (one whose read stalled at the walk: not read again)
            try:
                scan.hashes[path] = content_hash(path, found.size, timeout_s)
                answered.add(key)
                continue
            except TimeoutError:
                pass
            except OSError:
                continue
        _stalled(scan, root, path, roots, timeout_s, key)
    for (root, key), paths in unread.items():
        for path in paths:
            if key in answered or root in scan.hung or _passed(scan, root, key):
                break
            if path not in scan.stalled.get(key, ()):
                try:
                    with scan_open(path, timeout_s) as f:
                        f.read(LOOK)
                    break
                except TimeoutError:
                    pass
                except OSError:
                    break
            _stalled(scan, root, path, roots, timeout_s, key)


LOOK = 1 << 16  # the bytes read of a file to decode, to know that its folder answers


def _decode_rule():
    """Whether the run may decode a record's file, found as it was recorded, unread by the plan."""
    from . import failure_retry
    from .errors import failed_earlier
    from .library.records import DONE, FAILED
    from .video_info import READER, frames_since

    def to_decode(rec) -> bool:
        if rec.status == FAILED:  # (tried again as ``plan_sync`` tries one: a failure of the moment, an earlier
            return failure_retry.due(rec) or failed_earlier(rec, READER)  # version's, sync's own rules)
        return rec.status != DONE or rec.quick or rec.reader < frames_since(rec.path)

    return to_decode


def _stalled(scan, root: str, path: str, roots, timeout_s: float | None, key: str | None = None) -> None:
    """A read of ``path`` got no answer: the file left out of the run, said with why (its video kept as it
    is: a scan problem that says nothing of it), or, the second of ``key`` (``root``, or the link of its walk
    ``path`` is behind), ``root`` offline for the run, or that link passed over (``pass_over``): a share
    whose listing answers but whose reads do not takes no local folder's own videos offline with it."""
    from .folder_identity import UNREAD_ENTRY

    if note(scan, key or root, path) or (key not in (None, root) and _silent(scan, key, path)):
        if key in (None, root):
            call_offline(scan, root, roots)
        else:
            pass_over(scan, root, key)
        return
    del scan.files[path]
    scan.problems.append((path, f"{UNREAD_ENTRY}{no_answer_text(timeout_s)}"))


def _silent(scan, link: str, path: str) -> bool:
    """Whether another file behind ``link`` than ``path`` (whose read just stalled) gets no answer either, its
    first byte read with the short bound ``probe_s``: the share behind the link, not one file of it, stopped
    answering (passed over after one whole bound, where a second file's read waited a second one); one slow
    file (a failing disk's) leaves the link walked, its other files read as ever."""
    from .scan import is_under

    other = next((p for p in scan.files if p != path and is_under(p, link) and p not in scan.stalled.get(link, ())),
                 None)
    try:
        if other is not None:
            with scan_open(other, probe_s(link)) as f:
                f.read(1)
    except TimeoutError:
        return True
    except OSError:
        pass
    return False
