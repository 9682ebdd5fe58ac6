"""What the front ends say of the videos an unfinished ``seekframe index --reindex`` left waiting to be
embedded again (``core.reembed_record.waiting``'s parts): ``seekframe status`` (each part named), the
window's library panel (each library folder's row, its Finish indexing) in one set of words. A part a
full disk's run left (``reembed_record.full``) is said in a plain index's words for such a stop
(``stopped_runs.ended_words``, ``room_first``: room made first), the others as an interrupted --reindex;
a folder holding both kinds gets one sentence for each, never one kind for all."""

from __future__ import annotations

from .plural import count
from .stopped_runs import FULL, ended_words, room_first


def waiting_text(parts, shown=str, finish: str = "`seekframe index`", full=()) -> str:
    """What a front end says of ``waiting``'s parts ("" for none); of those in ``full`` (``reembed_record.full``'s
    names), that a full disk stopped their run and room is to be made first."""
    return kinds_text([p for p in parts if p[0] not in full], [p for p in parts if p[0] in full], shown, finish)


def kinds_text(stopped, full, shown=str, finish: str = "`seekframe index`") -> str:
    """``stopped``, (folder, videos) a --reindex killed, cancelled or interrupted left waiting, and ``full``,
    those a --reindex a full disk stopped left, said one sentence each kind ("" for none: a part of 0
    videos is left out): the library panel's row, each kind counted in its library folder."""
    return " ".join(filter(None, (_waiting_words(stopped, shown, finish, ""),
                                  _waiting_words(full, shown, finish, FULL))))


def finish_words(reembed: dict[str, int], full: dict[str, int], shown=str) -> str:
    """What Finish indexing does for ``reembed`` ({library folder: its videos waiting to be embedded again},
    ``SessionStatus.folder_reembed``), ``full`` ({folder: how many of them a full disk's run left}): one
    clause each kind ("" for none), as the folders' rows say them (``kinds_text``)."""
    full = {f: min(int(full.get(f, 0)), n) for f, n in reembed.items() if int(full.get(f, 0)) > 0}
    stopped = {f: n - full.get(f, 0) for f, n in reembed.items() if n > full.get(f, 0)}
    stopped_n, full_n = sum(stopped.values()), sum(full.values())
    return "; ".join(filter(None, (
        stopped_n and f"embed again the {count(stopped_n, 'video')} an interrupted --reindex left in "
                      f"{', '.join(map(shown, stopped))}",
        full_n and f"embed again the {count(full_n, 'video')} left in {', '.join(map(shown, full))} by a "
                   f"--reindex {ended_words(FULL)}; free some space first")))


def _waiting_words(parts, shown, finish: str, ended: str) -> str:
    parts = [(r, n) for r, n in parts if n > 0]
    if not parts:
        return ""
    n = sum(k for _, k in parts)
    why = f"a --reindex {ended_words(ended)}" if ended else "an interrupted --reindex"
    return (f"{count(n, 'video')} of {', '.join(shown(r) for r, _ in parts)} {'waits' if n == 1 else 'wait'} to "
            f"be embedded again ({why}), searched meanwhile with {'its' if n == 1 else 'their'} earlier moments; "
            f"{room_first(ended)}{finish} embeds {'it' if n == 1 else 'them'} anew.")
