"""The library's operations, written once for every front end (the ``seekframe`` command, the
desktop app's workers, the Ray cluster indexer as an ``IndexRun``'s indexer). No Qt, no printing:
the CLI prints what these return, the app turns it into signals. Heavy modules (LanceDB, torch,
the indexer) are imported inside the functions.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterator

from . import reembed_record, reindex_scope
from .errors import SeekframeError, is_disk_full
from .forgetting import (FinishedRemoval, FolderWaits, NotInLibrary, NothingToKeep, RemovalWaits,  # noqa: F401
                         folder_waits, forget_folder, forget_root, forget_summary, held_through_links, in_library,
                         kept_folders, kept_text, listed_spelling, not_in_library, removal_waits, wide_reach, wide_text)
from .library_status import (OFFLINE_REASONS, FolderStatus, LibraryStatus, library_status,  # noqa: F401
                             lost_text, videos_now)
from .plural import count

if TYPE_CHECKING:
    from .captions import NoteAdded


# -- models and indexing ------------------------------------------------------------------------
def writer_model(library) -> tuple[str, str]:
    """(source, model id) a writer of ``library`` works with: those of an interrupted model
    switch, which it must finish, else the library's own ('' when it has none yet)."""
    switch, meta = library.model_switch or {}, library.meta
    return (switch.get("model_source") or meta.model_source, switch.get("model_id") or meta.model_id)


def switch_model(library, encoder) -> int:
    """Re-index preparation for ``encoder`` (``core.captions.switch_model``; a library with no
    model yet has nothing to switch); the videos then need indexing. Returns how many captions
    were re-embedded."""
    from .captions import switch_model as switch

    if library.meta.model_id or library.model_switch or library.repairing:
        return switch(library, encoder)
    return 0  # (nor an interrupted switch to finish)


def finish_switch(library, encoder) -> int:
    """Finish a model switch that was interrupted (nothing when none is pending)."""
    from .captions import finish_model_switch

    return finish_model_switch(library, encoder)


def index_options(library, *, window_s: float | None = None, shot_cuts: bool | None = None, **options):
    """``IndexOptions`` with ``window_s`` and ``shot_cuts`` as given, else as the library saved
    them (its last run's), and the other ``options`` as given."""
    from .indexer import IndexOptions

    saved = library.meta.settings  # (typed: core.library.meta.LibrarySettings)
    if window_s is None:
        window_s = saved.window_s if saved.window_s is not None else 4.0
    if shot_cuts is None:
        shot_cuts = bool(saved.shot_cuts)
    return IndexOptions(window_s=float(window_s), shot_cuts=bool(shot_cuts), **options)


def refuse_own_folder(library_root, roots) -> None:
    """A root that is the library's own folder, or in it, is refused (a SeekframeError naming it):
    it holds Seekframe's tables and thumbnails, no videos (listed as a folder of 'other files')."""
    from .filenames import shown
    from .scan import is_under, normalise_root

    if isinstance(library_root, str) and "://" in library_root:  # (a URI: no local folder to mistake)
        return
    from . import bounded_meta

    own = normalise_root(library_root)
    own_real = os.path.realpath(own)
    roots = list(map(normalise_root, roots))
    # (each resolved as one bounded look, all together: a network share that does not answer held the run, and
    # several on a dropped share cost one bound in all; None: by its spelling; a look still stuck waited for)
    reals = bounded_meta.answers(roots, os.path.realpath, wait=True)
    for root in roots:
        real = reals[root]
        if is_under(root, own) or (real is not None and is_under(real, own_real)):
            what = "the library's own folder" if root == own or real == own_real else \
                f"inside the library's own folder {shown(own)}"
            raise SeekframeError(f"{shown(root)} is {what}: it holds Seekframe's data (its tables and thumbnails), "
                                 "not videos, so it was not added. Add the folders where your videos are.")
        if what := _in_data_home(root, real):
            raise SeekframeError(f"{shown(root)} is {what}: it holds Seekframe's own files (the library, the "
                                 "models, the log), not videos, so it was not added. Add the folders where your "
                                 "videos are.")


_HOME_OWN = ("library", "demo-library", "models")  # what Seekframe keeps in its data folder (``core.paths``)


def _in_data_home(root: str, real: str | None) -> str:
    """Where ``root`` lies in Seekframe's data folder (``paths.data_home``: SEEKFRAME_HOME or the
    default) in words, '' when it does not: in one of its own folders (the library, the demo library,
    the models). The data folder itself is no refusal (a data home set to ~/Videos: the videos there
    are indexed, its own folders never walked, ``paths.own_folders``), nor are the demo videos, which
    it generates to be indexed, or anything else a user keeps there. ``real``: ``root`` resolved (None: it
    did not answer, compared by its spelling alone)."""
    from .filenames import shown
    from .paths import data_home
    from .scan import is_under, normalise_root

    home = normalise_root(str(data_home()))
    for spelt, at in ((root, home), *(((real, os.path.realpath(home)),) if real is not None else ())):
        if any(is_under(spelt, os.path.join(at, own)) for own in _HOME_OWN):
            return f"inside Seekframe's data folder {shown(home)}"
    return ""


