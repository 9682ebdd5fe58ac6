"""The ``seekframe`` command line: its parser (its help texts: ``core.cli_help``), and the checks of its arguments
that run before anything heavy is imported or a model is loaded (those needing the library once
its writer lock is taken).
"""

from __future__ import annotations

import argparse
import os
import shlex
import stat

from .cli_types import CommandParser, Words, spaced_name, spaced_names
from .cli_values import (clip_arg, count_arg, date_arg, duration_arg, minutes_arg, note_clip_arg,  # (argparse types)
                         window_arg, typed_text)  # (core.cli_args.typed_text, as before)
from .cli_device import device_arg, env_device_error
from .cli_help import COMMAND_EXAMPLES, DESCRIPTION, EXAMPLES  # (core.cli_args.EXAMPLES, as before)
from .cli_pasted import removal_line, swapped_note  # noqa: F401 (core.cli_args.removal_line, as before)
from .clirefs import TIME_HELP
from .errors import SeekframeError

CAPTION_SUFFIXES = (".txt", ".csv", ".json")


# -- the parser ---------------------------------------------------------------------------------
def build_parser(commands: dict, version: str) -> argparse.ArgumentParser:
    """The ``seekframe`` parser; ``commands`` maps each command name to its function."""
    raw = argparse.RawDescriptionHelpFormatter
    p = CommandParser(prog="seekframe", description=DESCRIPTION, epilog=EXAMPLES, formatter_class=raw,
                                usage="seekframe [-h] [--version] [--library DIR|URI] [--model DIR|HUB_ID] [COMMAND ...]")
    p.outer = True  # (a command's "--" advice keeps the options given before the command)
    p.add_argument("--version", action="version", version=f"seekframe {version}")
    p.add_argument("--library", metavar="DIR|URI", dest="gui_library",
                   help="the library to open (also accepted before a COMMAND that takes --library); "
                        "a URI (s3://…, gs://…, az://…, file://…) opens it read-only")
    p.add_argument("--model", metavar="DIR|HUB_ID", dest="gui_model",
                   help="the model to open it with (also accepted before a COMMAND that takes --model)")
    # prog: "seekframe search", not the main parser's whole usage line, in each command's usage and errors
    sub = p.add_subparsers(dest="command", metavar="COMMAND", title="commands", prog="seekframe",
                           parser_class=CommandParser)

    def command(name, help_text):
        sp = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".",
                            epilog=COMMAND_EXAMPLES.get(name), formatter_class=raw)
        sp.set_defaults(func=commands[name])
        sp.add_argument("-v", "--verbose", action="store_true",
                        help="also print on stderr what it logs as it works (its log file keeps it: <data home>/seekframe-app.log)")
        return sp

    def common(sp, model=True):
        sp.add_argument("--library", metavar="DIR|URI",
                        help="library folder (default: $SEEKFRAME_LIBRARY, else <data home>/library), or "
                             "the URI of one on an object store, read-only (s3://…, gs://…, az://…, file://…)")
        if model:
            sp.add_argument("--model", metavar="DIR|HUB_ID",
                            help="model folder or Hugging Face id (default: the library's own model; a new "
                                 "library gets the newest exported student, else the bundled real-footage model)")
            sp.add_argument("--device", type=device_arg, metavar="DEVICE",
                            help="cpu, cuda, cuda:1 or mps (default: $SEEKFRAME_DEVICE, else a CUDA GPU, then "
                                 "Apple's MPS, then the CPU)")

    def results(sp, what="moments"):
        sp.add_argument("-k", type=count_arg, default=10, metavar="N", help=f"how many {what} to list (default 10)")
        sp.add_argument("--json", action="store_true", help="print the results as JSON, for scripts")

    def filters(sp):
        sp.add_argument("--folder", metavar="DIR", help="only videos under this folder")
        sp.add_argument("--min-duration", type=duration_arg, metavar="TIME", help="only videos at least this long (75 or 1:15)")
        sp.add_argument("--max-duration", type=duration_arg, metavar="TIME", help="only videos at most this long")
        sp.add_argument("--after", type=date_arg, metavar="YYYY-MM-DD", help="only files modified on or after this day")
        sp.add_argument("--before", type=date_arg, metavar="YYYY-MM-DD", help="only files modified before this day")

    clip_help = f"a video, or one moment of it: FILE@TIME with TIME in {TIME_HELP}"

    sp = command("index", "index (or update) folders of videos")
    sp.add_argument("paths", nargs="*", metavar="PATH", help="a folder or video file (default: the library's folders)")
    common(sp)
    sp.add_argument("--reindex", action="store_true", help="re-embed with the chosen model: the folders named, or everything, each "
                    "video searched on its earlier moments until re-embedded (one stopped part-way is finished by "
                    "the next plain index, which embeds only the videos still waiting); a model switch re-embeds "
                    "the whole library, captions and notes too, each video searched again once it is done")
    sp.add_argument("--retry-failed", action="store_true", help="try the files that failed before again")
    sp.add_argument("--prune", action="store_true",
                    help="remove videos gone from a folder even when that looks like an unmounted drive "
                         "(an empty folder, another drive, more than half of its videos)")
    sp.add_argument("--wait", type=minutes_arg, default=0.0, metavar="MINUTES",
                    help="if another Seekframe (the app, another index) is writing the library, wait up to "
                         "MINUTES (or a time with units: 90s, 1h30m) for it to finish instead of stopping at once "
                         "(a nightly job)")
    sp.add_argument("--window", type=window_arg, metavar="SECONDS", help="moment length (default 4; kept per library)")
    sp.add_argument("--shot-cuts", action=argparse.BooleanOptionalAction, help="also cut moments at shot changes")
    sp.add_argument("-q", "--quiet", action="store_true",
                    help="print only this run's failures (and those no finished index reported yet) and what "
                         "needs a decision (not a failure an earlier run reported that this one did not try: "
                         "`seekframe status` lists those)")
    sp.add_argument("--ray", nargs="?", const="", metavar="ADDRESS",
                    help="decode and embed on a Ray cluster (auto, HOST:PORT or ray://HOST:PORT; none: start a "
                         "local one); its workers must see the videos at the same paths. Needs seekframe[cluster]")

    sp = command("search", "find the moments that match a description")
    sp.add_argument("query", nargs="+", action=Words, type=typed_text, metavar="WORDS",
                    help='what to look for, in words: "a dog catching a frisbee on the beach" (quotes optional)')
    results(sp)
    sp.add_argument("--videos", action="store_true", help="the best moment of each video, one line per video")
    common(sp)
    filters(sp)

    sp = command("similar", "find clips similar to a video or one of its moments")
    sp.add_argument("clip", metavar="FILE[@TIME]", type=clip_arg, help=clip_help)
    results(sp, "clips")
    one = sp.add_mutually_exclusive_group()  # (--videos as search takes it: what similar lists anyway)
    one.add_argument("--moments", action="store_true", help="list every similar moment, not the best one per video")
    one.add_argument("--videos", action="store_true", help="the best moment of each video, one line per video "
                     "(the default)")
    common(sp)
    filters(sp)

    sp = command("captions", "list the captions and notes that best describe a video or moment")
    sp.add_argument("clip", metavar="FILE[@TIME]", type=clip_arg, help=clip_help)
    results(sp, "captions")
    common(sp)

    sp = command("captions-import", "import captions from a .txt, .csv or .json file")
    sp.add_argument("file", metavar="FILE", help="the caption file (formats below)")
    common(sp)

    sp = command("note", "attach a searchable note to a video or moment, or remove one (--remove)")
    sp.words_optional_with = "--remove"  # (``note FILE@T --remove [WORDS]``)
    sp.add_argument("clip", metavar="FILE[@TIME]", type=note_clip_arg, help=clip_help)
    sp.add_argument("text", nargs="+", action=Words, type=typed_text, metavar="WORDS",
                    help="the note; a search for its words finds the clip (quotes optional); with --remove, "
                         "the note to remove, where the moment has several")
    sp.add_argument("--remove", action="store_true",
                    help="remove the note on that moment (FILE alone: on the whole video) instead; WORDS, "
                         "when it has several, name the one to remove; FILE@START-END, the note written on "
                         "that span (as a refusal offers it)")
    common(sp)

    sp = command("forget", "remove a folder's videos from the library (the files are not touched)")
    sp.add_argument("folder", metavar="FOLDER", help="a folder given to index before")
    sp.add_argument("--all", action="store_true",
                    help="when FOLDER holds several of the library's folders, or took some in, forget them all "
                         "without asking")
    sp.add_argument("--keep-inside", action="store_true",
                    help="when FOLDER took other library folders in (indexed while they were listed), forget "
                         "it but keep those: listed on their own again, their videos kept (not indexed again)")
    common(sp, model=False)

    sp = command("repair", "make a library whose files are damaged usable again (unreadable tables set aside)")
    common(sp, model=False)

    sp = command("status", "show what the library holds: folders, videos, failures, its model")
    sp.add_argument("--json", action="store_true", help="print it as JSON, for scripts")
    common(sp, model=False)

    sp = command("demo", "write a folder of generated demo clips and print the queries to try")
    sp.add_argument("--out", metavar="DIR", help="where to write them (default: <data home>/demo-videos)")
    return p


