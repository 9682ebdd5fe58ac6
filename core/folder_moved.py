"""A library folder missing now whose videos a run found moved (renamed as a whole, ``mv ~/Videos
~/Movies``: ``core.sync_missing``): the record the run leaves of it (library setting ``moved_folders``:
{folder: the folder its videos were found in}), so that ``seekframe status`` (and ``--json``) and the
window's library panel say it as moved, not as a drive unplugged whose videos are kept, and the words
they say it with (``status_text``; a run's, as it finds them moved: ``run_text``; or, the folder's drive not
recorded, as copies: ``unrecorded_text``): one source, each naming its own way to remove the folder."""

from __future__ import annotations

import os
from collections import Counter

from .filenames import shell_word, shown
from .plural import count
from .scan import is_under

CLI = "cli"  # `seekframe forget FOLDER`
WINDOW = "window"  # the library panel's Remove


def moved_base(path: str, folder: str, found: str) -> str | None:
    """The folder ``B`` a file ``found`` at ``B/rel`` lies in, where ``path`` lay at ``folder/rel`` (its
    own place there): where ``folder`` went, were it renamed or moved as a whole with that file in it. None
    where ``path`` is not in ``folder`` (or is it) or ``found`` is not at its place. The rename rule's
    (``sync_missing.renamed_to``) and the record's of where the folder went (``record``)."""
    if path == folder or not is_under(path, folder):
        return None
    rel = os.path.relpath(path, folder)  # (a name may begin with "..": "..intro.mp4" is in the folder)
    return (found[: -len(rel) - 1] or os.sep) if found.endswith(os.sep + rel) else None


def record(recorded: dict | None, moved, moved_from: dict, roots, offline_roots, folders) -> dict | None:
    """``moved_folders`` once a run applied its plan: ``recorded`` (the setting as it was) with each
    folder of ``moved_from`` (a missing library folder whose videos the run found moved) naming the
    folder most of them went to (``moved``: the plan's (video, found) pairs), less a folder the run found
    there again (in ``roots``, not in ``offline_roots``) or no longer in the library's ``folders``.
    None when none is left (the setting stays out of library.json)."""
    out = still_away(recorded, roots, offline_roots, folders, lambda to: isinstance(to, str))
    for root in moved_from:
        if root in (folders or ()) and (to := moved_to(moved, root)) is not None:
            out[root] = to
    return repointed(out) or None


def repointed(moved: dict) -> dict:
    """``moved`` (``moved_folders``: {missing folder: where its videos were found moved}) with each folder
    naming where a chain of renames recorded ends (``followed``): ``mv Videos Movies``, a run, ``mv Movies
    Films``, a run records {Videos: Films, Movies: Films}, so that the record of Videos still says where its
    videos are once Movies is forgotten (``LibrarySettings.without``) or there again, empty."""
    named = {f: to for f, to in moved.items() if isinstance(to, str)}  # (one edited by hand: as it is)
    return {f: followed(to, named) if isinstance(to, str) else to for f, to in moved.items()}


def copied(recorded: dict | None, unrecorded: dict, roots, offline_roots, folders, moved=None) -> dict | None:
    """``copied_folders`` once a run applied its plan: ``recorded`` (the setting as it was) with each folder
    of ``unrecorded`` (a missing library folder with no drive recorded whose videos the run found in a folder
    at their places, as a rename leaves them, and took as copies: {folder: (where, how many)}, the plan's,
    ``core.sync_missing.unrecorded_to``) as ``[where, how many]``, so that `seekframe status` says why as the
    run did (``unrecorded_text``); less a folder found there again, or no longer in the library (as ``record``);
    where the copies were found renamed on since (``moved``: ``moved_folders`` as ``record`` left it), where they
    went."""
    out = copies_listed(still_away(recorded, roots, offline_roots, folders, copy_fits), folders)
    out.update({f: [to, n] for f, (to, n) in unrecorded.items() if f in (folders or ())})
    return {f: [followed(to, moved or {}), n] for f, (to, n) in out.items()} or None


def copy_fits(value) -> bool:
    """Whether ``value`` is a ``copied_folders`` value: [where, how many]."""
    return (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
            and isinstance(value[1], int) and not isinstance(value[1], bool) and value[1] > 0)


def records(settings) -> tuple[dict, dict]:
    """The library ``settings``' ``moved_folders`` and ``copied_folders`` as status reads them: an entry that
    does not fit (library.json edited by hand, a later release's shape) left out, as a run leaves it out."""
    moved = {f: to for f, to in (settings.moved_folders or {}).items() if isinstance(to, str)}
    return moved, copies_listed({f: v for f, v in (settings.copied_folders or {}).items() if copy_fits(v)},
                                settings.folders)


def copies_listed(copied: dict, folders) -> dict:
    """Of ``copied_folders`` entries (that fit), those whose copies lie in a library folder still: where their
    folder was forgotten since (``LibrarySettings.without``; a record an earlier version left), they are no longer
    the library's and nothing is said of them (the missing folder is said offline, kept, as any)."""
    return {f: v for f, v in copied.items() if any(is_under(v[0], g) for g in folders or ())}


