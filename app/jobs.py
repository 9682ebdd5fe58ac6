"""The session's write jobs as values, and their queue (no Qt), run one at a time, in order, by
``app.job_runner``; and what a run says to the user (``run_messages``, ``scan_messages``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator, Union

from core.filenames import shown, shown_name
from core.plural import count
from core.status_words import up_to_date_text
from core.stopped_runs import unnoted_text


@dataclass(frozen=True)
class IndexJob:
    roots: tuple[str, ...] | None = None  # None: every folder of the library
    prune: bool = False  # remove the videos gone from them, even those a plain run keeps as offline


@dataclass(frozen=True)
class ForgetJob:
    folder: str
    keep_inside: bool = False  # the folders it took in kept, listed on their own (core.forgetting.kept_folders)
    dropped: tuple[str, ...] = ()  # the folders in it whose runs (queued, under way, left unfinished) went with it
    # what a refusal puts back (``put_back_runs``): the runs it dropped, its own too (a window closed before it
    # starts leaves them unfinished: ``JobRunner.outstanding``)
    held: tuple[IndexJob, ...] = field(default=(), compare=False)
    look: tuple[str, ...] = field(default=(), compare=False)  # the other roots on their way, dropped once it is
    # removed when a run would index them as part of it through a link (``indexed_inside``, in the worker)
    kept: tuple[str, ...] = field(default=(), compare=False)  # the folders a keep-inside removal keeps
    listed: bool = field(default=True, compare=False)  # the window knew it as in the library (else a path no part
    # of it is refused, not taken for another process's removal: ``engine.forget_folder``), or on its way
    new: bool = field(default=False, compare=False)  # known only as on its way (added, its run dropped here): not
    # found in the library, it was never in it (said so, not taken for another process's removal)


@dataclass(frozen=True)
class SwitchJob:
    """Forget the old model's vectors and re-embed the captions with ``encoder``."""

    encoder: object  # the loaded model the library switches to


Job = Union[IndexJob, ForgetJob, SwitchJob]


