"""What a reader of a library says of work not finished yet, in the words `seekframe status` and
`search` and the window share (each names its own way of finishing it): videos searchable through
their quick pass's moments only, their full pass still to come (``VideoRecord.quick``: a two-pass
run stopped in its full pass), and none indexed yet while another process indexes the library; and what a
run's scan found (``found_words``). No imports beyond ``core.plural``: the app reads it at start-up."""

from __future__ import annotations

from .plural import count

# a library with no indexed video yet while another process holds its writer lock: a run lists the
# videos it found only as its first pass commits each, so until then none is done or waiting either
BUSY_FIRST_RUN = ("No video is indexed yet: another seekframe is indexing this library now, and its videos "
                  "become searchable as each is done.")


def quick_only_text(quick: int, finish: str, writing_now: bool = False, offline: int = 0) -> str:
    """The line of ``quick`` indexed videos whose moments are still their quick pass's ("" for
    none): keyframes only, their full moments still to come, which ``finish`` (the front end's
    "`seekframe index`", "File › Re-scan") gives them, or the run another process has under way
    (``writing_now``). ``offline`` of them are in folders not there now: a run does them once back."""
    if not quick:
        return ""
    are = "is" if quick == 1 else "are"
    its = "its" if quick == 1 else "their"
    head = (f"{count(quick, 'video')} {are} searchable through {its} quick pass's moments only (keyframes): "
            f"{its} full moments are still to come")
    them = "it" if quick == 1 else "them"
    if writing_now:
        return head + " (another seekframe is indexing this library now)."
    if offline >= quick:
        return head + f"; {finish} completes {them} once {its} folder is back (offline now)."
    away = f" ({offline} of them offline: once their folder is back)" if offline else ""
    return head + f"; {finish} completes {them}{away}."


def quick_only_count(quick: int) -> str:
    """A folder's count of them, beside its videos ("" for none)."""
    return f"{quick} with quick moments only" if quick else ""


def nothing_to_index(of: int, summary: dict | None) -> bool:
    """The one rule of which line ends a run, for `seekframe index`, the window's status bar and its index
    strip: "Nothing new to index" only where it had no file to index (``of``: those it had, with the files it
    found to hold no video; ``summary["to_index"]``: its "Found …" line's "to index"); a run that had one, a new
    text file saved as list.mov, a new file that failed, a file that failed again, ends in the line that
    counts it (``indexed_words``), never in "Nothing new to index" (its "1 to index" said nowhere)."""
    return not of and not int((summary or {}).get("to_index") or 0)


def up_to_date_text(summary: dict | None, found_said: bool = False) -> str:
    """"Nothing new to index: 8 videos up to date" for a run that had nothing to index (``nothing_to_index``),
    with the indexed videos its scan found unchanged (``summary``: the run's, its "unchanged", else its
    "found"); "Nothing new to index" alone where none is, or where the front end's "Found …" line counted them
    already (``found_said``: `seekframe index`'s "0 to index, 8 unchanged")."""
    summary = summary or {}
    unchanged = int(summary.get("unchanged", summary.get("found", 0)) or 0)
    return f"Nothing new to index: {count(unchanged, 'video')} up to date" if unchanged and not found_said \
        else "Nothing new to index"


def end_words(indexed: int, of: int, moments: int, summary: dict | None, not_videos: int = 0, failed: int = 0,
              kept: int = 0, thousands: bool = False, away: int = 0, found_said: bool = False) -> str:
    """The line that ends a finished run (``nothing_to_index``'s rule): "Nothing new to index: 2 videos up to
    date." where it had nothing to index (``up_to_date_text``), else what it did of its files to index
    (``indexed_words``: "Indexed 0 of 1 video file (0 moments): 1 failed.")."""
    back = back_online_text(summary, thousands)
    if nothing_to_index(of, summary):
        return f"{up_to_date_text(summary, found_said)}.{back}"
    return indexed_words(indexed, of, moments, summary, not_videos, failed, kept, thousands, away) + back


def back_online_text(summary: dict | None, thousands: bool = False) -> str:
    """What a run says, once, of the videos it found again at their paths that an earlier run marked offline
    (``summary["back_online"]``: a folder's drive plugged in again, held "missing", "empty" or on another drive,
    "device"; a link's drive back): " 3 videos are back online (found again where they were)."; "" where none is."""
    n = int((summary or {}).get("back_online") or 0)
    return (f" {count(n, 'video', thousands=thousands)} {'is' if n == 1 else 'are'} back online (found again where "
            f"{'it was' if n == 1 else 'they were'}).") if n > 0 else ""