class IndexRun:
    """One indexing run of ``roots`` (None or empty: the library's folders).

    ``events()`` prepares the model (``reindex``: ``switch_model``; otherwise ``finish_switch``),
    then yields the indexer's events. ``options``: ``index_options`` keywords, read when the run
    starts; ``indexer``: ``fn(library, encoder, options)`` → an object with ``run(roots)`` and
    ``cancel()`` (default ``MomentIndexer``); ``no_folders``: when given, the message of a run with
    no roots in a library with no folders (none when the run finished the removal of its last folder,
a full disk's: it yields nothing, ``forget_finished`` says it). ``cancel()`` works from any thread, before or during
    the run."""

    def __init__(self, library, encoder, roots: list[str] | None = None, *, reindex: bool = False,
                 indexer: Callable | None = None, no_folders: str | None = None, **options):
        self.library, self.encoder, self.roots = library, encoder, roots
        self.reindex, self.no_folders, self.options = reindex, no_folders, options
        self._make = indexer
        self._cancel = threading.Event()
        self._chosen = False  # the cancel was the user's (``cancel``)
        self._indexer = None
        self.switched = False
        self.kept: list[str] = []  # folders of a stopped forget's rest this run's roots named again: kept
        self.readded: list[str] | None = None  # the roots the user asked for again (None: all, as the CLI names them)
        self._scope: reindex_scope.Scope | None = None
        self.reembed_since: float | None = None  # a reindex of folders on the library's own model: when it began

    def scope(self) -> reindex_scope.Scope:
        """What a ``reindex`` run embeds again (``core.reindex_scope``), decided once: a front end may
        say it (``Scope.said``) before the run."""
        if self._scope is None:
            self._scope = reindex_scope.decide(self.library, self.encoder, self.roots,
                                               index_options(self.library, **self.options))
        return self._scope

    def keep_readded(self) -> list[str]:
        """The folders of a stopped forget of several that this run's roots the user asked for
        (``readded``) name again, dropped from its rest before anything removes it
        (``forget_request.keep_again``: added again, they are kept with their videos, and the run indexes
        them); those newly kept (once: ``kept`` holds them all), for a front end to say
        (``forget_request.kept_text``, before the run: what it says holds if the run fails). A run a closed
        window left (the app's resume) is no such ask: the removal may have been asked after it."""
        from .library.forget_request import keep_again
        from .scan import normalise_root

        roots = self.roots if self.readded is None else self.readded
        kept = keep_again(self.library, [normalise_root(r) for r in roots or ()]) if roots else []
        self.kept += kept
        return kept

    def _new_roots(self) -> list[str]:
        from .scan import normalise_root

        folders = self.library.meta.settings.folders or []
        return [r for r in map(normalise_root, self.roots or []) if r not in folders]

    def cancel(self, chosen: bool = False) -> None:
        """Stop the run (``chosen``: the user's own choice, said in its record: ``MomentIndexer.cancel``)."""
        self._chosen = self._chosen or chosen
        self._cancel.set()
        if self._indexer is not None:
            self._indexer.cancel(chosen=True) if chosen else self._indexer.cancel()

    def interrupted(self) -> None:
        """The user stopped the run where it was not listening (a Ctrl-C while the CLI printed): its
        record says it was cancelled (``MomentIndexer.ended``)."""
        from .stopped_runs import CANCELLED

        if self._indexer is None:
            self._cancelled_unplanned()
        elif (ended := getattr(self._indexer, "ended", None)) is not None:
            ended(CANCELLED)

    def _cancelled_unplanned(self) -> None:
        """The user's cancel came before the indexer ran (a removal or a switch finished first): as a
        cancel before its plan, the earlier runs recorded in its roots are cancelled with it."""
        from . import run_ends, stopped_runs
        from .scan import normalise_root
        roots = [normalise_root(r) for r in self.roots or []] or list(self.library.meta.settings.folders or [])
        run_ends.ended(self.library, None, stopped_runs.CANCELLED, roots)
        reembed_record.ended(self.library, stopped_runs.CANCELLED, roots=roots)  # (a --reindex's record too)

    def events(self) -> Iterator:
        from .indexer import IndexEvent, MomentIndexer

        lib = self.library
        refuse_own_folder(lib.root, self.roots or [])
        self.keep_readded()  # (before the rest of a stopped forget is removed below)
        new: list[str] = []
        try:
            finished = lib.finish_pending_forget(rest=True)  # (a forget a full disk stopped on this handle, and the
            # rest of a stopped forget of several it kept this handle's open from removing: never indexed again)
        except Exception as exc:  # refused again: a folder new to the library is not added (said, not 'indexing stopped')
            if not is_disk_full(exc) or not (new := self._new_roots()):
                raise
        if new:  # (raised here, not in the handler: no full disk in its chain, which front ends would say instead)
            from .library.forget_request import rest

            raise folder_waits(new, lib.forgetting or next(iter(rest(lib.meta)), ""))
        if self.no_folders and not self.roots and not lib.meta.settings.folders:
            if finished:  # (the removal of its last folder was what was pending: done, no error; forget_finished says it)
                return
            raise SeekframeError(self.no_folders)
        options = index_options(lib, **self.options)
        if self.reindex and (scope := self.scope()).how == reindex_scope.ONLY:  # (the others keep their moments)
            finish_switch(lib, self.encoder)  # (none pending: such a scope is on the library's own model)
            self.reembed_since = time.time()  # (their videos keep their moments, searched, until embedded anew)
            reembed_record.begin(lib, scope.named, self.reembed_since)  # (a run killed part-way: the next one ends it)
            options = replace(options, reembed=scope.named)
        elif self.reindex:
            switch_model(lib, self.encoder)
            self.switched = True  # the old vectors are gone: a run stopped now leaves videos to embed
            if scope.how != reindex_scope.ALL:  # (the folders named and the library's others, as listed now)
                self.roots = reindex_scope.whole(lib, scope.named)
        else:
            finish_switch(lib, self.encoder)  # an interrupted switch: captions first
        try:
            self._indexer = (self._make or MomentIndexer)(lib, self.encoder, options)
        except BaseException as exc:  # (the --reindex recorded above says how it ended, as its run would)
            self._reembed_ended(exc)
            raise
        if self._cancel.is_set():
            if self._chosen:
                self._cancelled_unplanned()
            else:  # (a front end's cancel: a window closing, a switch)
                self._reembed_ended(None)
            yield IndexEvent("cancelled")
            return
        yield from self._indexer.run(list(self.roots or []))

    def _reembed_ended(self, exc: BaseException | None) -> None:
        """A --reindex begun (``reembed_record.begin``) that stopped before its indexer ran: its record
        says how, as ``MomentIndexer.run`` says it (``exc``: what stopped it; None: a cancel not the
        user's), so no record of it reads as killed and is resumed behind the user's back."""
        from . import stopped_runs

        if self.reembed_since is None:
            return
        how = (stopped_runs.CANCELLED if isinstance(exc, KeyboardInterrupt) else stopped_runs.FULL
               if exc is not None and is_disk_full(exc) else stopped_runs.INTERRUPTED)
        reembed_record.ended(self.library, how, roots=self.scope().named)


