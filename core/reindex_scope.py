"""What ``seekframe index --reindex FOLDER…`` embeds again (``service.IndexRun``). With the library
staying on its model and its moments cut as before, the folders named alone: their videos are embedded
again (``IndexOptions.reembed``), each keeping its moments, searched as before, until its commit
replaces them with its new ones, as a changed file's are (a run stopped part-way, killed or by a full
disk, leaves each video's earlier moments or its new ones, never none: ``earlier_words`` says how many
still have their earlier ones); the library's other videos keep their moments. A model switch (or a
repair, or an interrupted switch) takes the whole library along: vectors of two models are never
searched together; so does another cut of the moments (``--window``, ``--shot-cuts``): the moments of
one library are cut one way (``core.run_roots`` refuses a mix). Such a run indexes every library
folder besides the folders named, said at its start (``Scope.said``). No folder named: every library
folder, on the library's model and cut embedded again in place as the folders named are, else switched
as ever."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .plural import count
from .scan import is_under

ALL, ONLY, MODEL, CUT = "all", "only", "model", "cut"


@dataclass(frozen=True)
class Scope:
    how: str  # ALL, ONLY (the folders named alone), MODEL or CUT (the whole library, for that reason)
    named: tuple[str, ...] = ()  # the folders named, as the library spells them
    outside: int = 0  # the library's videos (failed ones aside) outside them

    def said(self) -> str:
        """What a front end says before the run: the whole library re-indexed, and why ('' otherwise)."""
        if self.how not in (MODEL, CUT) or not self.outside:
            return ""
        why = ("Switching the model re-indexes the whole library (vectors of two models are never searched "
               "together)" if self.how == MODEL else
               "Cutting the moments another way re-indexes the whole library (the moments of one library are "
               "cut one way)")
        return f"{why}: the folders named and {count(self.outside, 'video')} in its other folders."


def decide(lib, encoder, roots, options) -> Scope:
    """The scope of a ``--reindex`` of ``roots`` (as typed) with ``encoder`` and ``options`` (the
    run's ``IndexOptions``) in the writer ``lib``."""
    meta, s = lib.meta, lib.meta.settings
    known = [f for f in s.folders or [] if isinstance(f, str)]
    if lib.model_switch or lib.repairing or not meta.model_id or meta.model_id != encoder.model_id:
        how = MODEL
    elif s.window_s is not None and (abs(s.window_s - options.window_s) > 1e-6 or bool(s.shot_cuts) != options.shot_cuts):
        how = CUT
    else:
        how = ONLY
    if not roots:  # (the whole library: on its own model and cut, each of its videos embedded again in place)
        return Scope(ONLY, tuple(known)) if how == ONLY else Scope(ALL)
    from .folder_spelling import library_spellings, typed_folders
    from .library.records import FAILED

    rows = functools.cache(lib.video_table.all)
    named = tuple(library_spellings(typed_folders(list(roots), known, meta, rows), known, meta, rows))
    outside = sum(v.status != FAILED and not any(is_under(v.path, r) for r in named) for v in rows())
    if how != ONLY and not outside and all(any(is_under(f, r) for r in named) for f in known):
        return Scope(ALL, named)
    return Scope(how, named, outside)


def whole(lib, named) -> list[str]:
    """The roots of a run over the whole library: the folders named that are no library folder nor
    in one (new ones, or those that take some in), and every library folder not in them."""
    known = [f for f in lib.meta.settings.folders or [] if isinstance(f, str)]
    new = [r for r in named if not any(is_under(r, f) for f in known)]
    return new + [f for f in known if not any(is_under(f, r) for r in new)]


def left_text(lib) -> str:
    """What a ``--reindex`` leaves waiting to be indexed with the model (a folder offline, say), as
    searches find none of it until the next run ("" if nothing)."""
    from .library.records import PENDING

    left = sum(v.status == PENDING for v in lib.video_table.view().values())
    if not left:
        return ""
    return (f"{count(left, 'video')} of the library {'waits' if left == 1 else 'wait'} to be indexed with this "
            f"model: searches do not find {'it' if left == 1 else 'them'} until `seekframe index` does it.")


def earlier(lib, named, since: float) -> int:
    """Of the done videos in the folders ``named``, those a run of ``named`` begun at ``since`` has not
    embedded anew (``indexed_at`` before it): they still answer searches with their earlier moments.
    The same videos ``seekframe status`` says wait to be embedded again (``reembed_record.due``)."""
    from .reembed_record import due

    reembed = dict.fromkeys(named, since)
    return sum(not v.offline and due(v, reembed) for v in lib.video_table.view().values())


def earlier_words(n: int, named, shown=str, whole: bool = False, recorded: bool = True) -> tuple[str, str]:
    """What a front end says of ``n`` videos of the folders ``named`` (``whole``: none named, the
    library's) that a re-index stopped before it embedded anew, ("", "") for none: that they are
    searched as before, and what embeds them (a full disk's words take both:
    ``errors.disk_full_message``'s ``earlier`` and ``again``). ``recorded``: the run is in the library's
    record (``core.reembed_record``), so a plain ``seekframe index`` embeds those, and only those; else
    (the disk filled before the record was written) only the ``--reindex`` again does."""
    import shlex

    if not n:
        return "", ""
    where = "the library" if whole else ", ".join(map(shown, named))
    them = "it" if n == 1 else "them"
    earlier = f"{count(n, 'video')} of {where} still {'has its' if n == 1 else 'have their'} earlier moments, searched as before"
    if recorded:
        return earlier, f"run `seekframe index` to embed {them} anew (only {them}: the others are done)"
    command = "" if whole else " " + " ".join(shlex.quote(str(f)) for f in named)
    return earlier, f"run `seekframe index --reindex{command}` again to embed {them} anew"
