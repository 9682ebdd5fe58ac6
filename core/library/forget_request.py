"""A forget of several folders, whole as asked: core removes one folder at a time (each whole or
not at all: ``VideoLibrary.forget_folder``, whose record ``library.json`` holds one), so the whole
request, the folders not removed yet, is recorded first (``library.json``'s ``forget_request``,
``begin``); each removal's last write drops its folder from it (``VideoLibrary._finish_forget``),
and the last one clears it. Stopped part-way (Ctrl-C, a kill, a full disk), the next writer's open
finishes the removal under way, then removes the rest (``resume``: ``VideoLibrary.forget_resumed``
says which), so the library never keeps part of what the user asked to forget. A library written
before this (no ``forget_request``) reads as before: nothing to resume. One that fails otherwise than
for a full disk (a permission, a table that cannot be read) refuses the writer's open with what it
removed and what is left (``ResumeFailed``), the request kept for a later open. A request that cannot
be read (not a list of folders: a hand edit, another program) never stops an open: its unread part is
kept aside as ``UNREAD`` (``parse``), said once (``unread_text``), nothing of it acted on; one kept
there before moves to ``UNREAD_BEFORE`` (``set_aside``: the last few, never lost to a newer one)."""

from __future__ import annotations

from dataclasses import replace

from core.errors import UNWRITABLE_THEN, LibraryError
from core.filenames import shown
from core.scan import is_under

UNREAD = "forget_request_unread"  # library.json's key (in "extra") of a request, or its entries, that could not be read
UNREAD_BEFORE = "forget_request_unread_before"  # the ones kept there before it, newest first, ``KEPT_BEFORE`` at most
KEPT_BEFORE = 8


def set_aside(extra: dict, unread) -> bool:
    """``unread`` (what could not be read of a request, ``parse``) kept in ``extra`` under ``UNREAD``; one
    kept there before that differs (set aside by an earlier open) moves to ``UNREAD_BEFORE``, newest first,
    the oldest dropped past ``KEPT_BEFORE``: the folders each named stay for a person to forget again,
    without piling up. The same request read again (a reader, a writer refused before it set it aside)
    moves nothing. Returns whether one moved (in ``extra``: on disk only once a writer writes it)."""
    older = extra.get(UNREAD)
    moved = older is not None and older != unread
    if moved:
        before = extra.get(UNREAD_BEFORE)
        before = [b for b in before if b != older] if isinstance(before, list) else []
        extra[UNREAD_BEFORE] = [older, *before][:KEPT_BEFORE]
    extra[UNREAD] = unread
    return moved


CLI_WORDS = {"repair": "`seekframe repair`", "index": "`seekframe index`",
             "again": "the same command again, any `seekframe index`, or the app",
             "then": UNWRITABLE_THEN}


class ResumeFailed(LibraryError):
    """The rest of a stopped request could not be removed at a writer's open (an error other than a
    full disk, raised from it): what this open removed, what is left (recorded still: the next
    writer's open tries again), and why. Nothing is lost: each folder goes whole or not at all.
    ``str()`` says it in the CLI's words; ``said(**words)`` in a front end's own (``CLI_WORDS``'
    keys: how it repairs a damaged library, indexes, opens the library to write again, and what to do
    once a file it refused is made writable)."""

    def __init__(self, library=None, done=(), exc: BaseException | None = None):
        meta = library.conn.meta if library is not None else None
        self._parts = (None if library is None else (
            library.root, [*([library.forget_finished] if library.forget_finished else []), *done],
            [meta.forgetting] if meta.forgetting else [], rest(meta)), exc)
        self.damaged = False
        if exc is not None:
            from core.unreadable import DAMAGED_FILES, unread_kind

            self.damaged = unread_kind(exc) == DAMAGED_FILES  # (a front end offers its repair)
        super().__init__(self.said() if library is not None else "")

    def said(self, **words) -> str:
        """The message, ``words`` (``CLI_WORDS``' keys) the front end's own."""
        parts, exc = self._parts
        return failed_text(*parts, exc, **{**CLI_WORDS, **words}) if parts is not None else str(self)


def begin(library, folders) -> None:
    """Record ``folders`` (normalised, as the library spells them) as one request, before the
    first is removed (one folder: nothing to record, its own removal's record is whole)."""
    folders = [str(f) for f in dict.fromkeys(folders)]
    if len(folders) > 1:
        with library.conn.writing():
            library.conn.write_meta(forget_request=folders)


def end(library) -> None:
    """The request done (each of its folders removed, or no longer in the library): cleared."""
    if library.conn.meta.forget_request:
        with library.conn.writing():
            library.conn.write_meta(forget_request=None)


