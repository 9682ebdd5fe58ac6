"""``seekframe forget FOLDER``: remove a folder (or a file) and its videos from the library.

While another folder's removal, stopped by a full disk, waits (``library.json``'s ``forgetting``),
the writer's open tries to finish it first, and fails again while the disk is full: so the path
is checked against the library read-only before the writer opens (a typo is told it is no
library folder, exit 2), and a real folder whose removal the full disk keeps waiting is told which
removal waits (the disk-full exit code). A path that is another spelling of a library folder (a
link to it, or it reached through a linked parent) removes that folder, named as the library lists
it, as ``seekframe index`` maps such a path (``forgetting.listed_spelling``).

A path above several library folders (``seekframe forget ~``) would remove them all: it is refused,
saying which folders and how many videos (exit 2, nothing removed), unless ``--all`` is given or
the user answers yes when asked in a terminal. So is a library folder that took others in (a
mistaken ``seekframe index ~`` with ~/Videos listed, then ``seekframe forget ~``): it would remove
their videos too; ``--keep-inside`` forgets it but keeps those it took in, listed on their own
again with their videos (``forgetting.kept_folders``). The question is asked before the writer
lock is taken (the app may write meanwhile), and the folders are checked again under it."""

from __future__ import annotations

import sys

from .cli_forget_several import _forget_several, _refused_keep_inside, _remove_each, _several_summary, resumed
from .errors import is_disk_full
from .filenames import shown
from .forget_words import names_a_video


def says_finished(done: str, forgetting: str | tuple | None) -> bool:
    """Whether the forget of ``forgetting`` (a folder; a tuple: ``_forget_several``'s folders) says
    itself the stopped removal of ``done`` its writer's open finished (``cli_library.writer`` says the
    others): one of them, or in one, or (one folder) above it. A removal said once, under the
    folder removed: not also under the path typed, as another removal."""
    from .scan import is_under

    if isinstance(forgetting, tuple):
        return any(is_under(done, f) for f in forgetting)
    return bool(forgetting) and (is_under(done, forgetting) or is_under(forgetting, done))


def _check_while_a_removal_waits(root, folder: str) -> str | None:
    """Before the writer opens (its lock held): the removal that waits (None when none, or when
    ``folder`` is in it: the same removal asked again); ``NotInLibrary`` when ``folder`` is no
    library folder, nor in one, nor holds one."""
    from .library.meta import read_meta

    try:
        pending = read_meta(root).forgetting
    except Exception:  # no library.json (rebuilt by the open), or unreadable: the open says it
        return None
    if not pending or read_meta(root).forgets(folder):
        return None
    from .library import VideoLibrary
    from .service import in_library, not_in_library

    with VideoLibrary(root, read_only=True) as library:  # (the writer's open would try the removal first)
        if not in_library(library, folder):
            raise not_in_library(library, folder)
    return pending


def _keeping(args, lib_or_meta, root: str) -> list[str]:
    """The folders this forget keeps (``--keep-inside``: ``forgetting.kept_folders``), [] without it."""
    from .forgetting import kept_folders

    meta = getattr(lib_or_meta, "meta", lib_or_meta)
    return kept_folders(meta, root) if getattr(args, "keep_inside", False) else []


def _reach_read_only(args, root: str) -> list[tuple[str, int]] | None:
    """``wide_reach`` read before the writer opens; None when the library cannot be read so (the
    writer's open says why, and the check is made under it)."""
    from .cli_library import writable_library_dir
    from .forgetting import wide_folders
    from .library.meta import is_library, read_meta

    where = writable_library_dir(args)
    if not is_library(where):
        return None
    try:
        if not wide_folders(meta := read_meta(where), root):  # (most forgets: no table opened, no LanceDB)
            return []
        from .library import VideoLibrary
        from .service import wide_reach

        with VideoLibrary(where, read_only=True) as library:
            return wide_reach(library, root, _keeping(args, meta, root))
    except Exception:  # (damaged, another model, a removal waiting: the writer's open says it)
        return None


