"""Whether a result's file is still the one the library indexed, said in plain words (no Qt, no
engine: one ``os.stat``). A result carries what the library recorded of its file (``app.found``):
its size and modification time when indexed, and whether the file was still that one when the
search ran (``file_state``). The controllers ask ``look`` (``state_now``) when a result is chosen,
shown or played, and while its video is in the preview, always in the worker pool
(``app.file_look``): on a share whose server is gone the ``stat`` hangs."""

from __future__ import annotations

import os

from core.filenames import shown, shown_name
from core.plural import count
from core.scan import file_now
from core.timefmt import format_range, format_score
from core.scan import same_file as matches  # (re-exported: the library's own rule, one for both)

GONE, CHANGED = "gone", "changed"
OFFLINE = "offline"  # its library folder or its file not there, the folder marked offline: its drive unplugged
CARD_TEXT = {GONE: "No longer there", CHANGED: "Changed since indexed"}
BADGE = {GONE: "gone", CHANGED: "changed"}


def state_now(result) -> str:
    """GONE (nothing at its path), CHANGED (another size; or another modification time where the
    search found other content), or '' (the file indexed, or nothing to compare with). An offline
    result (its drive or folder missing) has its own badge and words: '', and so has a file whose
    library folder is not there (or empty, but one the user emptied by its identity, which the
    re-scan empties too: ``core.scan.file_gone``) now, or whose folder's videos are mostly not there
    (the re-scan's safety valve, ``core.gone_rule``): its drive is unplugged, not the file deleted."""
    if result is None or result.offline:
        return ""
    state, _ = file_now(result.path, getattr(result, "root", "") or None, getattr(result, "indexed", ()) or None,
                        getattr(result, "root_id", None), getattr(result, "folder_videos", None))
    if state == "touched":  # (the search hashed it: the same content is the same video)
        return CHANGED if getattr(result, "file_state", "") == CHANGED else ""
    return "" if state == OFFLINE else state  # (offline: the player says the file is not there, "or on a drive…")


def look(result) -> str:
    """``state_now``, or OFFLINE for a result of an offline folder (its card says so) whose file
    is not there: nothing to show, and nothing to say but that (not a file gone or changed)."""
    if result is not None and result.offline:
        return "" if os.path.isfile(result.path) else OFFLINE
    return state_now(result)


def problem_text(result, state: str, doing: str = "") -> str:
    """What happened to the result's file, and the way out: re-scan its folder. ``doing``: what
    was asked ("play", "similar"), said first."""
    name, folder = shown_name(result.path), shown(getattr(result, "root", "") or os.path.dirname(result.path))
    if state == GONE and (there := getattr(result, "elsewhere", "")):  # (the library has it in another folder)
        what = (f"{name} is not there any more: the library has the same video at {shown(there)} (moved there, "
                f"or a copy). Re-scan its folder ({folder}) to bring the library up to date.")
    elif state == GONE:
        what = (f"{name} is not there any more: it was moved, renamed or deleted since it was indexed. "
                f"Re-scan its folder ({folder}) to bring the library up to date.{_moved_on(result)}")
    elif state == CHANGED:
        what = (f"{name} has changed since it was indexed (another file of that name is there now), so its "
                f"moments no longer show what it holds. Re-scan its folder ({folder}) to index it as it is now.")
    else:
        return ""
    if doing == "play":
        return f"Cannot play it. {what}"
    if doing == "similar":
        return f"These clips are like what {name} held when it was indexed. {what}"
    return what


def _moved_on(result) -> str:
    """Where the library has other folders: a video moved to one of them is found there by its content, its
    moments and notes kept, by a re-scan of the whole library at once, or of that folder (its own folder's
    re-scan alone keeps it by its content until then: ``core.sync_gone``)."""
    videos = getattr(result, "folder_videos", None)
    if videos is None or len(videos.roots() - {getattr(result, "root", "")}) < 1:
        return ""
    return (" If it was moved to another of the library's folders, a re-scan of that folder, or of the whole "
            "library, finds it there, its moments and notes kept.")


def copies_text(copies) -> str:
    """A card's note of a result's byte-identical copies: "+1 copy", "+2 copies"."""
    return f"+{count(len(copies), 'copy', 'copies')}" if copies else ""


def copies_tip(copies) -> str:
    """The tooltip's lines naming a result's identical copies (up to ten)."""
    if not copies:
        return ""
    names = "\n".join(f"  {shown(p)}" for p in copies[:10])
    more = f"\n  and {len(copies) - 10} more" if len(copies) > 10 else ""
    return f"\nIdentical {'copy' if len(copies) == 1 else 'copies'} (the same file, shown once):\n{names}{more}"


def card_words(result, state: str, name: str = "") -> str:
    """A result's card as a screen reader says it (the grid's ``AccessibleTextRole``): its name (``name``:
    the card's, where another result's file has its name: ``app.results.card_names``),
    copies, time, score, and an offline drive or a file gone or changed, as the card shows them
    ("beach.mp4, +1 copy, 0:16 to 0:20, score 0.69, no longer there"). Read from its name alone,
    every moment of a video sounded the same."""
    start, _, end = format_range(result.start, result.end).partition("–")
    words = [name or shown_name(result.path), copies_text(getattr(result, "copies", ())), f"{start} to {end}",
             f"score {format_score(result.score)}", "offline" if result.offline else "", CARD_TEXT.get(state, "").lower()]
    return ", ".join(w for w in words if w)
