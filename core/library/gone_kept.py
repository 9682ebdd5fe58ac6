"""Videos a re-scan of some of the library's folders removed, kept a while by their content, should
their file turn up in one of the library's other folders (``library.json``'s setting ``gone_kept``).

A video moved from folder A to folder B, then A re-scanned alone: the run finds it gone from A and
removes it (nothing in A says where it went, and B is not walked). Its row goes from the videos
table, so no search shows it, but its moments stay in the moments table (no row points at them:
never searched; ``MomentTable.sweep_orphans`` spares them) and its captions and notes keep its id.
A later re-scan that finds a new file of its content (size and content hash) takes it back
(``core.sync_gone``): the same id, its moments and captions, said moved, nothing embedded.

Each entry, ``{video id: {its row's fields, "at": when removed, "left": [the library's folders no
re-scan has looked at since]}}``, goes once every folder of its ``left`` was re-scanned (a whole
re-scan: all of them), after ``MAX_AGE_S``, past ``MAX_KEPT`` (the oldest first), once its folder
is no longer the library's, or its moments are another model's than the library's (``entries``:
as read, such entries left out; the next re-scan writes the list without them, and the writer's
open after it sweeps their moments). An entry whose id has a row (a crash between a take's two
writes, or a removal's) is the row's: left out too.
"""

from __future__ import annotations

import time
from dataclasses import MISSING, fields

from core.library.records import DONE, VideoRecord

KEY = "gone_kept"  # (a key of ``LibrarySettings.other``: an older Seekframe keeps it as it is)
MAX_KEPT = 256
MAX_AGE_S = 30 * 86400.0
# the row's fields kept (its status is done, online, its full pass made)
_KEPT = tuple(f.name for f in fields(VideoRecord) if f.name not in ("status", "error", "offline", "quick"))
_TYPES = {f.name: f.type for f in fields(VideoRecord)}
_REQUIRED = {f.name for f in fields(VideoRecord) if f.default is MISSING and f.default_factory is MISSING}


def entry(record: VideoRecord, at: float, left: list[str]) -> dict:
    """What ``library.json`` keeps of ``record`` removed ``at`` with the library's folders ``left``."""
    return {**{k: getattr(record, k) for k in _KEPT}, "at": float(at), "left": list(left)}


def record(value: dict) -> VideoRecord:
    """The row an entry keeps (a ValueError, TypeError or KeyError where it is no entry). A field the
    entry lacks that has a default takes it: a later Seekframe's new field must not drop every entry
    written before it (their videos' moments swept at the next writer's open)."""
    out = {}
    for k in _KEPT:
        if k not in value and k not in _REQUIRED:  # (a field added since the entry was written: its default)
            continue
        v = value[k]
        kind = _TYPES[k]
        if kind == "str" and not isinstance(v, str):
            raise TypeError(k)
        if kind in ("int", "float") and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise TypeError(k)
        out[k] = int(v) if kind == "int" else float(v) if kind == "float" else v
    return VideoRecord(**out, status=DONE)


def entries(meta, live=(), now: float | None = None) -> dict[str, dict]:
    """The entries as read from ``meta`` that still stand: well formed, of a folder of the library,
    of its model, under ``MAX_AGE_S``, at most ``MAX_KEPT`` (the newest), none of an id of ``live``
    (the videos table's ids: a row again)."""
    value = (meta.settings.other or {}).get(KEY)
    if not isinstance(value, dict) or not value:
        return {}
    now = time.time() if now is None else now
    folders = [f for f in meta.settings.folders or [] if isinstance(f, str)]
    out = {}
    for vid, e in value.items():
        try:
            rec = record(e)
            at, left = float(e["at"]), e["left"]
        except (KeyError, TypeError, ValueError):
            continue
        if (vid != rec.video_id or vid in live or not isinstance(left, list) or not left
                or not 0 <= now - at < MAX_AGE_S or rec.model_id != meta.model_id or not rec.content_hash
                or not any(_under(rec.root, f) for f in folders)):
            continue
        out[vid] = {**entry(rec, at, [f for f in left if isinstance(f, str)])}
    if len(out) > MAX_KEPT:
        out = dict(sorted(out.items(), key=lambda kv: kv[1]["at"])[-MAX_KEPT:])
    return out


def epochs(meta, live=()) -> dict[str, int]:
    """{video id: the epoch of its moments} of the entries that stand: moments the sweep leaves."""
    return {vid: int(e["epoch"]) for vid, e in entries(meta, live).items()}


def _under(path: str, folder: str) -> bool:
    from core.scan import is_under

    return is_under(path, folder)