def still_away(recorded: dict | None, roots, offline_roots, folders, fits) -> dict:
    """Of a run's record of folders missing (``recorded``: {folder: what was found of them}), those still in
    the library's ``folders`` that the run did not find there again (in ``roots``, not in ``offline_roots``),
    their values ``fits`` (a library.json edited by hand, an older release's: left out)."""
    return {f: v for f, v in (recorded or {}).items() if isinstance(f, str) and fits(v)
            and f in (folders or ()) and not (f in roots and f not in offline_roots)}


def moved_to(moved, folder: str) -> str | None:
    """The folder most of ``folder``'s videos found moved went to (``moved``: a plan's (video, found)
    pairs; ``moved_base``): what the record keeps (``record``) and the run says (``run_text``). None
    where none lies at its place there."""
    bases = Counter(base for src, found in moved if (base := moved_base(src.path, folder, found.path)) is not None)
    return bases.most_common(1)[0][0] if bases else None


def followed(to: str, moved: dict) -> str:
    """Where a chain of renames recorded ends: ``to``, the folder a missing folder's videos were found moved to,
    itself missing and found moved on (``moved``: {missing folder: where its videos went}, as said now: ``mv
    Videos Movies``, a run, ``mv Movies Films``, a run: Videos' videos are in Films), or lying in one that was
    (``mv Videos Archive/Videos``, a run, ``mv Archive Old``, a run: they are in Old/Videos; the deepest such
    folder's record), as far as it goes, each record followed once (a loop of renames ends)."""
    return _steps(to, moved)[-1]


def _steps(to: str, moved: dict) -> list[str]:
    """``to``, then each folder ``followed`` goes through, the last where the chain ends."""
    used, out = set(), [to]
    while (k := max((f for f in moved if f not in used and isinstance(f, str) and is_under(to, f)), key=len,
                    default=None)) is not None:
        used.add(k)
        rel = os.path.relpath(to, k)
        to = moved[k] if rel == os.curdir else os.path.join(moved[k], rel)
        out.append(to)
    return out


def where_now(to: str, moved: dict, paths) -> str:
    """Where a missing folder's videos found moved ``to`` are now: the record ``moved`` followed to its end
    (``followed``), unless a folder on the way, or one recorded renamed to the same end, holds them again (renamed
    back, no run since: ``mv Films Movies`` after {Videos: Movies, Movies: Films} or {Videos: Films, Movies:
    Films}): the first of those where the first of ``paths`` (the library's videos, as recorded) under the end is
    at its place, one bounded look each (``scan_stalls.PROBE_S``), the end first; the end where none is."""
    from . import bounded_meta
    from .scan_stalls import PROBE_S

    steps = _steps(to, moved)
    end = steps[-1]
    rel = next((os.path.relpath(p, end) for p in paths if is_under(p, end) and p != end), None)
    if rel is None:
        return end
    also = [k for k, v in moved.items() if isinstance(k, str) and isinstance(v, str) and k not in steps
            and followed(v, moved) == end]
    return next((c for c in [end, *steps[:-1], *also]
                 if bounded_meta.answer(c, os.path.isfile, os.path.join(c, rel), timeout_s=PROBE_S)), end)


def status_text(folder: str, to: str, left: int, where: str = CLI, files: bool = False) -> str:
    """What status says of ``folder`` (missing) whose videos were found moved ``to`` another folder,
    ``left`` of them not found there (kept, marked offline): the folder renamed, so its way out of the
    library, for the ``where`` it is read: the CLI's `seekframe forget`, the window's Remove. ``files``: none
    of those moved was indexed (failed, or no videos: ``FolderStatus.moved_files``), said its files."""
    rest = (f"; {count(left, 'video')} not found there {'is' if left == 1 else 'are'} kept, marked offline"
            if left else "")
    how = (f"`seekframe forget {shell_word(folder)}` takes it off the library's folders" if where == CLI
           else "Remove it from the library")
    with_left = f" with {'them' if left > 1 else 'that video'}" if left else ""  # (as the run's words: core.progress)
    return (f"its {'files' if files else 'videos'} were found moved to {shown(to)} (the folder renamed?){rest}: "
            f"if it was renamed, "
            f"{how}{with_left}")


def before_text(folder: str, to: str, left: int, files: bool = False, where: str = CLI) -> str:
    """What a later run says of ``folder``, still missing, whose videos an earlier run found moved ``to`` another
    folder (the summary's ``moved_before``; ``left`` of them not found there, kept offline; ``files``: none of
    them indexed, ``files_moved``): as status says it (``status_text``), not as an unplugged drive's folder whose
    videos are kept offline."""
    return f"{shown(folder)}: missing; {status_text(folder, to, left, where, files)}."


def moved_before(settings, offline_roots, moved_from, videos) -> dict:
    """{folder: [where its videos were found moved, how many of ``videos`` are left in it, whether none of those
    moved was indexed (``files_moved``)]} of the run's ``offline_roots`` that an earlier run found renamed
    (``settings``' ``moved_folders``), not this one."""
    moved = records(settings)[0]
    videos = list(videos)
    paths = [v.path for v in videos]
    out = {}
    for r in (r for r in offline_roots if r in moved and r not in moved_from):
        now = where_now(moved[r], moved, paths)
        out[r] = [now, sum(is_under(p, r) for p in paths), files_moved((now, followed(moved[r], moved)), videos)]
    return out


