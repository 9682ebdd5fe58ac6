"""The folders an index run walks (``core.indexer``): the roots named, else the library's, spelled
as the library spells them; the model and the moment settings bound to the library first; a new
root listed as a library folder, or indexed as part of the library folder holding it, and a
library folder inside a new root folded into it (``IndexOptions.part_of_folder``), in one write."""

from __future__ import annotations

import functools
import os
import unicodedata

from .errors import SeekframeError, is_disk_full
from .file_kinds import no_file_to_read
from .folder_respelled import renamed_records, respelled_folders
from .folder_spelling import library_spellings, spelled_in, typed_folders
from .scan import is_under
from .taking_in import kept_apart, taken_in


def run_roots(lib, encoder, opts, requested: list[str], summary: dict) -> tuple[list[str], dict[str, str]]:
    """The folders to scan (those named, else the library's) and the library folders a new root
    took in ({folder: that root}); ``summary`` gets ``respelled``, ``inside`` and ``holds``."""
    lib.bind_model(encoder.model_id, encoder.source, encoder.embed_dim)
    known, rows = list(lib.meta.settings.folders or []), functools.cache(lib.video_table.all)  # (once, if at all)
    typed = typed_folders(requested, known, lib.meta, rows)  # (a '..' read as the OS reads it)
    roots = library_spellings(typed, known, lib.meta, rows) or known  # (offline ones unresolved)
    summary["respelled"] = {t: r for t, r in zip(typed, roots) if t != r}  # reached through links
    roots, summary["twice"] = once(roots, known)  # (``index ~/Videos ~/videos``: one folder, one name)
    # a library folder the disk spells otherwise now (a Mac's copy): walked and listed under that name
    composed = {unicodedata.normalize("NFC", r) for r in roots if not r.isascii()}  # (others never looked at)
    candidates = [f for f in known if not f.isascii() and unicodedata.normalize("NFC", f) in composed
                  and _not_there(f, lib.meta.settings.hung_folders)]  # (one there as listed: the table not read)
    renamed = respelled_folders(candidates, known, rows() if candidates else ())
    roots = list(dict.fromkeys(renamed.get(r, r) for r in roots))
    summary["renamed"] = renamed
    if not roots:
        raise SeekframeError("No folders to index: name one, e.g. `seekframe index ~/Videos`.")
    s = lib.meta.settings  # moments of one library are cut one way: another cut is refused, not mixed in
    if s.window_s is not None and (abs(s.window_s - opts.window_s) > 1e-6 or bool(s.shot_cuts) != opts.shot_cuts
                                   ) and any(v.n_moments for v in rows()):
        raise SeekframeError(f"This library cuts moments every {s.window_s:g} s (shot cuts "
                             f"{'on' if s.shot_cuts else 'off'}); to change that, re-index it "
                             "with --reindex.")
    # (a named pipe, socket or device named is scanned, said skipped, never listed as a library folder)
    new, records, folded = _nest(lib, opts.part_of_folder, known, [r for r in roots if r not in known and r not in
                                 renamed.values() and not no_file_to_read(r)], rows, summary)
    if renamed:  # (their videos moved first: killed before the write below, status counts them there, a
        # forget makes that write first, ``folder_respelled.finish_listing``, and the next run makes it)
        records = _merged(records, renamed_records(lib, renamed, rows), renamed)
    try:
        lib.update_settings(folders=[renamed.get(f, f) for f in known if f not in folded] + new,  # (one write:
                            window_s=opts.window_s, shot_cuts=opts.shot_cuts, **records)  # a kill leaves no half fold)
    except Exception as exc:
        if new and is_disk_full(exc):  # (not listed: said as not added, which a re-scan would not index)
            raise not_added(new) from exc
        raise
    return roots, folded


def _a_file(path: str) -> bool:
    """Whether ``path`` (a root named inside a library folder) is a file: one bounded look."""
    from . import bounded_meta

    return bool(bounded_meta.answer(path, os.path.isfile, path, otherwise=False))


def _not_there(folder: str, hung) -> bool:
    """Whether the library folder ``folder`` is not there as listed (``lexists``), asked as one
    ``bounded_meta`` call (the run's bound, as its scan's look: that look then answers at once); False
    where it does not answer, and for a folder of ``hung`` (library setting ``hung_folders``: the scan
    probes it), not looked at: a network share that stopped answering is not respelled
    (``folder_respelled``), where this look held the run for ever before its scan began."""
    from . import bounded_meta

    if folder in (hung or ()):
        return False
    return not bounded_meta.answer(folder, os.path.lexists, folder, otherwise=True)


class NotAdded(SeekframeError):
    """New folders a full disk kept from being listed (``run_roots``' one write refused): not in the
    library, so no re-scan indexes them and nothing says them later; the disk's error is its cause
    (a front end says it as a full disk's: the CLI's exit code, the app's banner). Said in the CLI's
    words; ``said(again)`` in a front end's own."""

    def __init__(self, roots: list[str]):
        self.roots = list(roots)
        super().__init__(self.said("run the same command again"))

    def said(self, again: str) -> str:
        from .filenames import shown

        named = ", ".join(map(shown, self.roots))
        return (f"{named} {'was' if len(self.roots) == 1 else 'were'} not added to the library: the disk holding "
                "the library is full (or a disk quota or the file size limit was reached). Nothing was lost: "
                f"the library is consistent. Free some space (or raise the limit), then {again.format(named=named)}.")


