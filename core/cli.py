"""The ``seekframe`` command: index folders, search them, find similar clips and captions.
Its exit codes are listed in its help (``cli_args.EXAMPLES``).
"""

from __future__ import annotations

import argparse
import atexit
import functools
import gc
import logging
import shlex
import sys
import threading
from pathlib import Path

from . import __version__, cli_args, cli_models
from .cli_demo import cmd_demo
from .cli_forget import cmd_forget
from .cli_forget_several import said_at_start
from .cli_interrupted import interrupted_text
from .cli_library import library_dir, open_reader, say_forgot, searching, writable_library_dir, writer
from .cli_print import (NO_STRONG_MATCH, NO_STRONG_SIMILAR, NO_STRONG_VIDEO, copies_left_out_text, only_itself_text,
                        path_query_hint, print_captions, print_hits, print_json, query_file_text, roots_of)
from .cli_status import model_hint, no_results_text, print_library_status
from .clirefs import resolve_clip, split_clip_ref
from .decoder_logs import quiet_decoder_logs
from .cli_failures import EXIT_DISK_FULL, said_failure
from .cli_streams import dropping_when_gone
from .errors import SeekframeError
from .filenames import shown
from .search_links import not_followed_text
from .search_words import unread_text
from .timings import span

__all__ = ["EXIT_DISK_FULL", "main"]

log = logging.getLogger("seekframe.cli")


def _load_encoder(args, source: str, library_dir, model_id: str):
    """The index command's model, loaded on first use (``cli_models.DeferredEncoder``). ``--reindex``
    of a library on an earlier build of a bundled model (``core.earlier_builds``) takes this install's.
    The cache's earlier builds no library uses go here (once a day), never at a search."""
    from .earlier_builds import current_build, let_unused_go
    from .model_choice import choose_model

    let_unused_go()
    if getattr(args, "reindex", False) and not args.model and (now := current_build(source)):
        source, model_id = now, ""
    return cli_models.DeferredEncoder(choose_model(args.model, source, library_dir, model_id), args.device,
                                      quiet=getattr(args, "quiet", False))


def _filters(args, library):
    from .filters import Filters, parse_date
    from .file_as_folder import refuse_file_as_folder

    refuse_file_as_folder([args.folder], "Nothing was searched.", library)  # (`--folder clip.mp4/`)
    try:
        return Filters(
            folder=args.folder, min_duration=args.min_duration, max_duration=args.max_duration,
            modified_after=parse_date(args.after) if args.after else None,
            modified_before=parse_date(args.before) if args.before else None,
        )
    except ValueError as exc:
        raise SeekframeError(f"Bad date filter ({exc}); use YYYY-MM-DD.") from exc


# -- commands ---------------------------------------------------------------------------------
def cmd_index(args) -> int:
    from .errors import LibraryLockedError

    try:
        return _cmd_index(args)
    except LibraryLockedError as exc:  # (two terminals: the second index told it can wait, as a nightly job does)
        if getattr(args, "wait", 0):
            raise
        raise LibraryLockedError(f"{exc} {WAIT_HINT}", exc.holder) from None


WAIT_HINT = "Or run this again with --wait 30: it then waits for the other one to finish (up to 30 minutes) and goes on."