def _agreed(args, root: str, reach: list[tuple[str, int]]) -> bool:
    """Whether removing every folder of ``reach`` may go ahead: ``--all``, or a yes typed in a
    terminal; otherwise it is said what would go and how to ask for it (nothing removed)."""
    from .cli_args import program_name
    from .scan import is_under
    from .service import wide_text

    if not reach or getattr(args, "all", False):
        return True
    print(f"seekframe: {wide_text(root, reach)}", file=sys.stderr)
    took = all(is_under(f, reach[0][0]) for f, _ in reach[1:])  # (a folder and those it took in)
    keep = (f"to keep the folder{'s' if len(reach) > 2 else ''} it took in (listed on {'their' if len(reach) > 2 else 'its'}"
            f" own again, {'their' if len(reach) > 2 else 'its'} videos kept): {program_name()} forget {shown(root)} "
            "--keep-inside") if took else ""
    if sys.stdin is not None and sys.stdin.isatty():
        if keep:
            print(f"seekframe: {keep[0].upper()}{keep[1:]}.", file=sys.stderr)
        sys.stderr.write(f"Forget {shown(reach[0][0])} and {'the folders' if len(reach) > 2 else 'the folder'} it "
                         "took in? [y/N] " if took else f"Forget all {len(reach)} folders? [y/N] ")
        sys.stderr.flush()
        try:
            answer = sys.stdin.readline()
        except (EOFError, OSError):
            answer = ""
        except KeyboardInterrupt:  # (Ctrl-C at the question: a no, said as one, not as a run cut short)
            sys.stderr.write("\n")
            answer = ""
        if answer.strip().lower() in ("y", "yes"):
            return True
        print("seekframe: nothing was forgotten.", file=sys.stderr)
        return False
    print(f"seekframe: nothing was forgotten. To forget {'it' if took else 'them'} all: {program_name()} forget "
          f"{shown(root)} --all" + (f"; {keep}." if took else "; to forget one, name that folder."), file=sys.stderr)
    return False


def _listed_root(args, typed) -> tuple[str, list[str]]:
    """The path ``typed`` spelled as the library knows it (``forgetting.listed_spelling``: ``/lnk`` a
    link to the library folder ``/h`` is ``/h``), read before the writer opens; normalised as
    given when the library cannot be read so (the writer's open says why, and ``forget_root`` maps
    it under it). A ``..`` in it is read as the OS reads it (``folder_spelling.as_the_os_reads``:
    ``/lnk/../b`` the parent of where ``/lnk`` leads). The library's rows are read (read-only) only
    when the path matches nothing as spelled, or holds a ``..``: they say which library folders
    are offline, never resolved (besides those ``library.json`` records). With it, the library
    folders the path holds through different links, which no one path spells
    (``forgetting.held_through_links``: ``_forget_several``), [] otherwise."""
    import functools

    from .cli_library import writable_library_dir
    from .file_as_folder import names_a_folder, refuse_file_as_folder
    from .folder_spelling import as_the_os_reads, has_parent_steps, typed_folders
    from .library.meta import is_library, read_meta
    from .scan import normalise_root
    from .forgetting import listed_and_held
    from .typed_looks import NotAnswering

    where, root = writable_library_dir(args), normalise_root(typed)

    @functools.cache
    def rows():
        from .library import VideoLibrary

        try:
            with VideoLibrary(where, read_only=True) as library:
                return library.video_table.all()
        except Exception:  # (a removal waiting, damaged: the records of library.json alone)
            return None

    if names_a_folder(typed):  # (`clip.mp4/`, which normalised names the video: refused as the OS does,
        try:  # the library's offline folders never looked at)
            known = (read_meta(where), rows) if is_library(where) else None
        except Exception:
            known = None
        refuse_file_as_folder([typed], "Nothing was forgotten.", known)
    try:
        if not is_library(where):
            return (as_the_os_reads(typed) if has_parent_steps(typed) else root), []
        meta = read_meta(where)
        root = typed_folders([typed], meta.settings.folders or [], meta, rows)[0]  # (a '..': offline ones unresolved)
        return listed_and_held(meta, root, rows)
    except NotAnswering:  # (a path whose look did not answer: said so, the writer never opened)
        raise
    except Exception:  # (damaged, a newer format: the writer's open says it)
        return root, []


