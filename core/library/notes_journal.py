"""``notes.jsonl``: a user's notes kept beside the captions table, one JSON line each, appended as
they are written (with the clip's file: path, size, content hash; the note's vector and its
model), so that what the user wrote by hand outlives what a library can lose:

- a captions table that cannot be read (a disk error): ``seekframe repair`` sets it aside and puts
  every note back (``restore``), vectors included, no model needed;
- a video whose row went (``seekframe forget``, a videos table set aside): the next index that
  finds the same file again (content hash and size, else path) ties its notes to it (``relink``);
- a note the table holds on a video id that is no video while its file is in the library under a
  new id (its re-tie never reached the journal, then the table was put back from it): each writer's
  open ties it to that video (``retie``).

Imported captions are kept here too, without their vectors (a file of thousands would make a
journal of megabytes): put back, they wait for the next index to embed them
(``core.captions.finish_model_switch``). The last line of a caption id wins (a model switch writes
the new vector, a relink the new video id). A line cut short by a crash, or one that is no JSON,
is skipped. A note the user removed (``seekframe note FILE@T --remove``) gets a line saying so
(``removed``): from then on the journal holds it no more, and nothing puts it back; its other lines,
its words, then leave the file (``core.library.notes_removed``: no older release finds it either).
"""

from __future__ import annotations

import base64
import errno
import json
import logging
import math
import os
import stat
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from core import json_text
from core.errors import is_disk_full
from core.library import ids
from core.library.records import CaptionRecord, VideoRecord

JOURNAL = "notes.jsonl"
SOURCES = ("note", "imported")  # what it keeps
log = logging.getLogger("seekframe.library")


def _path(root) -> Path:
    return Path(root) / JOURNAL


def append(root, notes: list[tuple[CaptionRecord, VideoRecord | None, str]]) -> None:
    """One line per ``(note, its video, the model of its vector)``, on disk before returning (an
    OSError, a full disk's included, when it cannot be). A note whose video is not known (None)
    keeps the file its last entry names, so that the note can still follow that file."""
    if not notes:
        return
    before = latest(root) if any(video is None for _, video, _ in notes) else {}
    lines = []
    for rec, video, model_id in notes:
        vec = (np.asarray(rec.vector, np.float32).reshape(-1) if rec.vector is not None and rec.source == "note"
               else np.zeros(0, np.float32))
        last = before.get(rec.caption_id, {})
        file = ({"path": video.path, "size": int(video.size), "content_hash": video.content_hash} if video else
                {"path": last.get("path", ""), "size": last.get("size", 0), "content_hash": last.get("content_hash", "")})
        lines.append(json.dumps({
            "caption_id": rec.caption_id, "text": rec.text, "source": rec.source, "video_id": rec.video_id,
            "start": float(rec.start), "end": float(rec.end), "created_at": float(rec.created_at),
            **file, "model_id": model_id, "vector": base64.b64encode(vec.astype("<f4").tobytes()).decode("ascii"),
        }))  # (ensure_ascii: a file name that is no text travels as its escapes)
    _append_whole(_path(root), "".join(line + "\n" for line in lines).encode("ascii"))


def removed(root, caption_ids: list[str]) -> None:
    """The user removed these notes (``core.note_removal.remove_note``): one line each saying so, on disk
    before returning (an OSError when it cannot be), so that no ``restore`` or ``relink`` puts them back."""
    if caption_ids:
        lines = [json.dumps({"caption_id": ids.check_caption_id(cid), "removed": True, "at": time.time()})
                 for cid in caption_ids]
        _append_whole(_path(root), "".join(line + "\n" for line in lines).encode("ascii"))


def _append_whole(path: Path, data: bytes) -> None:
    """``data`` added at the journal's end, on disk, or (an OSError: a full disk, the file size
    limit) the journal cut back to what it held: a write refused part-way never leaves half a line."""
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    try:
        end = os.lseek(fd, 0, os.SEEK_END)
        if end:
            os.lseek(fd, end - 1, os.SEEK_SET)
            if os.read(fd, 1) != b"\n":  # a line a crash cut short: ended, never joined to the next
                data = b"\n" + data
        try:
            left = memoryview(data)
            while left:  # (a write may take part of it: the rest, or the error, comes next)
                left = left[os.write(fd, left):]
            os.fsync(fd)
        except BaseException:
            try:
                os.ftruncate(fd, end)
            except OSError:  # (what was cut short is skipped by every read)
                pass
            raise
    finally:
        os.close(fd)