def optimize_if_needed(library) -> bool:
    """Compact the tables and update the vector index after a run that changed enough; False when
    a full disk put it off (nothing lost: ``Maintenance.optimize_if_needed``; ``maintenance.put_off_text``)."""
    return library.maintenance.optimize_if_needed()


# -- captions, notes, folders ---------------------------------------------------------------------
def import_captions(library, encoder, path: str) -> dict:
    """Import a caption file with ``encoder`` (which a library without a model is bound to) as one
    commit; counts: imported, already_present (not imported: in the library already, or earlier
    in the file), linked_to_videos, unknown_videos, and repeated_in_file (of already_present, those
    the file gave before) when some were."""
    from .captions import import_captions as do_import

    library.bind_model(encoder.model_id, encoder.source, encoder.embed_dim)
    return do_import(library, encoder, str(path))


def import_summary(counts: dict) -> str:
    """The sentence that reports an import (the CLI prints it, the app shows it)."""
    linked, unknown, repeated = counts["linked_to_videos"], counts["unknown_videos"], counts.get("repeated_in_file", 0)
    present = counts["already_present"] - repeated  # (in the library before this import)
    return (f"Imported {count(counts['imported'], 'caption')} ({linked} linked to "
            + ("a video" if linked == 1 else "videos")
            + (f", {unknown} naming {'a video' if unknown == 1 else 'videos'} not in the library" if unknown else "")
            + (f"; {present} {'was' if present == 1 else 'were'} already in the library" if present else "")
            + (f"; {repeated} {'was a repeat' if repeated == 1 else 'were repeats'} of another in the file "
               "(kept once)" if repeated else "") + ")." + _past_end_text(counts.get("past_end", 0)))


def _past_end_text(n: int) -> str:
    """Said of the imported captions whose start is at or after their video's end (``import_captions``)."""
    if not n:
        return ""
    one = n == 1
    return (f" {count(n, 'caption')} {'starts' if one else 'start'} after {'its video ends' if one else 'their videos end'}"
            f" (times in milliseconds?): kept, but on no moment of {'it' if one else 'them'}; a caption's times are "
            "seconds from its video's start.")


def add_note(library, encoder, video_id: str, text: str, start: float = -1.0, end: float = -1.0,
             name: str = "") -> NoteAdded:
    """A searchable note on a moment (``start``–``end``) of a video, or on the whole video (-1);
    returns its caption id and whether it was written (``core.captions.NoteAdded``: not the very
    note the clip has already). A video no longer in the library is said (by ``name``)."""
    from .captions import add_note as do_add

    video = library.video_table.get(video_id)
    if video is None:
        from .filenames import shown

        raise SeekframeError(f"{shown(name) if name else 'That video'} is no longer in the library.")
    return do_add(library, encoder, video, text, float(start), float(end))
