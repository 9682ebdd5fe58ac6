"""Removing a folder from the library, written once for every front end (``core.service``
re-exports it): ``forget_folder`` (whole or not at all, a typo refused, a removal a full disk
stopped finished first), and what is said while such a removal still waits on a full disk:
``RemovalWaits`` (another folder's removal asked), ``FolderWaits`` (a folder added: not added),
``in_library`` / ``not_in_library`` (the check ``seekframe forget`` also makes read-only before its
writer opens), ``held_through_links`` (a path above library folders spelled through different
links: those it removes; ``listed_and_held``: both in one pass), ``listed_spelling`` / ``forget_root`` (``seekframe forget`` of a path through a link:
its library folder; an offline one, ``core.folder_spelling.offline_folders``, never resolved), ``wide_reach`` / ``wide_text`` (a path above several library folders, or a
library folder that took others in: what it would remove, which ``seekframe forget`` asks about first),
``kept_folders`` / ``kept_text`` (a forget keeping the folders it took in: ``--keep-inside``, the
app's "Keep the folders it took in"). No Qt, no printing.
"""

from __future__ import annotations

import os

from .errors import SeekframeError
from .forget_words import FinishedRemoval, forget_summary, together  # noqa: F401  (core.service re-exports them)
from .plural import count
from .forget_spelling import held_through_links, listed_and_held, listed_spelling  # noqa: F401 (re-exported)


class FolderWaits(SeekframeError):
    """``IndexRun``'s refusal of folders new to the library while the removal of another, stopped
    by a full disk, still cannot finish: they were not added (a re-scan would not index them)."""


def folder_waits(roots: list[str], pending: str) -> FolderWaits:
    from .filenames import shown

    named = ", ".join(map(shown, roots))
    return FolderWaits(f"{named} {'was' if len(roots) == 1 else 'were'} not added to the library: the removal of "
                       f"{shown(pending)}, which a full disk stopped earlier, has to finish first, and the disk "
                       "holding the library is still full (or a disk quota or the file size limit was reached). "
                       f"Free some space (or raise the limit), then add {named} again: the removal of "
                       f"{shown(pending)} is finished first.")


class NotInLibrary(SeekframeError):
    """``forget_folder``'s refusal of a path that is no library folder, nor in one, nor holds one."""


class NothingToKeep(SeekframeError):
    """``forget_folder``'s refusal, keeping the folders taken in, of a path that took none in."""


class RemovalWaits(SeekframeError):
    """``forget_folder``'s refusal while another folder's stopped removal still cannot finish (the
    disk is full yet): nothing was done for the folder asked."""


def _finished_first(library) -> bool:
    """The stopped removal finished (``finish_pending_forget``); False when a full disk refuses it again."""
    from .errors import is_disk_full

    try:
        library.finish_pending_forget()
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        return False
    return True


def in_library(library, root: str) -> bool:
    """Whether ``root`` (normalised) is a library folder, in one or holds one, or holds a video of
    the library: what ``forget_folder`` can remove (a reader's handle answers it too)."""
    from .scan import is_under

    folders = library.meta.settings.folders or []
    return (any(is_under(f, root) or is_under(root, f) for f in folders)
            or any(is_under(v.path, root) for v in library.video_table.all()))


def forget_root(library, root: str) -> str:
    """``root`` (normalised) as ``seekframe forget`` gives it to ``forget_folder``: as spelled when
    it names something of the library (``in_library``), the removal under way or the one this
    handle's open just finished; else its library folder's own spelling through a link
    (``listed_spelling``). ``forget_folder`` itself takes a path as spelled: the app's window
    removes the folders it lists, spelled as the library lists them, or one only on its way whose
    run is what goes (a link to a library folder, added then removed, is no removal of that folder)."""
    from .same_folder import as_cased
    from .scan import is_under

    finished = library.forget_finished
    root = as_cased(library.meta, root, library.video_table.all)  # ('Videos/trip' of 'Videos/Trip')
    if (finished and is_under(root, finished[0])) or library.meta.forgets(root) or in_library(library, root):
        return root
    return listed_spelling(library.meta, root, [finished[0]] if finished else [], library.video_table.all)


def not_in_library(library, root: str) -> NotInLibrary:
    """The refusal of a path ``in_library`` denies (a typo must not look like a success)."""
    from .filenames import shown

    folders = library.meta.settings.folders or []
    listed = ", ".join(map(shown, folders)) if folders else "none yet"
    return NotInLibrary(f"{shown(root)} is not one of the library's folders, nor in one: nothing was "
                        f"forgotten. The library's folders: {listed}.")


