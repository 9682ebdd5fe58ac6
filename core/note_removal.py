"""Removing a user's note (``seekframe note FILE@TIME --remove [WORDS]``): the notes on the clip a
``FILE@TIME`` names (``notes_on``), the one to remove (by its words where the clip has several), and
its removal: a line in ``notes.jsonl`` first (``notes_journal.removed``: nothing puts it back), then
its row of the captions table, then its words out of ``notes.jsonl`` (``library.notes_removed``).
Imported captions are never removed so. No model is needed."""

from __future__ import annotations

import errno
import shlex
from contextlib import contextmanager

from .errors import SeekframeError, is_disk_full
from .filenames import shown
from .timefmt import format_time


class RemovalStopped(OSError):
    """A full disk stopped a note's removal (raised from the disk's error); ``step``: "refused", nothing
    written (the note still there), or "recorded", its ``removed`` line written and its row not deleted
    (the next writer's open finishes it). Said by ``errors.disk_full_message(removal=step)``: the CLI's
    and the window's words, which said 'The note is not in the library yet' of a note still in it."""

    def __init__(self, step: str, cause: BaseException):
        super().__init__(getattr(cause, "errno", None) or errno.ENOSPC,
                         f"the disk is full: the note was not removed ({cause})")
        self.step = step

    @classmethod
    @contextmanager
    def said(cls, step: str):
        try:
            yield
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            raise cls(step, exc) from exc


def _notes(library, video) -> list:
    """The user's notes on ``video`` and on its byte-identical copies (``seekframe captions`` lists
    a copy's note as on this clip too)."""
    from .search_copies import same_content

    return [c for vid in same_content(video, library.video_table.view())
            for c in library.caption_table.read(vid, with_vectors=False) if c.source == "note"]


def _span(video, moment) -> tuple:
    """The clip as ``seekframe captions`` takes it (``Searcher.clip_captions``): a whole video from 0 to no end."""
    return (video.video_id, moment.start, moment.end) if moment is not None else (video.video_id, 0.0, float("inf"))


def _own(c, moment) -> bool:
    """Whether note ``c`` is at the level the clip names: on the whole video (``moment`` None), or on that moment."""
    return c.start < 0 if moment is None else c.start >= 0


def notes_on(library, video, moment) -> list:
    """The user's notes listed on the clip (``moment``: an object with ``start``/``end``; None: the
    whole video), by the rule ``seekframe captions`` and the window's panel list them "On this clip"
    (``clirefs.on_clip``: a moment's notes and the whole video's; a whole video's, all of them), in
    the order written."""
    from dataclasses import replace

    from .clirefs import on_clip

    span = _span(video, moment)
    return sorted((c for c in _notes(library, video) if on_clip(replace(c, video_id=video.video_id), span)),
                  key=lambda c: c.created_at)


def _where(c) -> str:
    return "the whole video" if c.start < 0 else f"@{format_time(c.start)}"


def _listed(notes: list, where: bool = False) -> str:
    return ", ".join(f'"{c.text}"' + (f" ({_where(c)})" if where else "") for c in notes)


def _typed(clip: str, text: str) -> str:
    return f"seekframe note {shlex.quote(clip)} --remove {shlex.quote(text)}"


