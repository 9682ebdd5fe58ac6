"""The ``seekframe`` command: index folders, search them, find similar clips and captions.

Exit codes: 0 success; 1 ``index`` finished but some files failed (listed with reasons);
2 a usage error or an error the message explains (no model, library locked, …); 3 the disk is
full (the library stays consistent; run the same command again once there is space).
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from .cli_status import model_hint
from .clirefs import parse_time, split_clip_ref  # noqa: F401  (the app and tests use them from here)
from .errors import SeekframeError, disk_full_message, is_disk_full

EXIT_DISK_FULL = 3


def _library_dir(args) -> Path:
    from .paths import default_library_dir

    return Path(args.library).expanduser() if args.library else default_library_dir()


def _load_encoder(args, library_meta_source: str = "", library_dir=None, library_model_id: str = ""):
    from .encoders import Encoder
    from .model_choice import choose_model

    source = choose_model(getattr(args, "model", None), library_meta_source, library_dir, library_model_id)
    print(f"Loading model {source} …", file=sys.stderr)
    return Encoder.load(source, device=getattr(args, "device", None))


def _open_reader(args):
    from .library import VideoLibrary
    from .library.meta import is_library

    root = _library_dir(args)
    if not is_library(root):
        raise SeekframeError(f"No library at {root}. Index some videos first: seekframe index FOLDER")
    return VideoLibrary(root, read_only=True)


@contextmanager
def _writer(args, repair: bool = False):
    """The library open for writing. Its lock is taken before LanceDB, torch or a model are
    imported or loaded, so a second writer is refused at once. ``repair``: see VideoLibrary."""
    from .library.lock import lock_library

    root = _library_dir(args)
    lock = lock_library(root)
    try:
        from .library import VideoLibrary
    except BaseException:
        lock.release()
        raise
    with VideoLibrary(root, lock=lock, repair=repair) as lib:
        yield lib


@contextmanager
def _searcher(args):
    """The library, read-only, with a Searcher on its model (or --model)."""
    from .search import Searcher

    with _open_reader(args) as lib:
        yield Searcher(lib, _load_encoder(args, lib.meta.model_source, lib.root, lib.meta.model_id))


def _print_json(rows) -> None:
    json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _fmt_time(t: float) -> str:
    t = max(0.0, t)
    m, s = divmod(t, 60)
    h, m = divmod(int(m), 60)
    return f"{h}:{m:02d}:{s:04.1f}" if h else f"{m}:{s:04.1f}"


NO_STRONG_MATCH = "No strong match for this query; the closest moments:"
_MARKS = {"weak": "  (weak match)", "none": "  (poor match)"}


def _print_hits(results, as_json: bool) -> None:
    from .search import no_strong_match

    if as_json:
        _print_json([r.to_json() for r in results])
        return
    if not results:
        print("No results.")
    elif no_strong_match(results):
        print(NO_STRONG_MATCH)
    for i, r in enumerate(results, 1):
        off = "  (offline)" if r.offline else ""
        mark = _MARKS.get(getattr(r, "strength", ""), "")
        print(f"{i:>3}. {r.score:6.3f}  {_fmt_time(r.start)}–{_fmt_time(r.end)}  {r.path}{off}{mark}")


def _filters(args):
    from .search import Filters, parse_date

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
    with _writer(args, repair=args.reindex) as lib:
        from .indexer import IndexOptions, MomentIndexer
        from .progress import print_index_run

        from .captions import finish_model_switch, switch_model

        switch = lib.model_switch  # an interrupted --reindex: its model, and finish it first
        encoder = _load_encoder(args, (switch or {}).get("model_source") or lib.meta.model_source, lib.root,
                                (switch or {}).get("model_id") or lib.meta.model_id)
        if args.reindex and (lib.meta.model_id or switch or lib.repairing):
            switch_model(lib, encoder)
        else:
            finish_model_switch(lib, encoder)
        saved = lib.settings
        window = args.window if args.window is not None else float(saved.get("window_s", 4.0))
        shots = args.shot_cuts if args.shot_cuts is not None else bool(saved.get("shot_cuts", False))
        if not window > 0:
            raise SeekframeError("--window must be a positive number of seconds.")
        options = IndexOptions(window_s=window, shot_cuts=shots, reindex_failed=args.retry_failed,
                               prune=args.prune)
        indexer = MomentIndexer(lib, encoder, options)
        failed = print_index_run(indexer, args.paths, quiet=args.quiet)
        lib.optimize()
    return 1 if failed else 0


def cmd_search(args) -> int:
    with _searcher(args) as searcher:
        results = searcher.text(args.query, k=args.k, filters=_filters(args), per_video=args.videos)
        hint = model_hint(searcher.library, getattr(searcher.encoder, "card", None), args.library)
    if hint and not args.json:
        print(hint, file=sys.stderr)
    _print_hits(results, args.json)
    return 0


def cmd_similar(args) -> int:
    path, at = split_clip_ref(args.clip)
    with _searcher(args) as searcher:
        results = searcher.similar_clips(path, at, k=args.k, filters=_filters(args), per_video=not args.moments)
    _print_hits(results, args.json)
    return 0


def cmd_captions(args) -> int:
    path, at = split_clip_ref(args.clip)
    with _searcher(args) as searcher:
        results = searcher.similar_captions(path, at, k=args.k)
    if args.json:
        _print_json([{k: v for k, v in r.to_json().items() if k in ("text", "score", "source", "path", "start", "end")} for r in results])
        return 0
    if not results:
        print("No captions in the library yet. Import some: seekframe captions-import FILE")
    for i, r in enumerate(results, 1):
        print(f"{i:>3}. {r.score:6.3f}  [{r.source}]  {r.text}")
    return 0


def cmd_captions_import(args) -> int:
    with _writer(args) as lib:
        from .captions import import_captions

        encoder = _load_encoder(args, lib.meta.model_source, lib.root, lib.meta.model_id)
        lib.bind_model(encoder.model_id, encoder.source, encoder.embed_dim)
        counts = import_captions(lib, encoder, args.file)
    print(f"Imported {counts['imported']} captions ({counts['linked_to_videos']} linked to videos"
          + (f", {counts['unknown_videos']} naming videos not in the library" if counts["unknown_videos"] else "")
          + (f"; {counts['already_present']} were already in the library" if counts["already_present"] else "") + ").")
    return 0


def cmd_note(args) -> int:
    path, at = split_clip_ref(args.clip)
    with _writer(args) as lib:
        from .captions import add_note
        from .search import Searcher

        searcher = Searcher(lib, _load_encoder(args, lib.meta.model_source, lib.root, lib.meta.model_id))
        _, video, moment_id = searcher.clip_vector(path, at)
        start = end = -1.0
        if moment_id:
            m = lib.moment(moment_id)
            start, end = m.start, m.end
        add_note(lib, searcher.encoder, video, args.text, start, end)
    print("Note added.")
    return 0


def cmd_forget(args) -> int:
    with _writer(args) as lib:
        from .sync import forget_folder

        n = forget_folder(lib, args.folder)
    print(f"Removed {n} videos under {args.folder} from the library (the files are untouched).")
    return 0


def cmd_status(args) -> int:
    from .cli_status import print_library_status

    with _open_reader(args) as lib:
        return print_library_status(lib, args.json, args.library)


def cmd_demo(args) -> int:
    from .demo import DEMO_QUERIES, write_demo
    from .paths import demo_library_dir

    folder = write_demo(args.out)
    files = sorted({q.file for q in DEMO_QUERIES})
    print(f"Wrote {len(files)} demo clips to {folder} (the queries are in {folder / 'QUERIES.md'}).")
    print("Queries to try, and what each should find:")
    for q in DEMO_QUERIES:
        print(f'  "{q.query}"  → {q.file} at {_fmt_time(q.start)}–{_fmt_time(q.end)}')
    library = demo_library_dir()
    print("The demo clips get a library of their own, indexed with the demo model (it knows only")
    print("this generated world; your own videos go in your library, with the real-footage model):")
    print(f'  seekframe index --library "{library}" "{folder}"')
    print(f'  seekframe search --library "{library}" "{DEMO_QUERIES[0].query}" -k 3')
    return 0


def launch_gui(argv) -> int:
    """Plain ``seekframe`` starts the desktop app, found through the ``seekframe.gui`` entry point
    (so the engine never imports the Qt layer)."""
    for ep in metadata.entry_points(group="seekframe.gui"):
        return int(ep.load()(argv) or 0)
    print("No Seekframe desktop app is available in this installation; the command line:\n")
    build_parser().print_help()
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="seekframe", description="Search your own videos by meaning.")
    p.add_argument("--version", action="version", version=f"seekframe {__import__('core').__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def common(sp, model=True):
        sp.add_argument("--library", metavar="DIR", help="library folder (default: $SEEKFRAME_LIBRARY or the user data folder)")
        if model:
            sp.add_argument("--model", metavar="DIR|HUB_ID", help="model folder or Hugging Face id")
            sp.add_argument("--device", help="cpu, cuda, cuda:1 or mps (default: best available)")

    def filters(sp):
        sp.add_argument("--folder", help="only videos under this folder")
        sp.add_argument("--min-duration", type=float, metavar="S")
        sp.add_argument("--max-duration", type=float, metavar="S")
        sp.add_argument("--after", metavar="YYYY-MM-DD", help="files modified on or after")
        sp.add_argument("--before", metavar="YYYY-MM-DD", help="files modified before")

    sp = sub.add_parser("index", help="index (or update) folders of videos; no PATH: the library's folders")
    sp.add_argument("paths", nargs="*", metavar="PATH")
    common(sp)
    sp.add_argument("--reindex", action="store_true", help="re-embed everything with the chosen model")
    sp.add_argument("--retry-failed", action="store_true", help="try files that failed before again")
    sp.add_argument("--prune", action="store_true",
                    help="remove videos gone from a folder even when that looks like an unmounted drive "
                         "(an empty folder, another drive, more than half of its videos)")
    sp.add_argument("--window", type=float, metavar="S", help="moment length in seconds (default 4; kept per library)")
    sp.add_argument("--shot-cuts", action=argparse.BooleanOptionalAction, help="also cut moments at shot boundaries")
    sp.add_argument("-q", "--quiet", action="store_true")
    sp.set_defaults(func=cmd_index)

    sp = sub.add_parser("search", help="find moments matching a description")
    sp.add_argument("query")
    sp.add_argument("-k", type=int, default=10)
    sp.add_argument("--videos", action="store_true", help="best moment per video")
    sp.add_argument("--json", action="store_true")
    common(sp)
    filters(sp)
    sp.set_defaults(func=cmd_search)

    sp = sub.add_parser("similar", help="clips similar to FILE or FILE@SECONDS")
    sp.add_argument("clip", metavar="FILE[@SECONDS]")
    sp.add_argument("-k", type=int, default=10)
    sp.add_argument("--moments", action="store_true", help="list every similar moment, not one per video")
    sp.add_argument("--json", action="store_true")
    common(sp)
    filters(sp)
    sp.set_defaults(func=cmd_similar)

    sp = sub.add_parser("captions", help="captions that describe FILE or FILE@SECONDS")
    sp.add_argument("clip", metavar="FILE[@SECONDS]")
    sp.add_argument("-k", type=int, default=10)
    sp.add_argument("--json", action="store_true")
    common(sp)
    sp.set_defaults(func=cmd_captions)

    sp = sub.add_parser("captions-import", help="import captions from a .txt, .csv or .json file")
    sp.add_argument("file")
    common(sp)
    sp.set_defaults(func=cmd_captions_import)

    sp = sub.add_parser("note", help="attach a searchable note to FILE or FILE@SECONDS")
    sp.add_argument("clip", metavar="FILE[@SECONDS]")
    sp.add_argument("text")
    common(sp)
    sp.set_defaults(func=cmd_note)

    sp = sub.add_parser("forget", help="remove a folder from the library (files are not touched)")
    sp.add_argument("folder")
    common(sp, model=False)
    sp.set_defaults(func=cmd_forget)

    sp = sub.add_parser("status", help="what the library holds")
    sp.add_argument("--json", action="store_true")
    common(sp, model=False)
    sp.set_defaults(func=cmd_status)

    sp = sub.add_parser("demo", help="write a folder of generated demo clips and the queries to try")
    sp.add_argument("--out", metavar="DIR", help="where to write them (default: <data home>/demo-videos)")
    sp.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        return launch_gui(argv)
    args = build_parser().parse_args(argv)
    if not getattr(args, "func", None):
        build_parser().print_help()
        return 2
    try:
        return args.func(args)
    except SeekframeError as exc:
        if is_disk_full(exc):
            return _disk_full(args)
        print(f"seekframe: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("seekframe: interrupted; the library is consistent, run the same command to finish.", file=sys.stderr)
        return 130
    except Exception as exc:  # a full disk surfaces as OSError or as the storage engine's own error
        if is_disk_full(exc):
            return _disk_full(args)
        raise


def _disk_full(args) -> int:
    where = _library_dir(args) if hasattr(args, "library") else "the library"
    print(f"seekframe: {disk_full_message(where)}", file=sys.stderr)
    return EXIT_DISK_FULL


if __name__ == "__main__":
    sys.exit(main())