def kept_folders(meta, root: str) -> list[str]:
    """The folders a forget of ``root`` (normalised) keeps when asked to keep those taken in: the
    folders the library folders in ``root`` took in (``LibrarySettings.taken_in``, their top ones),
    listed again on their own, their videos theirs again (not embedded again)."""
    from .scan import is_under

    s = meta.settings
    took = [k for f in s.folders or [] if isinstance(f, str) and is_under(f, root) for k in s.taken_in(f, tops=True)]
    return [k for k in dict.fromkeys(took) if not any(o != k and is_under(k, o) for o in took)]


def kept_text(library, kept: list[str]) -> str:
    """What a forget keeping ``kept`` says of them once done."""
    from .filenames import shown
    from .scan import is_under

    videos = library.video_table.all()
    listed = "; ".join(f"{shown(k)} ({count(sum(is_under(v.path, k) for v in videos), 'video')})" for k in kept)
    return (f"Kept: {listed}, listed again as {'a library folder' if len(kept) == 1 else 'library folders'} of "
            f"{'its' if len(kept) == 1 else 'their'} own, {'its' if len(kept) == 1 else 'their'} videos kept "
            "(not indexed again).")


def wide_reach(library, root: str, keeping=()) -> list[tuple[str, int]]:
    """The library folders (each with its number of videos) that removing ``root`` (normalised)
    takes out when the user did not name them one by one: a path above several (``/``, ``~``); or
    a library folder (or a path above it alone) that took others in (``seekframe index ~`` with
    ~/Videos listed: ~/Videos's videos are ~'s since), then that folder (its own videos) first and
    those it took in after it, when any of them still holds videos. Empty when ``root`` lies in a
    library folder, holds nothing else, or lies in a removal a full disk stopped (the same removal
    asked again). A library folder inside another listed under it counts as part of that one.
    ``keeping``: the folders the forget keeps (``kept_folders``): what took them in is no question
    then, and their videos are not counted."""
    from .scan import is_under

    tops = wide_folders(library.meta, root)
    videos = library.video_table.all() if tops else []
    if len(tops) >= 2 and all(is_under(f, tops[0]) for f in tops[1:]):  # (one that took the others in)
        took = [(f, sum(is_under(v.path, f) for v in videos)) for f in tops[1:]]
        own = sum(is_under(v.path, tops[0]) and not any(is_under(v.path, f) for f in tops[1:]) for v in videos)
        return [(tops[0], own), *took] if any(n for _, n in took) and not keeping else []
    return [(f, sum(is_under(v.path, f) and not any(is_under(v.path, k) for k in keeping) for v in videos))
            for f in tops]


def wide_folders(meta, root: str) -> list[str]:
    """``wide_reach``'s folders, from the library's description alone (``LibraryMeta``): the
    library folders ``root`` holds when more than one, else the one it is or holds followed by
    the folders that one took in (``LibrarySettings.taken_in``; their top ones), if any."""
    from .scan import is_under

    folders = [f for f in meta.settings.folders or [] if isinstance(f, str)]
    if meta.forgets(root) or any(is_under(root, f) and root != f for f in folders):
        return []
    under = [f for f in folders if is_under(f, root)]
    tops = [f for f in under if not any(o != f and is_under(f, o) for o in under)]
    if len(tops) != 1:
        return tops if len(tops) >= 2 else []
    took = meta.settings.taken_in(tops[0])
    return [tops[0], *(f for f in took if not any(o != f and is_under(f, o) for o in took))] if took else []


def wide_text(root: str, reach: list[tuple[str, int]]) -> str:
    """What forgetting ``root`` would remove (``wide_reach``), said before anything is removed; a
    count of None: not known (the library could not be read before the writer opens)."""
    from .filenames import shown
    from .scan import is_under

    if any(n is None for _, n in reach):
        listed = "; ".join(map(shown, (f for f, _ in reach)))
        return (f"{shown(root)} holds {len(reach)} of the library's folders: {listed}. Forgetting it removes all "
                "of them from the library, with their videos (how many is not known: the library could not be "
                "read now; the files are not touched).")
    total = sum(n for _, n in reach)
    (first, own), rest = reach[0], reach[1:]
    if all(is_under(f, first) for f, _ in rest):  # a folder and those it took in
        listed = "; ".join(f"{shown(f)} ({count(n, 'video')})" for f, n in rest)
        return (f"{shown(first)} took in the library folder{'s' if len(rest) > 1 else ''} {listed} when it was "
                f"indexed, and holds {count(own, 'video')} of its own. Forgetting {shown(root)} removes those "
                f"videos too, {count(total, 'video')} in all (the files are not touched).")
    listed = "; ".join(f"{shown(f)} ({count(n, 'video')})" for f, n in reach)
    return (f"{shown(root)} holds {len(reach)} of the library's folders: {listed}. Forgetting it removes all "
            f"of them from the library, {count(total, 'video')} in all (the files are not touched).")


