"""Captions: import them from .txt / .csv / .json files (read by ``core.caption_files``, the
formats ``seekframe captions-import --help`` describes), and attach notes to clips. Both live in the captions table with their
vectors, so "similar captions" is a nearest-neighbour query and a note is searchable like any.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .caption_files import MAX_CAPTION_CHARS, parse_caption_file  # noqa: F401 (MAX_CAPTION_CHARS re-exported)
from .errors import ModelMismatchError, SeekframeError
from .library import notes_journal
from .library.records import CaptionRecord, VideoRecord

log = logging.getLogger("seekframe.captions")

if TYPE_CHECKING:  # (imported for annotations only: a no-op re-scan runs without LanceDB)
    from .library import VideoLibrary

MAX_NOTE_CHARS = 20_000  # a note is kept whole up to this; a longer one is refused, never cut


class NoteAdded(NamedTuple):  # ``add_note``'s answer
    caption_id: str
    added: bool  # False: the clip had that very note already (its id given), nothing written
    searchable: bool = True  # False: the model reads no word in it (``search_words.reads``): no search finds it


def resolve_video(ref: str, videos: list[VideoRecord], base: str | None = None) -> VideoRecord | None:
    """Match a caption's video reference against the library: id, path (a relative one from the
    caption file's folder ``base``, else from the current folder), file name or stem. Of several
    videos of that name, the one whose folders end as the reference's do (``2024/red.mp4``: the
    red.mp4 in a folder 2024), else the first. One that matches nothing as written and holds
    backslashes (``2024\\red.mp4``, a file made on Windows) is read with them as folder separators
    (a name on Linux may hold one, so as written first). ``VideoFinder`` for many rows."""
    return VideoFinder(videos).find(ref, base)


_SEPARATORS = re.compile(r"[\\/]")
_OWN_SEPARATORS = re.compile("[" + re.escape(os.sep + (os.altsep or "")) + "]")  # (this system's: "/" on Linux)


class VideoFinder:
    """The library's videos looked up as caption rows name them (``resolve_video``), a row in
    constant time: built once per import (a row read the whole list of videos: 16 ms a row over
    10,000 videos, an hour for MSR-VTT's 200,000 captions). Of several videos with one id, path,
    name or stem, the first in ``videos``' order, as that list's scan found it."""

    def __init__(self, videos: list[VideoRecord], key=None):
        self.videos, self.key = videos, key or (lambda text: text)  # (``key``: how paths are compared)
        self.twins: VideoFinder | None = None  # (the same videos by composed names: ``find``; of the plain finder only)
        self.plain = key is None
        self.by_id: dict[str, VideoRecord] = {}
        self.by_path: dict[str, VideoRecord] = {}
        self.by_name: dict[str, list[VideoRecord]] = {}
        self.by_stem: dict[str, list[VideoRecord]] = {}
        for v in videos:
            self.by_id.setdefault(v.video_id, v)
            self.by_path.setdefault(self.key(v.path), v)
            name = os.path.basename(self.key(v.path))
            self.by_name.setdefault(name, []).append(v)
            self.by_stem.setdefault(os.path.splitext(name)[0], []).append(v)

    def find(self, ref: str, base: str | None = None) -> VideoRecord | None:
        """The video ``ref`` names as written; else, of a name not in plain ASCII, with both the reference
        and the library's paths composed (NFC): ``Café.mp4`` written composed, as Windows and Linux do,
        of a file a Mac copied decomposed (NFD), or the other way round."""
        if not ref:
            return None
        found = self._found(ref, base)
        if found is None and self.plain and not (ref.isascii() and (base or "").isascii()):
            if self.twins is None:
                self.twins = VideoFinder(self.videos, key=_composed)
            found = self.twins.find(_composed(ref), _composed(base) if base else None)
        return found

    def _found(self, ref: str, base: str | None) -> VideoRecord | None:
        found = self._as_written(ref, base)
        if found is None and "\\" in ref:
            found = self._as_written(ref.replace("\\", "/"), base)
        return found

    def _as_written(self, ref: str, base: str | None) -> VideoRecord | None:
        paths = [os.path.abspath(os.path.expanduser(ref))]
        if base is not None and not os.path.isabs(os.path.expanduser(ref)):
            paths.insert(0, os.path.normpath(os.path.join(base, ref)))  # (as the file's writer saw it)
        found = self.by_id.get(ref) or next((self.by_path[p] for p in paths if p in self.by_path), None)
        if found is not None:
            return found
        name = os.path.basename(ref)
        # a video of the file's name before one of its stem only (red.mp4 before red.mov), else the first
        named = self.by_name.get(name) or self.by_stem.get(os.path.splitext(name)[0], [])
        def shared(v: VideoRecord, split) -> int:  # how many of the reference's last folders the video's path has
            folders = [f for f in split(os.path.dirname(ref)) if f]
            theirs = split(os.path.dirname(self.key(v.path)))
            return next((i for i, (a, b) in enumerate(zip(reversed(folders), reversed(theirs))) if a != b),
                        min(len(folders), len(theirs)))

        # folders as this system spells them first (a Linux folder named 'a\b' is no 'a/b'), then
        # with a backslash read as a separator too (a row written on Windows, 'lib\2024/red.mp4')
        return max(named, key=lambda v: (shared(v, _OWN_SEPARATORS.split), shared(v, _SEPARATORS.split)),
                   default=None)


def _composed(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", text)


def import_captions(library: VideoLibrary, encoder, path: str | Path, batch_size: int = 256) -> dict:
    """Embed and store the captions in ``path`` that the library does not hold yet (same video,
    text and source), as one commit: an import that fails or is killed leaves nothing of the
    file, and importing it again adds nothing twice. Returns counts for the user."""
    rows = parse_caption_file(path)
    base = os.path.dirname(os.path.abspath(path))  # (a video named relative to the caption file)
    videos = library.video_table.all()
    finder = VideoFinder(videos)
    switch = library.model_switch
    if switch and switch["model_id"] == encoder.model_id:
        finish_model_switch(library, encoder, batch_size)
    present = {(c.source, c.video_id, c.text) for c in library.caption_table.read(with_vectors=False)}
    linked = unmatched = repeated = past_end = 0
    from_file: set[tuple[str, str, str]] = set()  # (a row the file gives twice is no caption the library had)
    records = []
    for r in rows:
        v = finder.find(r.video, base)
        if v is not None:
            linked += 1
            past_end += 0 < v.duration <= r.start  # (milliseconds, or another clip's times: on no moment of it)
        elif r.video:
            unmatched += 1
        key = ("imported", v.video_id if v else "", r.text)
        if key in from_file:
            repeated += 1
            continue
        from_file.add(key)
        if key in present:
            continue
        cid = hashlib.sha256("\0".join(key).encode("utf-8")).hexdigest()[:24]  # same key, same id
        records.append(CaptionRecord(r.text, "imported", None, key[1], r.start, r.end, caption_id=cid,
                                     created_at=time.time()))
    embed(encoder, records, batch_size)
    videos_by_id = {v.video_id: v for v in videos}  # (kept in notes.jsonl first, without vectors)
    write_journal(library, [(rec, videos_by_id.get(rec.video_id), "") for rec in records], "imported")
    library.caption_table.add(records)  # one merge: all of the file's new captions or none
    # already_present: the rows not imported, the caption there already (in the library, or earlier in
    # the file: repeated_in_file of them, given only when some were)
    counts = {"imported": len(records), "already_present": len(rows) - len(records),
              "linked_to_videos": linked, "unknown_videos": unmatched}
    more = {"repeated_in_file": repeated, "past_end": past_end}  # (given only when some were)
    return {**counts, **{k: n for k, n in more.items() if n}}


def add_note(library: VideoLibrary, encoder, video: VideoRecord, text: str,
             start: float = -1.0, end: float = -1.0) -> NoteAdded:
    """A user's note on a clip: stored as a caption of that video, searchable like any other; its
    id, and whether it was written (the same text on the same moment again is not)."""
    text = text.strip()
    if not text:
        raise SeekframeError("A note needs some text.")
    if len(text) > MAX_NOTE_CHARS:
        raise SeekframeError(f"A note holds at most {MAX_NOTE_CHARS:,} characters; this one has {len(text):,}. "
                             "Nothing was added: shorten it, or split it into notes on the clip's moments.")
    _check_model(library, encoder)
    from .search_words import NO_NOTE_WORDS_TEXT, reads, word_text

    if not word_text(text):  # ("???": no model reads a word in it, a search for it answers "Nothing to search for")
        raise SeekframeError(NO_NOTE_WORDS_TEXT)
    searchable = reads(text, getattr(encoder, "reads", None))  # (search's own check: false, kept but found by no search)
    from .search_copies import same_content

    for copy in same_content(video, library.video_table.view()).values():  # the same note again (a re-run; or on
        for old in library.caption_table.read(copy.video_id):  # an identical copy: `captions` lists it on this clip)
            if (old.source, old.text, old.start, old.end) == ("note", text, start, end):
                if old.caption_id not in notes_journal.latest(library.root):  # (a run stopped between table and journal)
                    write_journal(library, [(old, copy, library.meta.model_id)])
                return NoteAdded(old.caption_id, False, searchable)
    vec = encoder.encode_text([text])[0]
    rec = CaptionRecord(text, "note", vec, video.video_id, start, end, caption_id=secrets.token_hex(12),
                        created_at=time.time())
    write_journal(library, [(rec, video, library.meta.model_id)])  # (what the user wrote, kept twice: first here)
    return NoteAdded(library.caption_table.add([rec])[0], True, searchable)


def _check_model(library: VideoLibrary, encoder) -> None:
    """A note's vector is stored as the library's model's: ``encoder`` must be that model (another
    process may have re-indexed the library with another since the caller loaded it)."""
    have, bound = getattr(encoder, "model_id", None), library.meta.model_id
    if have and bound and have != bound:
        raise ModelMismatchError(
            f"This library is indexed with the model {library.meta.model_source or bound} now, not "
            f"{getattr(encoder, 'source', '') or have}: a note embedded with that one could not be searched. "
            f"Nothing was added; write it with {library.meta.model_source or bound}.")


def write_journal(library: VideoLibrary, notes: list, what: str = "added", write=notes_journal.append) -> None:
    """``notes_journal.append`` (or ``write``: ``notes_journal.removed``), said as the user can act on it
    (a full disk as such)."""
    from .errors import is_disk_full

    try:
        write(library.root, notes)
    except OSError as exc:
        if is_disk_full(exc):
            raise
        raise SeekframeError(f"Cannot write {Path(library.root) / notes_journal.JOURNAL}, where your notes are "
                             f"kept beside the library's tables ({exc.strerror or exc}); nothing was {what}. "
                             "Move aside what is in its place, then try again.") from None


def embed(encoder, captions: list[CaptionRecord], batch_size: int = 256) -> None:
    """Give each caption the vector of its text under ``encoder``, in batches."""
    for i in range(0, len(captions), batch_size):
        chunk = captions[i : i + batch_size]
        for rec, vec in zip(chunk, encoder.encode_text([c.text for c in chunk])):
            rec.vector = vec


def embed_and_store(library: VideoLibrary, encoder, captions: list[CaptionRecord], batch_size: int = 256) -> None:
    """``embed`` and add ``captions`` a batch per write: an interrupted re-embedding keeps its batches."""
    for i in range(0, len(captions), batch_size):
        chunk = captions[i : i + batch_size]
        embed(encoder, chunk, batch_size)
        library.caption_table.add(chunk)


def switch_model(library: VideoLibrary, encoder, batch_size: int = 256) -> int:
    """``reset_for_model`` (which records the switch), then ``finish_model_switch``: returns how
    many captions were re-embedded; the videos then need indexing."""
    library.reset_for_model(encoder.model_id, encoder.source, encoder.embed_dim)
    return finish_model_switch(library, encoder, batch_size)


def finish_model_switch(library: VideoLibrary, encoder, batch_size: int = 256) -> int:
    """Finish a model switch that was interrupted (killed after ``reset_for_model``, or while
    re-embedding): the captions and notes not yet on the new model are embedded with it, then
    the switch is over. Every writer calls this before indexing; with no switch in progress it
    embeds only the captions that hold another model's vector (notes put back from notes.jsonl,
    whose journal line a killed switch left on the old model), found by counting. Returns how
    many captions were re-embedded."""
    switch = library.model_switch
    if switch is None:  # (captions of another model's vectors: notes put back from notes.jsonl)
        if library.meta.model_id != encoder.model_id or not library.stale_captions:
            return 0
    elif switch["model_id"] != encoder.model_id:
        raise SeekframeError(
            f"This library is being switched to the model {switch['model_source'] or switch['model_id']} "
            f"(an earlier re-index was interrupted), not {encoder.source}. Run `seekframe index` to "
            "finish the switch, or `seekframe index --reindex --model MODEL` to switch to another.")
    elif library.meta.model_id != switch["model_id"]:  # killed before the old vectors were forgotten
        library.reset_for_model(encoder.model_id, encoder.source, encoder.embed_dim)
    stale = [c for c in library.caption_table.read() if c.vector.size == 0]
    embed_and_store(library, encoder, stale, batch_size)
    videos = {v.video_id: v for v in library.video_table.all()}
    try:  # their new vectors (a note of a video gone keeps the file it names); best effort: the table has them
        notes_journal.append(library.root, [(c, videos.get(c.video_id), encoder.model_id)
                                            for c in stale if c.source == "note"])
    except OSError as exc:
        log.warning("the notes' new vectors could not be written to %s: %s", notes_journal.JOURNAL, exc)
    if switch is not None:
        library.end_model_switch()
    return len(stale)