def remove_note(library, video, moment, text: str, clip: str, again=None, own_only: bool = False,
                at: float | None = None) -> str:
    """Remove the note listed on ``moment`` of ``video`` (None: on the whole video), the one whose
    text is ``text`` where given (a note listed on the clip from another level: only so); what was
    removed, said. SeekframeError, nothing removed, when the clip (``clip``: as the user typed it)
    has no such note, or several and ``text`` names none, or (the whole video's clip) no whole-video
    note has ``text`` and the notes that have it are on several of its moments as they are now
    (``_which_moment``: it removed each of them); a moment's clip removes each of its notes ``text``, and
    where they were written on several spans (a ``--reindex --window`` since), those whose span holds
    the time typed ``at`` where that tells them apart, else nothing (``_which_span``: a line for each).
    ``again(words, time=None)``: the command line that removes the note ``words`` (the CLI's as typed,
    its --library kept), of the moment at ``time`` where given. ``own_only``: only a note at the level
    the clip names (the window's, which names the note's own span)."""
    from .captions import write_journal
    from .library import notes_journal, notes_removed

    here, text = notes_on(library, video, moment), text.strip()
    again = again or (lambda words, at=None: _typed(f"{clip}@{at}" if at else clip, words))

    def line(c) -> str:  # (a moment's note that the words alone would not name on the whole video: by its moment)
        alone = moment is not None or c.start < 0 or _moments(o for o in here if o.text == c.text) == [(c.start, c.end)]
        return again(c.text) if alone else again(c.text, _at(c))

    if not here:
        others = _notes(library, video)
        listed = ", ".join(f'{_where(c)} "{c.text}"' for c in others[:5]) + (" …" if len(others) > 5 else "")
        elsewhere = f" Its notes: {listed}." if others else " Nor has any other part of the video." * (moment is not None)
        raise SeekframeError(f"{clip} has no note; nothing was removed.{elsewhere}")
    own = [c for c in here if _own(c, moment)]
    if text:
        chosen = _worded(here, text, moment, own_only)
        if not chosen:
            raise SeekframeError(f'{clip} has no note "{text}"; its {"note is" if len(here) == 1 else "notes are"} '
                                 f"{_listed(here)}. Nothing was removed.")
        if moment is None and len(_moments(chosen)) > 1 and len(lines := _lines(library, video, chosen, text)) > 1:
            raise SeekframeError(_which_moment(clip, text, lines, again))  # (on several moments: which one?)
        if moment is not None and not own_only and (chosen := _held(chosen, at)) is None:
            raise SeekframeError(_which_span(clip, text, _worded(here, text, moment), again))
    elif len({c.text for c in own}) == 1:
        chosen = own  # (the same words twice on one moment, a copy's among them: both go)
    else:
        kind = f"{len(own)} notes" if own else f"no note of its own; {len(here)} listed on it"
        raise SeekframeError(f"{clip} has {kind}: {_listed(here, where=True)}. Say which one to remove: "
                             f"{line(here[0])}. Nothing was removed.")
    ids = [c.caption_id for c in chosen]  # (the same words twice on one moment: both go)
    with RemovalStopped.said("refused"):  # (a full disk: nothing written, the note still there)
        # (first: the next writer's open finishes a removal cut short)
        write_journal(library, ids, "removed", notes_journal.removed)
    with RemovalStopped.said("recorded"):  # (a full disk: the next writer's open finishes it, the row there till then)
        library.caption_table.delete(ids)
    notes_removed.purge(library.root, ids)  # (its words out of notes.jsonl: no older release puts it back)
    if len(chosen) == 1:
        return f'Note removed from {clip}: "{chosen[0].text}".'
    return f"{len(chosen)} notes removed from {clip}: {_listed(chosen, where=True)}{_copies(library, video, chosen)}."


def _worded(here: list, text: str, moment, own_only: bool = False) -> list:
    """The notes of ``here`` (listed on ``moment``'s clip) that ``--remove text`` removes: those at the
    clip's own level (``_own``) where any has ``text``, else (not ``own_only``) those from the other;
    ``own_only`` (the window's: ``moment`` the note's own span), those of that very span where any is (not a
    longer moment's note of the same words that overlaps it, written before a ``--reindex --window``)."""
    chosen = [c for c in here if c.text == text]
    own = [c for c in chosen if _own(c, moment)]
    exact = [c for c in own if own_only and moment is not None and (c.start, c.end) == (moment.start, moment.end)]
    return exact or own or ([] if own_only else chosen)