def once(roots: list[str], known) -> tuple[list[str], dict[str, str]]:
    """``roots`` (as the library spells them) with a new one that is the same folder on disk as
    another new one, or lies in it (named before or after it), named once: through that one's name (``index ~/Videos ~/videos``
    on a case-insensitive disk, ``index A lnk`` with ``lnk`` a link to ``A``: one library folder, not
    a second one left empty). Of two names of one folder, the one not through a link is kept. Also
    {name: the name it is}, for the run to say. Library folders (``known``) are left as they are;
    only new roots are looked at (their walk looks at them anyway)."""
    from . import bounded_meta
    from .same_folder import same_spelled

    kept: dict[str, str] = {}  # (new root: where it really is)
    named: dict[str, str] = {}
    for r in roots:
        if r in known or no_file_to_read(r) or r in kept:
            continue
        try:  # (one bounded look: a folder that stopped answering since its check is named as typed)
            if (real := bounded_meta.answer(r, os.path.realpath, r)) is None:
                continue
        except (OSError, ValueError):
            continue
        places = list(kept.items())
        same = spelled_in(real, places) or same_spelled(real, places)
        if same is None or not any(is_under(same, k) for k in kept):  # (one above them: below)
            for k, there in list(kept.items()):  # (an earlier one in this one on disk: ``index lnk/trip A``)
                if not is_under(k, r) and (into := spelled_in(there, [(r, real)]) or same_spelled(there, [(r, real)])):
                    named = {t: (into if n == k else n) for t, n in named.items()} | {k: into}
                    del kept[k]
            kept[r] = real
        elif same in kept and real == r and kept[same] == r != same:  # (the earlier one a link to this)
            kept = {(r if k == same else k): v for k, v in kept.items()}
            named = {t: (r if n == same else n) for t, n in named.items()} | {same: r}
        elif same != r:
            named[r] = same
    if not named:
        return roots, {}
    return list(dict.fromkeys(named.get(r, r) for r in roots)), named


def _merged(records: dict, dropped: dict, renamed: dict) -> dict:
    """The settings values of a fold (``records``, ``_nest``'s) with those of the folders ``renamed``
    dropped (``dropped``, ``folder_respelled.renamed_records``): each record keyed by folder without
    the renamed ones."""
    out = dict(dropped)
    for key, value in records.items():
        out[key] = {f: v for f, v in value.items() if f not in renamed} if isinstance(value, dict) else value
    return out


def not_added(roots: list[str]) -> NotAdded:
    return NotAdded(roots)


def _nest(lib, part: bool, known: list[str], new: list[str], rows, summary: dict) -> tuple[list[str], dict, dict]:
    """Of the ``new`` roots, those to list as library folders, the settings a fold changes, and the
    folders folded. Said in the summary: ``inside`` [sub, library folder, listed] for a root inside
    a library folder or, ``part``, inside another new root (``part``: not listed, its videos the
    folder's); ``holds`` [root, library folder, folded] for a library folder inside a new root
    (``part``: folded into it, its videos kept, unless its videos are held or offline, or it is not
    there: then it stays listed, as before)."""
    inside = {r: max(fs, key=len) for r in new if (fs := [f for f in known if is_under(r, f)])}
    if part:  # (``index PARENT SUB``, neither listed yet: SUB is PARENT's as when named after it)
        free = [r for r in new if r not in inside]
        inside.update({r: min(fs, key=len) for r in free if (fs := [f for f in free if f != r and is_under(r, f)])})
    new = [r for r in new if not (part and r in inside)]
    s, held = lib.meta.settings, lib.meta.settings.held_roots or {}
    holds = {f: r for r in new for f in known if f != r and is_under(f, r)}
    videos = rows() if holds else []  # (``rows``: the library's rows, read once)
    apart = {*kept_apart(holds, held, (v.path for v in videos if v.offline)), *(s.hung_folders or ())}  # (one
    # remembered as not answering: never looked at, as the Add question counts it among the offline ones)
    taken = set(taken_in(holds, apart)) if part else set()
    folded = {f: r for f, r in holds.items() if f in taken}  # (the Add folder question's rule, ``core.taking_in``)
    inside = {r: folded.get(f, f) for r, f in inside.items()}  # (one in a folder folded now: the new root's)
    summary["inside"] = [[r, f, not part] for r, f in inside.items()]
    summary["inside_files"] = [r for r in inside if _a_file(r)]  # (a video named: said as a file, not a folder)
    summary["holds"] = [[r, f, f in folded] for f, r in holds.items()]
    if not folded:
        return new, {}, folded
    # their videos now the new folder's (a write guarded as every other: a full disk's cut undone),
    # then their records of drives, holds and links go with them, in the write that unlists them,
    # which records what the new folder took in (``seekframe forget`` of it asks first)
    lib.video_table.move_many([(v.video_id, v.path, folded[v.root], v.size, v.mtime)
                               for v in videos if v.root in folded])
    records, took = s.without(folded, kept=folded), {}  # (unread folders kept: the walk replaces them)
    for f, r in folded.items():
        took.setdefault(r, []).extend([f, *s.taken_in(f)])
    return new, {**records, "took_in": {**(records.get("took_in") or {}), **took}}, folded
