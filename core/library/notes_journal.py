"""``notes.jsonl``: a user's notes kept beside the captions table, one JSON line each, appended as
they are written (with the clip's file: path, size, content hash; the note's vector and its
model), so that what the user wrote by hand outlives what a library can lose:

- a captions table that cannot be read (a disk error): ``seekframe repair`` sets it aside and puts
  every note back (``restore``), vectors included, no model needed;
- a video whose row went (``seekframe forget``, a videos table set aside): the next index that
  finds the same file again (content hash and size, else path) ties its notes to it (``relink``).

The last line of a caption id wins (a model switch writes the new vector, a relink the new video
id). A line cut short by a crash, or one that is no JSON, is skipped. Imported captions are not
kept here: their files can be imported again.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import replace
from pathlib import Path

import numpy as np

from core.library.records import CaptionRecord, VideoRecord

JOURNAL = "notes.jsonl"


def _path(root) -> Path:
    return Path(root) / JOURNAL


def append(root, notes: list[tuple[CaptionRecord, VideoRecord | None, str]]) -> None:
    """One line per ``(note, its video, the model of its vector)``, on disk before returning."""
    lines = []
    for rec, video, model_id in notes:
        vec = np.asarray(rec.vector, np.float32).reshape(-1) if rec.vector is not None else np.zeros(0, np.float32)
        lines.append(json.dumps({
            "caption_id": rec.caption_id, "text": rec.text, "video_id": rec.video_id,
            "start": float(rec.start), "end": float(rec.end), "created_at": float(rec.created_at),
            "path": video.path if video else "", "size": int(video.size) if video else 0,
            "content_hash": video.content_hash if video else "", "model_id": model_id,
            "vector": base64.b64encode(vec.astype("<f4").tobytes()).decode("ascii"),
        }))  # (ensure_ascii: a file name that is no text travels as its escapes)
    if not lines:
        return
    with open(_path(root), "a", encoding="ascii") as f:
        f.write("".join(line + "\n" for line in lines))
        f.flush()
        os.fsync(f.fileno())


def latest(root) -> dict[str, dict]:
    """caption id -> its last entry; {} when there is no journal."""
    out: dict[str, dict] = {}
    try:
        with open(_path(root), encoding="ascii", errors="replace") as f:
            for line in f:
                try:
                    entry = json.loads(line)
                    out[str(entry["caption_id"])] = entry
                except (ValueError, KeyError, TypeError):  # a line cut short by a crash
                    continue
    except FileNotFoundError:
        pass
    return out


def record(entry: dict) -> CaptionRecord:
    """The note of a journal entry, its vector as written."""
    vector = np.frombuffer(base64.b64decode(entry.get("vector", "")), "<f4").astype(np.float32)
    return CaptionRecord(str(entry["text"]), "note", vector, str(entry.get("video_id", "")),
                         float(entry.get("start", -1.0)), float(entry.get("end", -1.0)),
                         caption_id=str(entry["caption_id"]), created_at=float(entry.get("created_at", 0.0)))


def restore(library) -> int:
    """Put back the journal's notes the captions table lacks (a table set aside by repair), each
    with its vector and the model that made it; how many. A writer's call."""
    entries = latest(library.root)
    if not entries:
        return 0
    present = {c.caption_id for c in library.caption_table.read(with_vectors=False)}
    missing = [e for cid, e in entries.items() if cid not in present]
    by_model: dict[str, list[CaptionRecord]] = {}
    for e in missing:
        by_model.setdefault(str(e.get("model_id", "")), []).append(record(e))
    for model_id, records in by_model.items():
        library.caption_table.put_back(records, model_id)
    return len(missing)


def relink(library, videos: list[VideoRecord]) -> int:
    """Tie the notes whose video is no longer in the library to the one of ``videos`` that is the
    same file (content hash and size, else the path); how many. A writer's call."""
    entries = latest(library.root)
    if not entries or not videos:
        return 0
    known = {v.video_id for v in library.video_table.all()}
    lost = [e for e in entries.values() if e.get("video_id") and e["video_id"] not in known]
    if not lost:
        return 0
    by_file = {(v.content_hash, v.size): v for v in videos if v.content_hash}
    by_path = {v.path: v for v in videos}
    moves: dict[str, VideoRecord] = {}
    for e in lost:
        target = by_file.get((e.get("content_hash"), e.get("size"))) or by_path.get(e.get("path"))
        if target is not None:
            moves[str(e["caption_id"])] = target
    if not moves:
        return 0
    library.caption_table.relink({cid: v.video_id for cid, v in moves.items()})
    append(library.root, [(replace(record(entries[cid]), video_id=v.video_id), v, str(entries[cid].get("model_id", "")))
                          for cid, v in moves.items()])
    return len(moves)
