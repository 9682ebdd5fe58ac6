"""The session's write jobs as values, and their queue (no Qt), run one at a time, in order, by
``app.job_runner``; what they say to the user is ``app.run_words``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator, Union


@dataclass(frozen=True)
class IndexJob:
    roots: tuple[str, ...] | None = None  # None: every folder of the library
    prune: bool = False  # remove the videos gone from them, even those a plain run keeps as offline
    retry: bool = False  # read again the videos that failed before, unchanged ("Try again": --retry-failed)
    # the library folders among ``roots`` an Add folder asked again: its run says they are in already
    # (``run_words.already_text``); the word goes with the run (merged, dropped, closed: nothing left behind)
    added: tuple[str, ...] = field(default=(), compare=False)

    def options(self) -> dict:
        """Its ``core.service.IndexRun`` keywords (``core.indexer.IndexOptions``)."""
        return {"prune": self.prune, "reindex_failed": self.retry}


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
            prune = job if prune is None else IndexJob(merged_roots(prune.roots, job.roots), True,
                                                       prune.retry or job.retry)
        else:
            plain = job if plain is None else IndexJob(merged_roots(plain.roots, job.roots),
                                                       retry=plain.retry or job.retry)
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
                    self._jobs[i] = IndexJob(merged_roots(queued.roots, job.roots), retry=queued.retry or job.retry,
                                             added=queued.added + job.added)
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

    def drop_index(self, prune_too: bool = True) -> list[IndexJob]:
        """Drop the queued index runs (``prune_too``: the pruning ones as well), those a waiting
        removal holds too (``unheld``: not put back by its refusal, nor left to resume); the queued
        ones dropped."""
        dropped = [j for j in self._jobs if isinstance(j, IndexJob) and (prune_too or not j.prune)]
        self._jobs = [unheld(j, prune_too) for j in self._jobs
                      if not isinstance(j, IndexJob) or (j.prune and not prune_too)]
        return dropped

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


def indexed_inside(roots, folder: str, folders, kept: tuple[str, ...] = (), offline=(), same=None) -> list[str]:
    """Those of ``roots`` that a run would index as part of ``folder`` (``inside``), spelled as the
    indexer spells a root among the library's ``folders`` (``core.folder_spelling.library_spellings``: a link
    to a library folder, or a folder reached through a linked parent, resolved to it; /a/bc is no
    part of /a/b), the ``offline`` ones (``offline_before``) compared by their spelling alone, never
    resolved; ``same`` (a list), given, gets those of them that are ``folder`` itself through a link
    (said as its own run: ``run_words.dropped_text``). Looks at the disk: in a worker, never in the GUI thread."""
    from core.folder_spelling import library_spellings
    from core.scan import normalise_root

    spelled = library_spellings([normalise_root(r) for r in roots], folders, offline=frozenset(offline))
    if same is not None:
        same += [r for r, s in zip(roots, spelled) if s == normalise_root(folder) != normalise_root(r)]
    return [r for r, s in zip(roots, spelled) if inside(s, folder, kept)]


class Roots(tuple):
    """Roots of runs that went with a removal (``indexed_inside``'s, as a tuple); ``same``: those of them
    that are the removed folder itself through a link (said as its own run: ``run_words.dropped_text``)."""

    same: tuple = ()

    def __new__(cls, roots=(), same=()):
        self = super().__new__(cls, roots)
        self.same = tuple(same)
        return self


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
