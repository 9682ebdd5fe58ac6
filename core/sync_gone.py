"""A video moved from one library folder to another, the folders re-scanned one at a time, in either
order: the same video, its id, moments and captions kept, as a re-scan of the whole library keeps
them (it finds the file gone from one and of that content in the other: moved).

- The folder it went to first (``KeptElsewhere.take_twin``): a new file whose content a video of
  a folder this run does not look at has, whose file is gone from there as that folder's re-scan
  finds it (``core.scan.file_gone``: a stat or two; a drive away keeps it, offline), is that video
  moved, not a copy of it (a copy made a new id, and the old folder's re-scan then removed the
  video its captions were tied to).
- The folder it left first: the run removes it (nothing there says where it went), but where the
  library has folders the run did not look at, it keeps it by its content a while
  (``core.library.gone_kept``: its row out of the videos table, its moments left; ``remove``), and
  a later re-scan that finds a file of that content takes it back (``KeptElsewhere.take``,
  ``revive``): said moved, nothing embedded.

Each step is whole or not done, in an order a crash between them leaves readable: the kept list
written before the rows go (a row and its entry both there: the row's), a row taken back before
its entry goes.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from .library import gone_kept
from .library.records import DONE, PENDING, VideoRecord
from .scan import file_gone, is_under, same_file

if TYPE_CHECKING:
    from .library import VideoLibrary
    from .sync import SyncPlan


class KeptElsewhere:
    """For a run's plan (``core.sync._plan_changed``): the videos kept by content (``take``), and
    whether a twin in another folder moved here (``take_twin``). Read on first use."""

    def __init__(self, meta, known: list[VideoRecord], roots: list[str], unsure=frozenset()):
        self._meta, self._roots, self._known, self._by_hash = meta, roots, known, None
        self._unsure = unsure  # (ids behind a link whose target is not there: maybe on a drive unplugged)
        self._taken: set[str] = set()  # (the ids ``take`` took back: where they are now, no twin to move)
        self._twins: dict | None = None  # (content -> the done videos of it outside the run's folders: ``moved_twin``)

    def take(self, plan: SyncPlan, key: tuple[str, int], found, arrived: dict, claimed=frozenset()) -> bool:
        """Whether a video is kept of that (content hash, size): the last removed of them taken back
        at the file ``found`` (``plan.revived``), and set in ``arrived`` under ``key`` (the plan's
        videos arrived done: another file of that content is a copy of it, its moments copied). Not
        where a video of the library whose file is gone from a folder this run does not look at has
        ``found``'s size and time: a move keeps a file's time, and that one is the video the library
        listed until now, moved here (``moved_twin``), where a kept one was removed before (deleted,
        or a copy of it moved over it: ``mv -f``)."""
        if not (kept := self._kept().get(key)):
            return False
        if any(same_file((v.size, v.mtime), found.size, found.mtime) and self._gone(v, claimed) for v in self._of(key)):
            return False
        arrived[key] = kept.pop()
        self._taken.add(arrived[key].video_id)
        plan.revived.append((arrived[key], found))
        return True

    def _kept(self) -> dict:
        if self._by_hash is None:
            self._by_hash = {}
            live = {v.video_id for v in self._known}
            for e in sorted(gone_kept.entries(self._meta, live).values(), key=lambda e: e["at"]):
                rec = gone_kept.record(e)
                self._by_hash.setdefault((rec.content_hash, rec.size), []).append(rec)
        return self._by_hash

    def _of(self, key: tuple[str, int]) -> list[VideoRecord]:
        if self._twins is None:
            self._twins = {}
            for v in self._known:
                if (v.status == DONE and not v.quick and v.content_hash
                        and not any(is_under(v.path, r) for r in self._roots)):
                    self._twins.setdefault((v.content_hash, v.size), []).append(v)
        return self._twins.get(key, [])

    def surer(self, key: tuple[str, int], came: list[VideoRecord], claimed: set[str]) -> bool:
        """Whether the videos ``came`` of content ``key``, gone from a path this run looked at, all lie behind
        a link whose target is not there (maybe on a drive unplugged: not known gone), while a video of that
        content is known gone from elsewhere (kept by its content, or its file gone from a folder the run
        does not look at): that one, not them, is the one a new file of it is (``take``, ``moved_twin``)."""
        if not came or not all(v.video_id in self._unsure for v in came):
            return False
        return bool(self._kept().get(key)) or any(self._gone(v, claimed) for v in self._of(key))

    def moved_twin(self, key: tuple[str, int], twin: VideoRecord, claimed: set[str]) -> VideoRecord | None:
        """The video of content ``key`` (``twin`` one of them) that moved to a new file of it from a folder
        this run does not look at (``take_twin``), None where none did: of several done videos of that
        content (copies), the one whose file is gone, not whichever the plan's twin is."""
        for v in [twin] + [v for v in self._of(key) if v is not twin]:
            if self.take_twin(v, claimed):
                return v
        return None

    def take_twin(self, twin: VideoRecord, claimed: set[str]) -> bool:
        """Whether ``twin``, a video with a new file's content not moved yet (``claimed``: the plan's
        moves, which this one joins), lies in a folder this run does not look at and is gone from
        there as that folder's re-scan would find it (it removes it): moved to the new file."""
        if gone := self._gone(twin, claimed):
            claimed.add(twin.video_id)
        return gone

    def _gone(self, twin: VideoRecord, claimed: set[str]) -> bool:
        if (twin.video_id in claimed or twin.video_id in self._taken or twin.offline
                or any(is_under(twin.path, r) for r in self._roots)):
            return False
        recorded = (self._meta.settings.root_ids or {}).get(twin.root)
        try:
            return file_gone(twin.path, twin.root, recorded)
        except OSError:
            return False


