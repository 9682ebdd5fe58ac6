"""What the session's write jobs (``app.jobs``) say to the user: a run's scan (``scan_messages``),
its end (``run_messages``: what it indexed or found, the folders it could not read, the files it
skipped or could not index and when they are read again), and a removal's (``removal_done_text``,
``dropped_text``, ``never_added_text``). Plain functions over the engine's events and words (no Qt).
"""

from __future__ import annotations

import os

from core.filenames import shown, shown_name
from core.plural import count, first_few
from core.status_words import failed_before_words, found_words, moved_words, retry_text, said_offline
from core.stopped_runs import unnoted_text


def earlier_failed_text(to_retry: int) -> str:
    """The window's line under the library's failed files where ``to_retry`` of them an earlier
    version failed (``SessionStatus.to_retry``): `seekframe status`'s words (``core.status_words.
    retry_text``) with the window's run, the re-scan; '' for none."""
    return f"{retry_text(to_retry, 'The next re-scan')}." if to_retry else ""


def dropped_text(folder: str, dropped: tuple[str, ...], same=()) -> str:
    """What a removal's done message adds of the runs that went with it: of ``folder`` itself, as
    spelled or another spelling of it (``same``: a link to it, resolved in a worker, ``jobs.indexed_inside``)
    (the removal was asked for: nothing to add again), of folders in it (added again, each is a library
    folder of its own)."""
    itself = [d for d in dropped if os.path.normpath(d) == os.path.normpath(folder) or d in same]
    inner = [d for d in dropped if d not in itself]
    one, names = len(inner) == 1, ", ".join(map(shown, inner))
    own = (f"index {'it' if one else 'them'} as {'a library folder' if one else 'library folders'} of "
           f"{'its' if one else 'their'} own.")
    if not itself:
        return (f"The indexing of {names} (in {shown(folder)}), waiting or under way, was dropped with the "
                f"removal: add {'it' if one else 'them'} again to {own}")
    said = ", ".join(dict.fromkeys(shown(folder) if os.path.normpath(d) == os.path.normpath(folder)
                                   else f"{shown(d)} ({shown(folder)} through a link)" for d in itself))
    if not inner:
        return f"The indexing of {said}, waiting or under way, was dropped with the removal of the folder."
    return (f"The indexing of {said}, and of {names} in it, waiting or under way, was dropped with the "
            f"removal of the folder: add {names} again to {own}")


def never_added_text(folder: str) -> str:
    """What the removal of a folder the library never held (added, removed before its run) says."""
    return f"{shown(folder)} was not in the library yet: its indexing was dropped. The files are untouched."


def removal_done_text(n: int | None, folder: str, kept: bool, dropped: tuple[str, ...], new: bool,
                      elsewhere, same=()) -> str:
    """What a removal done says ("" nothing): how many videos went (``n``), or, ``n`` None, that it
    was never in the library (``new``: only on its way) or that another process removed the folder
    meanwhile (``elsewhere(folder)``: the status reader's words, "" once it said so); ``kept``: the
    folders it took in were kept; ``dropped``: the folders in it whose runs went with it (``same``:
    those that are the folder itself through a link)."""
    from core.service import forget_summary

    text = forget_summary(n, folder) if n is not None else never_added_text(folder) if new else elsewhere(folder)
    if text and kept and n is not None:
        text += " The folders it took in stay in the library, listed on their own, with their videos."
    if dropped:
        text = f"{text} {dropped_text(folder, dropped, same)}".strip()
    return text


def offline_text(root: str, hung: bool = False) -> str:
    """A run's warning of a library folder it found offline (``scan_messages``); the window takes it down
    once the folder is back (``app.wiring.library``). ``hung``: offline as its files' reads got no answer
    (the summary's ``hung``, ``core.scan_stalls``: a share whose listing answers)."""
    if hung:
        return (f"{shown(root)} is offline for this run: its files do not answer reads (a network share that "
                "stopped answering?). Its videos are kept and marked offline; a re-scan tries again.")
    return f"{shown(root)} is offline (an unplugged drive?): its videos are kept and marked offline until it is back."


