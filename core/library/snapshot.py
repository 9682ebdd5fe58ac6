"""The videos' rows kept beside the tables, so a re-scan that finds nothing to do needs no LanceDB.

``videos-snapshot.json`` holds the videos' rows (each a list of its fields' values, in the order the
stamp's ``fields`` names) and a *stamp* of what they were read from: each
table's latest manifest (version and hash, read from ``db/NAME.lance/_versions/`` without LanceDB)
and the hash of ``library.json``. It is trusted only while the stamp matches the files, so any
write since (another writer, a crash between a table write and the snapshot's, an older Seekframe)
or a damaged or missing snapshot sends the caller to the library itself.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import fields, replace
from operator import attrgetter
from pathlib import Path

from core import atomic, json_text
from core.library import meta as meta_io
from core.library.location import read_regular
from core.library.records import VideoCache, VideoRecord

SNAPSHOT_FILE = "videos-snapshot.json"
FORMAT = 2  # 1: each row a dict (dataclasses.asdict: ~60 ms of a 3,000-video close, the window's GUI thread)
TABLES = ("videos", "moments", "captions")  # schema.VIDEOS, MOMENTS, CAPTIONS (schema brings pyarrow)
_U64 = 2**64 - 1
# rows encoded by one json.dumps call: a call is C holding the GIL throughout, and one over 20,000 rows
# held it 0.2-0.27 s, a freeze of the window after each of its runs (the writer let go in a worker)
ROWS_A_PART = 500


class WriteNeeded(Exception):
    """The run would change the library (or asked what a snapshot does not hold)."""


def _latest_manifest(table: Path) -> tuple[int, str]:
    """(version, path) of the table's latest manifest. Lance names them ``V.manifest`` or, in its
    second scheme, ``(2**64 - 1 - V)`` in 20 digits, so the newest sorts first."""
    best: tuple[int, str] | None = None
    with os.scandir(table / "_versions") as entries:
        for entry in entries:
            stem = entry.name[:-len(".manifest")] if entry.name.endswith(".manifest") else ""
            if not stem.isdigit():
                continue
            version = _U64 - int(stem) if len(stem) == 20 else int(stem)
            if best is None or version > best[0]:
                best = (version, entry.path)
    if best is None:
        raise ValueError(f"no manifest in {table}")
    return best


def disk_stamp(root: Path) -> dict:
    """What the library's files are now: each table's latest version and manifest hash (None: no
    table), ``library.json``'s hash, the notes journal's size and time and the row fields this code knows. Raises OSError/ValueError
    when a table cannot be read."""
    stamp: dict = {}
    for name in TABLES:
        folder = root / meta_io.DB_DIR / f"{name}.lance"
        if not folder.exists():
            stamp[name] = None
            continue
        version, path = _latest_manifest(folder)
        stamp[name] = [version, hashlib.sha256(Path(path).read_bytes()).hexdigest()]
    stamp[meta_io.META_FILE] = hashlib.sha256(read_regular(root / meta_io.META_FILE)).hexdigest()
    try:  # the notes journal: a note written there but not in its table (killed between) is put back by a writer's open
        journal = os.stat(root / "notes.jsonl")
        stamp["notes"] = [journal.st_size, journal.st_mtime_ns]
    except FileNotFoundError:
        stamp["notes"] = None
    stamp["fields"] = [f.name for f in fields(VideoRecord)]
    return stamp


def remove(root: Path) -> None:
    try:
        (root / SNAPSHOT_FILE).unlink(missing_ok=True)
    except OSError:
        pass


def leave(library) -> None:
    """The videos' rows of ``library`` (a ``VideoLibrary`` closing, or letting go of its writer lock)
    for a re-scan with nothing to do, written only when opening the library as it is now would change
    nothing; else an old one goes. Never a reason for the close to fail: only a re-scan's shortcut."""
    from core.library import reconcile as meta_check
    from core.library import schema as S  # (pyarrow: only here, never for a re-scan reading the snapshot)

    try:
        if library.video_table.unswept:
            library.moment_table.sweep_orphans()  # a failed commit of this handle left some
        records = library.video_table.state().records
        moments = library.conn.table(S.MOMENTS)
        read = meta_io.read_meta(library.root)
        meta, notes, problems = meta_check.reconcile(read, records, moments)
        width = meta_check.vector_width(moments)
        if (library.repairing or notes or problems or meta != read or read.schema_version != S.SCHEMA_VERSION
                or read.forgetting or read.relinking
                or (read.dim > 0 and width != read.dim) or _version(library.conn, S.CAPTIONS) is None
                or library.maintenance.too_many_fragments() or library.stale_captions):
            remove(library.root)
            return
        save(library.root, records, {n: _version(library.conn, n) for n in TABLES})
    except Exception:
        remove(library.root)