def merged_roots(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Both runs' roots, once each (None, every folder, takes in any other)."""
    return None if a is None or b is None else tuple(dict.fromkeys(a + b))


def merged_runs(jobs) -> tuple[IndexJob, ...]:
    """Index runs as at most two, in the order their kinds come: the plain ones' roots merged, and
    the pruning ones' ("Remove missing videos": resumed plain, its vanished videos would be kept
    offline again), a root of both left to the pruning run (which indexes it too). None: none."""
    plain = prune = None
    for job in jobs:
        if job.prune:
            prune = job if prune is None else IndexJob(merged_roots(prune.roots, job.roots), True)
        else:
            plain = job if plain is None else IndexJob(merged_roots(plain.roots, job.roots))
    if plain is not None and prune is not None:
        plain = None if prune.roots is None else without_roots(plain, prune.roots)[0]
    first = next((j.prune for j in jobs), False)
    return tuple(j for j in ((prune, plain) if first else (plain, prune)) if j is not None)


class JobQueue:
    """The jobs waiting to run, in order."""

    def __init__(self):
        self._jobs: list[Job] = []

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[Job]:
        return iter(list(self._jobs))

    def add(self, job: Job) -> None:
        """Queue ``job``; a plain index job merges into the one already queued."""
        if isinstance(job, IndexJob) and not job.prune:
            for i, queued in enumerate(self._jobs):
                if isinstance(queued, IndexJob) and not queued.prune:
                    self._jobs[i] = IndexJob(merged_roots(queued.roots, job.roots))
                    return
        self._jobs.append(job)

    def put_back(self, job: Job) -> None:
        """``job`` first again (it was taken, and could not start yet)."""
        self._jobs.insert(0, job)

    def take(self, has_model: bool) -> Job | None:
        """The next job, taken off the queue; None when there is none, or when the next one
        indexes and the model is not loaded yet (it waits for it)."""
        if not self._jobs or (isinstance(self._jobs[0], IndexJob) and not has_model):
            return None
        return self._jobs.pop(0)

    def drop_index(self, prune_too: bool = True) -> None:
        """Drop the queued index runs (``prune_too``: the pruning ones as well), those a waiting
        removal holds too (``unheld``: not put back by its refusal, nor left to resume)."""
        self._jobs = [unheld(j, prune_too) for j in self._jobs
                      if not isinstance(j, IndexJob) or (j.prune and not prune_too)]

    def forget_first(self, folder: str, again: IndexJob | None = None, keep_inside: bool = False,
                     kept: tuple[str, ...] = (), dropped: tuple[str, ...] = (), look: tuple[str, ...] = (),
                     listed: bool = True, pruned: tuple[str, ...] = ()) -> ForgetJob:
        """Forget ``folder`` before anything else (then ``again``, the run it interrupted, for
        the other folders), and drop it and the folders in it from the queued runs (``inside``;
        a run left with none goes); ``keep_inside``: keeping the folders it took in, ``kept``
        (their runs stay). ``dropped``: the folders in it already dropped from the runs (the one
        interrupted, one left unfinished), said with those dropped here when it is done, put back
        (``put_back_runs``) when it is refused, as a "remove missing videos" run for those of them
        in ``pruned`` (cut from one); ``look``, ``listed``: see ``ForgetJob``."""
        rest, gone = [], list(dropped)
        held = [IndexJob(tuple(r for r in dropped if r not in pruned)), IndexJob(tuple(pruned), prune=True)]
        for job in self._jobs:
            if isinstance(job, IndexJob):
                out = dropped_roots(job, folder, kept)
                job, gone, held = without(job, folder, kept), gone + out, held + [replace(job, roots=tuple(out))]
            rest.append(job)
        look = tuple(r for r in dict.fromkeys(look + tuple(self.roots())) if r not in gone)
        new = not listed and folder in gone  # (added, shown as soon as it was, removed before a status read lists it)
        forget = ForgetJob(folder, keep_inside, tuple(r for r in dict.fromkeys(gone) if r != folder),
                           tuple(j for j in held if j.roots), look, kept, listed or new, new)
        self._jobs = [job for job in (forget, again, *rest) if job is not None]
        return forget

    def drop_roots(self, roots) -> list[str]:
        """``roots`` dropped from the queued runs (``without_roots``: a run left with none goes);
        those it named."""
        jobs, gone = [], []
        for job in self._jobs:
            if isinstance(job, IndexJob):
                job, out = without_roots(job, roots)
                gone += out
            if job is not None:
                jobs.append(job)
        self._jobs = jobs
        return list(dict.fromkeys(gone))

    def put_back_runs(self, forget: ForgetJob) -> None:
        """``forget`` refused (nothing removed): the runs it dropped queued again."""
        for job in forget.held:
            self.add(job)

    def waiting_removals(self) -> list[ForgetJob]:
        """The removals queued, not started (one that waits for another process's writer lock)."""
        return [j for j in self._jobs if isinstance(j, ForgetJob)]

    def switch_first(self, encoder) -> None:
        """The model switch before anything else, then every folder indexed again with it."""
        self.drop_index(prune_too=False)
        self._jobs = [SwitchJob(encoder)] + self._jobs + [IndexJob()]

    def roots(self) -> list[str]:
        """The folders named by the queued index runs."""
        return [r for j in self._jobs if isinstance(j, IndexJob) and j.roots for r in j.roots]


def unheld(job, prune_too: bool = True):
    """``job`` without the runs a removal holds (``ForgetJob.held``) that a cancel drops
    (``prune_too``: the pruning ones as well); any other job as it is."""
    if not isinstance(job, ForgetJob):
        return job
    return replace(job, held=tuple(j for j in job.held if j.prune and not prune_too))


def inside(root: str, folder: str, kept: tuple[str, ...] = ()) -> bool:
    """Whether a run of ``root`` goes with the removal of ``folder``: ``root`` is it or lies in it
    (a folder added inside a library folder is indexed as part of it: run after the removal, it
    would add the folder back), but not in one of ``kept``, the folders a removal keeping those it
    took in keeps. Both spelled as the app spells folders (absolute, ``~`` expanded, no trailing
    separator), compared as ``core.scan.is_under`` does (/h is no part of /home); no link is
    resolved (a look at the disk, never in the GUI thread)."""
    from core.scan import is_under

    return is_under(root, folder) and not any(is_under(root, k) for k in kept)


def indexed_inside(roots, folder: str, folders, kept: tuple[str, ...] = (), offline=()) -> list[str]:
    """Those of ``roots`` that a run would index as part of ``folder`` (``inside``), spelled as the
    indexer spells a root among the library's ``folders`` (``core.folder_spelling.library_spellings``: a link
    to a library folder, or a folder reached through a linked parent, resolved to it; /a/bc is no
    part of /a/b), the ``offline`` ones (``offline_before``) compared by their spelling alone, never
    resolved. Looks at the disk: in a worker, never in the GUI thread."""
    from core.folder_spelling import library_spellings
    from core.scan import normalise_root

    spelled = library_spellings([normalise_root(r) for r in roots], folders, offline=frozenset(offline))
    return [r for r, s in zip(roots, spelled) if inside(s, folder, kept)]


def offline_before(library, roots, folders) -> frozenset:
    """The library's ``folders`` that ``indexed_inside`` of ``roots`` must never resolve (a share that
    does not answer would hold the removal): ``core.folder_spelling.offline_for``, the indexer's
    rule, from the records and rows as they are before a removal changes them (none read when
    each root is a library folder as spelled)."""
    from core.folder_spelling import offline_for
    from core.scan import normalise_root

    return offline_for([normalise_root(r) for r in roots], folders, library.meta, library.video_table.all)


def without(job: IndexJob, folder: str, kept: tuple[str, ...] = ()) -> IndexJob | None:
    """``job`` without ``folder`` and the folders in it among its roots (``inside``; None when it
    named only those; a run of every folder stays one)."""
    if job.roots is None:
        return job
    roots = tuple(r for r in job.roots if not inside(r, folder, kept))
    return replace(job, roots=roots) if roots else None


def without_roots(job: IndexJob, roots) -> tuple[IndexJob | None, list[str]]:
    """``job`` without ``roots`` among its roots, as spelled (None when it named only those; a run
    of every folder stays one), and those of its roots it dropped."""
    if job.roots is None:
        return job, []
    rest = tuple(r for r in job.roots if r not in roots)
    return replace(job, roots=rest) if rest else None, [r for r in job.roots if r in roots]


def dropped_roots(job: IndexJob | None, folder: str, kept: tuple[str, ...] = ()) -> list[str]:
    """The roots of ``job`` that ``without`` drops."""
    return [r for r in (job.roots or ()) if inside(r, folder, kept)] if job is not None else []


def rest_after_removal(roots: tuple[str, ...] | None, folder: str, kept: tuple[str, ...] = (),
                       prune: bool = False) -> IndexJob | None:
    """The run to start again after ``folder`` is removed from a run of ``roots`` (``prune``: a
    "remove missing videos" run's rest removes those gone from the others as it would have)."""
    return without(IndexJob(roots, prune), folder, kept)


def dropped_text(folder: str, dropped: tuple[str, ...]) -> str:
    """What a removal's done message adds of the runs of folders in it that went with it."""
    one = len(dropped) == 1
    return (f"The indexing of {', '.join(map(shown, dropped))} (in {shown(folder)}), waiting or under way, was "
            f"dropped with the removal: add {'it' if one else 'them'} again to index {'it' if one else 'them'} "
            f"as {'a library folder' if one else 'library folders'} of {'its' if one else 'their'} own.")


def never_added_text(folder: str) -> str:
    """What the removal of a folder the library never held (added, removed before its run) says."""
    return f"{shown(folder)} was not in the library yet: its indexing was dropped. The files are untouched."


def scan_messages(summary: dict) -> list[tuple[str, str]]:
    """What a run's scan says: a folder added inside a library folder or holding some (as the
    CLI: part of it, or taking them in), the roots found offline, the vanished videos it kept."""
    from core.progress import nesting_texts
    from core.sync import held_text  # imports the library (LanceDB): not at startup

    held = summary.get("held", [])
    out = [("info", text) for text in nesting_texts(summary, again="re-scan it")]
    out += [("warning", f"{shown(root)} is offline (an unplugged drive?): its videos are kept and marked "
                       "offline until it is back.")
           for root in summary.get("offline_roots", []) if not any(h["root"] == root for h in held)]
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


def tried_again(reason: str) -> bool:
    """Whether the next run tries a video that failed for ``reason`` again (``core.failure_retry``:
    a failure of the moment, in fewer runs in a row than it tries), not waiting for a change."""
    from core.failure_retry import TRIES, of_the_moment, runs

    return of_the_moment(reason) and runs(reason) < TRIES


def opens_again(reason: str) -> bool:
    """Whether the next run tries a video whose read was denied (``reason``) again once its file
    opens, its permissions put right (``core.failure_retry.readable_again``)."""
    from core.failure_retry import denied_due

    return denied_due(reason) and not tried_again(reason)  # (one of the moment too: the next run's)


def retried_text(reasons: list[str]) -> str:
    """When the failed files of a run are read again: at the next run (a re-scan) those whose
    failure may have been of the moment, those whose read was denied once their permissions are
    put right, the others when they change."""
    again, one = sum(map(tried_again, reasons)), len(reasons) == 1
    denied = sum(map(opens_again, reasons))
    if not again and not denied:
        return f"{'It is' if one else 'They are'} retried when {'it changes' if one else 'they change'}."
    if again == len(reasons):
        return (f"{'Its' if one else 'Their'} failure may have been of the moment (a read error of a disk or "
                f"share, a decoder that hung): the next indexing run (a re-scan) tries {'it' if one else 'them'} again.")
    if denied == len(reasons):
        return (f"{'Its' if one else 'Their'} read was denied: the next indexing run (a re-scan) after "
                f"{'its' if one else 'their'} permissions are put right reads {'it' if one else 'them'} again.")
    parts = [f"{again} of them, whose failure may have been of the moment, {'is' if again == 1 else 'are'} tried "
             "again by the next indexing run (a re-scan)"] if again else []
    its = "its" if denied == 1 else "their"
    if denied and again:
        parts.append(f"{denied}, whose read was denied, once {its} permissions are put right")
    elif denied:
        parts.append(f"{denied} of them, whose read was denied, {'is' if denied == 1 else 'are'} tried again by the "
                     f"next indexing run (a re-scan) after {its} permissions are put right")
    if again + denied < len(reasons):
        parts.append("the others when they change")
    return "; ".join(parts) + "."


def found_text(summary: dict, not_videos: int = 0) -> str:
    """What a run's scan found that no file read says, as the CLI's "Found …" line says it: its
    videos that were copies of indexed ones (their moments copied, not read again), moved or
    removed, with the unchanged and ``not_videos`` (files named as videos that hold none) beside
    them, so the count adds up; "" when there were none of the first three (the run's "Indexed N
    of M files" says the rest)."""
    copied, moved, removed = (summary.get(k) or 0 for k in ("copied", "moved", "deleted"))
    if not (copied or moved or removed):
        return ""
    parts = [f"{summary.get('unchanged') or 0:,} unchanged"] if summary.get("unchanged") else []
    if copied:
        parts.append("1 copy of an indexed video (its moments copied, not read again)" if copied == 1 else
                     f"{copied:,} copies of indexed videos (their moments copied, not read again)")
    if moved:
        parts.append(f"{moved:,} moved (kept with {'its' if moved == 1 else 'their'} moments and notes)")
    if removed:
        parts.append(f"{removed:,} removed (no longer there)")
    if not_videos:
        parts.append(f"{not_videos:,} not {'a video' if not_videos == 1 else 'videos'}")
    return f"Found {count(summary.get('found') or 0, 'video', thousands=True)}: {', '.join(parts)}."


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


def first_few(items, line, most: int = 3) -> str:
    """``items`` (pairs) named in one line, ``line(*item)`` for each of the first ``most``, joined by
    "; ", then how many more: "a: why; b: why; c: why and 4 more"."""
    more = f" and {len(items) - most} more" if len(items) > most else ""
    return "; ".join(line(*item) for item in items[:most]) + more


def run_messages(ev, tally, silent: bool = False) -> list[tuple[str, str]]:
    """What a finished or cancelled run says (``silent``: a cancel the session made itself);
    ``tally``: its events added up as the CLI adds them (``core.progress.Tally``; ``failed``
    also lists files of a quick pass or of an earlier run that no ``files_total`` holds)."""
    out = []
    if ev.kind == "cancelled":
        if not silent:
            out.append(("info", "Indexing cancelled. Indexed videos are kept; Re-scan finishes the rest."))
    else:
        said = [found_text(getattr(ev, "summary", None) or {}, len(tally.skipped))]
        if tally.to_index(ev.files_total) and (checked := up_to_date_text(tally.indexed, ev.moments,
                                                                           getattr(ev, "summary", None))):
            said.append(f"{checked}.")  # (each file to index failed again: said below, by name)
        elif tally.to_index(ev.files_total):
            said.append(f"Indexed {tally.indexed} of {count(tally.to_index(ev.files_total), 'file')} "
                        f"({count(ev.moments, 'moment', thousands=True)}).")
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
    if files:
        first = first_few(files, lambda p, r: f"{shown_name(p)}: {shown(r)}")
        out.append(("warning", f"{count(len(files), 'file')} could not be indexed ({first}). "
                               + retried_text([r for _p, r in files])))
    return out
