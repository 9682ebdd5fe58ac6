"""Removing a user's note (``seekframe note FILE@TIME --remove [WORDS]``): the notes on the clip a
``FILE@TIME`` names (``notes_on``), the one to remove (by its words where the clip has several), and
its removal: a line in ``notes.jsonl`` first (``notes_journal.removed``: nothing puts it back), then
its row of the captions table, then its words out of ``notes.jsonl`` (``library.notes_removed``).
Imported captions are never removed so. No model is needed."""

from __future__ import annotations

import shlex

from .errors import SeekframeError
from .filenames import shown
from .timefmt import format_time


def _notes(library, video) -> list:
    """The user's notes on ``video`` and on its byte-identical copies (``seekframe captions`` lists
    a copy's note as on this clip too)."""
    from .search_copies import same_content

    return [c for vid in same_content(video, library.video_table.view())
            for c in library.caption_table.read(vid, with_vectors=False) if c.source == "note"]


def notes_on(library, video, moment) -> list:
    """The user's notes on ``moment`` (objects with ``start``/``end``: the notes whose span meets
    it), or on the whole video (``moment`` None: those given no span), in the order written."""
    notes = _notes(library, video)
    if moment is None:
        here = [c for c in notes if c.start < 0]
    else:
        here = [c for c in notes if c.start >= 0 and c.start < moment.end and c.end > moment.start]
    return sorted(here, key=lambda c: c.created_at)


def _where(c) -> str:
    return "the whole video" if c.start < 0 else f"@{format_time(c.start)}"


def _listed(notes: list) -> str:
    return ", ".join(f'"{c.text}"' for c in notes)


def remove_note(library, video, moment, text: str, clip: str) -> str:
    """Remove the note on ``moment`` of ``video`` (None: on the whole video), the one whose text is
    ``text`` where given; what was removed, said. SeekframeError, nothing removed, when the clip
    (``clip``: as the user typed it) has no such note, or several and ``text`` names none."""
    from .captions import write_journal
    from .library import notes_journal, notes_removed

    here, text = notes_on(library, video, moment), text.strip()
    if not here:
        others = _notes(library, video)
        listed = ", ".join(f'{_where(c)} "{c.text}"' for c in others[:5]) + (" …" if len(others) > 5 else "")
        elsewhere = f" Its notes: {listed}." if others else f" {shown(video.path)} has no note."
        raise SeekframeError(f"{clip} has no note; nothing was removed.{elsewhere}")
    chosen = [c for c in here if c.text == text] if text else here
    if text and not chosen:
        raise SeekframeError(f'{clip} has no note "{text}"; its {"note is" if len(here) == 1 else "notes are"} '
                             f"{_listed(here)}. Nothing was removed.")
    if len(chosen) > 1 and not text:
        raise SeekframeError(f"{clip} has {len(here)} notes: {_listed(here)}. Say which one to remove: "
                             f"seekframe note {shlex.quote(clip)} --remove {shlex.quote(here[0].text)}. Nothing was removed.")
    ids = [c.caption_id for c in chosen]  # (the same words twice on one moment: both go)
    write_journal(library, ids, "removed", notes_journal.removed)  # (first: the next writer's open finishes a removal cut short)
    library.caption_table.delete(ids)
    notes_removed.purge(library.root, ids)  # (its words out of notes.jsonl: no older release puts it back)
    return f'Note removed from {clip}: "{chosen[0].text}".'


def remove_at(library, path: str, at: float | None, text: str, clip: str) -> str:
    """``remove_note`` of the clip ``FILE[@TIME]`` names (``path``, ``at``: ``clirefs.split_clip_ref``'s)."""
    from .clirefs import resolve_clip

    ref = resolve_clip(library, path, at)
    moment = next((m for m in ref.moments if m.moment_id == ref.moment_id), None) if ref.moment_id else None
    return remove_note(library, library.video_table.get(ref.video_id), moment, text, clip)


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
    return remove_note(library, video, moment, text, clip)