def scan_messages(summary: dict) -> list[tuple[str, str]]:
    """What a run's scan says: a folder added inside a library folder or holding some (as the
    CLI: part of it, or taking them in), the roots found offline, the vanished videos it kept."""
    from core.folder_moved import WINDOW, before_text, run_text, unrecorded_text
    from core.scan_said import nesting_texts
    from core.sync_held import held_text  # imports the library (LanceDB): not at startup

    held, moved, copied = summary.get("held", []), summary.get("moved_from") or {}, summary.get("unrecorded") or {}
    out = [("info", text) for text in nesting_texts(summary, again="re-scan it")]
    out += [("warning", offline_text(root, root in (summary.get("hung") or ())))
            for root in said_offline(summary)]  # (held, moved, copies, renamed before: each in its own words)
    out += [("info", before_text(root, *said, where=WINDOW)) for root, said in (summary.get("moved_before")
                                                                               or {}).items()]
    out += [("info", run_text(root, n, left, to, WINDOW)) for root, (n, left, to) in moved.items()]  # (the CLI's words)
    out += [("info", unrecorded_text(root, n, to, WINDOW)) for root, (n, to) in copied.items()]  # (no drive recorded)
    out += [("warning", f"{held_text(h['root'], h['videos'], h.get('why', ''))} "
                        "(Remove them in the indexing panel).") for h in held]  # the panel offers to
    if summary.get("retry"):
        out.append(("info", f"Trying again {count(summary['retry'], 'video')} an earlier version could not read."))
    if summary.get("again"):  # (as the CLI's core.failure_retry.again_text, a run being the app's)
        from core.failure_retry import TRIES

        out.append(("info", f"Trying again {count(summary['again'], 'video')} whose failure may have been of the "
                            "moment (a decoder that hung or was killed, a read error of a disk or network share): "
                            f"each is tried in up to {TRIES} indexing runs (a re-scan is one)."))
    return out


def retried_text(reasons: list[str]) -> str:
    """When the failed files of a run are read again (``core.failure_retry.retried_text``), in the
    window's words: those waiting for a change are read now by the indexing panel's Try again."""
    from core.failure_retry import TRY_AGAIN, retried_text as said

    return said(reasons, TRY_AGAIN)


def window_reason(reason: str) -> str:
    """A run's reason for a failed video as the window lists it: one whose embedding again failed says
    what reads it again now as the CLI does (``core.pass_book.reembed_words``: `seekframe index
    --retry-failed`), the window's Try again (the indexing panel's button under the failed files) here."""
    if "--retry-failed" not in reason:  # (the others name no command: core.reembed_failed not imported)
        return reason
    from core.reembed_failed import RETRY_WORDS

    return reason.replace(f": {RETRY_WORDS}", ", or now with Try again")


def found_text(summary: dict, not_videos: int = 0) -> str:
    """What a run's scan found that no file read says, as the CLI's "Found …" line says it: its
    videos that were copies of indexed ones (their moments copied, not read again) or moved, with the
    unchanged and ``not_videos`` (files named as videos that hold none) beside them; the files to index,
    failed or found no video in too, are counted by the run's end line that follows ("Indexed 0 of 2 video
    files (0 moments): 1 is not a video (skipped), 1 failed.": ``Tally.indexed_text``), so the count adds up;
    the removed, not among the files found, after them on their own ("…; 2 removed (no longer there)."); ""
    when there were none of copies, moves or removals (the run's end line says the rest)."""
    copied, removed = (summary.get(k) or 0 for k in ("copied", "deleted"))
    if not (copied or moved_words(summary) or removed):
        return ""
    parts = [f"{summary.get('unchanged') or 0:,} unchanged"] if summary.get("unchanged") else []
    parts += [before] if (before := failed_before_words(summary, thousands=True)) else []
    if copied:
        parts.append("1 copy of an indexed video (its moments copied, not read again)" if copied == 1 else
                     f"{copied:,} copies of indexed videos (their moments copied, not read again)")
    parts += moved_words(summary, thousands=True)  # (kept, or embedded again: the strip's words)
    if not_videos:
        parts.append(f"{not_videos:,} not {'a video' if not_videos == 1 else 'videos'}")
    # (the removed are not among the files found: their own clause; not what a re-scan of one folder keeps by
    # content: the strip says it, once, app.index_panel)
    gone = f"{removed:,} removed (no longer there)" if removed else ""
    return f"Found {found_words(summary, thousands=True)}" + (f": {', '.join(parts)}" if parts else "") + (
        f"{'; ' if parts else ': '}{gone}" if gone else "") + "."