def files_moved(ends, videos) -> bool:
    """Whether a missing folder's files found moved are said its files, not its videos (``status_text``'s
    ``files``): none of the library's ``videos`` (records) under where they went (``ends``: where they are now,
    ``where_now``, and where the record ends, ``followed``) is a video indexed or to index, as a folder none of
    whose files was indexed leaves them (``core.sync_missing``: their failures follow them). The one rule of
    `seekframe status` (``FolderStatus.moved_files``) and of a later run's words (``moved_before``)."""
    from .library.records import FAILED

    return not any(v.status != FAILED and any(is_under(v.path, e) for e in ends) for v in videos)


def found_since(folder: str, moved_to: str = "", left: int = 0, copied=(), back: str = "", offline: int = 0,
                where: str = CLI, linked: int = 0, files: bool = False) -> str:
    """What status says a look found of a library ``folder`` since its last index, the one choice of words of
    `seekframe status` (its line, ``--json``'s "why": ``FolderStatus.found``) and of the window's library panel
    (``app.folder_tips``), for the ``where`` it is read: its videos found ``moved_to`` another folder (renamed,
    ``left`` of them not found there: ``status_text``), else found in ``copied`` (where, how many) and taken as
    copies (``unrecorded_text``), else the folder back where it was held ``back`` (``status_words.back_text``,
    ``offline`` of its videos marked offline, ``linked`` of them behind a link away); '' where none of those is."""
    from .status_words import back_text

    if moved_to:
        return status_text(folder, moved_to, left, where, files)  # (``files``: none of them was indexed)
    if copied:
        return unrecorded_text(folder, copied[1], copied[0], where)
    return back_text(back, offline, "`seekframe index`" if where == CLI else "Re-scan", linked) if back else ""


def run_text(folder: str, videos: int, left: int, to: str | None, where: str = CLI) -> str:
    """What a run says of ``folder``, missing, ``videos`` of whose videos it found moved ``to`` another
    folder (the summary's ``moved_from``: renamed as a whole, ``core.sync_missing``; ``moved_to``), ``left``
    of them not found there (kept, marked offline), for the ``where`` it is read: `seekframe index` (its
    way to remove the folder `seekframe forget`) or the window (its library panel's Remove); not an
    unplugged drive's words. Where they went is said as status says it (``status_text``): a run of
    several folders (``seekframe index ~/Videos ~/Movies ~/Clips``) does not leave the user to guess."""
    rest = (f" {count(left, 'video')} not found there stay{'s' if left == 1 else ''} listed, marked offline."
            if left else "")
    them = ("them" if left > 1 else "that video") if left else ""  # (the removal takes those offline videos too)
    how = (f"`seekframe forget {shell_word(folder)}` takes it off the library's folders"
           f"{f' with {them}' if them else ''}" if where == CLI
           else f"Remove it in the library panel{f' (with {them})' if them else ''}")
    where_to = f" to {shown(to)}" if to else ""
    if not videos:  # (a folder none of whose files was indexed: ``core.sync_missing`` took its failed files' word)
        return (f"The files of {shown(folder)}, which is missing, were found moved{where_to} (the folder renamed?): "
                f"none of them was indexed, their failures follow them.{rest} If it was renamed, {how}.")
    return (f"{count(videos, 'video')} of {shown(folder)}, which is missing, {'was' if videos == 1 else 'were'} found "
            f"moved{where_to} (the folder renamed?): {'its' if videos == 1 else 'their'} moments and notes are kept."
            f"{rest} If it was renamed, {how}.")


def unrecorded_text(folder: str, videos: int, to: str, where: str = CLI) -> str:
    """What a run says of ``folder``, missing, ``videos`` of whose videos it found in ``to`` at their own
    places, as a rename leaves them, but whose drive the library has no record of (indexed by an earlier
    release: ``core.sync_missing.unrecorded_to``), so that they were taken as copies and its videos kept
    offline: why, and the way to keep its notes where it was renamed (its removal puts them on the copies:
    ``notes_journal.to_copies``), for the ``where`` it is read (`seekframe forget`, the library panel's Remove)."""
    its = "its" if videos == 1 else "their"
    how = (f"`seekframe forget {shell_word(folder)}` takes it off the library's folders and puts its notes on the "
           "copies" if where == CLI else "Remove it in the library panel: its notes go onto the copies")
    return (f"{count(videos, 'video')} of {shown(folder)}, which is missing, {'was' if videos == 1 else 'were'} "
            f"found in {shown(to)} (the folder renamed?), but the library has no record of the drive it was on "
            f"(indexed by an earlier release): taken as {'a copy' if videos == 1 else 'copies'}, not moved, {its} "
            f"moments copied and {its} notes left on the videos of {shown(folder)}, which stay listed, marked "
            f"offline. If it was renamed, {how}; if it is a drive unplugged, "
            "nothing is lost: its videos are back when it is.")
