"""The library panel's questions before it adds or removes a folder (``app.library_panel``): what
goes with the folder, what takes it in, and the choice of keeping the folders it took in. Plain
words, no Qt."""

from __future__ import annotations

from core.filenames import shown
from core.plural import count
from core.scan import is_under
from core.taking_in import inside

KEEP_INSIDE = "keep inside"  # confirm_remove's answer: remove it, keeping the folders it took in
REMOVE_ALL, KEEP_TOOK_IN = "Remove all", "Keep the folders it took in"  # the question's buttons then


def remove_question(folder: str, folders=(), took=()) -> str:
    """The question before removing ``folder``, one of the library's ``folders``: those inside it
    go too, and one it is inside finds its videos again at the next re-scan (``service.forget_folder``).
    ``took``: the library folders it took in when it was added, with their videos ((folder, n), ...:
    core ``FolderStatus.took_in``): named, with the choice of keeping them (``KEEP_TOOK_IN``)."""
    text = (f"Remove {shown(folder)} from the library? Its videos leave the search results; the files "
            "themselves are not touched.")
    if took:
        one, listed = len(took) == 1, "; ".join(f"{shown(f)} ({count(int(n), 'video')})" for f, n in took)
        text += (f" When it was added, it took in the library folder{'' if one else 's'} {listed}: "
                 f"{'its' if one else 'their'} videos are counted under it and go too. {KEEP_TOOK_IN} to "
                 f"remove only its own videos: {'that folder is' if one else 'those folders are'} listed on "
                 f"{'its' if one else 'their'} own again, {'its' if one else 'their'} videos kept (not indexed "
                 "again).")
    inside = [f for f in folders if f != folder and is_under(f, folder)]
    above = [f for f in folders if f != folder and is_under(folder, f)]
    if inside:
        names = ", ".join(map(shown, inside))
        text += (f" The library folder inside it, {names}, goes too." if len(inside) == 1 else
                 f" The library folders inside it, {names}, go too.")
    if above:
        text += (f" It is inside the library folder {shown(above[0])}, so the next re-scan finds its videos "
                 f"again: to keep them out, move them out of {shown(above[0])}, or remove {shown(above[0])} instead.")
    return text


def add_question(folder: str, folders=(), kept=()) -> str | None:
    """The question before adding ``folder`` when it holds some of the library's ``folders``: it
    takes them in, as ``seekframe index`` does (``IndexOptions.part_of_folder``), but for those
    ``kept`` (``core.taking_in``: held, with offline videos, or not there), which stay listed on
    their own, as the run says; None for any other folder, added without a question (one inside a
    library folder is indexed as part of it, and one holding only kept ones: the run says so)."""
    inner = inside(folder, folders)
    taken = [f for f in inner if f not in kept]
    if not taken or any(is_under(folder, f) for f in folders):
        return None  # (none taken in, or a part of a library folder: nothing changes in the list)
    names, one = ", ".join(map(shown, taken)), len(taken) == 1
    text = (f"{shown(folder)} holds the library folder{'' if one else 's'} {names}: added, it takes "
            f"{'it' if one else 'them'} in and is listed as one folder, {'its' if one else 'their'} videos kept "
            f"(not indexed again). Removing {shown(folder)} later removes {'its' if one else 'their'} videos too.")
    if left := [f for f in inner if f in kept]:
        one = len(left) == 1
        text += (f" The library folder{'' if one else 's'} {', '.join(map(shown, left))} "
                 f"{'stays' if one else 'stay'} listed on {'its' if one else 'their'} own while "
                 f"{'its' if one else 'their'} videos are kept offline.")
    return text + " Add it?"


def looked_to_add(path: str, folders=(), offline=(), apart=()) -> tuple[bool, str | None]:
    """Called in a worker (it looks at the disk: a share that stopped answering must not hold the
    GUI thread): whether ``path`` is a folder, and the question to ask before adding it: the one
    place the window decides it (``app.job_runner``'s look at a folder before it is added; the
    library panel asks what it says, ``LibraryPanel.ask_add``). ``add_question`` of the folder as
    the run will know it on disk (``core.folder_spelling.as_library_folder``, as ``core.run_roots``
    spells a new root): ``~/HOME`` holds the library folder ``~/home/Videos`` on a case-insensitive
    disk, and ``~/media`` is the library folder ``~/Media`` there (a re-scan of it, nothing taken in)
    even where the library lists ``~/media/Clips`` (added while ``~/Media`` did not answer);
    None where there is none. The library folders in it that the run takes in are decided by the
    run's rule (``core.taking_in.taken_in``): not those the library's records keep ``apart``
    (``LibraryStatus.kept_apart``) nor the ``offline`` ones, which are never looked at."""
    import os

    from core.folder_spelling import as_library_folder
    from core.taking_in import taken_in

    if not os.path.isdir(path):
        return False, None
    folder = as_library_folder(path, list(folders), frozenset(offline))
    inner = inside(folder, folders)
    taken = taken_in(inner, {*apart, *offline})
    return True, add_question(folder, folders, [f for f in inner if f not in taken])
