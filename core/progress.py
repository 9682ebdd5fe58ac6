"""Terminal presentation of indexing runs (used by the CLI only; ``seekframe status`` is
``core.cli_status``; what a run's scan says before its files is ``core.scan_said``)."""

from __future__ import annotations

import os
import sys
from collections import Counter

from .errors import is_damage_note, not_video_kind
from .failure_retry import retried_text, shown_reason
from .filenames import shown, telling_apart
from .plural import count
from .reembed_failed import earlier_kept
from .scan import skipped_text, unread_folder
from .scan_said import print_scanned
from .status_words import end_words, nothing_to_index, one_file_words, skipped_words
from .stopped_runs import unnoted_text
from .timefmt import format_eta


FILE_EVENTS = ("file_done", "file_failed", "file_checked", "file_away", "file_skipped")  # a file of the pass is through


def counts_as_indexed(ev) -> bool:
    """Whether ``ev`` is a file indexed; a two-pass run counts each file once, in its full pass."""
    return ev.kind == "file_done" and ev.phase != "quick"


class Tally:
    """What one index run's events add up to, as the CLI and the app report it: files indexed
    (``counts_as_indexed``), and videos of an earlier reader checked and kept as they were
    (``core.sync``'s rechecks; ``unchecked``: (path, reason) of those that could not be checked)."""

    def __init__(self):
        self.indexed, self.kept, self.unchecked = 0, 0, []
        self.away: list[tuple[str, str]] = []  # (path, how): files gone or changed while read
        self.cut_short: dict[str, str] = {}  # path -> note: indexed as far as they play
        self.skipped: list[tuple[str, str]] = []  # (path, why): named as videos, found to hold none
        self.quick: set[str] = set()  # files the quick pass made searchable
        self._pass_skipped = 0  # of ``skipped``, those of the latest pass (a quick pass's are not in the full one)
        self._quick_dropped = 0  # files a quick pass failed or found gone: not in the full pass, still to index
        self.unindexed = Counter()  # files failed, gone or changed while read ("away"), videos not embedded again ("kept")
        self._summary: dict = {}  # the scan's (the "scanned" event's summary)
        self._last = None  # the latest event

    def add(self, ev) -> None:
        self.indexed += counts_as_indexed(ev)
        self._last = ev
        if ev.kind == "scanned":
            self._summary = ev.summary or {}
        if ev.kind == "pass_started":
            self._pass_skipped = 0
        if ev.kind == "file_done" and ev.error:  # (a two-pass run says it twice: once per file)
            self.cut_short[ev.current] = ev.error
        if ev.kind == "file_done" and ev.phase == "quick":
            self.quick.add(ev.current)
        if ev.kind == "file_away":  # (what the quick pass found of it no longer holds: not cut short)
            self.away.append((ev.current, ev.error))
            self.cut_short.pop(ev.current, None)
        if ev.kind == "file_skipped":
            self.skipped.append((ev.current, ev.error))
            self._pass_skipped += 1
        if ev.kind in ("file_failed", "file_away") and ev.phase == "quick":
            self._quick_dropped += 1
        if ev.kind in ("file_failed", "file_away"):  # (one that fails in a quick pass is not in the full one)
            self.unindexed["away" if ev.kind == "file_away" else "kept" if earlier_kept(ev.error) else "failed"] += 1
        if ev.kind == "file_checked":
            if ev.error:
                self.unchecked.append((ev.current, ev.error))
            else:
                self.kept += 1

    def to_index(self, files_total: int) -> int:
        """The full pass's ``files_total`` less the rechecked videos that were kept and the files it
        found to hold no video (those the quick pass found so are not in the full pass's total), with
        the files the quick pass failed or found gone (not in that total, yet files to index, as a
        one-pass run counts them)."""
        return max(0, files_total + self._quick_dropped - self.kept - len(self.unchecked) - self._pass_skipped)

    def indexed_text(self, files_total: int, moments: int, summary: dict | None, thousands: bool = False,
                     found_said: bool = False) -> str:
        """The line that ends the finished run, as each front end says it (``status_words.end_words``'s one rule):
        of the files it had to index (``to_index``, with those it found to hold no video), how many it indexed,
        found no video in, could not index: the sum of its "Found …" line's "to index" ("Indexed 4 of 5 video
        files (20 moments): 1 is not a video (skipped)."); "Nothing new to index: 2 videos up to date." where it
        had none (``found_said``: the front end's "Found …" line counted the unchanged: "Nothing new to index.")."""
        n = len(self.skipped)
        return end_words(self.indexed, self.to_index(files_total) + n, moments, summary, n, self.unindexed["failed"],
                         self.unindexed["kept"], thousands, self.unindexed["away"], found_said)

    def nothing_new(self, files_total: int, summary: dict | None) -> bool:
        """Whether the run had no file to index (``status_words.nothing_to_index``: its end line "Nothing new")."""
        return nothing_to_index(self.to_index(files_total) + len(self.skipped), summary)

    def no_videos_text(self, where: str = "", file: str = "") -> str:
        """"" unless the run finished having found no video to index, every file it met being no
        video (songs, pictures, an audio-only .mp4 the passes skipped: "Indexed 0 of 0 files" said
        nothing of them), and none failed or already indexed; then that, with the files skipped
        by kind: "No videos to index{where}: 9 files skipped (8 audio files, 1 other file)."""
        last, s = self._last, self._summary
        if (last is None or last.kind != "finished" or last.failed or last.skipped or self.indexed or self.kept
                or self.unchecked or self.away or self.to_index(last.files_total)
                or any(s.get(k) for k in ("unchanged", "moved", "copied", "recheck"))):
            return ""
        kinds = Counter((s.get("skipped") or {}).get("kinds") or {})
        kinds.update(s.get("known_not_videos") or {})  # (named by the run that read them: counted, not named)
        kinds.update(not_video_kind(why) for _, why in self.skipped)
        n = sum(kinds.values())
        if file and n == 1:  # (one file given: said of it, ``one_file_words``)
            return one_file_words(file, kinds)
        return f"No videos to index{where}: {count(n, 'file')} skipped ({skipped_text(kinds)})." if n else ""

    def checked_text(self) -> str:
        """"" when the run checked no video; else what it did with them."""
        if not (self.kept or self.unchecked):
            return ""
        text = (f"Checked {count(self.kept, 'video')} indexed by an earlier version: read as before, "
                + ("kept as it was" if self.kept == 1 else "kept as they were"))
        if self.unchecked:
            path, why = self.unchecked[0]
            kept = "kept as it was" if len(self.unchecked) == 1 else "kept as they were"
            text += f"; {len(self.unchecked)} could not be checked ({kept}, checked again next time; {path}: {why})"
        return text + "."

    def cut_text(self, names: int = 0) -> str:
        """"" when no file indexed was cut short or damaged; else how many, that what plays is
        indexed, and the names of the first ``names`` of them."""
        damaged = [p for p, note in self.cut_short.items() if is_damage_note(note)]
        cut = [p for p in self.cut_short if p not in set(damaged)]
        texts = []
        for paths, what in ((cut, "cut short (a download or copy that did not finish?): the part that plays is indexed"),
                            (damaged, "damaged (bad sectors, a failing card?): the parts that decode are indexed")):
            if paths:
                n = len(paths)
                text = f"{count(n, 'file')} {'is' if n == 1 else 'are'} {what}"
                if names:
                    told = [telling_apart(p, self.cut_short) for p in paths[:names]]  # (two of one name told apart)
                    text += f" ({', '.join(told)}{f' and {n - names} more' if n > names else ''})"
                texts.append(text + ".")
        return " ".join(texts)

    def away_text(self) -> str:
        """"" when no file went away while it was read; else what became of them."""
        if not self.away:
            return ""
        one = len(self.away) == 1
        path, how = self.away[0]
        quick = sum(p in self.quick for p, _ in self.away)
        kept = ("nothing was recorded" if not quick else "the quick pass's moments of it are kept" if one
                else f"the quick pass's moments of {quick} are kept, nothing more was recorded")
        return (f"{count(len(self.away), 'file')} could not be read and {'is' if one else 'are'} no longer "
                f"as found (a drive disconnected, or a copy still being written?): {kept}"
                f"{'' if quick else ' for it' if one else ' for them'}, the next run tries {'it' if one else 'them'} again "
                f"({shown(path)}: {shown(how)}).")


