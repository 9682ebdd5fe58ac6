"""The index strip's words once a run has ended (``IndexPanel``'s summary line): what it indexed, found
moved, copied or removed, what could not be read (this run's, and earlier runs' it did not try, apart), and
what its scan left out."""

from __future__ import annotations

from core.filenames import shown, telling_apart
from core.plural import count, first_few
from core.status_words import (back_online_text, indexed_nouns, indexed_words, moved_words, nothing_to_index,
                               said_offline, skipped_words, up_to_date_text)

from .run_words import removed_note


def finished_text(indexed: int, moments: int, failed: int, summary: dict | None = None, folders: int = 0,
                  kept: int = 0, not_videos: int = 0, earlier: int = 0, of: int | None = None) -> str:
    """"Indexed 12 video files (310 moments); 3 could not be read" (its "Found …" line's nouns: ``indexed_nouns``),
    or "Nothing new to index …"; ``failed`` files the run could not read, and ``folders`` the walk could not open
    or list ("; 1 folder could not be read": ``app.run_words.split_failed``); ``kept``: videos not embedded again,
    on their earlier moments (``core.reembed_failed``), not among ``failed``; ``not_videos``: files to index found
    no video in; ``earlier``: files still listed that earlier runs could not read and this one did not try, said
    apart ("; from earlier runs: 1 could not be read"), as the bar says them and the status bar's "N failed"
    leaves them out (``app.run_words.own_failed``); ``of``: the files the run had to index, with those found no
    video in (``core.progress.Tally``'s), where known: then it opens as the status bar's and the CLI's end line
    does ("Indexed 4 of 6 video files (20 moments): 2 are not videos (skipped)": ``indexed_words``), its failed
    and kept said after, here, in the strip's words."""
    summary = summary or {}
    if nothing_to_index(indexed if of is None else of, summary):  # (core's one rule of a run's end line, as the CLI's and status bar's)
        text = up_to_date_text(summary)  # (the failed files, earlier runs', said apart below)
    else:  # (a file to index that held no video, or failed: counted, never "Nothing new to index")
        text = (of is not None and indexed_words(indexed, of, moments, summary, not_videos)[:-1]  # (the end line's)
                or not indexed and not_videos >= summary["to_index"]
                and indexed_words(0, not_videos, 0, summary, not_videos)[:-1]  # (a new list.mov alone)
                or f"Indexed {count(indexed, *indexed_nouns(summary))} ({count(moments, 'moment')})")
    copied = int(summary.get("copied", 0) or 0)  # identical to a video indexed before: not read again
    if copied:
        text += ("; 1 copy of an indexed video added, its moments copied" if copied == 1 else
                 f"; {copied} copies of indexed videos added, their moments copied")
    removed = int(summary.get("deleted", 0) or 0)
    text += "".join(f"; {words}" for words in moved_words(summary, noun=True))  # (as the status bar's "Found …")
    if removed:
        text += f"; {count(removed, 'video')} removed ({removed_note(summary, removed)})"
    def files(n: int) -> str:  # ("files" said when folders are said too)
        return count(n, 'file') if folders else str(n)

    if failed:
        text += f"; {files(failed)} could not be read" + f" (and {earlier} from earlier runs)" * bool(earlier)
    elif earlier:
        text += f"; from earlier runs: {files(earlier)} could not be read"
    if kept:
        text += f"; {count(kept, 'video')} not embedded again (searched with {'its' if kept == 1 else 'their'} " \
                "earlier moments)"
    if folders:
        text += f"; {count(folders, 'folder')} could not be read"
    held = summary.get("held", ()) or ()
    offline = len(said_offline(summary))  # (held, moved, copies, renamed before: said in their own words)
    if offline:
        text += f"; {count(offline, 'folder')} offline ({'its' if offline == 1 else 'their'} videos are kept)"
    for h in held:  # (the CLI words it with core.sync_held.held_text, with the reason)
        n = int(h.get("videos", 0))
        text += (f". {count(n, 'video')} seem{'s' if n == 1 else ''} to be gone from {h['root']}; "
                 "nothing was removed. Re-scan once the drive is back, or remove them")
    if back := back_online_text(summary):  # (as the CLI's and status bar's end line says it: ``end_words``)
        text += "." + back[:-1]
    return text + skipped_sentence(summary.get("skipped") or {})


def with_run_skips(summary: dict, skipped, named=()) -> dict:
    """``summary`` whose ``skipped`` also holds the files the run found to hold no video (``skipped``:
    (path, why) of ``core.progress.Tally.skipped``: an empty .mkv, an audio-only .mp4), counted by kind
    and named, as `seekframe index` says them; the scan's own are first. ``named``: (path, why) of the
    paths to index that are no file to read (a pipe, a device: ``IndexEvent.skipped``), named once."""
    if not skipped and not named:
        return summary
    from collections import Counter

    from core.errors import not_video_kind

    scan = summary.get("skipped") or {}
    read = Counter(not_video_kind(why) for _, why in skipped)  # (its end line's "2 are not videos")
    kinds = Counter(scan.get("kinds") or {}) + read
    files = [*(scan.get("files") or []), *skipped]
    files += [(p, why) for p, why in named if all(p != q for q, _ in files)]  # (a walk names one it meets)
    return {**summary, "skipped": {"kinds": dict(kinds), "read": dict(read), "files": files}}


def skipped_sentence(skipped: dict) -> str:
    """What the scan left out (``summary["skipped"]``, ``core.scan.ScanResult.skipped_report``):
    ". Skipped (not videos): 3 images, 1 named pipe. Left out: still.gif (…)" (those the run read apart,
    ``read``: ``core.status_words.skipped_words``)."""
    text = ""
    if skipped.get("kinds"):
        text += f". {skipped_words(skipped['kinds'], skipped.get('read') or {})}"
    files = skipped.get("files") or []
    if files:
        paths = [p for p, _ in files]  # (two of one name, in two folders, each told apart: "phone/empty.mp4")
        names = first_few(files, lambda p, why: f"{telling_apart(p, paths)} ({shown(why)})")
        text += f". Left out: {names}"
    return text
