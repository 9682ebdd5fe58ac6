"""Index folders of videos into moments: scan → plan (``core.sync``) → decode (``core.decode_pool``
processes) → embed (batches; the CPU's share: ``core.encode_budget``) → commit (``core.index_passes``).

``MomentIndexer.run(roots)`` is a plain generator of ``IndexEvent`` (the CLI prints them, the GUI
wraps it in a cancellable worker). A bad file, a hung, ballooning or crashing decoder included, is
recorded as failed with its reason and not retried until its size or mtime changes; a run
cancelled or killed at any moment leaves a consistent library. ``decode_workers`` threads each
drive one decode process into a bounded queue, so memory stays bounded and embedding overlaps
decoding (a decode process waits while the queue is full: its time bound counts only while the
parent waits on it).
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Iterator

from . import failures_reported, reembed_failed, reembed_record, run_ends, stopped_runs
from .errors import is_disk_full, is_not_video, not_video_kind
from .file_kinds import SKIPPED
from .folder_moved import moved_before, moved_to
from .folder_spelling import away_spellings, offline_folders
from .index_pass import IndexPass, decode_spec, offer
from .index_passes import passes, wants_two_passes
from .library import notes_journal
from .library.records import FAILED, VideoRecord
from .pass_book import IndexEvent, PassBook, reembed_words
from .run_roots import run_roots
from .run_room import planned_if_full
from .same_folder import folded_under
from .scan import is_under, not_videos, scan, unread_folder
from .scan_stalls import hash_ahead, links_not_answering, probe_paths, remember, remembered
from .sync import plan_sync
from .sync_held import HOLD_REASONS
from .sync_apply import apply_cheap_changes
from .sync_gone import kept_of

__all__ = ["IndexEvent", "IndexOptions", "MomentIndexer", "PassBook", "decode_spec", "offer"]

if TYPE_CHECKING:  # (imported for annotations only: a no-op re-scan runs without LanceDB)
    from .library import VideoLibrary


@dataclass
class IndexOptions:
    window_s: float = 4.0
    shot_cuts: bool = False
    decode_workers: int = max(1, min(2, os.cpu_count() or 1))
    batch_size: int = 16  # moments per embedding call
    encode_batch: int | None = None  # moments per forward pass; None: auto (core.encode_budget)
    encode_threads: int | None = None  # torch threads per encoding thread on CPU; None: auto, 0: leave as is
    encode_workers: int | None = None  # threads encoding a batch side by side on CPU; None: auto
    queue_moments: int = 48  # bound on decoded moments waiting for the encoder
    file_timeout_s: float = 600.0  # a decoder silent this long (no moment yet) is killed: the file failed
    decode_memory_mb: int | None = 4096  # what a decode process may allocate (Linux); None: no bound
    decode_fn: Callable | None = None  # top-level fn(path, DecodeSpec); None: core.decode_pool.decode_file
    reindex_failed: bool = False
    prune: bool = False  # remove vanished videos even where the run would hold them (core.sync)
    # a quick keyframes-only pass first; None: by the run's files, bytes and video length (wants_two_passes)
    two_pass: bool | None = None
    commit_every_s: float = 1.0  # finished videos wait this long to be committed together ...
    commit_videos: int = 32  # ... up to this many videos ...
    commit_moments: int = 4096  # ... or moments (core.index_passes.CommitBatcher)
    # a root inside a library folder is indexed as part of it, not listed as a folder of its own, and
    # a new root takes in the library folders it holds (``seekframe index``; the app lists what it adds)
    part_of_folder: bool = False
    # folders whose done videos are embedded again (``seekframe index --reindex FOLDER`` on the library's
    # model: ``core.reindex_scope``), each searchable through its moments until its new ones replace them
    reembed: tuple[str, ...] = ()
    # a library folder named (the run's roots given) that a run found not answering (``hung_folders``) is
    # looked at with the whole bound, not ``scan_stalls.PROBE_S`` first (``seekframe index FOLDER``: how a
    # share slower than that a call is scanned; a run of every folder probes it)
    wait_named: bool = False


class MomentIndexer:
    """Indexes a library, one run at a time: the scan, the plan, its passes; the run's failures,
    summary and videos broken in an earlier pass, which every event and every pass share."""

    def __init__(self, library: VideoLibrary, encoder, options: IndexOptions | None = None):
        self.library = library
        self.encoder = encoder
        self.options = options or IndexOptions()
        self._cancel = threading.Event()
        self._chosen = False  # the cancel was the user's (``cancel``)
        self._planned_at: float | None = None  # when this run's record was written (``core.stopped_runs``)
        self.failed: list[tuple[str, str]] = []  # (path, reason)
        self.skipped: list[tuple[str, str]] = []  # (path, why): given to index, no file to read (IndexEvent)
        self.summary: dict = {}
        self.broken: set[str] = set()  # videos that failed in this run: not decoded again
        self._folded: dict[str, str] = {}  # library folders a new root took in: {folder: that root}

    def cancel(self, chosen: bool = False) -> None:
        """Ask a running ``run()`` to stop; it yields a "cancelled" event and returns. ``chosen``:
        the user's own choice (the window's Cancel), which the run's record says, so nothing starts it
        again behind their back; else its front end's (a window closing, a model switch)."""
        self._chosen = self._chosen or chosen
        self._cancel.set()

    def ended(self, how: str) -> None:
        """Say in the run's record how it ended before it finished (``stopped_runs.MARKS``; the first
        said stays): a Ctrl-C the CLI met while it printed is the user's cancel too. A cancel before
        the plan cancels the earlier runs recorded in its roots (``run_ends.ended_values``)."""
        roots = (self.roots or ()) if how == stopped_runs.CANCELLED else ()
        run_ends.ended(self.library, self._planned_at, how, roots)
        reembed_record.ended(self.library, how, getattr(self, "claimed", ()), self.roots or ())  # (a --reindex's too)

    def run(self, roots: list[str]) -> Iterator[IndexEvent]:
        """The run's events: "scanned", then per pass its files' events, then "finished" or
        "cancelled" (see ``IndexEvent``). A run that stops before it finished says how in its record
        (``ended``: a cancel, a Ctrl-C in it, an error); a killed one cannot, its process gone."""
        last = None
        try:
            for last in self._events(roots):
                yield last
        except KeyboardInterrupt:
            self.ended(stopped_runs.CANCELLED)
            raise
        except Exception as exc:
            self.ended(stopped_runs.FULL if is_disk_full(exc) else stopped_runs.INTERRUPTED)
            raise
        if last is not None and last.kind == "cancelled":
            self.ended(stopped_runs.CANCELLED if self._chosen else stopped_runs.INTERRUPTED)

    def _events(self, roots: list[str]) -> Iterator[IndexEvent]:
        self._planned_at = self.roots = None
        self.claimed: list[str] = []  # the record's folders whose videos this run embeds again (core.reembed_record)
        self.failed, self.skipped, self.summary, self.broken, self.rechecks = [], [], {}, set(), set()
        self.reembedded: dict[str, str] = {}  # {id: path} (a failure keeps their moments: ``PassBook.fail``)
        self.reembed_failures: dict = {}  # {id: reembed_failed.Failure}: those of them that failed
        self.reembed_held: dict[str, str] = {}  # {id: path}: due, their failure recorded (``SyncPlan.reembed_held``)
        cancelled = self._cancel.is_set
        requested, roots = roots, self._roots(roots)
        self.roots = roots  # (``noop_rescan`` reads them: ``core.stopped_runs``)
        found = scan(roots, cancelled=cancelled, **self._unscanned(roots, bool(requested)))
        parts = {sub: parent for sub, parent, listed in self.summary.get("inside", ()) if not listed}
        if parts := {**parts, **self._folded}:  # (a folder taken in, named too: walked as a root of its own)
            found.files = {p: replace(f, root=parts.get(f.root, f.root)) for p, f in found.files.items()}
        if cancelled():  # a scan cut short lists only some files: plan nothing from it
            yield IndexEvent("cancelled")
            return
        run_passes = self._plan(roots, found)
        phase, first = run_passes[0]
        yield IndexEvent("scanned", files_total=len(first), failed=list(self.failed), skipped=list(self.skipped),
                         summary=dict(self.summary), phase=phase)
        if cancelled():
            yield IndexEvent("cancelled", files_total=len(first), failed=self.failed, skipped=self.skipped,
                             summary=self.summary, phase=phase)
            return
        # Nothing is written before a video is complete: a killed run leaves these files new or
        # changed on disk (or quick), so the next run's plan picks them up again.
        for i, (phase, files) in enumerate(run_passes):
            files = [r for r in files if r.video_id not in self.broken]
            if i:
                yield IndexEvent("pass_started", files_total=len(files), failed=list(self.failed),
                                 skipped=list(self.skipped), summary=self.summary, phase=phase)
            book = PassBook(self, files, phase)
            # no files: no decoders or encoding set up, so a re-scan with nothing to embed loads no model
            last = (yield from self._pipeline(book, files)) if files else book.event("finished")
            yield from book.commit()  # (failures a pipeline met after its last commit: written before its end)
            if last.kind == "cancelled":
                break
        if last.kind == "finished":  # (the record of a run of these roots stopped before, this one's too, goes)
            last = self._noted_finished(roots, last)
        yield last

    def _noted_finished(self, roots: list[str], last: IndexEvent) -> IndexEvent:
        """``last``, the run's "finished", once its record is dropped; a disk full by then fails
        no video (each is in the library): said apart, ``summary["finish_unnoted"]``, the record kept
        (``seekframe status`` counts what it left from the library's rows)."""
        try:
            settings = self.library.meta.settings
            broken = {v: p for v, p in self.reembedded.items() if v in self.broken}  # (still waiting: their entry kept,
            again = [p for v, p in broken.items() if getattr(self.reembed_failures.get(v), "again", True)]  # whole for
            held = [p for v, p in broken.items() if p not in again]  # one of the moment, else narrowed to them)
            unread = [p for p, why in self.failed if unread_folder(why) is not None]  # (not reached either)
            done = reembed_record.finished_values(settings, roots, [*self.away(), *unread], again,
                                                  [*held, *self.reembed_held.values()])
            after = reembed_record.recorded(settings) if done is None else done[reembed_record.KEY] or {}
            done = {**(done or {}), **(reembed_failed.finished_values(  # (one write)
                settings, after, self.reembedded, self.reembed_failures, self.reembed_held) or {})} or None
            stopped_runs.finished(self.library, roots, away=self.away(), own=self._planned_at, also=done)
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            self.summary["finish_unnoted"] = True
            return replace(last, summary=self.summary)
        return last

    def away(self) -> list[str]:
        """The run's roots (and links in them) its scan found offline: it reached nothing there."""
        return list(self.summary.get("offline_roots") or ())

    def _pipeline(self, book: PassBook, jobs: list[VideoRecord]) -> Iterator[IndexEvent]:
        """One pass over ``jobs``; its events, and as its return value the last one ("finished"
        or "cancelled", not yielded: the run decides). ``core.cluster`` runs its own."""
        return (yield from IndexPass(self, book, jobs).events())

    def _unscanned(self, roots: list[str], named: bool = False) -> dict:
        """Folders never walked (``scan``'s ``exclude`` and ``away``): Seekframe's own, and the library's
        outside ``roots`` (their own runs walk them: one in a folder named through a link would be
        found again under another name), those offline never looked at (``away_spellings``)."""
        from .paths import own_folders

        lib = self.library
        others = [f for f in lib.meta.settings.folders or [] if not any(is_under(f, r) for r in roots)]
        offline = offline_folders(lib.meta, others, lib.video_table.view()) if others else frozenset()
        self._offline = (list(roots), offline)  # (read once: the plan's look for moved folders, ``plan_sync``)
        hung = {} if named and self.options.wait_named else remembered(lib.meta.settings, roots)
        self.summary["probed"] = list(hung)  # (looked at with a short bound first: core.scan_stalls)
        videos = lib.video_table.view().values() if hung else ()
        probe = {r: probe_paths(lib.meta.settings, r, videos) for r in hung}  # (its own videos first)
        over = links_not_answering(lib.meta.settings, roots, wait=named and self.options.wait_named)  # (never none:
        # a link not passed over is walked into, the whole folder given up with it at the walk's bound)
        return {"exclude": [str(lib.root), *own_folders(), *(f for f in others if f not in offline),
                            *folded_under(offline, roots)],  # (in a root but for case: the same folder passed over)
                "away": away_spellings(lib.meta, offline), "probe": probe, "over": over}

    def _roots(self, requested: list[str]) -> list[str]:
        """The folders to scan (those named, else the library's): ``core.run_roots``."""
        roots, self._folded = run_roots(self.library, self.encoder, self.options, requested, self.summary)
        return roots

    def _plan(self, roots: list[str], found) -> list[tuple[str, list[VideoRecord]]]:
        """Sync the library with the scan (moves, copies, deletions: ``core.sync``); the passes
        over what is left to index. Fills the run's failures and summary."""
        lib, opts = self.library, self.options
        offline = self._offline[1] if getattr(self, "_offline", (None,))[0] == list(roots) else None
        hash_ahead(found, roots, lib.video_table.view().values())  # (a share whose reads hang: core.scan_stalls)
        plan = plan_sync(lib, roots, found, reindex_failed=opts.reindex_failed, prune=opts.prune, offline=offline,
                         reembed=reembed_record.reembed(lib.meta.settings, opts.reembed))
        away = plan.offline_roots + plan.linked_away  # (the record of a root found offline kept: nothing reached)
        with planned_if_full(lib, roots, plan.to_index, away):  # (a full disk here: the run known later anyway)
            apply_cheap_changes(lib, plan, opts.commit_videos, opts.commit_moments)
            remember(lib, roots, found)  # (folders that did not answer: a short look first next run)
        new = [r for r in plan.to_index if not r.indexed_at]  # (files found again: their notes follow them)
        if new and os.path.exists(os.path.join(lib.root, notes_journal.JOURNAL)):
            notes_journal.relink(lib, new)
        for p, r in plan.problems:  # (a path given that is no file to read, SKIPPED: said apart, no failure)
            if not any(p == o for o in found.offline_roots):
                (self.skipped if r.startswith(SKIPPED) else self.failed).append((p, r.removeprefix(SKIPPED)))
        earlier = [(v.path, v.error) for v in plan.still_failed if not is_not_video(v.error)]
        self.reembed_held = {v.video_id: v.path for v, _ in plan.reembed_held}  # (on their earlier moments: said as
        earlier += [(v.path, reembed_words(f)) for v, f in plan.reembed_held]  # a failed video passed over is)
        self.failed += earlier
        known = failures_reported.reported(lib.meta.settings)  # (reported by a finished `seekframe index`)
        told = {v.path for v in plan.still_failed if failures_reported.was_reported(known, v.video_id, v.indexed_at)}
        told |= {v.path for v, f in plan.reembed_held if failures_reported.was_reported(known, v.video_id, f.at)}
        jobs = plan.to_index
        self.rechecks = {r.video_id for r in plan.recheck}
        again = {id(r) for r in plan.reembed}  # (searchable already: no quick pass, nothing left should it stop)
        self.reembedded = {r.video_id: r.path for r in plan.reembed}
        fresh = [r for r in jobs if id(r) not in again]
        run_passes = passes(fresh, wants_two_passes(opts.two_pass, fresh), plan.reembed + plan.recheck)
        self._planned_at = stopped_runs.planned(lib, roots, fresh, away=away)  # (what status says should it stop)
        if plan.reembed and reembed_record.KEY in lib.meta.settings.other:  # (killed now: the window resumes it)
            self.claimed = reembed_record.claim(lib, roots)
        known = not_videos(plan.still_failed)  # (named as videos, known to hold none: not found, status counts them)
        gone, held = plan.deleted + plan.displaced, {root: (reason, len(kept) - len(not_videos(kept)))
                                                     for root, (reason, kept) in plan.held.items()}
        held = {root: h for root, h in held.items() if h[1]}  # (a folder of text files only: no video to say gone)
        passed = list(dict.fromkeys(link for root, links in found.hung_links.items()  # (links passed over, of a
                                    if root not in found.offline_roots for link in links))  # folder walked)
        self.summary.update({
            "two_pass": len(run_passes) > 1,
            "roots": list(roots),  # (the folders walked: their unread folders' record renewed, failures_reported)
            "found": len(found.files) - len(known), "unchanged": plan.unchanged, "to_index": len(jobs),
            "reembed": len(plan.reembed),  # known videos embedded again (in to_index: status_words.found_words)
            "recheck": len(plan.recheck),  # (counted in unchanged too)
            "retry": len(plan.retry),  # failed under an earlier reader (counted in to_index too)
            "again": len(plan.again),  # failed for a reason of the moment (core.failure_retry; in to_index too)
            "moved": sum(src.status != FAILED and src.video_id not in self.reembedded  # (one moved into a folder
                         for src, _ in plan.moved) + len(plan.revived),  # embedded again: to index; revived: sync_gone;
            "moved_again": sum(src.video_id in self.reembedded for src, _ in plan.moved),  # (of to_index: said so)
            "copied": len(plan.copies),  # a failed file moved with its folder counted once: failed before, to index)
            "deleted": len(gone) - len(not_videos(gone)),  # (videos: a text file deleted is no video removed)
            "kept_elsewhere": kept_of(lib, plan),  # (of those, kept by content a while: core.sync_gone)
            "moved_from": {r: (n, plan.left_in.get(r, 0), moved_to(plan.moved, r))  # (moved, left, where to)
                           for r, n in plan.moved_from.items()},
            "unrecorded": {r: (n, to) for r, (to, n) in plan.unrecorded.items()},  # (no drive recorded: copies made)
            "moved_before": moved_before(lib.meta.settings, [  # (only those gone now: one there again, held
                r for r in plan.offline_roots if r in found.gone_roots], plan.moved_from, [  # "empty", says so)
                v for v in lib.video_table.view().values() if not is_not_video(v.error)]),  # (renamed: as status)
            "offline_roots": [r for r in plan.offline_roots + plan.linked_away if r in held or r not in plan.held]
            + [link for link in passed if link not in plan.linked_away],  # (none of the library's behind it: said)
            "offline_videos": len(plan.offline),
            "back_online": len(plan.back_online) - len(not_videos(plan.back_online)),  # (marked offline, found
            # again at their paths: a folder's drive back, held "device" or away; said once, ``end_words``)
            "hung": list(found.hung) + passed,  # (offline as their files' reads got no answer, a link's: scan_stalls)
            "previously_failed": len(plan.still_failed), "touched": len(plan.touched),
            "failed_before": [p for p, _ in earlier if p in told  # (not tried now, and reported: failures_reported;
                              and p not in roots],  # a file named as the PATH: this command's, not in the library)
            "failed_earlier": [p for p, _ in earlier],  # (not tried in this run: the window's bar, run_words.bar_words)
            "reembed_held": len(plan.reembed_held),  # (core.reembed_failed: not embedded again, failed so before)
            "skipped": found.skipped_report(),  # files that are no videos, by kind (not those known so: said once
            "known_not_videos": dict(Counter(not_video_kind(why) for _, why in known)),  # by the run that read
            # them; counted again only where a folder holds no video at all: Tally.no_videos_text)
            # vanished videos kept (marked offline), not removed: only --prune removes them
            "held": [{"root": root, "videos": n,  # (its list.mov kept too, marked offline: no video)
                      "reason": reason, "why": HOLD_REASONS[reason]} for root, (reason, n) in held.items()],
        })
        return run_passes