def said_offline(summary: dict | None) -> list[str]:
    """Of a run's ``offline_roots``, those said offline (their videos kept, marked offline), in order: not one
    held (said as held, ``core.sync_held.held_text``), nor one whose videos this run found moved (``moved_from``)
    or took as copies (``unrecorded``), nor one an earlier run found renamed (``moved_before``): each of those
    is said in its own words. The one rule of the CLI's scan lines (``core.scan_said``), the window's status bar
    (``app.run_words``) and its index strip (``app.strip_words``)."""
    s = summary or {}
    held = {h["root"] for h in s.get("held") or ()}
    other = {**(s.get("moved_from") or {}), **(s.get("unrecorded") or {}), **(s.get("moved_before") or {})}
    return [r for r in s.get("offline_roots") or () if r not in held and r not in other]


def retry_text(n: int, run: str = "the next `seekframe index`") -> str:
    """The line under the failed files of a library, ``n`` of them failed by an earlier version
    (``LibraryStatus.to_retry``): ``run`` (the front end's "the next `seekframe index`", "The next
    re-scan") tries them again (``core.sync``'s retry: this reader may read what that one could not)."""
    return f"{run} tries {n} of them again: an earlier version could not read them"


def back_text(held: str, offline: int, finish: str, linked: int = 0) -> str:
    """What is said of a library folder (or a video given by name) its last index found not there
    (``held``: "missing", or "empty", a drive's mount point left; "device", another drive at its place without some
    of its videos; "hung", it did not answer) that is there now, before a run has looked at it
    (``FolderStatus.back``, from status's own bounded look): back, and ``finish`` (the front end's "`seekframe
    index`", the window's "Re-scan") brings it up to date, ``offline`` of its videos marked offline by that index
    found again then, but ``linked`` of them behind a link that leads nowhere now (``linked_text``)."""
    was = {"missing": "found it missing", "hung": "found it not answering (a network share?); it answers again",
           "device": "found another drive at its place, without some of its videos; they are there again"
           }.get(held, "found it empty (its drive unplugged?)")
    found = offline - linked
    then = [f"{count(found, 'video')} marked offline {'is' if found == 1 else 'are'} found again then"] * (found > 0)
    then += [linked_text(linked)] * (linked > 0)
    return f"back: its last index {was}; {finish} brings it up to date" + (f" ({'; '.join(then)})" if then else "")


def linked_text(n: int) -> str:
    """What is said of ``n`` offline videos of a folder that is back, behind a link that leads nowhere now (a
    drive unplugged, a share not answering: ``folder_back.linked_away``): not found again with the folder."""
    return (f"{count(n, 'video')} behind a link that leads nowhere now (a drive unplugged?) "
            f"{'stays' if n == 1 else 'stay'} listed offline until it is back")


def lost_text(n: int) -> str:
    """The status's note on ``n`` indexed videos whose moments are gone (``library_status.videos_now``)."""
    return (f"the moments of {count(n, 'video')} are gone from the moments table (a version or a data file of "
            "it lost or cut short: a disk error, or a copy or backup of the library taken mid-write); the next "
            "`seekframe index` embeds them again")


def found_words(summary: dict, thousands: bool = False) -> str:
    """What a run's scan found (``summary``: its "scanned" summary), as the CLI's "Found …" line and the
    window's say it: "4 videos" where each was read before (known videos: unchanged, moved, copied, embedded
    again), "4 video files" (files named as videos) where some are still to read (``_nouns``): a file not read
    yet may hold no video (a text file saved as list.mov), which only its read tells (files known to hold none
    are not counted)."""
    return count(int(summary.get("found") or 0), *_nouns(summary), thousands)


def moved_words(summary: dict, noun: bool = False, thousands: bool = False) -> list[str]:
    """What a run says of the videos its scan found moved (renamed, swapped, `mv -f`), the index strip and the
    status bar's "Found …" line alike, the CLI's "Found …" line counting the same two: those kept with their
    moments and notes (``moved``); those embedded again, a model switch or ``--reindex`` under way, their notes
    following them (``moved_again``, among the files to index). ``noun``: "2 videos moved", not "2 moved"."""
    def n(k: int) -> str:
        return count(k, "video", thousands=thousands) if noun else (f"{k:,}" if thousands else str(k))

    moved, again = (int(summary.get(k) or 0) for k in ("moved", "moved_again"))
    return ([f"{n(moved)} moved (kept with {'its' if moved == 1 else 'their'} moments and notes)"] if moved else []) + (
        [f"{n(again)} moved, embedded again ({'its' if again == 1 else 'their'} notes kept)"] if again else [])