def cmd_forget(args) -> int:
    from .cli_failures import EXIT_DISK_FULL
    from .cli_library import writer
    from .scan import is_under, normalise_root

    root, several = _listed_root(args, args.folder)  # (through a link: the library folder it is)
    if several:  # (above library folders spelled through different links)
        return _forget_several(args, root, several)
    asked = _reach_read_only(args, root)
    if asked and not _agreed(args, root, asked):
        return 2
    waits: list[str | None] = [None]

    def before(where) -> bool:
        waits[0] = _check_while_a_removal_waits(where, root)
        return False

    opened, asked_root, several, rest = False, root, [], []
    try:
        with writer(args, existing=True, forgetting=root, before=before) as lib:
            opened = True
            from .service import (FinishedRemoval, forget_folder, forget_root, forget_summary, held_through_links,
                                  kept_text, wide_reach)

            # (folders spelled through links, again under the lock: the check before it could not read the
            # library, its description lost and rebuilt by the open, or one was added meanwhile)
            if several := held_through_links(lib.meta, root, lib.video_table.all):
                if _refused_keep_inside(args, root, several):
                    return 2
                done = lib.forget_finished  # (one the writer's open left unsaid: in or above ``root``)
                done = done if done and says_finished(done[0], root) else None
                if done and not says_finished(done[0], tuple(several)):  # (neither the writer nor the summary says it)
                    print(forget_summary(FinishedRemoval(done[1]), done[0]))
                    done = None
                removed = _remove_each(args, lib, root, several, [f for f, _ in asked or []], done,
                                       resumed(lib, tuple(several)))
                if removed is None:
                    return 2
            else:
                root = forget_root(lib, root)  # (the same again: its folders read under the lock)
                kept = _keeping(args, lib, root)
                if (done := lib.forget_finished) and done[0] == root:  # (its open finished this forget, stopped
                    kept = [f for f in lib.meta.settings.folders or [] if is_under(f, root)]  # before: those it kept)
                reach = [] if done and done[0] == root else wide_reach(lib, root, kept)  # (again under the lock)
                if asked is None or {f for f, _ in reach} - {f for f, _ in asked}:
                    if not _agreed(args, root, reach):
                        return 2
                n = forget_folder(lib, root, keep_inside=getattr(args, "keep_inside", False), opened_for_it=True)
                rest = resumed(lib, root)  # (removed by the open: the rest of a stopped forget of several)
                kept = [k for k in kept if k in (lib.meta.settings.folders or [])]
                kept_said = kept_text(lib, kept) if kept else ""
                still = [f for f in lib.meta.settings.folders or [] if is_under(root, f) and f not in kept]
    except Exception as exc:
        if opened or waits[0] is None or not is_disk_full(exc):
            return _disk_full(args, exc)
        from .service import removal_waits  # the open's finishing of the waiting removal was refused

        said = removal_waits(root, waits[0], again="run the same command again")
        print(f"seekframe: {said}", file=sys.stderr)
        return EXIT_DISK_FULL
    if several:
        print(_several_summary(args.folder, done, removed))
        return 0
    said = args.folder if root == normalise_root(args.folder) else root  # (the library folder's own name)
    if still and not (n or getattr(n, "unread", 0) or done or rest) and _not_there(root):
        print(f"seekframe: {shown(said)} does not exist, and the library has nothing there: check the path "
              "(a typo?). Nothing was forgotten.", file=sys.stderr)  # (it said 'Removed 0 videos', exit 0)
        return 2
    other = done if done and done[0] != root and says_finished(done[0], asked_root) else None  # (in or above it)
    if other and isinstance(n, FinishedRemoval):  # (that removal was all: said once, under its own folder)
        n, said, other = FinishedRemoval(other[1]), other[0], None
    if rest and isinstance(n, FinishedRemoval) and not other:  # (that was all: said under its own folder)
        said = ", ".join(f for f, _ in rest)
    if other and not is_under(other[0], root):  # (one above it, which kept it: a removal of its own)
        print(forget_summary(FinishedRemoval(other[1]), other[0]))
    print(_several_summary(said, other, [(root, n)]) if other and is_under(other[0], root) else forget_summary(n, said))
    if kept_said:
        print(kept_said)
    if still:  # a subfolder of a library folder: the next run of that folder finds its videos again
        they, them = (("It is", "it") if n == 1 else ("They are", "them") if n
                      else (f"{shown(said)} is", "it" if names_a_video(n, said) else "any video in it"))
        print(f"{they} still in the library folder {shown(still[0])}: the next `seekframe index` finds {them} again "
              f"(move {'them' if n > 1 else 'it'} out of it, or forget that folder).")
    return 0


def _not_there(path: str) -> bool:
    """Whether nothing is at ``path`` (a look that does not answer, a share gone quiet: taken as there)."""
    import os

    from .clirefs import look_typed

    return not look_typed(path, os.path.lexists, path, otherwise=True)


def _disk_full(args, exc: Exception) -> int:
    """A forget stopped by a full disk: said in a forget's words (``disk_full_message(removing=True)``,
    not an index run's 'every video indexed before this is in it'); any other error raised on."""
    from .cli_failures import EXIT_DISK_FULL
    from .cli_library import library_dir
    from .errors import disk_full_message

    if not is_disk_full(exc):
        raise exc
    print(f"seekframe: {disk_full_message(library_dir(args), removing=True)}", file=sys.stderr)
    return EXIT_DISK_FULL


def _read_only(args, ask):
    """``ask(library)`` on the library opened read-only; None when it cannot be read so."""
    from .cli_library import writable_library_dir
    from .library import VideoLibrary

    try:
        with VideoLibrary(writable_library_dir(args), read_only=True) as library:
            return ask(library)
    except Exception:  # (damaged, a removal waiting: the writer's open says it)
        return None