def _cmd_index(args) -> int:
    from .file_as_folder import refuse_file_as_folder

    cli_args.check_rescan(args.paths, writable_library_dir(args))  # (a URI refused before Ray or the lock)
    refuse_file_as_folder(args.paths, "Nothing was indexed.")  # (`clip.mp4/`, looked at as the checks of paths do)
    address = cli_args.ray_address(args)
    indexer = None  # the service's local MomentIndexer
    if address is not None:  # decode and embed on the Ray cluster (the same scan, plan and commits)
        from .cluster import RayIndexer
        from .cluster_connect import connect, require_ray

        require_ray()  # before the library is touched: without Ray, how to install it (exit 2)
        if address:  # and a cluster not reached (nothing there, its token), before the scan (a local one: when needed)
            connect(address)
        indexer = functools.partial(RayIndexer, address=address)
    done = {}

    def before(root) -> bool:
        from .library.forget_request import keep_again_at, kept_text
        from .library.meta import is_library

        cli_args.spell_index_paths(args, root)  # (`café` typed, the disk's decomposed: mapped once, for all below)
        if kept := keep_again_at(root, args.paths):  # (a stopped forget's rest added again: kept, before the open)
            print(f"seekframe: {kept_text(kept)}", file=sys.stderr)
        if not is_library(root):  # no library yet, so no PATH is one of its folders
            cli_args.check_index_paths(args.paths)
        if address is not None or args.reindex:
            return False
        from .library.repair import damaged_tables, damaged_text, droppable

        if droppable(root):  # (a moments data file cut short: the writer's open takes it out, the run re-embeds)
            return False
        done["code"] = cli_models.noop_rescan(args, root)  # a re-scan with nothing to do: no LanceDB
        if done["code"] is not None:  # (it read no table: a file cut short is looked for, cheaply)
            if damaged := damaged_tables(root):
                print(damaged_text(damaged, shown), file=sys.stderr)
                done["code"] = 2
        return done["code"] is not None

    with writer(args, repair=args.reindex, before=before) as lib:
        if lib is None:
            return done["code"]
        if lib.forget_finished and not args.paths and not lib.meta.settings.folders:
            return 0  # (its open finished removing the only folder, as said: nothing is left to index)
        cli_args.check_index_paths(args.paths, lib.meta.settings.folders or [])
        with span("imports"):
            from . import service
            from .earlier_builds import library_text, moving_text
            from .failures_reported import kept_last, remember, unnoted_text
            from .progress import print_index_run

        source, model_id = service.writer_model(lib)  # an interrupted --reindex: its model, finished first
        encoder = _load_encoder(args, source, lib.root, model_id)
        said = (moving_text(source, model_id, encoder.source) if args.reindex else "") or library_text(source, model_id)
        if said and not args.quiet:  # (a library on an earlier build of a bundled model)
            print(said, file=sys.stderr)
        run = service.IndexRun(lib, encoder, args.paths, reindex=args.reindex, indexer=indexer,
                               window_s=args.window, shot_cuts=args.shot_cuts, reindex_failed=args.retry_failed,
                               prune=args.prune, part_of_folder=True, wait_named=True)  # the switch first (or the
        # interrupted one finished), then the run; a share that stopped answering, named, waited for (IndexOptions)
        args.index_run = run  # (what a full disk's message says depends on whether it switched)
        if args.reindex and not args.quiet and (whole := run.scope().said()):  # (a switch with folders named)
            print(whole, file=sys.stderr)
        with span("index_run"):
            last = []  # (its last event: a finished run's failures, said, are reported: core.failures_reported)
            try:
                events = kept_last(said_at_start(lib, run.events()), last, lib.meta.settings)  # (reported: as before)
                failed = print_index_run(events, quiet=args.quiet, paths=args.paths)
            except KeyboardInterrupt:  # (Ctrl-C: the user's cancel, said in the run's record)
                run.interrupted()
                raise
            if any(unnoted := remember(lib, last[0] if last else None)):  # (a full disk: said again next run)
                print(unnoted_text(*unnoted), file=sys.stderr)  # (even with -q)
        with span("optimize"):
            service.optimize_if_needed(lib)  # a run that changed little leaves the tables as they are
        if args.reindex and not args.quiet and (left := service.reindex_scope.left_text(lib)):
            print(left, file=sys.stderr)
    return 1 if failed else 0


def cmd_search(args) -> int:
    with searching(args) as searcher, span("search"):
        filters = _filters(args, searcher.library)
        results = searcher.text(args.query, k=args.k, filters=filters, per_video=args.videos)
        hint = model_hint(searcher.library, getattr(searcher.encoder, "card", None), args.library,
                          getattr(searcher.encoder, "source", None))
        if not results and not hint:  # (nothing to find, or filtered out: say what would make it so)
            hint = no_results_text(searcher.library, filters, unread=not searcher.reads(args.query), query=args.query)
        roots = roots_of(searcher.library, results)
        unread = unread_text(searcher.unread(args.query)) if not args.json and searcher.reads(args.query) else ""
        skipped = not_followed_text()  # (--folder's links that did not answer: ``search_links``)
    if hint and not args.json:
        print(hint, file=sys.stderr)
    for said in (unread, skipped if not args.json else ""):
        if said:
            print(said, file=sys.stderr)
    if not args.json and (tip := path_query_hint(args.query)):
        print(tip, file=sys.stderr)
    print_hits(results, args.json, roots, no_strong=NO_STRONG_VIDEO if args.videos else NO_STRONG_MATCH)
    return 0