def failed_before_words(summary: dict, thousands: bool = False) -> str:
    """The files a run's scan found that an earlier run failed and this one does not try (unchanged since:
    ``summary["failed_earlier"]``), as its "Found …" line counts them beside the unchanged, so the line adds up
    ("Found 6 videos: 0 to index, 5 unchanged, 1 failed before (not tried again), …"); "" where none is. Of
    those, a video whose `--reindex` embedding failed (``summary["reembed_held"]``) is searchable on its
    earlier moments and counted already (unchanged, or moved): not counted again."""
    n = len(summary.get("failed_earlier") or ()) - int(summary.get("reembed_held") or 0)
    return "" if not n else f"{n:,} failed before (not tried again)" if thousands else f"{n} failed before (not tried again)"


def _nouns(summary: dict) -> tuple[str, str]:
    """"video file(s)" while some file to index is still to read (a new file, a changed one, one that
    failed), "video(s)" where each was read before: a `--reindex` embeds known videos again (its "reembed")."""
    if int(summary.get("to_index") or 0) > int(summary.get("reembed") or 0):
        return "video file", "video files"
    return "video", "videos"


def indexed_nouns(summary: dict | None) -> tuple[str, str]:
    """The nouns of a run's files to index, as its "Found …" line's (``_nouns``); "video files" where its
    summary does not say (not known to have been read)."""
    return _nouns(summary) if summary and "to_index" in summary else ("video file", "video files")


def indexed_words(indexed: int, of: int, moments: int, summary: dict | None, not_videos: int = 0, failed: int = 0,
                  kept: int = 0, thousands: bool = False, away: int = 0) -> str:
    """The line that ends a run that had files to index, as `seekframe index` and the window's status bar
    say it, in the nouns of its "Found …" line (``indexed_nouns``), adding up: "Indexed 4 of 5 video files
    (20 moments): 1 is not a video (skipped)." ``of``: the files it had to index; of them ``not_videos`` read
    and found to hold none, ``failed`` that could not be indexed ("1 failed": listed after), ``kept`` videos not embedded
    again (searched with their earlier moments), ``away`` gone or changed while read (not failed: tried again
    by the next run, said after: ``Tally.away_text``). Where none was indexed and each was no video: "Nothing
    indexed: the 1 file to index is not a video (skipped)." ("Indexed 0 of 0 files" said nothing of it)."""
    def number(n: int) -> str:
        return f"{n:,}" if thousands else str(n)

    are_not = "is not a video" if not_videos == 1 else "are not videos"
    if not indexed and not_videos and not_videos == of:
        return f"Nothing indexed: the {count(of, 'file', thousands=thousands)} to index {are_not} (skipped)."
    text = (f"Indexed {number(indexed)} of {count(of, *indexed_nouns(summary), thousands)} "
            f"({count(moments, 'moment', thousands=thousands)})")
    rest = [f"{number(not_videos)} {are_not} (skipped)"] * bool(not_videos)
    rest += [f"{number(failed)} failed"] * bool(failed)
    rest += [f"{number(away)} gone or changed while read"] * bool(away)
    rest += [f"{number(kept)} not embedded again (searched with {'its' if kept == 1 else 'their'} earlier "
             "moments)"] * bool(kept)
    return text + (f": {', '.join(rest)}." if rest else ".")


def skipped_words(kinds: dict, read: dict) -> str:
    """What a run skipped as no videos, by kind (``kinds``), in words that add up with its end line's "2 are
    not videos (skipped)" (``indexed_words``), which counts only ``read``: of ``kinds``, the files named as
    videos that the run read and found to hold none; the others (a README, songs, pictures: never among its
    "video files") said apart: "Skipped (not videos): 1 empty file, 1 text file; also 1 other file, not counted
    as a video file" (`seekframe index` and the window's index strip alike)."""
    from collections import Counter

    from .scan import skipped_text  # (not at start-up)

    others = Counter(kinds) - Counter(read)
    if not read or not others:
        return f"Skipped (not videos): {skipped_text(kinds)}"
    n = sum(others.values())
    return (f"Skipped (not videos): {skipped_text(read)}; also {skipped_text(others)}, not counted as "
            f"{'a video file' if n == 1 else 'video files'}")


def one_file_words(file: str, kinds: dict) -> str:
    """What a run given one file of a library folder (``seekframe index DIR/clip.mov``) ends with where it had
    nothing to index: that it is no video (``kinds``: {kind: 1}, as a run counts a skipped file), else that it is
    indexed already ("No videos to index in …/clip.mov", "Nothing new to index" said of a folder)."""
    if kinds:
        kind = next(iter(kinds))
        return f"Nothing indexed: {file} is not a video ({'an' if kind[0] in 'aeiou' else 'a'} {kind}), skipped."
    return f"Nothing new to index: {file} is indexed already."