def _version(conn, name: str) -> int | None:
    table = conn.table(name)
    return table.version if table is not None else None


def save(root: Path, records, versions: dict) -> None:
    """Write the snapshot of ``records``, the videos' rows at the tables' ``versions`` (the
    writer's handles: {name: version or None}). Written only when the files on disk are at those
    versions (else any old snapshot goes)."""
    stamp = disk_stamp(root)
    if any((stamp[name][0] if stamp[name] else None) != versions.get(name) for name in TABLES):
        remove(root)
        return
    values = attrgetter(*stamp["fields"])  # (its values, not copied: asdict deep-copied each one)
    rows = [values(r) for r in records]
    atomic.write_bytes(root / SNAPSHOT_FILE, _encoded(stamp, rows), make_folder=False)  # (a library folder moved
    # away meanwhile: not made again)


def _encoded(stamp: dict, rows: list) -> bytes:
    """``{"format": FORMAT, "stamp": stamp, "videos": rows}`` as one json.dumps would write it, the rows
    encoded ``ROWS_A_PART`` at a time (other threads run between the parts)."""
    head = json.dumps({"format": FORMAT, "stamp": stamp}, separators=(",", ":"))[:-1]
    parts = (json.dumps(rows[i:i + ROWS_A_PART], separators=(",", ":"))[1:-1] for i in range(0, len(rows), ROWS_A_PART))
    return (head + ',"videos":[' + ",".join(parts) + "]}").encode("utf-8")


def load(root: Path) -> list[VideoRecord] | None:
    """The videos' rows, when the snapshot is there, readable and still of the files on disk."""
    try:
        data = json_text.loads(read_regular(root / SNAPSHOT_FILE))  # (a pipe or /dev/zero there: NotAFile, no hang;
        # nested thousands deep: a ValueError, not RecursionError)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("stamp") != disk_stamp(root):
            return None
        width = len(data["stamp"]["fields"])  # (the stamp matched: this code's fields, in its order)
        if not all(isinstance(row, list) and len(row) == width for row in data["videos"]):
            return None
        return [VideoRecord(*row) for row in data["videos"]]
    except (OSError, ValueError, TypeError, KeyError):  # missing, damaged, of another code
        return None


def open_snapshot(root) -> "SnapshotLibrary | None":
    """The library as its snapshot and ``library.json`` say, or None when the snapshot is not of
    the library as it is (the caller, holding the writer lock, opens the library instead)."""
    root = Path(root).expanduser().absolute()
    records = load(root)
    if records is None:
        return None
    try:
        meta = meta_io.read_meta(root)
    except Exception:  # the library's own open says what is wrong
        return None
    return SnapshotLibrary(root, meta, records)


class SnapshotLibrary:
    """What a run reads of a ``VideoLibrary``, its ``video_table`` and its ``maintenance`` (this
    object plays all three), from a snapshot; a write that would change something, or anything
    else, raises ``WriteNeeded``."""

    read_only = False
    repairing = False
    stale_captions = 0  # (a snapshot is left only when every caption holds the model's vector)

    def __init__(self, root: Path, meta, records: list[VideoRecord]):
        self.root, self.meta = root, meta
        self._records = records
        self.video_table = self.maintenance = self

    @property
    def model_switch(self) -> dict | None:
        return dict(self.meta.model_switch) if self.meta.model_switch else None

    def bind_model(self, model_id: str, model_source: str, dim: int) -> None:
        m = self.meta
        if (m.model_id, m.model_source, m.dim) != (model_id, str(model_source), dim):
            raise WriteNeeded("bind_model")

    def update_settings(self, **values) -> None:
        try:
            same = self.meta.settings.updated(**values) == self.meta.settings
        except ValueError:  # the library's own update says what is wrong
            same = False
        if not same:
            raise WriteNeeded("update_settings")

    def all(self) -> list[VideoRecord]:
        return [r.copy() for r in self._records]

    def view(self) -> VideoCache:
        """The videos by id, uncopied, as ``VideoTable.view``: never change its records."""
        return VideoCache(0, {r.video_id: r for r in self._records})

    def get(self, video_id: str) -> VideoRecord | None:
        return next((replace(r) for r in self._records if r.video_id == video_id), None)

    def finish_pending_forget(self, rest: bool = False) -> None:
        if self.meta.forgetting or self.meta.relinking or (rest and self.meta.forget_request):  # (a forget stopped
            raise WriteNeeded("finish_pending_forget")  # part-way, the rest of a forget of several: the writer's)

    def optimize_needed(self) -> bool:
        return False  # a snapshot is left only with no table due for compaction; nothing was written

    def __getattr__(self, name: str):
        raise WriteNeeded(name)
