"""What an index run's scan says on the terminal before its files (``seekframe index``): its "Found …"
line, the folders named in another spelling, twice, renamed or nested, the moved, offline and held
folders; ``nesting_texts`` is the app's words for nesting too. The run's progress and end lines are
``core.progress``'s."""

from __future__ import annotations

from .filenames import shell_word, shown
from .plural import count
from .scan import is_video_name
from .scan_stalls import HUNG_WHY
from .status_words import failed_before_words, found_words, said_offline
from .sync_held import held_text
from .video_info import READ_OTHERWISE


def print_scanned(s: dict, files_total: int, quiet: bool, stream) -> None:
    """The lines of a run's "scanned" event (``s``: its summary; ``files_total``: the files of its first
    pass); ``quiet``: only the held folders, which need the user's decision."""
    if not quiet:
        copies = ("" if not s.get("copied") else "1 copy of an indexed video, " if s["copied"] == 1
                  else f"{s['copied']} copies of indexed videos, ")
        before = f"{failed_before}, " if (failed_before := failed_before_words(s)) else ""
        again = f" ({s['moved_again']} of them moved)" if s.get("moved_again") else ""  # (embedded again)
        print(f"Found {found_words(s)}: {s['to_index']} to index{again}, {s['unchanged']} unchanged, "
              f"{before}{copies}{'' if again and not s['moved'] else str(s['moved']) + ' moved, '}"  # (no "0 moved"
              f"{s['deleted']} removed.", file=stream)  # after "(2 of them moved)")
        if s.get("kept_elsewhere"):  # (a re-scan of one folder of several: core.sync_gone)
            from .kept_words import run_text

            print(run_text(s["kept_elsewhere"], s["deleted"]), file=stream)
        for typed, folder in (s.get("respelled") or {}).items():
            print(f"  {shown(typed)} is {shown(folder)} of the library, {_how(typed, folder)}: indexed under "
                  "that name.", file=stream)
        for typed, folder in (s.get("twice") or {}).items():  # (one folder named twice: ``run_roots.once``)
            print(f"  {shown(typed)} is {shown(folder)}, {_how(typed, folder)}: indexed once.", file=stream)
        for listed, spelled in (s.get("renamed") or {}).items():
            from .folder_spelling import unicode_form

            print(f"  The library's folder {shown(listed)} is spelled {unicode_form(listed, spelled)} "
                  "on disk now: listed so, its videos kept.", file=stream)
        print_nesting(s, stream)
        if s.get("recheck"):
            print(f"Checking {count(s['recheck'], 'video')} indexed by an earlier version, which "
                  f"read {READ_OTHERWISE} otherwise: those are indexed again.", file=stream)
        for root, (n, left, to) in (s.get("moved_from") or {}).items():
            from .folder_moved import run_text

            print(f"  {run_text(root, n, left, to)}", file=stream)
        for root, (n, to) in (s.get("unrecorded") or {}).items():  # (no drive recorded: copies)
            from .folder_moved import unrecorded_text

            print(f"  {unrecorded_text(root, n, to)}", file=stream)
        if s.get("retry"):
            print(f"Trying again {count(s['retry'], 'video')} an earlier version could not "
                  "read.", file=stream)
        if s.get("again"):
            from .failure_retry import again_text

            print(again_text(s["again"]), file=stream)
    held, offline = s.get("held", []), said_offline(s)
    for root in s["offline_roots"]:  # (one whose videos moved or were copied: said above)
        if not quiet and root in (s.get("moved_before") or {}):  # (renamed: as status says it)
            from .folder_moved import before_text

            print(f"  {before_text(root, *s['moved_before'][root])}", file=stream)
        elif not quiet and root in offline:
            what = ("the video is kept, marked offline; if you deleted it, `seekframe forget "
                    f"{shell_word(root)}` takes it off the library" if is_video_name(root)
                    else "its videos are kept, marked offline")
            if root in (s.get("hung") or ()):  # (core.scan_stalls)
                what = f"{HUNG_WHY}: a network share that stopped answering? {what}; a re-scan tries again"
                if root in (s.get("probed") or ()):  # (looked at briefly: a slow share waited for so)
                    what += f" briefly, `seekframe index {shell_word(root)}` waits longer for it"
            print(f"  offline: {shown(root)} ({what})", file=stream)
    for h in held:  # even with --quiet: it needs the user's decision
        print(f"  {held_text(shown(h['root']), h['videos'], h.get('why', ''))}: "
              f"seekframe index --prune \"{shown(h['root'])}\"", file=stream)
    if s.get("two_pass") and not quiet:
        print(f"Quick pass: keyframes of {count(files_total, 'file')} (searchable as each "
              "finishes), then the full pass.", file=stream)


def nesting_texts(s: dict, again: str = "index it again") -> list[str]:
    """A PATH inside a library folder, or a new one holding library folders (``core.run_roots``),
    as the CLI and the app say it (``again``: how to index a folder again)."""
    files = set(s.get("inside_files") or ())  # (a file named: in its folder, never listed on its own)
    out = [f"{shown(sub)} is a file in the library folder {shown(folder)}." if sub in files else
           f"{shown(sub)} is inside the library folder {shown(folder)}: indexed as part of it"
           + (", and listed as a folder of its own too." if listed else " (not listed as a folder of its own).")
           for sub, folder, listed in s.get("inside") or ()]
    return out + [f"{shown(sub)}, already a library folder, is inside {shown(folder)}: "
                  + ("it is part of it now (its videos kept, no longer listed on its own)." if folded else
                     "its videos are indexed as part of it; it stays listed on its own while its videos are kept "
                     f"offline ({again} when it is back).") for folder, sub, folded in s.get("holds") or ()]


def print_nesting(s: dict, stream) -> None:
    for text in nesting_texts(s):
        print(f"  {text}", file=stream)


def _how(typed: str, folder: str) -> str:
    """How ``typed`` names ``folder``: a case-insensitive disk (``same_folder``), or a link."""
    from .same_folder import folded

    if folded(typed) == folded(folder):
        return "on this disk, which does not tell upper from lower case"
    return "reached through a link"