def rest(meta) -> list[str]:
    """The folders of a stopped request (``meta``: the library's description) that the next writer's
    open removes after the removal under way (``meta.forgetting``, said on its own): those still
    listed, as ``resume`` removes them (``seekframe status``, the window's folders)."""
    listed = set(meta.settings.folders or ())
    return [f for f in meta.forget_request or () if f in listed and f != meta.forgetting]


def kept_again(meta, roots, videos=None) -> list[str]:
    """The folders of a stopped request's rest (``rest``: listed, not the removal under way, whose rows
    may be going already) that an index of ``roots`` (normalised) names again: one of them, or inside
    one, as typed or through a link, as the run spells them (``folder_spelling.library_spellings``, looked
    at only when there is a rest: the library's offline folders never resolved, from ``videos``, its rows
    or a function giving them, else its records). A user who adds a folder again wants it kept and
    indexed: its removal is dropped (``keep_again``)."""
    if not (left := rest(meta)) or not roots:
        return []
    from core.folder_spelling import library_spellings

    roots = [*roots, *library_spellings(list(roots), meta.settings.folders or [], meta, videos)]
    return [f for f in left if any(is_under(f, r) for r in roots)]


def keep_again(library, roots) -> list[str]:
    """On a writer's handle, before the rest is removed (``service.IndexRun``, the window's run before its
    first removals): the folders ``kept_again`` names dropped from the request (their videos kept, as
    listed), said by the caller (``kept_text``). Returns them."""
    rows = library.video_table.all
    if library.read_only or not (kept := kept_again(library.meta, roots, rows)):
        return []  # (``meta``: a snapshot's too, the no-op re-scan's, which has no connection to write with)
    with library.conn.writing():
        if kept := kept_again(library.conn.meta, roots, rows):  # (as this writer sees it now)
            left = [f for f in library.conn.meta.forget_request or () if f not in kept]
            library.conn.write_meta(forget_request=left or None)
    return kept


def keep_again_at(root, roots) -> list[str]:
    """``keep_again`` on the library folder ``root`` before it is opened (`seekframe index PATH`: a
    writer's open removes the rest first), its writer lock held. Nothing when it is no library yet, or
    part of its request cannot be read (the open says that part and sets it aside first). ``roots`` as
    typed are checked first as the command checks them after its open (``cli_args.check_index_paths``:
    a PATH that is not there refuses the command, which then drops no removal)."""
    from core.cli_args import check_index_paths
    from core.library import meta as meta_io
    from core.library.location import Location
    from core.scan import normalise_root

    where = Location(root)
    if not where.is_file(meta_io.META_FILE):
        return []
    meta = meta_io.read_meta(where)
    typed, roots = roots or (), [normalise_root(r) for r in roots or ()]
    if meta.unread_request is not None or not (kept := kept_again(meta, roots)):
        return []
    check_index_paths(typed, meta.settings.folders or [])  # (refused: nothing dropped, nothing said kept)
    left = [f for f in meta.forget_request or () if f not in kept]
    meta_io.write_meta(where, replace(meta, forget_request=left or None))
    return kept


def kept_text(kept) -> str:
    """Said of the folders ``keep_again`` kept: the old removal of them dropped, their videos kept. Said
    before the run that indexes them, so nothing of that run (a model that does not load, a full disk:
    said by the run itself as it fails, the folders kept all the same)."""
    one = len(kept) == 1
    return (f"{', '.join(map(shown, kept))} {'was' if one else 'were'} still to be removed (the rest of a `seekframe "
            f"forget` of several folders that stopped part-way); added again, {'it is' if one else 'they are'} kept, "
            f"with {'its' if one else 'their'} videos, and that removal of {'it' if one else 'them'} is dropped.")


def left_after(request, root: str) -> list | None:
    """``request`` once ``root``'s removal is done (what ``_finish_forget`` writes with it)."""
    left = [f for f in request or () if not is_under(f, root)]
    return left or None


def resume(library, done: list | None = None, at_open: bool = True) -> list[tuple[str, int]]:
    """At a writer's open, after the removal under way is finished: the rest of a stopped request
    removed, each whole or not at all ((folder, videos) each), then the request cleared. Each was a
    library folder as listed when recorded, and every writer's open removes the rest before anything
    writes: one no longer listed so is skipped, whatever is in or above it (the library changed by a
    writer that does not know the request, an older seekframe: a folder the user added since,
    taking its videos in, is never cut). A full disk stops it where it is (the
    open goes on: none of these is begun, nothing half-done; a removal it began and could not end is
    finished first by the next writer, as any stopped removal): the rest stays for the next open.
    Not ``at_open`` (a writer that stays open finishing it before a run: ``finish_pending_forget``),
    any failure, a full disk's too, raises as itself, ``done`` (filled as each goes) saying what went."""
    from core.errors import is_disk_full

    done = [] if done is None else done
    try:
        for folder in list(library.conn.meta.forget_request or ()):
            if folder in (library.conn.meta.settings.folders or ()):
                done.append((folder, library.forget_folder(folder)))
        end(library)
    except Exception as exc:
        if not at_open:
            raise
        if not is_disk_full(exc):
            raise ResumeFailed(library, done, exc) from exc
    return done