def _held(chosen: list, at: float | None) -> list | None:
    """Of a moment's notes ``chosen`` (``_worded``), those ``FILE@at`` names: all where they are on one span;
    where a ``--reindex --window`` put notes written on several spans in one moment, those whose own span
    holds ``at`` where they are on one span; None where the time tells them apart no further."""
    if len(_moments(chosen)) <= 1:
        return chosen
    held = [c for c in chosen if at is not None and c.start - 1e-6 <= at < c.end - 1e-6]
    return held if len(_moments(held)) == 1 else None


def span_text(start: float, end: float) -> str:
    """``START-END`` of ``FILE@START-END``, the clip `note --remove` takes for a note's own span (``split_span``)."""
    from .clirefs import parse_time

    def said(x: float) -> str:
        return next((t for d in range(4) if abs(parse_time(t := format_time(x, d)) - x) < 5e-4), format_time(x, 3))
    return f"{said(start)}-{said(end)}"


def split_span(ref: str) -> tuple[str, float, float] | None:
    """``FILE@START-END`` (a note's own span, ``span_text``) → (FILE, START, END); None: no such clip."""
    import os

    from .clirefs import span_of

    path, _, when = ref.rpartition("@")
    if not path or not (span := span_of(when)) or os.path.exists(ref):
        return None
    return path, *span


def _which_span(clip: str, text: str, chosen: list, again) -> str:
    """Why ``FILE@TIME --remove WORDS`` removes nothing where its moment's notes with those words were written on
    several spans and the time typed is inside more than one of them: each span, with its line (``again``)."""
    spans = _moments(chosen)
    lines = "".join(f"\n  {again(text, span_text(*span))}" for span in spans)
    return (f'{clip} lists {len(chosen)} notes "{text}" written on {len(spans)} spans (the moments were made again '
            f"since): {', '.join(format_time(a) + '–' + format_time(b) for a, b in spans)}. Nothing was removed. "
            f"Say which one to remove:{lines}")


def _lines(library, video, chosen: list, text: str) -> list[tuple]:
    """(TIME, the notes it removes, the span of the moment it names) of each ``FILE@TIME --remove text``
    line that removes some of the moments' notes ``chosen``, by the moments they are on now: two notes written on two moments fall in
    one moment once a ``--reindex --window`` made the moments longer, and that moment's line removes
    both (the lines told apart by what they remove, never one offered twice), in the video's order."""
    from .clirefs import moment_at, parse_time, time_inside

    moments, lines = library.moment_table.of(video.video_id), {}
    for c in chosen:
        t = parse_time(_at(c))
        m = moment_at(moments, t) if moments else c  # (the moment the note's own line names)
        worded = _worded(notes_on(library, video, m), text, m)
        if (removed := _held(worded, t)) is None:  # (the time tells that note from another no further: its span)
            removed, at = [o for o in worded if (o.start, o.end) == (c.start, c.end)], span_text(c.start, c.end)
        else:  # (the moment's time where it removes all its notes with the words, else the note's own)
            at = time_inside(m.start, m.end) if removed == worded else _at(c)
        lines.setdefault(frozenset(o.caption_id for o in removed), (c.start, at, removed, (m.start, m.end)))
    return [line[1:] for line in sorted(lines.values(), key=lambda line: line[0])]


def _moments(notes) -> list[tuple]:
    """The spans ``notes`` are on (a note and its byte-identical copy's on the same moment: one)."""
    return sorted({(c.start, c.end) for c in notes})


def _at(c) -> str:
    """The ``TIME`` of ``FILE@TIME`` that names note ``c``'s moment (``clirefs.time_inside``)."""
    from .clirefs import time_inside

    return time_inside(c.start, c.end)