def removed_note(summary: dict, removed: int) -> str:
    """What the index strip's brackets after "N removed" say: "no longer there", and where a re-scan of
    one folder kept some of them by their content a while (``core.sync_gone``), what brings them back
    (the status bar's "Found …" line, shown with it, says "no longer there" alone)."""
    if kept := int(summary.get("kept_elsewhere") or 0):
        from core.kept_words import note_text

        return note_text(kept, removed)
    return "no longer there"


def split_failed(failed) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A run's ``failed`` (path, reason) apart: the folders its walk could not open or list, with why
    (``core.scan.unread_folder``: 'File name too long'), and the files that could not be indexed (the
    paths given that are no file to read, a pipe, a device, are no failure: ``IndexEvent.skipped``)."""
    from core.scan import unread_folder  # (the engine's words; not at startup)

    folders, files = [], []
    for p, r in failed or ():
        if (why := unread_folder(r)) is not None:
            folders.append((p, why))
        else:
            files.append((p, r))
    return folders, files


def run_messages(ev, tally, silent: bool = False) -> list[tuple[str, str]]:
    """What a finished or cancelled run says (``silent``: a cancel the session made itself);
    ``tally``: its events added up as the CLI adds them (``core.progress.Tally``; ``failed``
    also lists files of a quick pass or of an earlier run that no ``files_total`` holds)."""
    out = []
    if ev.kind == "cancelled":
        if not silent:
            # (cancelled once its plan was recorded: the library panel offers Finish indexing for the files it
            # left, named so here too; before its plan, no record: Re-scan)
            rest = "Finish indexing" if getattr(ev, "files_total", 0) else "Re-scan"
            out.append(("info", f"Indexing cancelled. Indexed videos are kept; {rest} finishes the rest."))
    else:
        summary = getattr(ev, "summary", None) or {}
        # (the CLI's end line, core's one rule: "Nothing new to index: 2 videos up to date." only where there was
        # nothing to index; else "Indexed 0 of 1 video file (0 moments): 1 is not a video (skipped).", which
        # counts its files found no video in: not counted twice in the Found sentence)
        found = found_text(summary)  # (nothing to index: it, or the checked line, is the run's line alone)
        nothing = tally.nothing_new(ev.files_total, summary) and (found or tally.checked_text())
        said = [already_text(summary.get("already_listed") or ()), found,
                "" if nothing else tally.indexed_text(ev.files_total, ev.moments, summary, thousands=True)]
        if any(said):
            out.append(("info", " ".join(filter(None, said))))
    if (getattr(ev, "summary", None) or {}).get("finish_unnoted"):  # (every video is in: core.stopped_runs)
        out.append(("warning", unnoted_text("the next re-scan")))
    if tally.checked_text():
        out.append(("warning" if tally.unchecked else "info", tally.checked_text()))
    if tally.away_text():
        out.append(("warning", tally.away_text()))
    (folders, files), skipped = split_failed(ev.failed), getattr(ev, "skipped", None) or ()
    if folders:
        one, first = len(folders) == 1, first_few(folders, lambda p, why: f"{shown(p)}: {shown(why)}")
        out.append(("warning", f"{count(len(folders), 'folder')} could not be read ({first}): the videos in "
                               f"{'it are' if one else 'them are'} not indexed. The library panel lists "
                               f"{'it' if one else 'them'} until a re-scan reads {'it' if one else 'them'}."))
    if skipped:  # (no failure: `seekframe index` says them under "N files skipped:")
        first = first_few(skipped, lambda p, why: f"{shown_name(p)}: {shown(why)}")
        out.append(("info", f"{count(len(skipped), 'file')} skipped ({first})."))
    from core.reembed_failed import earlier_kept

    if kept := [(p, r) for p, r in files if earlier_kept(r)]:  # (indexed before: searched on its moments)
        out.append(("warning", kept_text(kept)))
    if files := [(p, r) for p, r in files if not earlier_kept(r)]:
        first = first_few(files, lambda p, r: f"{shown_name(p)}: {shown(r)}")
        before = len(files) - len(own_failed(ev) & {p for p, _r in files})  # (this run's "N failed" leaves them out)
        said = f"{count(len(files), 'file')} could not be indexed ({first})"
        said = (f"From earlier runs, {said}" if before == len(files) and ev.kind == "finished" else said
                + f", {before} of them in earlier runs" * bool(before and ev.kind == "finished"))
        out.append(("warning", f"{said}. " + retried_text([r for _p, r in files])))
    return out


def already_text(folders) -> str:
    """What a run of folders added again (Add folder of a library folder) says first: they are in the library
    already, and were re-scanned ("" for none)."""
    if not folders:
        return ""
    what = shown(folders[0]) if len(folders) == 1 else count(len(folders), "folder")
    return f"{what} {'is' if len(folders) == 1 else 'are'} already in the library: re-scanned."


def kept_text(kept) -> str:
    """What a run says of the videos (path, reason) whose embedding again failed (``core.reembed_failed``),
    which it lists as failed: no file that could not be indexed, they are searched with their earlier
    moments; when they are tried again (the next re-scan, for a failure of the moment; else once their
    files change), or now by the indexing panel's Try again, whatever their failure (it shows under them)."""
    from core.reembed_failed import kept_why

    one, whys = len(kept) == 1, [kept_why(r) for _p, r in kept]
    first = first_few([(p, why) for (p, _r), (why, _a) in zip(kept, whys)],
                      lambda p, why: f"{shown_name(p)}: {shown(why)}")
    if (again := sum(a for _w, a in whys)) == len(kept):
        then = f"The next re-scan tries {'it' if one else 'them'} again, or now with Try again."
    elif again:
        then = (f"{again} of them, whose failure may have been of the moment, {'is' if again == 1 else 'are'} tried "
                "again by the next re-scan; the others when their files change, or now with Try again.")
    else:
        its = "its file changes" if one else "their files change"
        then = f"{'It is' if one else 'They are'} tried again when {its}, or now with Try again."
    return (f"{count(len(kept), 'video')} could not be embedded again ({first}): {'it is' if one else 'they are'} "
            f"still searched with {'its' if one else 'their'} earlier moments. {then}")


def bar_words(problems: str, latest) -> str:
    """The index strip's bar's words once a run ended (``latest``, its last event) while ``problems``
    (the failed button's words, "1 failed") are listed: "Finished: 1 failed" for a run that failed files
    itself, "Finished; from earlier runs: 1 failed" when it failed none (those listed are failures it did
    not try: ``summary["failed_earlier"]``, or of other folders), as `seekframe index` ends in 0 for them;
    a stopped run's, the problems alone."""
    if not problems or latest.kind != "finished":
        return problems
    return f"Finished: {problems}" if own_failed(latest) else f"Finished; from earlier runs: {problems}"


def own_failed(latest) -> set[str]:
    """The paths a run (``latest``: its last event) failed itself, new failures or files it tried again: not
    those earlier runs failed that it did not try (``summary["failed_earlier"]``), which it lists too, and
    which the bar, the strip and the status bar say apart (`seekframe index` ends in 0 for them)."""
    earlier = set((getattr(latest, "summary", None) or {}).get("failed_earlier") or ())
    return {p for p, _r in getattr(latest, "failed", None) or () if p not in earlier}
