"""A Hugging Face dump's videos held inside its tables (HuggingFaceM4/TGIF's ``video_bytes``, an
MSR-VTT dump's ``video``/``mp4`` bytes, or a ``{bytes, path}`` struct as ``datasets``' Video and
Image features write them), written out as files the loaders read like any other clip. The bytes
may sit in the caption tables or in a table of their own (``videos.parquet``: an id and a video
column, no captions), in a parquet table or a text one (base64 text, or ``{"bytes": …}``: ``hf_cells``).

Only when the clips are not files already (those on disk, beside the tables or in the usual folders,
win: then the bytes are never read). Each video the split needs is written once, into
``core.paths.cache_dir()/training/<dataset>-<digest of the tables>/`` (a new dump is a new folder),
named by its id, its extension by its bytes' first ones (``GIF87a``/``GIF89a``: ``.gif``; ``ftyp``:
``.mp4``; EBML: ``.webm`` or ``.mkv`` by its doc type; ``RIFF….AVI``: ``.avi``). Each file is written
to a temporary ``.<name>.….part`` and renamed (a kill leaves no half video under a video's name);
the tables are read a row group at a time, their ids first and the bytes only of a group that holds
a video still to write (a text table: a row at a time, a cell decoded only for a video still to
write), never a whole table at once (a load after a kill goes on where it stopped; a second load reads none).
How many were written, where, and the space they took is logged once; a full disk stops the load,
naming the folder and about how much more space it needs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from contextlib import suppress
from pathlib import Path

from core.atomic import write_bytes
from core.errors import SeekframeError, is_disk_full
from core.paths import cache_dir
from core.timefmt import format_bytes
from training.data import hf_cells, hf_tables
from training.data.base import find_video, plain_name
from training.data.hf_cells import decode, kind

log = logging.getLogger(__name__)

TAIL = 1 << 16  # bytes of each table's end digested with its name and size (a parquet footer: its row groups)
BATCH = 16  # rows turned into files at a time (of one row group)
STALE_S = 600.0  # a temporary file older than this is a killed write's, removed
NAME_BYTES = 200  # the longest id written as a file name (its temporary file's name adds ~16 to the 255 allowed)
_NOT_IN_NAMES = frozenset(':*?"<>|' if os.name == "nt" else "")  # (and base.plain_name's: no separator, NUL)
_KINDS = {".gif": "a GIF", ".mp4": "an MP4", ".webm": "a WebM", ".mkv": "a Matroska video", ".avi": "an AVI"}


def folder_of(dataset: str, tables: list[hf_tables.Table]) -> Path:
    """Where the videos of ``tables`` are written: named by each table's name, size and end."""
    h = hashlib.sha256()
    for p in sorted({t.path for t in tables}):
        size = p.stat().st_size
        with p.open("rb") as f:
            f.seek(max(0, size - TAIL))
            h.update(f"{p.name}\0{size}\0".encode() + f.read())
    return cache_dir() / "training" / f"{dataset}-{h.hexdigest()[:16]}"


def written_out(dataset: str, found: list[hf_tables.Table], cols: hf_tables.Columns, ids, looked: list[Path],
                exts: tuple[str, ...]) -> list[Path]:
    """``[the folder of the dump's videos]`` with those of ``ids`` that no folder of ``looked`` has
    written there (the ones not there already); ``[]`` when none is missing or no table holds videos."""
    tables = [t for t in found if t.video_column]
    if not tables:  # (no video in the tables: no clip looked up here, the loader looks for them)
        return []
    missing = [v for v in dict.fromkeys(ids) if not any(find_video(f, v, exts) for f in looked)]
    if not missing:
        return []
    folder = folder_of(dataset, tables)
    unfit = [v for v in missing if not file_name_ok(v)]
    if unfit:  # (an id from the tables written as a file name: never out of the folder, nor into one of its own)
        log.warning("%s: %d videos held in the tables are not written out: their id is no file name (e.g. %r: "
                    "a path, or too long); they stay 'file not found'", dataset, len(unfit), unfit[0])
    wanted = {v for v in missing if file_name_ok(v) and find_video(folder, v, exts) is None}
    if wanted:
        _write(dataset, folder, tables, cols, wanted, exts)
    return [folder]


def file_name_ok(vid: str) -> bool:
    """Whether the id ``vid`` can name a file of the cache folder as it is: not empty, ``.`` or
    ``..``, no separator or NUL in it, not too long (an id comes from the tables: ``../../x`` must
    not write outside the folder)."""
    return (plain_name(vid) and _NOT_IN_NAMES.isdisjoint(vid)
            and len(vid.encode("utf-8", "surrogateescape")) <= NAME_BYTES)