def cmd_similar(args) -> int:
    with searching(args, text=False, card=True) as searcher:
        clip = resolve_clip(searcher.library, *split_clip_ref(args.clip))
        filters = _filters(args, searcher.library)
        results = searcher.similar_clips(clip, k=args.k, filters=filters, per_video=not args.moments)
        if not results and not args.json and (hint := no_results_text(searcher.library, filters)
                                              or only_itself_text(searcher.library, clip.video_id, filters)):
            print(hint, file=sys.stderr)
        roots = roots_of(searcher.library, results)
        gone = "" if args.json else query_file_text(searcher.library, clip.video_id)  # (it said nothing of it)
        left = "" if args.json or not results else copies_left_out_text(  # (none found: only_itself_text says it)
            searcher.library, clip.video_id, moment=clip.moment_id is not None)
        skipped = not_followed_text()  # (--folder's links that did not answer, as search says them)
    for said in (gone, left, skipped if not args.json else ""):
        if said:
            print(said, file=sys.stderr)
    print_hits(results, args.json, roots, no_strong=NO_STRONG_SIMILAR)
    return 0


def cmd_captions(args) -> int:
    with searching(args, text="labels") as searcher:  # (the text side, where it loads: its card's calibration)
        clip = resolve_clip(searcher.library, *split_clip_ref(args.clip))
        results, span = searcher.clip_captions(clip, k=args.k, left=False)  # (none of a video no longer here)
    print_captions(results, span, args.json, args.clip)
    return 0


def cmd_captions_import(args) -> int:
    with writer(args, before=lambda root: cli_args.check_caption_file(args.file)) as lib:
        from .service import import_captions, import_summary

        counts = import_captions(lib, cli_models.text_encoder(args, lib), args.file)
    print(import_summary(counts))
    return 0


def cmd_note(args) -> int:
    from .note_removal import span_text, split_span

    spanned = split_span(args.clip) if args.remove else None  # (FILE@START-END: a note's own span)
    path, at = spanned[:2] if spanned else split_clip_ref(args.clip)
    if args.remove:  # (no model: ``core.note_removal``)
        with writer(args, existing=True) as lib:
            from .note_removal import remove_at

            print(remove_at(lib, path, at, args.text, shlex.quote(shown(args.clip)),  # (pasted: that clip)
                            lambda words, time=None: cli_args.removal_line(args, words, time, path),
                            end=spanned[2] if spanned else None))
        return 0
    with writer(args, existing=True) as lib:
        from .search import Searcher
        from .service import add_note

        searcher = Searcher(lib, cli_models.text_encoder(args, lib))
        _, video, m = searcher.clip_vector(resolve_clip(lib, path, at))
        note = add_note(lib, searcher.encoder, video.video_id, args.text, m.start if m else -1.0,
                        m.end if m else -1.0, name=path)
    where = (shlex.quote(f"{shown(path)}@{span_text(m.start, m.end)}") if m  # (as `note --remove` takes it pasted)
             else f"{shlex.quote(shown(path))} (the whole video)")
    print(f"Note added to {where}." if note.added else f"{where} already has that note; nothing was added.")
    if not note.searchable:
        from .search_words import unread_note_text

        print(unread_note_text(args.text), file=sys.stderr)
    return 0


def cmd_repair(args) -> int:
    from .library.repair import repair, set_aside_text
    from .paths import library_file_text

    root = writable_library_dir(args)
    if said := library_file_text(root):  # (`--library notes.txt`: as every other command says it, not "No library at")
        raise SeekframeError(said)
    from .library.lock import refuses_writers
    from .library.meta import is_library

    if is_library(root) and refuses_writers(root):  # (a read-only drive: the lock's refusal said "Nothing is damaged")
        raise SeekframeError(f"The library {shown(str(root))} cannot be written here (a read-only drive or folder), "
                             "so it cannot be repaired here; nothing was changed. Make its folder writable and run "
                             "`seekframe repair` again; or copy it somewhere writable and run `seekframe repair "
                             "--library` on the copy.")
    found = repair(root)  # (before the library is opened: opening reads the tables)
    if forgot := found.pop("forgot", None):  # (its writer's open finished a stopped forget: said as any writer's)
        say_forgot(forgot.get("finished"), forgot.get("resumed", ()), forgot.get("unread"))
    print(set_aside_text(found, shown=shown) if found else "Every table of the library reads through: nothing to repair.")
    return 0