def finish_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``--library``/``--model`` given before a COMMAND apply to it; checks across arguments.
    Exits with code 2 and a message (the command's ``parser.error``: its usage, its name) on a problem."""
    commands = next((a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {})
    parser = commands.get(args.command, parser)
    for name in ("library", "model"):
        given = getattr(args, f"gui_{name}", None)
        if given is None:
            continue
        if not hasattr(args, name):
            parser.error(f"--{name} does not apply to `seekframe {args.command}`")
        if getattr(args, name) is None:
            setattr(args, name, given)
    if hasattr(args, "device") and args.device is None and (wrong := env_device_error()):  # (--device's default)
        parser.error(wrong)
    for what, value in given_paths(args):
        if value == "":  # (a script's unset variable: never the current folder, nor the default library)
            parser.error(f'{what} is empty (""): name it; nothing was done')
    low, high = getattr(args, "min_duration", None), getattr(args, "max_duration", None)
    if low is not None and high is not None and low > high:
        parser.error(f"--min-duration ({low:g} s) is longer than --max-duration ({high:g} s): nothing could match")
    after, before = getattr(args, "after", None), getattr(args, "before", None)
    if after and before:
        from .filters import parse_date

        if parse_date(after) >= parse_date(before):
            parser.error(f"--after {after} is not before --before {before}: nothing could match")
    if args.command == "note" and not args.text.strip() and not args.remove:
        parser.error("a note needs some text (to remove the note there: seekframe note FILE@TIME --remove)")
    if args.command == "note" and (joined := spaced_name([args.clip, *args.text.split(" ")])):
        alone = [joined, *args.text.split(" ")[len(joined.split(" ")) - 1:]]
        parser.error(f"{args.clip} names no file, but {shlex.quote(joined)} does: a name with spaces goes in quotes: "
                     f"seekframe {_name_quoted([joined], 'note', alone)}")
    if args.command == "note" and (swapped := swapped_note(parser, args.clip, _note_folders(args))):
        parser.error(swapped)
    if args.command == "search" and not args.query.strip():
        parser.error('say what to look for, e.g. seekframe search "a dog catching a frisbee"')


def _name_quoted(names: list[str], command: str, alone: list[str]) -> str:
    """``command``'s line as typed (its --library, -v, --model, --device kept: without them ``note``
    would write into another library, ``index`` index into it), each name with spaces of ``names`` in
    one quoted word; where the line last parsed is not this one, ``command`` and the words ``alone``."""
    words = CommandParser._whole
    for joined in names:
        pieces = joined.split(" ")
        at = next((i for i in range(words.index(command) + 1 if command in words else len(words), len(words))
                   if words[i:i + len(pieces)] == pieces), None)
        if at is None:
            words = [command, *alone]
            break
        words = [*words[:at], joined, *words[at + len(pieces):]]
    return " ".join(shlex.quote(a) for a in words)


def given_paths(args):
    """(how the usage names it, its value) of each path or name a command was given."""
    yield "--library", getattr(args, "library", None) if args.command else getattr(args, "gui_library", None)
    yield "--model", getattr(args, "model", None) if args.command else getattr(args, "gui_model", None)
    yield "FOLDER" if args.command == "forget" else "--folder", getattr(args, "folder", None)
    yield "FILE", getattr(args, "file", None)
    yield "--out", getattr(args, "out", None)
    yield from (("PATH", path) for path in getattr(args, "paths", None) or ())


def program_name() -> str:
    """How to run this command again in printed advice: ``seekframe`` when that is the one on
    PATH, else the full path it was started by (``.venv/bin/seekframe`` in a venv not activated)."""
    import shutil
    import sys

    started = sys.argv[0] if sys.argv else ""
    if os.path.basename(started) != "seekframe" or not os.path.isfile(started):
        return "seekframe"
    on_path = shutil.which("seekframe")
    if on_path and os.path.realpath(on_path) == os.path.realpath(started):
        return "seekframe"
    full = os.path.abspath(started)
    return f'"{full}"' if " " in full else full


def ray_address(args) -> str | None:
    """``index --ray``'s cluster address, or None without ``--ray``. ``--ray PATH`` took a path
    as its address (argparse cannot tell them apart): one with no ':' that is not "auto" is
    given back to the PATHs and a local cluster is started."""
    address = getattr(args, "ray", None)
    if address and ":" not in address and address != "auto":
        args.paths.insert(0, address)
        address = args.ray = ""
    return address


# -- checks against the library (with its writer lock, before a model is loaded) ----------------
def check_rescan(paths, root) -> None:
    """``seekframe index`` with no PATH re-scans the library's folders: with no library at
    ``root`` (nor one being made), SeekframeError before its folder is made, empty."""
    from .library.meta import library_or_made
    from .paths import library_file_text, library_named

    if not paths and not library_or_made(root):
        if said := library_file_text(root):  # (`--library notes.txt/`: as a run with a PATH says it)
            raise SeekframeError(said)
        raise SeekframeError(f"No folders to index, and no library at {library_named(root)} whose folders to "
                             "re-scan: name one, e.g. `seekframe index ~/Videos`.")


def spell_index_paths(args, root) -> None:
    """``seekframe index``'s PATHs spelled, once, before every check of them and the run, as the
    disk names them (``folder_spelling.disk_spelling``: ``café`` typed composed of a folder a Mac
    named decomposed, which the OS says is not there), else as the library names one of its
    folders that is not there now (an unplugged drive: ``folder_spelling.unicode_twin`` over the
    library's folders at ``root``); each such PATH said in one line on stderr (unless ``--quiet``)."""
    if all(os.fspath(p).isascii() for p in args.paths):
        return
    import sys

    from .filenames import shown
    from .folder_spelling import as_the_os_reads, disk_spelling, has_parent_steps, unicode_form, unicode_twin
    from .scan import normalise_root

    folders = None
    for i, path in enumerate(args.paths):
        typed = os.path.expanduser(os.fspath(path))
        if typed.isascii() or os.path.lexists(typed):
            continue
        if (spelled := disk_spelling(typed)) is not None:
            said = f"indexing {shown(spelled)}, its name as the disk spells it, {unicode_form(typed, spelled)}"
        else:
            folders = _library_folders(root) if folders is None else folders
            full = as_the_os_reads(typed) if has_parent_steps(typed) else normalise_root(typed)
            if (spelled := unicode_twin(full, folders) if folders else None) not in folders:
                continue  # (no library folder: said not to exist by the checks)
            said = f"the library's folder {shown(spelled)}, spelled {unicode_form(full, spelled)}: indexing it as such"
        args.paths[i] = spelled
        if not getattr(args, "quiet", False):
            print(f"seekframe: {shown(os.fspath(path))} is not there as typed; {said}.", file=sys.stderr)


def _note_folders(args) -> list[str]:
    """The folders of the library ``note`` writes to (an offline drive's video is still a clip to note)."""
    from .cli_library import library_dir

    try:
        return _library_folders(library_dir(args))
    except Exception:  # (a library that cannot be named: its open says why)
        return []


def _library_folders(root) -> list[str]:
    """The folders of the library at ``root`` (none when there is none, or it cannot be read:
    its open says why)."""
    from .library.meta import is_library, read_meta

    try:
        return [f for f in read_meta(root).settings.folders or [] if isinstance(f, str)] if is_library(root) else []
    except Exception:
        return []


def check_index_paths(paths, folders=()) -> None:
    """Each PATH of ``seekframe index`` is a folder or a video file that exists, or one of the
    library's ``folders`` (missing now: an unmounted drive, kept offline). Raises SeekframeError;
    a link in a loop of links (or a path through one) is said to be one: no mount makes it lead on.
    Each is looked at under the bound of a library folder's looks (``_looked``): one of ``folders``
    that does not answer (a network share that stopped answering) is left to the run, which says it
    offline; a new one is refused, said so, where the look waited for ever."""
    from .folder_spelling import as_the_os_reads, has_parent_steps
    from .scan import VIDEO_EXTENSIONS, is_video_name, normalise_root
    from .scan_links import LOOP, LOOP_REASON, leads_nowhere

    known = {normalise_root(f) for f in folders if isinstance(f, str)}
    for i, path in enumerate(paths):
        full = normalise_root(path)
        there = os.path.expanduser(os.fspath(path)) if has_parent_steps(path) else full  # (a '..' after a link:
        # read by the OS, the parent of where it leads, not the spelling's)
        if there is not full:  # (the library folder it names is the one the OS reads: /lnk/../b is x/b)
            full = as_the_os_reads(path)
        try:
            st = _looked(there, full)
        except TimeoutError:
            if full in known:
                continue  # (the run's scan, at once while this look is stuck: offline, its videos kept)
            raise SeekframeError(_no_answer(path)) from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            continue
        if st is not None:
            if is_video_name(os.path.basename(full)):
                continue
            kinds = ", ".join(sorted(VIDEO_EXTENSIONS))
            raise SeekframeError(f"{path} is neither a folder nor a video file (videos end in {kinds}).")
        if full not in known and leads_nowhere(full) == LOOP:
            raise SeekframeError(f"{path}: {LOOP_REASON}. Give the folder or video it should lead to.")
        if full not in known and (joined := spaced_name([os.fspath(p) for p in paths[i:]])):  # (`index ~/my videos`)
            alone = spaced_names(typed := [os.fspath(p) for p in paths])
            names = [w for w in alone if w not in typed]
            raise SeekframeError(f"{path} does not exist, but {shlex.quote(joined)} does: a name with spaces goes in "
                                 f"quotes: {program_name()} {_name_quoted(names, 'index', alone)}. Nothing was indexed.")
        if full not in known:
            raise SeekframeError(
                f"{path} does not exist. Check the path; a folder already in the library that is "
                "missing (a drive not mounted) is kept offline, but a new one must be there.")


def _looked(there: str, folder: str) -> os.stat_result | None:
    """``os.stat(there)`` as ``os.path.isdir`` and ``exists`` make it (None: nothing there, or not to be
    looked at), made by another thread and waited for as a library folder's look is (``core.bounded_meta``,
    keyed by ``folder``, the PATH as the run names it: the run's scan of it then raises at once while this
    look is stuck; one stuck before, waited for: the folder is named): ``TimeoutError`` where it does not
    answer."""
    from . import bounded_meta

    try:
        return bounded_meta.waited(folder, os.stat, there)
    except TimeoutError:
        raise
    except (OSError, ValueError):
        return None


def _no_answer(path) -> str:
    """What ``seekframe index PATH`` says of a new PATH whose look did not answer."""
    from .bounded_read import bound

    return (f"{path} does not answer (nothing in {bound(None):g} s: a network share that stopped answering?). "
            "Nothing was indexed. Check that its drive or share is connected (open the folder in your file "
            "manager), then run the command again.")


def check_caption_file(path) -> None:
    """The file ``captions-import`` reads exists and has a caption format's suffix."""
    if not os.path.isfile(path):
        what = ("is a folder" if os.path.isdir(path) else "is not a regular file" if os.path.exists(path)
                else "does not exist")
        raise SeekframeError(f"{path} {what}: give a caption file (.txt, .csv or .json).")
    if os.path.splitext(path)[1].lower() not in CAPTION_SUFFIXES:
        raise SeekframeError(f"{path}: captions can be imported from .txt, .csv or .json files.")