SHOWN_SKIPPED = 10  # video-named files skipped, listed one by one up to this many
SHOWN_FAILED = 20  # failed files listed one by one at a run's end, up to this many
ALL_IN_STATUS = " (`seekframe status` lists them all)."  # (after "… and 3 more")


def full_pass_text(files: int) -> str:
    """What a two-pass run says as its full pass starts (``seekframe index`` and the window alike):
    its files are searchable already, through the quick pass's moments."""
    return (f"Full pass: {count(files, 'file')} (searchable already; their moments are replaced as each "
            "finishes).")


def print_skipped(skipped: dict, stream, counted: bool = True) -> None:
    """What the scan left out: non-video files counted by kind (not ``counted``: said by the line
    after, ``Tally.no_videos_text``), those the run read apart (``read``: ``skipped_words``), skipped
    video names listed."""
    kinds, files = skipped.get("kinds") or {}, skipped.get("files") or []
    if kinds and counted:
        print(f"{skipped_words(kinds, skipped.get('read') or {})}.", file=stream)
    _listed(files, lambda p, why: f"skipped: {shown(p)}: {shown(why)}", SHOWN_SKIPPED, " like these", stream)


def _listed(items, line, most: int, more: str, stream) -> None:
    """``items`` (pairs) one a line (``line(*item)``, indented) up to ``most`` of them, then how
    many more (``more`` after the count)."""
    for item in items[:most]:
        print(f"  {line(*item)}", file=stream)
    if len(items) > most:
        print(f"  … and {len(items) - most} more{more}", file=stream)


