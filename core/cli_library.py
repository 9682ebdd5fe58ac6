"""How a ``seekframe`` command opens the library: its folder (or a URI, read-only), the writer
(the lock taken before LanceDB, torch or a model are imported, and what its open put right said on
stderr), the reader, and the reader with a ``Searcher`` on it. ``cli``'s commands and
``cli_forget``'s use them."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from . import cli_models
from .cli_forget import says_finished
from .cli_forget_several import resumed_text
from .errors import NoLibraryError, SeekframeError
from .timings import span


def library_dir(args) -> Path | str:
    """The library's folder (in its other Unicode spelling when only that one is there: ``paths.on_disk``),
    or its URI as given (``core.library.location``: opened read-only)."""
    from .paths import default_library_dir, is_uri, on_disk

    if not args.library:
        return default_library_dir()
    return args.library if is_uri(args.library) else on_disk(Path(args.library).expanduser())


def writable_library_dir(args) -> Path:
    """The library's folder for a writing command; a library given by URI is refused (exit 2)
    with where to write it instead, before anything is locked or imported."""
    root = library_dir(args)
    if isinstance(root, str):
        from .library.location import read_only_message

        raise SeekframeError(read_only_message(root))
    return root


def no_library(root, given: str | None = None) -> SeekframeError:
    """No library at the folder ``root``: a file named (`--library notes.txt/`) said as every command
    says it, not as a library to make. ``given``: the ``--library`` typed, which the index to run names
    too (``seekframe index FOLDER`` alone indexes into the default library, where the next
    ``--library`` command did not look); a folder of videos given for it is said to be one."""
    import shlex

    from .paths import library_file_text, library_named

    if said := library_file_text(root):
        return SeekframeError(said)
    where = f" --library {shlex.quote(given)}" if given else ""
    if given and _holds_videos(root):
        return SeekframeError(f"No library at {library_named(root)}: it holds videos. --library names the folder "
                              f"the library is kept in, not a folder of videos; to index these: seekframe index "
                              f"{shlex.quote(given)} (into the default library), or seekframe index --library "
                              f"NEW_FOLDER {shlex.quote(given)}")
    return SeekframeError(f"No library at {library_named(root)}. Index some videos first: "
                          f"seekframe index{where} FOLDER")


def _holds_videos(root) -> bool:
    """Whether the folder ``root`` holds a video among its first entries (looked at once, bounded: a
    share that does not answer holds none here)."""
    import itertools
    import os

    from . import bounded_meta
    from .scan import is_video_name
    from .scan_stalls import PROBE_S

    def look() -> bool:
        try:
            with os.scandir(root) as entries:
                return any(is_video_name(e.name) for e in itertools.islice(entries, 1000))
        except OSError:
            return False

    return bool(bounded_meta.answer(os.fspath(root), look, timeout_s=PROBE_S, otherwise=False))


def open_reader(args):
    from .library import VideoLibrary
    from .library.location import Location
    root = library_dir(args)
    where = Location(root)  # (a URI that can be no library's says why)
    try:  # library.json is looked for by the library alone (a URI it cannot reach says so)
        return VideoLibrary(where, read_only=True)
    except NoLibraryError:
        if isinstance(root, str):
            raise SeekframeError(f"No library at {root} (no library.json there). A library is indexed "
                                 "in a folder, then uploaded there whole (see the README).") from None
        raise no_library(root, getattr(args, "library", None)) from None


@contextmanager
def writer(args, repair: bool = False, before=None, existing: bool = False, forgetting: str | tuple | None = None):
    """The library open for writing. Its lock is taken before LanceDB, torch or a model are
    imported or loaded, so a second writer is refused at once; then ``before(root)`` runs, still
    before them: the command's checks of its arguments against the library, and maybe its whole
    work without opening the library (True: done; this yields None). ``repair``: see VideoLibrary;
    ``existing``: a library must be there already (a mistyped path makes none)."""
    from .library.lock import lock_library, waiting_text
    from .library.meta import is_library, library_or_made

    root = writable_library_dir(args)
    there = existing and is_library(root)  # (else one being made by another writer: its lock refuses, as before)
    if existing and not there and not library_or_made(root):
        raise no_library(root, getattr(args, "library", None))
    with span("library_open"):  # (its metadata module brings numpy)
        said = None if getattr(args, "quiet", False) else lambda holder: print(f"seekframe: {waiting_text(holder)}",
                                                                              file=sys.stderr)
        lock = lock_library(root, getattr(args, "wait", 0.0), said,  # (--wait: 0 unless index asks)
                            existing=there)  # (deleted since the look: LibraryGoneError, none made in its place)
    lib, failed = None, False
    try:
        if before is None or not before(root):
            with span("imports"):
                from .library import VideoLibrary
                from .library.lost_tables import note_in
            with span("library_open"):
                lib = VideoLibrary(root, lock=lock, repair=repair)  # (it owns the lock from here)
            if lib.notes_restored or lib.imports_restored:  # (notes.jsonl held what the captions table lacked)
                from .library.repair import set_aside_text

                print(f"seekframe: {set_aside_text({'notes': lib.notes_restored, 'imported': lib.imports_restored})}", file=sys.stderr)
            for note in [*lib.conn.rolled_back_notes(), note_in(lib.meta_notes)]:  # (versions cut short, set aside:
                if note:  # what the index does again; the tables lost whole, made anew: ``lost_tables``)
                    print(f"seekframe: {note}", file=sys.stderr)
            if lib.conn.dropped:  # (a data file of the moments cut short: taken out, and what it costs)
                from .library.torn_fragments import dropped_text
                how = "this run" if getattr(args, "command", "") == "index" else "`seekframe index`"
                print(f"seekframe: {dropped_text(lib.conn.dropped, how)}", file=sys.stderr)
            say_forgot(lib.forget_finished, lib.forget_resumed, lib.unread_note, forgetting)
        yield lib
    except BaseException:
        failed = True  # (what it says is the failure's alone)
        raise
    finally:
        if lib is None:
            _let_go(lock, root)
        else:
            with span("close"):
                lib.close()
            if lib.maintenance.put_off and not failed:  # (a full disk at the optimize: said, no failure)
                from .library.maintenance import put_off_text

                print(f"seekframe: {put_off_text(library_dir(args))}", file=sys.stderr)


def _let_go(lock, root: Path) -> None:
    """The lock of a writer that opened no library (its checks refused the command, or it did its
    work without it) let go; where no library is there, the lock file it made goes too, with the
    folders made for it, so a refused command leaves the folder as it was. Before, `seekframe index
    ~/Vidoes` (a typo) left a lone lock file, taken as a library being made: `seekframe index` then
    made an empty library and loaded a model, `forget` made one too, and `status` showed it. The lock
    file goes only while held and a folder only while empty: another writer making a library at this
    path this instant keeps its own, and makes again what went before its lock file (``lock_library``)."""
    from .library.meta import is_library

    if is_library(root):
        lock.release()
        return
    lock.release(remove=True)
    for folder in lock.made_folders:  # (the library's folder, then those above it: removed while empty)
        try:
            folder.rmdir()
        except OSError:
            break


@contextmanager
def searching(args, text: bool | str = True, card: bool = False):
    """The library, read-only, with a Searcher: on the text side of its model (or --model) for
    text queries; with no model for similar clips (the library's own vectors); ``text="labels"``
    (captions): on the text side where it loads, for its card's calibration of the scores, else
    with no model, as before; ``card``: with the model's card alone (similar clips' thresholds)."""
    with span("imports"):
        from .search import Searcher

        if text:
            import core.encoders.text_side  # noqa: F401  (numpy, tokenizers, safetensors)
    with span("library_open"):
        lib = open_reader(args)
    with lib:
        yield Searcher(lib, _text_side(args, lib, text), fold_copies=True,
                       card=cli_models.library_card(args, lib) if card else None)


def _text_side(args, lib, text: bool | str):
    """The model's text side for ``searching`` (None: no model)."""
    if text != "labels":
        return cli_models.text_encoder(args, lib) if text else None
    import logging

    try:
        encoder = cli_models.caption_side(args, lib)
    except SeekframeError as e:  # (a model not there, or not read: the captions unlabelled, listed all the same)
        logging.getLogger("seekframe.cli").info("captions listed without the model's calibration: %s", e)
        typed = getattr(args, "model", None)
        return cli_models.unlabelled(typed, cli_models.typed_problem(typed, e))
    library_model = lib.meta.model_id
    if library_model and encoder.model_id and encoder.model_id != library_model:
        # (another model than the library's, --model or its folder changed since: Searcher would refuse
        # it, and its calibration would label the library's vectors wrongly; captions need no model)
        logging.getLogger("seekframe.cli").info(
            "captions listed without the model's calibration: %s is loaded, the library's is %s",
            encoder.model_id, library_model)
        return cli_models.unlabelled(getattr(args, "model", None), cli_models.other_model(lib))
    return encoder


def say_forgot(done, resumed, unread_note, forgetting=None) -> None:
    """What a writer's open removed of a stopped forget, on stderr: ``done``, the removal under way
    it finished ((folder, videos), or None), but one the forget of ``forgetting`` says itself, once,
    under its own folder; ``resumed``, the rest of a stopped forget of several; ``unread_note``, what
    could not be read of such a request (set aside by this open, said once)."""
    if done and not says_finished(done[0], forgetting):
        from .service import FinishedRemoval, forget_summary
        print(f"seekframe: {forget_summary(FinishedRemoval(done[1]), done[0])}", file=sys.stderr)
    for folder, n in [d for d in resumed if not says_finished(d[0], forgetting)]:
        print(f"seekframe: {resumed_text(folder, n)}", file=sys.stderr)
    if unread_note:
        print(f"seekframe: {unread_note}.", file=sys.stderr)