def _which_moment(clip: str, text: str, lines: list, again) -> str:
    """Why ``note FILE --remove WORDS`` removes nothing where no note on the whole video has those words
    and several of its moments' notes have them (it removed each of them, a surprise that cannot be
    undone): the moments, and the line that removes each one's (``_lines``; ``again``), up to 5."""
    def said(at, removed) -> str:  # (one moment's line that removes several notes: said so)
        both = "both" if len(removed) == 2 else f"all {len(removed)}"
        spans = _moments(removed)
        return (f"\n  {again(text, at)}" + f"\n    (removes {both}: that moment holds the ones written at "
                f"{', '.join('@' + format_time(s) for s, _e in spans)})" * (len(spans) > 1))

    listed = "".join(said(at, removed) for at, removed, _m in lines[:5]) + ("\n  …" if len(lines) > 5 else "")
    moments, notes = len({m for _at, _r, m in lines}), sum(len(_moments(removed)) for _at, removed, _m in lines)
    have = ("has" if moments == 1 else "have") + (" one" if notes == moments else f" {notes} in all")  # (moments, not lines)
    return (f'{clip} has no note "{text}" on the whole video, and {moments} of its moments {have}: '
            f"{', '.join('@' + at for at, _r, _m in lines)}. Nothing was removed. Say which moment's to remove:{listed}")


def _copies(library, video, chosen) -> str:
    """Which of ``chosen`` were on byte-identical copies of ``video``, said."""
    on = sorted({c.video_id for c in chosen} - {video.video_id})
    names = [shown(v.path) for vid in on if (v := library.video_table.get(vid)) is not None]
    return f" (the same note on its identical {'copy' if len(names) == 1 else 'copies'} {', '.join(names)} too)" if names else ""


def remove_at(library, path: str, at: float | None, text: str, clip: str, again=None, end: float | None = None) -> str:
    """``remove_note`` of the clip ``FILE[@TIME]`` names (``path``, ``at``: ``clirefs.split_clip_ref``'s), or
    of the note written on ``at``-``end`` exactly where ``end`` is given (``split_span``: ``FILE@START-END``)."""
    from types import SimpleNamespace

    from .clirefs import resolve_clip

    ref = resolve_clip(library, path, None if end is not None else at)
    video = library.video_table.get(ref.video_id)
    if end is not None:  # (the span as said to the last few thousandths: the note's own)
        own = [c for c in _notes(library, video) if abs(c.start - at) < 2e-3 and abs(c.end - end) < 2e-3]
        if not own:
            spans = sorted({(c.start, c.end, c.text) for c in _notes(library, video) if c.start >= 0})
            listed = ", ".join(f'{span_text(a, b)} "{t}"' for a, b, t in spans[:5]) + (" …" if len(spans) > 5 else "")
            raise SeekframeError(f"{clip} names no note's span; nothing was removed."
                                 + (f" Its moments' notes: {listed}." if spans else ""))
        span = SimpleNamespace(start=own[0].start, end=own[0].end)
        text = text.strip() or (own[0].text if len({c.text for c in own}) == 1 else "")  # (no words: that span's)
        return remove_note(library, video, span, text, clip, again, own_only=True)
    moment = next((m for m in ref.moments if m.moment_id == ref.moment_id), None) if ref.moment_id else None
    return remove_note(library, video, moment, text, clip, again, at=at)


def remove_clip_note(library, _encoder, video_id: str, text: str, start: float, end: float, clip: str) -> str:
    """The window's removal (``app.beside_writes``, a writer's worker) of the note ``text`` listed on
    the clip ``start``–``end`` of ``video_id`` (``start`` < 0: a note on the whole video); ``clip``:
    the clip as the window names it. ``remove_note``'s words; SeekframeError, nothing removed, when
    the video has left the library or the note is no longer there (another window removed it)."""
    from types import SimpleNamespace

    video = library.video_table.get(video_id)
    if video is None:
        raise SeekframeError(f"{clip} is no longer in the library; nothing was removed.")
    moment = None if float(start) < 0 else SimpleNamespace(start=float(start), end=float(end))
    return remove_note(library, video, moment, text, clip, own_only=True)  # (not a same-worded note elsewhere)