def where_text(paths) -> str:
    """Where a run looked, as its "No videos to index" says it: " in /videos", " in /a, /b", or " in
    the library's folders" (no PATH given)."""
    if not paths:
        return " in the library's folders"
    named = [shown(os.path.abspath(p)) for p in paths[:3]]
    return f" in {', '.join(named)}" + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def print_index_run(events, quiet: bool = False, paths=None) -> list[tuple[str, str]]:
    """Drive an index run's events, showing progress; returns the files this run failed with their
    reasons (new failures, and those it tried again: not those an earlier run failed that it did not
    try, listed but for ``quiet``, whose ``seekframe index`` ends in 0: a nightly job's mail says what
    is new), and those given to index that are no file to read (a pipe: its ``seekframe index`` ends in 1).
    ``paths``: the PATHs the run was given (None: the library's folders), which a run that found no
    video names."""
    stream = sys.stderr
    bar = None
    last = None
    tally = Tally()
    scan_skipped: dict = {}  # what the scan left out, said at the end with the files the run found no videos
    live_failed = 0  # failures said as they came (SHOWN_FAILED, then one line for the rest)
    try:
        for ev in events:
            last = ev
            tally.add(ev)
            if ev.kind == "pass_started":  # a two-pass run's full pass, after the quick one
                if bar is not None:
                    bar.close()
                    bar = None
                if not quiet and ev.files_total:  # (none: the quick pass left none, each skipped or failed)
                    print(full_pass_text(ev.files_total), file=stream)
            if ev.kind == "scanned":
                print_scanned(ev.summary, ev.files_total, quiet, stream)
                if not quiet:
                    scan_skipped = ev.summary.get("skipped") or {}  # (said once, with the run's, at its end)
            if ev.kind in ("scanned", "pass_started") and not quiet and stream.isatty() and ev.files_total:
                from tqdm import tqdm

                bar = tqdm(total=ev.files_total, unit="file", file=stream, dynamic_ncols=True,
                           desc=f"{ev.phase} pass" if ev.summary.get("two_pass") else None)
            elif ev.kind == "file_progress" and bar is not None:  # (a long file read on: its ETA anew)
                bar.set_postfix_str(f"{count(ev.moments, 'moment')}, {format_eta(ev.eta_s)}")
            elif ev.kind in FILE_EVENTS:
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix_str(f"{count(ev.moments, 'moment')}, {format_eta(ev.eta_s)}")
                if ev.kind == "file_failed" and not quiet and live_failed <= SHOWN_FAILED:
                    live_failed += 1
                    said = shown_reason(shown(ev.error))  # (one no run tries again: what does)
                    line = (f"  failed: {shown(ev.current)}: {said}" if live_failed <= SHOWN_FAILED
                            else "  (more files failed: the list at the end counts them)")
                    if bar is not None:
                        bar.write(line)
                    else:
                        print(line, file=stream)
    except BaseException:  # (Ctrl-C, a full disk: what it skipped is said still, before the stop's own words)
        if bar is not None:
            bar.close()
            bar = None
        _say_skipped(scan_skipped, tally.skipped, stream)
        raise
    finally:
        if bar is not None:
            bar.close()
    failed, skipped = (list(last.failed), list(last.skipped)) if last else ([], [])
    before = set(last.summary.get("failed_before") or ()) if last is not None else set()
    now = [(p, r) for p, r in failed if p not in before]  # (this run's: new, or tried again and failed again)
    files = set((last.summary or {}).get("inside_files") or ()) if last is not None else set()
    one = os.path.abspath(paths[0]) if paths and len(paths) == 1 else ""
    file = shown(one) if one in files else ""  # (one file of a library folder named: said of it)
    none_here = tally.no_videos_text(where_text(paths), file)  # (said last: after the files skipped)
    if last is not None and last.kind == "cancelled":
        print("Cancelled; indexed videos are kept, run again to finish.", file=stream)
    elif none_here:
        pass
    elif last is not None and not quiet and not (tally.nothing_new(last.files_total, last.summary)
                                                 and tally.checked_text()):  # (then the checked line says it)
        said = tally.indexed_text(last.files_total, last.moments, last.summary, found_said=True)
        unchanged = said.startswith("Nothing new") and (last.summary or {}).get("unchanged") == 1
        print(one_file_words(file, {}) if file and unchanged else said, file=stream)
    if last is not None and last.summary.get("finish_unnoted"):  # (even with -q: the disk is full)
        print(unnoted_text(), file=stream)
    if tally.checked_text() and (tally.unchecked or not quiet):
        print(tally.checked_text(), file=stream)
    if tally.cut_text() and not quiet:
        print(tally.cut_text(), file=stream)
        for path, note in tally.cut_short.items():
            print(f"  {shown(path)}: {shown(note)}", file=stream)
    _say_skipped(scan_skipped, tally.skipped, stream, counted=not (none_here and not quiet))  # (there: its count)
    if tally.away_text():
        print(tally.away_text(), file=stream)
    if none_here and not quiet:
        print(none_here, file=stream)
    folders = [(p, why) for p, r in (now if quiet else failed) if (why := unread_folder(r)) is not None]  # (-q: new)
    if folders:
        print(f"{count(len(folders), 'folder')} could not be read:", file=stream)
        _listed(folders, lambda p, why: f"{shown(p)}: {shown(why)}", SHOWN_FAILED, ALL_IN_STATUS, stream)
    if skipped:
        print(f"{count(len(skipped), 'file')} skipped:", file=stream)  # (named: a pipe, a device; not failed)
        _listed(skipped, lambda p, why: f"{shown(p)}: {shown(why)}", SHOWN_FAILED, ".", stream)
    if files := [(p, r) for p, r in (now if quiet else failed) if unread_folder(r) is None]:
        print(f"{count(len(files), 'file')} could not be indexed:", file=stream)  # (with earlier runs' failures)
        _listed(files, lambda p, r: f"{shown(p)}: {shown_reason(shown(r))}", SHOWN_FAILED, ALL_IN_STATUS, stream)
        if said := earlier_text(files, last.summary.get("failed_earlier") or ()):  # (its "Indexed …" leaves them out)
            print(said, file=stream)
        from .reembed_failed import earlier_kept  # (those say their own: searched with their earlier moments)

        if first := [r for _p, r in files if not earlier_kept(r)]:
            print(retried_text(first), file=stream)
    return now + skipped