_ID_PREFIX = b'{"caption_id": "'  # how ``append`` starts each line
_ID_PREFIX_TEXT = _ID_PREFIX.decode("ascii")
_REMOVED = b'", "removed": true'  # (how ``removed`` goes on after the id)


def _open_regular(root, **how):
    """The journal opened to be read, never waiting on a named pipe put there; OSError when it is
    no regular file (a pipe, a device: read as a journal that cannot be read)."""
    path = _path(root)
    nonblock = getattr(os, "O_NONBLOCK", 0)  # (Windows has none, nor a pipe a path opens)
    fd = os.open(path, os.O_RDONLY | nonblock)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    if nonblock:
        os.set_blocking(fd, True)
    return open(fd, **how)


def journal_ids(root) -> set[str] | None:
    """The caption ids of the journal's lines, read without parsing them: a writer opens a library
    of 200,000 imported captions in 0.2 s instead of 3.3 s. None when a line is not as ``append``
    writes them (changed by hand, cut short): the caller reads the journal whole (``latest``)."""
    scan = scan_ids(root)
    return None if scan is None else scan[0]


def scan_ids(root) -> tuple[set[str], set[str], set[str]] | None:
    """``journal_ids``, with the ids whose last line says the user removed the note (``removed``) and
    those of them whose words a line still holds (``core.library.notes_removed.purge`` takes them
    out), in the same one read; None as ``journal_ids``."""
    out: set[str] = set()
    gone: set[str] = set()
    worded: set[str] = set()
    end = len(_ID_PREFIX) + 24
    try:
        with _open_regular(root, mode="rb") as f:
            for line in f:
                if not (line.startswith(_ID_PREFIX) and line[end:end + 1] == b'"'):
                    if line.strip():
                        return None
                    continue
                cid = line[len(_ID_PREFIX):end].decode("ascii", "replace")
                if line.startswith(_REMOVED, end):  # (the user removed it: ``removed``)
                    if line.rstrip(b"\r\n").endswith(b"}"):
                        out.discard(cid)
                        gone.add(cid)
                    continue
                worded.add(cid)  # (a line cut short holds words too)
                if line.rstrip(b"\r\n").endswith(b"}"):  # (else cut short by a crash: no note either way)
                    out.add(cid)
                    gone.discard(cid)
    except FileNotFoundError:
        return set(), set(), set()
    except OSError:
        return None  # (``latest`` says it in the log)
    return out, gone, gone & worded


def latest(root, only: set[str] | None = None, at: set[str] | None = None) -> dict[str, dict]:
    """caption id -> its last entry that reads as a note (``record``); {} when there is no
    journal, or it cannot be read (said in the log). A line cut short or changed is skipped.
    ``only``: those caption ids' whose last entry names one of the paths ``at`` (the other lines as
    ``append`` writes them are not parsed: 0.3 s for 200,000 imported captions, not 8 s)."""
    out: dict[str, dict] = {}
    try:
        with _open_regular(root, encoding="ascii", errors="replace") as f:
            for line in f:
                if only is not None and not _wanted(line, only, at, out):
                    continue
                try:
                    entry = json_text.loads(line)  # (nested thousands deep: a ValueError too)
                    if isinstance(entry, dict) and entry.get("removed") is True:  # (the user removed it: ``removed``)
                        out.pop(str(entry["caption_id"]), None)
                        continue
                    record(entry)  # (every field as a note needs it)
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue
                cid = str(entry["caption_id"])
                if only is not None and (cid not in only or at is not None and entry.get("path") not in at):
                    out.pop(cid, None)  # (its last entry names another file)
                    continue
                out[cid] = entry
    except FileNotFoundError:
        pass
    except OSError as exc:  # (a folder of that name, a disk error: the table is the notes' first home)
        log.warning("cannot read %s: %s", _path(root), exc)
    return out


_PATH_KEY = ', "path": "'  # (a quote inside a text is escaped: the first such is the key)
_DECODER = json.JSONDecoder()