def cmd_status(args) -> int:
    with open_reader(args) as lib:
        return print_library_status(lib, args.json, args.library)


def launch_gui(argv) -> int:
    """Plain ``seekframe`` (with ``--library DIR`` / ``--model M``) starts the desktop app, found
    through the ``seekframe.gui`` entry point (so the engine never imports the Qt layer); the
    app reads those options from ``argv`` itself."""
    from importlib import metadata

    for ep in metadata.entry_points(group="seekframe.gui"):
        try:
            app_main = ep.load()
        except ImportError as exc:
            print(f"seekframe: the desktop app cannot start ({exc}). Install it with "
                  "pip install 'seekframe[gui]', or use the commands: seekframe --help", file=sys.stderr)
            return 2
        return int(app_main(argv) or 0)
    print("No Seekframe desktop app is available in this installation (pip install 'seekframe[gui]' "
          "adds it); the command line:\n")
    build_parser().print_help()
    return 2 if argv else 0


COMMANDS = {"index": cmd_index, "search": cmd_search, "similar": cmd_similar, "captions": cmd_captions,
            "captions-import": cmd_captions_import, "note": cmd_note, "forget": cmd_forget, "repair": cmd_repair,
            "status": cmd_status, "demo": cmd_demo}


def build_parser() -> argparse.ArgumentParser:
    return cli_args.build_parser(COMMANDS, __version__)


_parsers = threading.local()


def _parser() -> argparse.ArgumentParser:
    """This thread's parser, built by its first command (7 ms), not by each one a process runs (the tests: ~3
    a test); a parse leaves nothing on it the next one reads, and writes on it: one a thread."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = build_parser()
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``seekframe`` with ``argv``; returns the exit code (argparse's 2 included)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    quiet_decoder_logs()
    for stream in (sys.stdout, sys.stderr):  # text core.filenames.shown missed never stops a command
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.command is not None:
            cli_args.finish_args(parser, args)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has explained
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:  # plain `seekframe [--library DIR] [--model M]`: the desktop app
        return launch_gui(argv)
    # gc.freeze as the last exit handler (once per process): the interpreter's last collection then
    # skips every object the imports made (LanceDB's, torch's: 0.5-1 s of a 2 s command)
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    logged = start_log(args, argv)
    with dropping_when_gone():  # (a reader gone from a pipe: the command goes on, its output dropped)
        return _run(args, logged)


def start_log(args, argv) -> Path | None:
    """The command's log (``core.log_file``): warnings and errors on stderr in plain form, what it
    did, with the details of a failure, in the log file; with ``-v``, every record on stderr in full.
    Returns the log file's path (None: not writable)."""
    from .log_file import setup_logging

    verbose = getattr(args, "verbose", False)
    path = setup_logging(logging.DEBUG if verbose else logging.WARNING, plain=not verbose,
                         level=logging.DEBUG if verbose else logging.INFO, console_format="%(levelname)s %(name)s: %(message)s")
    # (shown: a name that is no text as its bytes' escapes, so no handler meets a lone surrogate)
    log.info("seekframe %s: seekframe %s", __version__, shown(shlex.join(argv)))
    return path


def _run(args, logged: Path | None) -> int:
    try:
        code = args.func(args)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        log.info("interrupted")
        print(interrupted_text(args.command, args), file=sys.stderr)
        return 130
    except Exception as exc:  # a full disk surfaces as OSError or the storage engine's own error too
        log.info("`seekframe %s` failed", args.command, exc_info=True)  # (its traceback to the log file only)
        where = library_dir(args) if hasattr(args, "library") else "the library"
        run = getattr(args, "index_run", None)
        code = said_failure(exc, where, getattr(run, "switched", False), args.command, run)
        if code is None:
            log.error("an unexpected error in `seekframe %s`, a fault of Seekframe's: please report it with the "
                      "traceback below%s.", args.command, f" or the log, {shown(str(logged))}" if logged else "")
            raise
        return code


if __name__ == "__main__":
    sys.exit(main())