def earlier_text(files, earlier) -> str:
    """Which of the failed ``files`` (path, reason) a run listed are earlier runs' it did not try (``earlier``:
    its ``summary["failed_earlier"]``), as the window's status bar says them: "" where none is."""
    n, earlier = len(files), set(earlier)
    if not (m := sum(p in earlier for p, _r in files)):
        return ""
    if m == n:
        return f"{'It is' if n == 1 else 'They are'} from earlier runs: this run did not try {'it' if n == 1 else 'them'}."
    return f"{m} of them {'is' if m == 1 else 'are'} from earlier runs: this run did not try {'it' if m == 1 else 'them'}."


def _say_skipped(scan_skipped: dict, run_skipped, stream, counted: bool = True) -> None:
    """What the scan (``scan_skipped``, its summary's) and the run (``run_skipped``: named as videos,
    found to hold none) skipped, in one statement: the scan's "1 other file" and the run's "1 text file"
    were said two."""
    if run_skipped or scan_skipped:
        read = Counter(not_video_kind(why) for _, why in run_skipped)
        kinds = Counter(scan_skipped.get("kinds") or {}) + read
        print_skipped({"kinds": dict(kinds), "read": dict(read),
                       "files": [*(scan_skipped.get("files") or ()), *run_skipped]}, stream, counted)
