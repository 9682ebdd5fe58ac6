"""The app's side of the engine, plain functions for worker threads (no Qt): ``OpenRun``,
searches, and the library's status in the session's shape. The operations themselves are
``core.service``'s, as for the CLI. Heavy modules are imported inside the functions, so the
window appears before any of them loads.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Callable, Iterator

from core import service
from core.earlier_builds import WINDOW_MOVE, library_text  # (a library of a bundled model an upgrade rebuilt)
from core.errors import ModelError, MomentGoneError, SeekframeError, is_disk_full

from .found import annotate
from .full_disk_marks import mark as mark_full_disk
from .library_look import Place, identity, writing_at
from .library_open import open_library
from .open_notes import cut_by, notes_text
from .remembered_model import here as remembered_here
from .model_names import library_model_title, loading_title, switch_title
from .requests import KNOWN_HUB_MODELS, ModelOption, MomentGone, NoWords, SearchRequest, SessionStatus, encoder_title

log = logging.getLogger("seekframe.app")


def load_encoder(source: str):
    """The model's two sides, each loaded alone (``core.encoders.video_side``: no transformers
    import for the bundled models), or the whole model the first time its files are used."""
    from core.encoders.video_side import load_video_encoder

    return load_video_encoder(source, text=True)


def available_models(in_use: str | None = None) -> list[ModelOption]:
    """Local models (exported students, the bundled demo), known hub ids, and ``in_use`` (the
    session's model) first when it is none of them."""
    from core.model_choice import available_models as local
    from core.model_titles import local_spelling

    options = [ModelOption(kind, source) for kind, source in local()]
    options += [ModelOption("hub", hub_id) for hub_id, _name, _detail in KNOWN_HUB_MODELS]
    if in_use is not None and local_spelling(in_use, [o.source for o in options]) is None:  # (however typed)
        options.insert(0, ModelOption("in use", in_use))
    return options


def generated_model_named(card, source: str) -> str:
    """A model of the generated world as the model notice names it (``core.model_choice``'s words);
    '' for any other model (nothing looked up: the session's status asks it at every read)."""
    if getattr(card, "domain", "") != "generated":
        return ""
    from core.model_choice import generated_model_named as named

    return named(card, source)


def make_searcher(library, encoder, library_title: Callable | None = None):
    """A Searcher (byte-identical copies' moments folded into one result, ``SearchResult.copies``),
    or (None, message) when the library's vectors come from another model: both models named as the
    model dialog lists them, the library's by ``library_title(meta)`` (``library_model_title``, which
    reads its card: a worker's; the GUI thread gives the last status read's, ``known_library_title``)."""
    from core.search import Searcher

    try:
        return Searcher(library, encoder, fold_copies=True), ""
    except SeekframeError:
        library_model = (library_title or library_model_title)(library.meta)
        named = encoder_title(encoder)  # (as the dialog lists it)
        return None, library_text(library.meta.model_source, library.meta.model_id, WINDOW_MOVE) or (
                      f"This library was indexed with the model {library_model}, so the model "
                      f"{named} cannot search it. Switch to the library's model, or switch to "
                      f"{named} again to re-index the library with it (captions and notes are kept).")


def as_on_disk(library: str) -> str:
    """The library folder as given, or in its other Unicode spelling when only that one is there
    (``core.paths.on_disk``: ``--library`` typed composed of a folder a Mac named decomposed), so
    that its library opens rather than a new one made beside it; a URI as given. It asks the disk:
    in a worker (``OpenRun``), never the GUI thread (a share whose server is gone hangs it)."""
    from pathlib import Path

    from core import paths

    if paths.is_uri(library):
        return library
    spelled = paths.on_disk(Path(library).expanduser())
    return library if spelled == Path(library).expanduser() else str(spelled)


class OpenRun:
    """Open a library, then load its model (``steps()`` yields what is ready, in order).
    What it opened stays reachable here, so a session closed mid-way can still close it."""

    def __init__(self, library_dir: str, explicit: str | None, preferred: str | None,
                 loader: Callable[[str], object], before=None):
        self.library_dir, self.explicit, self.preferred, self.loader = library_dir, explicit, preferred, loader
        self.library = None
        self._cancel = threading.Event()
        self._before, self._before_lock = before, threading.Lock()  # (the library a switch left: close_before)

    def close_before(self) -> None:
        """Close the library the window switched from (File › Open, the demo; ``before``), once: first
        thing in the opening worker, so its optimize and snapshot never hold the GUI thread, and its
        writer lock is let go before the new library is opened (the same library opened again opens
        to write); or by the session's close, should this run's worker never have run."""
        with self._before_lock:
            library, self._before = self._before, None
        if library is not None:
            try:
                library.close()
            except Exception:
                log.exception("closing the library failed")

    def cancel(self) -> None:
        self._cancel.set()

    def candidates(self) -> list[str]:
        """Model sources in core.model_choice order: --model, the library's, the one last used
        in the app (only for a library with no model yet, never the demo model), newest
        exported, the bundled real-footage model, the demo model (first for the demo library)."""
        from core.model_choice import choose_model, is_demo_library, is_demo_model

        # an interrupted switch's model (to finish it), else the library's
        lib_source, lib_id = service.writer_model(self.library) if self.library is not None else ("", "")
        # (the window's last model as this install has it: a gone install's bundled folder is this one's)
        preferred = None if lib_source or is_demo_library(self.library_dir) else remembered_here(self.preferred)
        if is_demo_model(preferred):
            preferred = None  # the demo model is for the demo library, not the user's videos
        out = [s for s in (self.explicit, preferred) if s]
        try:
            out.append(choose_model(None, lib_source, self.library_dir, lib_id))
        except ModelError:
            if not out:
                raise
        return list(dict.fromkeys(out))

    def steps(self) -> Iterator[tuple]:
        from core.earlier_builds import let_unused_go
        from core.library.lock import refuses_writers
        from core.model_choice import is_demo_library
        from core.paths import is_uri

        self.close_before()  # (whatever else this run does or is cancelled before)
        self.library_dir = as_on_disk(self.library_dir)  # (a look at the disk: never in the GUI thread)
        self.library, read_only, problem = open_library(self.library_dir)
        if not read_only and (notes := notes_text(self.library)):  # what the open put right on its own, said
            yield ("warning", notes)  # once (before the library's step; a read-only window's, with its reason)
        # its folder's identity (app.library_gone) and whether it is the demo library, looked at here:
        # resolving a path on a drive or share that hangs would freeze the GUI thread
        yield ("library", self.library, read_only, problem, identity(self.library_dir), is_demo_library(self.library_dir),
               self.library_dir, read_only and (is_uri(self.library_dir) or refuses_writers(self.library_dir)))
        if problem and getattr(self.library, "refused_damaged", False):  # (its words name the repair notice)
            yield ("damaged",)
        elif problem and getattr(self.library, "refused_retry", False):  # (its words name the notice's try again)
            yield ("retry",)
        let_unused_go()  # (the cache's earlier builds no library uses: once a day, here in the worker)
        sources = self.candidates()
        for i, source in enumerate(sources):
            if self._cancel.is_set():
                return
            yield ("loading", source, loading_title(source))
            try:
                encoder = self.loader(source)
            except SeekframeError as exc:
                if i == len(sources) - 1:
                    raise
                yield ("warning", f"{exc}\nUsing another model instead.")
                continue
            searcher, problem = make_searcher(self.library, encoder)
            yield ("model", encoder, searcher, problem, switch_title(self.library.model_switch))
            break
        if self._cancel.is_set():
            return
        try:
            self.library.moment_search.preload()  # the first query then needs no table scan
        except Exception:  # only a speed-up: never fatal
            log.exception("preloading the search matrix failed")


def as_writer(fn: Callable, library, *args, place: Place | None = None):
    """``fn(library, *args)`` holding the library's writer lock, taken again if the app let it go
    (``VideoLibrary.write_lease``; ``LibraryLockedError`` while another process writes). The
    library's folder is looked at first, here, never in the GUI thread (``place``: where it was
    opened; ``library_look.FolderGone`` when it is gone, nothing written, or went as it wrote)."""
    with writing_at(place), library.write_lease():
        return fn(library, *args)


def forget_as_writer(library, folder: str, keep_inside: bool, listed: bool, look, kept, outcome: dict,
                     place: Place | None = None) -> int | None:
    """``forget_folder`` run ``as_writer``, the runs' offline folders read first (``jobs.offline_before``: a short
    look at a share remembered as not answering is not made holding the writer lease, which a CLI writer waits on);
    read again inside where the library's folders changed meanwhile, or the read failed."""
    from .jobs import offline_before

    try:
        folders = list(library.meta.settings.folders or [])
        before = (folders, offline_before(library, look, folders))
    except Exception:  # (read again holding the lease, as ever)
        before = None
    return as_writer(forget_folder, library, folder, keep_inside, listed, look, kept, outcome, before, place=place)


def forget_folder(library, folder: str, keep_inside: bool = False, listed: bool = True, look=(), kept=(),
                  outcome: dict | None = None, before=None) -> int | None:
    """``service.forget_folder`` of a folder the window listed (run ``as_writer``; ``keep_inside``:
    the folders it took in kept); None when it is no longer in the library at all: another process
    removed it meanwhile (`seekframe forget` in a terminal, which the window's removal waited for),
    not a typo to refuse, unless the window never knew it as in the library (not ``listed``: refused).
    ``outcome`` (read once the worker has ended): ``inside``, those of ``look`` (roots of runs on
    their way) that a run would index as part of it, links resolved against the library's folders
    as they were, the offline ones never (``jobs.indexed_inside``; ``folder`` among them when another process removed it
    first); ``same``, those of them that are ``folder`` itself through a link; ``refused``, when it
    failed with nothing removed (no removal of it recorded: one a full disk stopped after its record is
    finished later)."""
    from .jobs import indexed_inside, offline_before

    outcome = {} if outcome is None else outcome
    folders = list(library.meta.settings.folders or [])
    offline = before[1] if before is not None and before[0] == folders else offline_before(library, look, folders)
    # (never resolved: as the indexer would not; ``before``: ``forget_as_writer``'s, read before the lease)
    try:
        n = service.forget_folder(library, folder, keep_inside)
    except service.NotInLibrary:
        if not listed:
            outcome["refused"] = True
            raise
        n = None
        if folder not in folders:  # (the list was read after that removal: ``folder`` counted as in it, so
            folders.append(folder)  # a root through a link into it resolves to it as before it went)
    except Exception:
        outcome["refused"] = not _removal_recorded(library, folder)
        raise
    outcome["same"] = []  # (those of them that are ``folder`` itself through a link: said as its own run)
    outcome["inside"] = indexed_inside(look, folder, folders, kept, offline, outcome["same"])
    return n


def _removal_recorded(library, folder: str) -> bool:
    try:
        return library.meta.forgets(folder)
    except Exception:  # (not known: taken as under way, the runs in it not queued again)
        log.exception("could not read whether the removal of %s is recorded", folder)
        return True


def events_as_writer(library, events: Callable[[], Iterator], place: Place | None = None) -> Iterator:
    """``events()``'s items, yielded holding the library's writer lock (see ``as_writer``). A full disk
    that stops them is raised marked with what the banner says (``full_disk_marks.mark``)."""
    try:
        with writing_at(place), library.write_lease():
            yield from events()
    except Exception as exc:
        if is_disk_full(exc):
            mark_full_disk(exc, library)
        raise


PUT_OFF_AFTER, PUT_OFF_LATER = "after its last changes", "a later re-scan (File › Re-scan)"  # (the window's)


def let_go(library) -> str | None:
    """The writer lock let go while the app has nothing to write (``VideoLibrary.release_writer``:
    None while a write holds it); then what to say of the optimize it tried first, which a full disk
    put off (``core.library.maintenance.put_off_text``, the CLI's words with the window's re-scan),
    '' when it was not."""
    from core.library.maintenance import put_off_text

    if not library.release_writer():
        return None
    if not library.maintenance.put_off:
        return ""
    text = put_off_text(library.root, PUT_OFF_AFTER, PUT_OFF_LATER)
    return text[:1].upper() + text[1:]


def writer_free(library_dir: str) -> bool | None:
    """Whether no process writes the library now (``core.library.lock.writer_free``); None when
    its folder is not there any more (moved, deleted, its drive unplugged: no lock to wait for)."""
    from core.library.lock import writer_free as free

    if free(library_dir):
        return True
    return False if os.path.isdir(library_dir) else None


def session_status(library, read_only: bool, refresh: bool = False, probe_writer: bool = False) -> SessionStatus:
    """The library's side of the status (the session adds the model and the running state);
    ``probe_writer``: whether the writer lock is free now is read too (``writer_free``)."""
    from core import stopped_runs
    from core.demo import holds_real_videos
    from core.folder_moved import WINDOW
    from core.reembed_record import with_waiting
    from core.library.lost_tables import note_in
    from core.model_choice import is_demo_library

    st = service.library_status(library, refresh=refresh)
    return SessionStatus(
        library_dir=st.root, opened=True, read_only=read_only, videos=st.videos, moments=st.moments,
        pending=st.pending, waiting=sum(f.pending for f in st.folders if f.online), unsearched=st.unsearched,
        writer_free=probe_writer and writer_free(str(library.root)), written_elsewhere=st.writing_now,
        failed=tuple(sorted(st.failed)), to_retry=st.to_retry, folders=tuple(f.path for f in st.folders),
        folder_videos=tuple((f.path, f.done) for f in st.folders), offline_folders=st.offline_folders,
        folder_found=tuple((f.path, said) for f in st.folders if (said := f.found(WINDOW))),
        kept_apart=st.kept_apart,
        folder_quick=tuple((f.path, f.quick) for f in st.folders if f.quick),
        took_in=tuple((f.path, f.took_in) for f in st.folders if f.took_in),
        unread_folders=tuple(st.unread), offline_videos=len(st.offline), captions=st.captions, library_model_id=st.model_id,
        library_model_title=library_model_title(library.meta) if st.model_id else "",
        model_switch=(st.model_switch or {}).get("model_source", ""), demo_library=is_demo_library(library.root),
        real_videos=holds_real_videos(st.done_paths), forgetting=st.forgetting or "", lost=st.lost,
        forget_request=st.forget_request, tables_lost=bool(note_in(st.notes)), kept_by_content=st.kept_by_content,
        folder_stopped=tuple(stopped_runs.per_folder(st.stopped, [f.path for f in st.folders]).items()),
        folder_reembed=tuple(with_waiting({}, st.reembed, [f.path for f in st.folders]).items()),  # (--reindex killed)
        folder_reembed_full=tuple(with_waiting({}, [(r, n) for r, n in st.reembed if r in st.reembed_full],
                                               [f.path for f in st.folders]).items()),  # (counted apart: room first)
        reembed_failed=tuple(st.reembed_failed),  # (their re-embed failed: passed over until their files change)
        folder_cancelled=stopped_runs.cancelled_in(st.stopped, [f.path for f in st.folders]),
        folder_full=stopped_runs.full_in(st.stopped, [f.path for f in st.folders]),
        killed=stopped_runs.killed(st.stopped, [f.path for f in st.folders if f.online]),
        killed_quick=stopped_runs.killed_quick(st.stopped, [f.path for f in st.folders if f.online]),
        reembed_killed=tuple(st.reembed_killed),
        cut=cut_by(library))


def run_search(searcher, request: SearchRequest):
    """The request's results as ``app.found.Found``s: each says whether its file is still the one
    indexed."""
    f = None if request.filters.is_empty() else request.filters
    if request.similar_to is not None:
        try:
            results = searcher.similar_clips(request.similar_to, k=request.k, filters=f, per_video=request.per_video)
        except MomentGoneError:  # (asked again once the library changed, or from an older grid)
            return MomentGone()
    elif request.more or request.less:
        results = searcher.refine(request.query, list(request.more), list(request.less), k=request.k,
                                  filters=f, per_video=request.per_video)
    else:
        results = searcher.text(request.query, k=request.k, filters=f, per_video=request.per_video)
        if not results and not searcher.reads(request.query):  # (asked only of no results: one tokenising a search)
            return NoWords()
    settings = searcher.library.meta.settings  # (a folder that stopped answering: its results offline, not looked at)
    return annotate(results, searcher.library.video_table.view(), settings.root_ids, settings.hung_folders)


def similar_captions(searcher, result, k: int = 10):
    """The ``k`` captions that best describe the result's moment, and every caption or note
    attached to that moment or to its whole video, scored the same way even when it is not among
    the best (``Searcher.clip_captions``; the captions panel lists those first, as this clip's); none
    of a video the library no longer holds, as ``seekframe captions`` lists none (they are kept for
    its content's return, not for another clip's list), nor of a clip whose video left the library since it was
    shown (its folder removed: no error said of what the user did; the grid goes back to the search). A
    clip whose video is still held but was re-indexed since (its moments written anew) says so, the
    ``MomentGoneError``'s "search again": its notes are still there, "no note on this clip" would be untrue."""
    from core.library.ids import parse_moment_id

    try:
        return searcher.clip_captions(result.moment_id, k=k, left=False)[0]
    except MomentGoneError:
        if parse_moment_id(result.moment_id)[0] in searcher.library.video_table.view():
            raise  # (re-indexed: its moment gone, its video and notes not)
        return []