def _wanted(line: str, only: set[str], at: set[str] | None, out: dict) -> bool:
    """Whether a line is to be parsed: of ``only``'s ids, at one of ``at``'s paths, or not as
    ``append`` writes it. A whole line of one of ``only``'s ids at another path drops the entry
    an earlier line gave it (the last line of an id wins)."""
    end = len(_ID_PREFIX_TEXT) + 24
    if not (line.startswith(_ID_PREFIX_TEXT) and line[end:end + 1] == '"'):
        return True
    cid = line[len(_ID_PREFIX_TEXT):end]
    if cid not in only:
        return False
    i = line.find(_PATH_KEY) if at is not None else -1
    if i < 0:
        return True
    try:
        if _DECODER.raw_decode(line, i + len(_PATH_KEY) - 1)[0] in at:
            return True
    except ValueError:  # (cut short there: skipped by the whole parse too)
        return True
    if not line.rstrip("\r\n").endswith("}"):
        return True  # (cut short: the whole parse skips it, an earlier entry kept)
    out.pop(cid, None)
    return False


def record(entry: dict) -> CaptionRecord:
    """The note of a journal entry, its vector as written. ValueError (or KeyError, TypeError)
    for an entry that is not one."""
    raw = base64.b64decode(str(entry.get("vector", "")), validate=True)
    vector = np.frombuffer(raw[: len(raw) // 4 * 4], "<f4").astype(np.float32)
    if len(raw) % 4:
        raise ValueError("not a vector")
    cid, video_id = ids.check_caption_id(str(entry["caption_id"])), str(entry.get("video_id") or "")
    if video_id:
        ids.check_video_id(video_id)
    source = str(entry.get("source", "note"))
    if source not in SOURCES:
        raise ValueError(f"not a note nor an imported caption: {source!r}")
    rec = CaptionRecord(str(entry["text"]), source, vector, video_id, float(entry.get("start", -1.0)),
                        float(entry.get("end", -1.0)), caption_id=cid, created_at=float(entry.get("created_at", 0.0)))
    if not (math.isfinite(rec.start) and math.isfinite(rec.end) and np.isfinite(vector).all()):
        raise ValueError("not a note")
    return rec


def restore(library) -> tuple[int, int]:
    """Put back the journal's notes and imported captions the captions table lacks (a table set
    aside by repair, or gone), each note with its vector and the model that made it, none twice
    (the same text on the same span of the same video is one note); (how many notes, how many
    imported captions); then ``retie``. A writer's call."""
    from core.library import notes_removed

    present, lost = library.caption_table.ids_and_orphans(library.video_table.view())  # (one read for both)
    scan = scan_ids(library.root)  # (a tenth of the time of reading it whole)
    gone = notes_removed.finish(library, present, scan)  # (a removal cut short, or undone by an older release)
    back = _put_back(library, present - gone, None if scan is None else scan[0])
    retie(library, None if any(back) else {k: v for k, v in lost.items() if k not in gone})
    return back


def _put_back(library, present_ids, quick) -> tuple[int, int]:
    if quick is not None and (not quick or quick <= present_ids):
        return 0, 0
    entries = latest(library.root)
    if not entries or entries.keys() <= present_ids:
        return 0, 0
    present = library.caption_table.read(with_vectors=False)
    seen = {c.caption_id for c in present} | {_same(c) for c in present}
    model, dim = library.meta.model_id, library.meta.dim
    by_model: dict[str, list[CaptionRecord]] = {}
    for cid, e in entries.items():
        rec = record(e)
        if cid in seen or _same(rec) in seen:
            continue
        seen |= {cid, _same(rec)}
        made_by = str(e.get("model_id", ""))
        if made_by == model and rec.vector.shape != (dim,):  # (not this model's after all: without vector)
            made_by = ""
        by_model.setdefault(made_by, []).append(rec)
    for made_by, records in by_model.items():
        library.caption_table.put_back(records, made_by)
    back = [r for records in by_model.values() for r in records]
    return sum(r.source == "note" for r in back), sum(r.source != "note" for r in back)


def _same(c: CaptionRecord) -> tuple:
    return (c.source, c.video_id, round(float(c.start), 3), round(float(c.end), 3), c.text)


def relink(library, videos: list[VideoRecord], *, by_path: bool = True, only=None) -> int:
    """Tie the notes whose video is no longer in the library to the one of ``videos`` that is the
    same file: at the path the note names with its content (hash and size), else the one of that
    content (the file moved; the nearest name first among copies), else (``by_path``) at that path;
    how many; ``only``: those of these video ids. A writer's call; the journal's new lines are best
    effort (the table holds the notes)."""
    entries = latest(library.root)
    if not entries or not videos:
        return 0
    known = {v.video_id for v in library.video_table.all()}
    lost = [e for e in entries.values() if e.get("video_id") and e["video_id"] not in known
            and (only is None or e["video_id"] in only)]
    if not lost:
        return 0
    by_file: dict[tuple, list[VideoRecord]] = {}
    for v in sorted(videos, key=lambda v: v.path):
        if v.content_hash:
            by_file.setdefault((v.content_hash, v.size), []).append(v)
    at = {v.path: v for v in videos} if by_path else {}
    moves: dict[str, VideoRecord] = {}
    for e in lost:
        path, copies = e.get("path"), by_file.get((e.get("content_hash"), e.get("size")), [])
        named = os.path.basename(str(path or ""))
        target = (next((v for v in copies if v.path == path), None)
                  or next((v for v in copies if os.path.basename(v.path) == named), None)
                  or (copies[0] if copies else None) or at.get(path))
        if target is not None:
            moves[str(e["caption_id"])] = target
    if not moves:
        return 0
    library.caption_table.relink({cid: v.video_id for cid, v in moves.items()})
    _journal_moves(library, entries, moves)
    return len(moves)


def to_copies(library, gone: set[str]) -> int:
    """After a forget of a folder its last index found missing: the notes of its videos (``gone``,
    their ids) tied to a video of their content the library keeps (``relink`` by content only; how
    many), their own files being no longer where they were. ``mv ~/Videos ~/Movies`` then ``seekframe
    index ~/Videos ~/Movies`` kept ~/Videos' videos offline (a drive unplugged, for all the run knew) and
    made ~/Movies' files copies of them: forgetting ~/Videos left their notes waiting in the journal
    for a content the library had already, on no clip, not searchable. A folder forgotten while there
    keeps its notes for its own files (re-added, they are theirs again). A full disk raises: the ids stay
    recorded (``folder_forget.relink_left``) and the next writer's open ties them."""
    if not gone or not os.path.exists(os.path.join(library.root, JOURNAL)):
        return 0
    videos = [v for v in library.video_table.all() if v.content_hash]
    return relink(library, videos, by_path=False, only=gone)


def retie(library, lost: dict[str, str] | None = None) -> int:
    """Tie the notes and captions of the captions table whose video id is no video of the library to
    the video now at the file their journal line names, of the content it names (a re-tie the journal
    never got, a full disk, then the table set aside and put back with the old id; the video was
    committed under a new id since); how many. Each writer's open (``restore``), so an index or a
    repair puts such a note back on its clip. A note whose file is not in the library (its folder
    forgotten) waits for the index that finds it (``relink``). A full disk leaves them for later.
    ``lost``: those notes (caption id -> video id) when read already."""
    videos = library.video_table.view()
    if not videos:
        return 0
    lost = library.caption_table.ids_and_orphans(videos)[1] if lost is None else lost
    if not lost:
        return 0
    at = {v.path: v for v in videos.values()}
    moves: dict[str, VideoRecord] = {}
    entries = latest(library.root, set(lost), set(at))
    for cid, e in entries.items():
        v = at.get(str(e.get("path") or ""))
        if v is not None and (not e.get("content_hash")
                              or (e["content_hash"], e.get("size")) == (v.content_hash, int(v.size))):
            moves[cid] = v
    if not moves:
        return 0
    try:
        library.caption_table.relink({cid: v.video_id for cid, v in moves.items()})
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        log.warning("notes could not be tied again to their videos now: %s", exc)
        return 0
    _journal_moves(library, entries, moves)
    log.info("%d notes tied again to their videos", len(moves))
    return len(moves)


def _journal_moves(library, entries: dict[str, dict], moves: dict[str, VideoRecord]) -> None:
    """The notes' new videos in the journal, best effort (the table holds them; a journal refused
    is left whole, and ``retie`` ties them again should the table be put back from it)."""
    try:
        append(library.root, [(replace(record(entries[cid]), video_id=v.video_id), v,
                               str(entries[cid].get("model_id", ""))) for cid, v in moves.items()])
    except OSError as exc:
        log.warning("the notes tied again could not be written to %s: %s", JOURNAL, exc)