class _Writer:
    """Writes the videos ``wanted`` of tables into ``folder``, counting them."""

    def __init__(self, dataset: str, folder: Path, cols, wanted: set[str], exts: tuple[str, ...]):
        self.dataset, self.folder, self.cols, self.wanted, self.exts = dataset, folder, cols, wanted, exts
        self.written, self.size, self.other = 0, 0, {}  # (other: {table: [(id, kind), ...]} not written)

    def text_table(self, t: hf_tables.Table) -> None:
        """``t``'s videos still wanted, a row at a time (a cell decoded only for a video still to write)."""
        for _, row in hf_cells.text_rows(t.path, [t.id_column, t.video_column]):
            if not self.wanted:
                return
            vid = hf_tables.video_id(t, row.get(t.id_column), self.cols)
            if vid in self.wanted and (data := decode(row.get(t.video_column))):
                self.video(t, vid, data)

    def table(self, pf, t: hf_tables.Table) -> None:
        """``t``'s videos still wanted, a row group at a time: its ids read first, its bytes only
        when it holds one."""
        import pyarrow as pa

        id_struct = t.id_column in t.structs
        for group in range(pf.num_row_groups):
            if not self.wanted:
                return
            ids = pf.read_row_group(group, columns=[f"{t.id_column}.path" if id_struct else t.id_column])
            if self.wanted.isdisjoint(hf_tables.video_id(t, v, self.cols) for v in ids.column(0).to_pylist()):
                continue
            columns = list(dict.fromkeys([t.id_column, t.video_column]))
            for batch in pf.iter_batches(BATCH, row_groups=[group], columns=columns):
                keys = batch.column(t.id_column)
                keys = (keys.field("path") if id_struct else keys).to_pylist()
                blobs = batch.column(t.video_column)
                blobs = blobs.field("bytes") if pa.types.is_struct(blobs.type) else blobs
                for key, blob in zip(keys, blobs):
                    vid = hf_tables.video_id(t, key, self.cols)
                    if vid in self.wanted and blob.is_valid:
                        self.video(t, vid, blob.as_buffer())

    def video(self, t: hf_tables.Table, vid: str, data) -> None:
        size = memoryview(data).nbytes
        ext = kind(memoryview(data)[:64].tobytes())
        self.wanted.discard(vid)  # (a second row of that id is not read: the first one's bytes are its video)
        if not file_name_ok(vid):
            return
        if ext not in self.exts:
            self.other.setdefault(t.path, []).append((vid, ext))
            return
        try:
            write_bytes(self.folder / f"{vid}{ext}", memoryview(data))
        except OSError as e:
            if not is_disk_full(e):
                raise
            left, per = len(self.wanted) + 1, (self.size + size) / (self.written + 1)
            raise SeekframeError(
                f"{self.folder}: the disk is full, writing out the videos held in {self.dataset}'s tables: about "
                f"{format_bytes(per * left)} more is needed for the {left} still to write ({self.written} written, "
                f"{format_bytes(self.size)}, kept). Free some space, or set SEEKFRAME_CACHE to a folder on a larger "
                "disk, and load again") from e
        self.written, self.size = self.written + 1, self.size + size

    def said(self) -> None:
        if self.written:
            log.info("%s: %d videos held in the dump's tables written to %s (%s), once: later loads read them "
                     "there", self.dataset, self.written, self.folder, format_bytes(self.size))
        for path, skipped in self.other.items():
            vid, ext = skipped[0]
            log.warning("%s: %d videos' bytes in %s are not written: they are no video the loader reads (%s), "
                        "e.g. '%s' (%s)", self.dataset, len(skipped), path, ", ".join(self.exts), vid,
                        _KINDS[ext] if ext else "its first bytes are none of GIF, MP4, WebM/Matroska, AVI's")


def _write(dataset: str, folder: Path, tables, cols, wanted: set[str], exts: tuple[str, ...]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    drop_stale(folder)
    writer = _Writer(dataset, folder, cols, wanted, exts)
    try:
        for t in tables:
            if t.footer is None:
                writer.text_table(t)
                continue
            with hf_tables.open_parquet(t) as pf:
                writer.table(pf, t)
    finally:
        writer.said()


def drop_stale(folder: Path) -> None:
    """Remove the temporary files of writes that were killed (not those of a write going on now)."""
    now = time.time()
    for p in folder.glob(".*.part"):
        with suppress(OSError):
            if now - p.stat().st_mtime > STALE_S:
                p.unlink()