def removal_waits(root: str, pending: str, again: str = "") -> RemovalWaits:
    """The refusal of removing ``root`` while the stopped removal of ``pending`` cannot finish (the
    disk is still full); ``again``: how to ask again (default: remove ``root`` again)."""
    from .filenames import shown

    again = again or f"remove {shown(root)} again"
    return RemovalWaits(f"{shown(root)} was not removed: nothing changed for it, and its videos are still "
                        f"searched. The removal of {shown(pending)}, which a full disk stopped earlier, has to "
                        "finish first, and the disk holding the library is still full (or a disk quota or the "
                        f"file size limit was reached). Free some space (or raise the limit), then {again}: the "
                        f"removal of {shown(pending)} is finished first.")


def forget_folder(library, folder: str, keep_inside: bool = False, opened_for_it: bool = False) -> int:
    """Remove a folder and its videos and moments from the library (the files are untouched),
    whole or not at all (``VideoLibrary.forget_folder``); returns how many videos went (a
    ``FinishedRemoval`` when it finished one left part-way). A folder that holds library folders
    forgets them all, a file in one only its video; a path that is neither a library folder nor
    in one nor holds one is refused (a typo must not look like a success): a path through a link is
    taken as spelled (``seekframe forget`` gives it ``forget_root``'s spelling). ``keep_inside``: the
    folders it took in (``kept_folders``) are kept, listed on their own again, but one that holds
    no video of the library and is not there (renamed or deleted since); a path that took none in,
    or only such ones, is refused (``NothingToKeep``: nothing removed). ``opened_for_it``: ``library``
    was opened for this forget (``seekframe forget``), so a removal its open finished is the one
    asked again when ``folder`` is above it and holds nothing else; a handle kept open (the app's)
    keeps an old finished removal, no answer for a folder asked later."""
    from .filenames import shown
    from .folder_respelled import finish_listing
    from .scan import is_under, normalise_root

    root = normalise_root(folder)
    pending = library.meta.forgetting  # the same removal again (as a full disk's message says): finished now
    if library.meta.forgets(root):
        n = library.forget_folder(pending, library.meta.keeping or ())  # (this handle's stopped try counted)
        return FinishedRemoval(n if root == pending else 0)
    finished = library.forget_finished  # the same forget again (as a full disk's message says): done now
    if finished and root == finished[0] and root not in (library.meta.settings.folders or []):
        return FinishedRemoval(finished[1])  # (in the library still when it kept folders in it)
    if not pending and (moved := finish_listing(library)):  # (a re-scan killed before listing it respelled)
        root = next((there + root[len(f.rstrip(os.sep)):] for f, there in moved.items() if is_under(root, f)), root)
    if not in_library(library, root):  # (the waiting one's still listed: a folder above it counts)
        if finished and is_under(root, finished[0]):
            return FinishedRemoval(0)
        if opened_for_it and finished and is_under(finished[0], root):  # (a path above it, holding nothing
            # else: that removal, when this open finished it)
            return FinishedRemoval(finished[1])
        if opened_for_it and (rest := [n for f, n in getattr(library, 'forget_resumed', ()) if is_under(f, root)]):
            # (the rest of a stopped request, which this open removed: its files that could not be read too)
            return together(rest)
        raise not_in_library(library, root)
    if not _finished_first(library):  # (another's first, once the path is one: its folder never indexed again)
        raise removal_waits(root, library.meta.forgetting or pending)
    kept = kept_folders(library.meta, root) if keep_inside else []
    if kept:  # (one renamed, moved or deleted since, its videos gone or ``root``'s now: listed again, it
        videos = library.video_table.all()  # would be a folder that is not there, "missing" for good)
        gone = [k for k in kept if not any(is_under(v.path, k) for v in videos) and not os.path.exists(k)]
        if kept == gone:
            one = len(gone) == 1
            raise NothingToKeep(f"{shown(root)} took in {', '.join(map(shown, gone))}, which {'is' if one else 'are'} "
                                f"no longer there and hold{'s' if one else ''} no video of the library, so there is "
                                "none to keep: nothing was forgotten.")
        kept = [k for k in kept if k not in gone]
    if keep_inside and not kept:
        raise NothingToKeep(f"{shown(root)} took in no library folder, so there is none to keep: nothing was "
                            "forgotten.")
    held = pending and is_under(pending, root) and library.forget_finished  # (the waiting one was in it)
    from .library.folder_forget import Removed

    n = library.forget_folder(root, kept)  # (a ``Removed``: its ``unread`` files said by ``forget_summary``)
    held = held[1] if held and held[0] == pending else 0  # (its files that could not be read said too)
    return together((n, held), Removed)
