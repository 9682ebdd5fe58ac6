"""The videos whose embedding again (``core.reembed_record``: a ``--reindex`` on the library's own
model) failed, recorded in ``library.json`` so that later plain runs do not decode them again.

Such a video keeps its earlier moments and still waits (its folder's record entry is kept). Before,
every plain ``seekframe index`` (the window's re-scan, Finish indexing) decoded it again, paying its
decode, and failed it again. Now its failure is recorded (settings key ``KEY``: {video id: its path,
size, modification time, when it failed and why}, written with the run's end, ``finished_values``),
and a later plain run passes it over (``held``), as it passes over a video that failed at its first
index (``core.failure_retry``), until its file changes (its size or modification time), the user asks
(``seekframe index --retry-failed``, or ``--reindex`` of its folder again: a run begun after the
failure), or, a failure of the moment (a read error of a share, a decoder that hung), after
``failure_retry.TRIES`` runs in all (``again``). ``seekframe status`` and the window say how many are
held so and why (``held_videos``, ``held_text``), apart from those still waiting to be embedded again.
Imports nothing heavy: the window's start and the indexing process keep ``core.library`` out.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass

from .folder_counts import holding
from .plural import count, first_few
from .scan import is_under, same_file

KEY = "reembed_failed"
RETRY_WORDS = "`seekframe index --retry-failed` tries it again"
KEPT_WORDS = "its earlier moments are kept"  # a run's reason for such a video says it (``pass_book.reembed_words``)


def said_reason(reason: str) -> str:
    """A recorded failure's ``reason`` as status and the window list it, inside their own words of what
    tries it again: why, and in how many runs where more than one (``pass_book.reembed_words`` alike)."""
    from .failure_retry import bare, runs

    n = runs(reason)
    return f"{bare(reason)} (in {n} runs)" if n > 1 else bare(reason)


def earlier_kept(reason: str) -> bool:
    """Whether a run's failed ``reason`` is a video's embedding again that failed: it is still searched
    with its earlier moments (a front end says it apart from the files that could not be indexed)."""
    return KEPT_WORDS in str(reason)


def kept_reason(why: str) -> str:
    """The reason a front end lists such a video with, from its recorded one (``earlier_kept`` holds)."""
    return f"{why} ({KEPT_WORDS})"


def kept_why(reason: str) -> tuple[str, bool]:
    """Such a ``reason`` (``earlier_kept``) apart: why its embedding failed, and whether the next plain
    run tries it again (a failure of the moment: ``Failure.again``)."""
    why, _, rest = str(reason).rpartition(f"{KEPT_WORDS}; ")
    why = re.sub(r" \((?:in \d+ runs; )?$", "", why)
    return why, rest.startswith("the next index tries it again")


@dataclass(frozen=True)
class Failure:
    path: str
    size: int
    mtime: float
    at: float  # when it failed
    reason: str  # in how many runs in a row, for one of the moment (``failure_retry.counted_after``)
    again: bool  # tried again by the next plain run (``failure_retry.tries_again``)

    def to_json(self) -> dict:
        return {"path": self.path, "size": self.size, "mtime": self.mtime, "at": self.at, "reason": self.reason,
                "again": self.again}


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def recorded(settings) -> dict[str, Failure]:
    """The record as ``settings`` hold it; an entry that cannot be read is left out (its video is
    then tried again, as before)."""
    data = (settings.other or {}).get(KEY)
    out = {}
    for vid, e in (data.items() if isinstance(data, dict) else ()):
        if (isinstance(vid, str) and isinstance(e, dict) and isinstance(e.get("path"), str)
                and isinstance(e.get("reason"), str) and all(_number(e.get(k)) for k in ("size", "mtime", "at"))):
            out[vid] = Failure(e["path"], int(e["size"]), float(e["mtime"]), float(e["at"]), e["reason"],
                               bool(e.get("again")))
    return out


def held(video, reembed: dict[str, float], failures: dict[str, Failure], size: int, mtime: float) -> bool:
    """Whether ``video``, due to be embedded again by ``reembed`` ({folder: since}), its file of
    ``size`` bytes modified at ``mtime`` now, is passed over: its failure recorded since every such
    run of its folders began, on the file as it is, and not one to try again."""
    f = failures.get(video.video_id)
    return f is not None and not f.again and _on_this_file(video, f, reembed, size, mtime)


def _on_this_file(video, f: Failure, reembed: dict[str, float], size: int, mtime: float) -> bool:
    """``held`` but for ``f.again``: ``f`` recorded since every run of ``reembed`` of the video's
    folders began, on its file as it is now."""
    if not same_file((f.size, f.mtime), size, mtime):
        return False
    since = [reembed[r] for r in holding(video.path, reembed)]
    return bool(since) and all(f.at >= s for s in since)


def held_videos(settings, videos) -> tuple[list[tuple[object, Failure]], list[tuple[object, Failure]]]:
    """(video, its failure) of ``videos`` (rows) that a plain run passes over (``held``), by their rows:
    done, in a folder of the record, waiting, their files as their rows say; and apart, in one pass,
    those whose failure, of the moment, the next plain run tries again instead (``Failure.again``)."""
    from .reembed_record import due, recorded as record

    failures, reembed = recorded(settings), record(settings)
    out: tuple[list, list] = ([], [])
    if not failures or not reembed:
        return out
    for v in videos:
        if (f := failures.get(v.video_id)) is not None and due(v, reembed) and _on_this_file(v, f, reembed, v.size,
                                                                                            v.mtime):
            out[f.again].append((v, f))
    return out


def finished_values(settings, record_after, tried: dict[str, str], failed: dict[str, Failure],
                    passed_over=()) -> dict | None:
    """``update_settings`` values once a run finished (None: nothing to change): ``failed`` (this run's
    failures, {id: Failure}) recorded; of the entries before, those of videos it ``tried`` ({id: path},
    embedded anew, or failed again) go, and those whose folder's record goes (``record_after``: the
    record as the run leaves it, {folder: since}); ``passed_over``: ids it passed over (kept)."""
    before = recorded(settings)
    after = {vid: f for vid, f in before.items() if vid not in tried or vid in passed_over}
    after.update(failed)
    after = {vid: f for vid, f in after.items() if holding(f.path, record_after)}
    if after == before and (KEY in (settings.other or {})) == bool(after):
        return None
    return {KEY: {vid: f.to_json() for vid, f in after.items()} or None}


def again_text(failed, shown=str, tries: int = 3) -> str:
    """What a front end says of the (path, reason) pairs of ``held_videos``' second list, among the videos
    waiting to be embedded again ("" for none): their last try failed, and the next run tries again."""
    if not failed:
        return ""
    n, one = len(failed), len(failed) == 1
    why = failed[0][1] if one else first_few(failed, lambda p, r: f"{shown(os.path.basename(p))}: {r}")
    return (f"Of those, {count(n, 'video')} failed {'its' if one else 'their'} last try, perhaps a failure of the "
            f"moment: {why}. The next `seekframe index` tries {'it' if one else 'them'} again (in up to {tries} runs in all).")


def held_text(held, shown=str, folders=()) -> str:
    """What a front end says of the (path, reason) pairs of ``held_videos``' first list ("" for none), by the library
    folder of ``folders`` holding them (where given)."""
    if not held:
        return ""
    n = len(held)
    where = sorted({max((f for f in folders if is_under(p, f)), key=len, default="") for p, _ in held} - {""})
    of = f" of {', '.join(map(shown, where))}" if where else ""
    why = held[0][1] if n == 1 else first_few(held, lambda p, r: f"{shown(os.path.basename(p))}: {r}")
    one = n == 1
    return (f"{count(n, 'video')}{of} could not be embedded again, so {'it is' if one else 'they are'} searched "
            f"with {'its' if one else 'their'} earlier moments: {why}. {'It is' if one else 'They are'} not tried "
            f"again until {'its file changes' if one else 'their files change'}: `seekframe index --retry-failed` "
            f"tries {'it' if one else 'them'} again.")