def failed_text(where, removed, begun, still, exc: BaseException, repair: str, index: str, again: str,
                then: str) -> str:
    """``ResumeFailed``'s words: what this open removed (``removed``: the removal under way it finished
    first, ``library.forget_finished``, and those after it), what is left (``begun``: the removal begun,
    ``still``: the request's ``rest``), and why (``exc``, as a front end says it: a file refused, a table
    damaged or not read just now, else its own words); ``repair``, ``index``, ``again``, ``then``: the
    front end's words (``CLI_WORDS``)."""
    from core.errors import SeekframeError, unwritable_file_message
    from core.unreadable import damaged_library_message
    from core.forget_words import removed_count  # (the files that could not be read that went too)

    said = ("Removed at this open: " + "; ".join(f"{shown(f)} ({removed_count(n)})" for f, n in removed) + "."
            if removed else "Nothing was removed at this open.")
    left = list(dict.fromkeys([*begun, *still]))
    if left:
        one = len(left) == 1
        said += (f" Still to remove: {', '.join(map(shown, left))} ({'it is' if one else 'they are'} still in the "
                 f"library, the request kept): the next time the library is opened to write ({again}) tries again"
                 + (f", finishing the removal of {shown(begun[0])} first" if begun else "") + ".")
    why = (unwritable_file_message(exc, where, then) or damaged_library_message(exc, where, repair=repair, index=index)
           or (str(exc) if isinstance(exc, SeekframeError) else f"{type(exc).__name__}: {exc}"))
    return (f"The library at {where} was not opened to write: the rest of a `seekframe forget` of several folders "
            f"that stopped part-way could not be removed. {said} Nothing was lost: a folder is removed whole or "
            f"not at all. Why: {why}")


def parse(value) -> tuple[list | None, object]:
    """``library.json``'s ``forget_request`` as read: (the request, its folders; what could not be read
    of it, None when all could: the whole value when it is no list, else its entries that are no
    folder name). What could not be read is never acted on: kept aside (``UNREAD``) and said."""
    if value is None:
        return None, None
    if not isinstance(value, list):
        return None, value
    good = [f for f in value if isinstance(f, str) and f]
    bad = [f for f in value if not (isinstance(f, str) and f)]
    return good or None, bad or None


WRITER_NEXT = "the next command that writes the library"  # (who sets an unread request aside, as a reader says it)


def unread_text(value, named=None, aside: bool = True, older: bool = False, moves: bool = False) -> str:
    """Said of a request that could not be read (``parse``); ``named``: the folders the rest of it
    names (a list with entries that are no folder name beside them), removed as asked; ``aside``:
    said by the writer's open that sets it aside now, else by a reader (`seekframe status`, a window
    opened read-only), before any writer has: what the next writer does with it; ``older``: others
    were kept aside before it (``UNREAD_BEFORE`` as this read has it); ``moves``: this read moved the one
    kept under ``UNREAD`` there (``set_aside``), which a reader says as the writer's to do: it has not
    happened in library.json."""
    import json

    try:
        held = json.dumps(value)[:80]
    except (TypeError, ValueError):
        held = repr(value)[:80]
    record = "library.json's record of a `seekframe forget` of several folders that stopped part-way"
    if named:
        said = (f"Part of {record} could not be read ({held}: no folder names), so that part was not acted on (the "
                "folders it names are removed as asked); it is kept aside" if aside else
                f"Part of {record} could not be read ({held}: no folder names): that part is not acted on (the "
                f"folders it names are removed as asked, by {WRITER_NEXT}, which sets that part aside")
    else:
        said = (f"{record} could not be read ({held}: not a list of folders), so nothing of it was removed; it is kept "
                "aside" if aside else
                f"{record} could not be read ({held}: not a list of folders): nothing of it is acted on, and "
                f"{WRITER_NEXT} sets it aside")
    return (f"{said} in library.json as {UNREAD}{'' if aside or not named else ')'}"
            + _before_text(older, moves and not aside)
            + ". If you had asked to forget several folders, forget those `seekframe status` still lists again")


def _before_text(older: bool, moves: bool) -> str:
    """Where the requests kept aside before it are (``unread_text``), or, said by a reader (``moves``),
    where the writer that sets it aside moves the one kept there now."""
    if moves:
        return (f" (the one kept aside there now moves to {UNREAD_BEFORE} then"
                f"{', with those kept aside before it' if older else ''})")
    return f" (those kept aside before it are in {UNREAD_BEFORE})" if older else ""