def revive(library: VideoLibrary, plan: SyncPlan) -> None:
    """The kept videos found again (``plan.revived``) back in the videos table at their new path, in
    one table version: their moments are visible again at once. One whose moments are not all there
    (swept meanwhile, by an older Seekframe) is embedded again under its id (``plan.to_index``)."""
    if not plan.revived:
        return
    recs = [replace(src, path=f.path, root=f.root, size=f.size, mtime=f.mtime, status=DONE, error="",
                    offline=False, quick=False) for src, f in plan.revived]
    with library.conn.writing():
        library.video_table.merge(recs)
    have = library.moment_table.counts([r.video_id for r in recs])  # (one query for them all)
    short = [r for r in recs if have.get((r.video_id, r.epoch), 0) != r.n_moments]
    if short:
        plan.to_index += library.video_table.upsert_many([replace(r, status=PENDING, n_moments=0) for r in short])
        again = {r.video_id for r in short}  # (a copy of one in this plan would copy its missing moments:
        plan.to_index += [new for src, new in plan.copies if src.video_id in again]  # embedded too)
        plan.copies = [(src, new) for src, new in plan.copies if src.video_id not in again]


def remove(library: VideoLibrary, plan: SyncPlan) -> None:
    """``plan.deleted`` removed; those a folder the run did not look at may hold (a done video's, of
    the library's model) kept by content first (``library.json``, then their rows alone). The kept
    list as this run leaves it: the folders it looked at gone from each entry's ``left``, an entry
    with none left dropped (a whole re-scan: all), so is one taken back or too old."""
    meta = library.meta
    before = (meta.settings.other or {}).get(gone_kept.KEY)
    if not before and not plan.deleted:  # (a re-scan with nothing to do: the library's snapshot answers it)
        return
    folders = meta.settings.folders or []
    looked = [r for r in plan.roots if r not in plan.offline_roots]
    left = [f for f in folders if not any(is_under(f, r) for r in looked)]
    out = {}
    for vid, e in (gone_kept.entries(meta, library.video_table.view()) if before else {}).items():
        if rest := [f for f in e["left"] if f in folders and not any(is_under(f, r) for r in looked)]:
            out[vid] = {**e, "left": rest}
    kept = [v for v in plan.deleted if left and v.status == DONE and not v.quick and v.content_hash
            and v.n_moments > 0 and v.model_id == meta.model_id]
    now = time.time()
    out.update((v.video_id, gone_kept.entry(v, now, left)) for v in kept)
    if len(out) > gone_kept.MAX_KEPT:
        out = dict(sorted(out.items(), key=lambda kv: kv[1]["at"])[-gone_kept.MAX_KEPT:])
    if out != (before or {}):
        library.update_settings(**{gone_kept.KEY: out or None})
        if set(before or ()) - set(out):  # (their moments: swept as the run's handle closes)
            library.video_table.unswept = True
    ids = {v.video_id for v in kept if v.video_id in out}
    if rest := [v.video_id for v in plan.deleted if v.video_id not in ids]:
        library.video_table.delete(rest)
    if ids:
        library.video_table.delete(sorted(ids), moments=False)


def kept_of(library: VideoLibrary, plan: SyncPlan) -> int:
    """How many of the videos ``plan`` removed ``remove`` kept by content (the run's summary:
    ``core.kept_words``)."""
    if not plan.deleted:
        return 0
    kept = (library.meta.settings.other or {}).get(gone_kept.KEY) or {}
    return sum(v.video_id in kept for v in plan.deleted)
