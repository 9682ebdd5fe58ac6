"""Arrow schemas of the library tables (format ``SCHEMA_VERSION``) and row <-> record conversion.

``SCHEMA_VERSION`` is written into ``library.json``; a library written with a higher version is
refused (``SchemaVersionError``). Bump it whenever a table layout changes, with the step that
brings a library of the version before to it (``migrations.py``).
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from core.filenames import stored, unstored
from core.library.records import SCHEMA_VERSION, CaptionRecord, MomentRecord, VideoRecord  # noqa: F401  (the format)

VIDEOS = "videos"
MOMENTS = "moments"
CAPTIONS = "captions"

VIDEO_STATUSES = ("pending", "done", "failed")
CAPTION_SOURCES = ("imported", "note", "query")

_VIDEO_FIELDS = [f.name for f in fields(VideoRecord)]
_ARROW_TYPES = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
# VideoRecord's fields in its order (a new field is a new format: SCHEMA_VERSION); width and height int32
VIDEOS_SCHEMA = pa.schema([
    pa.field(f.name, pa.int32() if f.name in ("width", "height") else _ARROW_TYPES[f.type],
             nullable=f.name != "video_id") for f in fields(VideoRecord)])
_MOMENT_FIELDS = [f.name for f in fields(MomentRecord) if f.name != "vector"]


def moments_schema(dim: int) -> pa.Schema:
    return pa.schema(
        [
            pa.field("video_id", pa.string(), nullable=False),
            pa.field("epoch", pa.int64()),
            pa.field("index", pa.int32()),
            pa.field("moment_id", pa.string()),
            pa.field("start", pa.float64()),
            pa.field("end", pa.float64()),
            pa.field("thumb_time", pa.float64()),
            pa.field("vector", pa.list_(pa.float32(), dim)),
        ]
    )


# Caption vectors are variable-length and tagged with the model that made them: re-indexing with
# another model (another dim) only re-tags rows, it never has to drop user notes.
CAPTIONS_SCHEMA = pa.schema(
    [
        pa.field("caption_id", pa.string(), nullable=False),
        pa.field("text", pa.string()),
        pa.field("source", pa.string()),
        pa.field("video_id", pa.string()),
        pa.field("start", pa.float64()),
        pa.field("end", pa.float64()),
        pa.field("created_at", pa.float64()),
        pa.field("model_id", pa.string()),
        pa.field("vector", pa.list_(pa.float32())),
    ]
)
_CAPTION_FIELDS = [name for name in CAPTIONS_SCHEMA.names if name not in ("model_id", "vector")]


# text that may hold a file name that is not valid text (core.filenames): stored reversibly
_VIDEO_NAMES = ("path", "root", "error")
_CAPTION_NAMES = ("text", "source")


def _stored(cols: dict, names) -> dict:
    return {**cols, **{name: [stored(s) for s in cols[name]] for name in names}}


def _unstored(table: pa.Table, rows: list[dict], names) -> list[dict]:
    """``rows`` of ``table`` with the ``names`` columns as ``stored`` was given them (most
    tables hold none of its escapes: one look per column)."""
    for name in names:
        column = table.column(name)
        if len(column) and pc.any(pc.match_substring(column, "\ufffe")).as_py():
            for row in rows:
                if row[name] is not None:
                    row[name] = unstored(row[name])
    return rows


def videos_to_arrow(records: list[VideoRecord]) -> pa.Table:
    cols = {name: [getattr(r, name) for r in records] for name in _VIDEO_FIELDS}
    return pa.table(_stored(cols, _VIDEO_NAMES), schema=VIDEOS_SCHEMA)


# columns later formats added, and what a row of a table without them (a reader of a library no
# writer has upgraded yet), or with nulls in them, reads as
_ADDED_COLUMNS = {"quick": False,  # format 2: full moments
                  "reader": 0}  # format 3: the reader is not recorded (checked again: core.sync)


def videos_from_arrow(table: pa.Table) -> list[VideoRecord]:
    """Rows as records; a column a later format added reads as ``_ADDED_COLUMNS`` says where the
    table lacks it or holds nulls."""
    for name, value in _ADDED_COLUMNS.items():
        if name not in table.column_names:
            table = table.append_column(name, pa.repeat(value, table.num_rows))
        elif table.column(name).null_count:
            i = table.column_names.index(name)
            table = table.set_column(i, name, pc.fill_null(table.column(name), value))
    table = table.select(_VIDEO_FIELDS)
    return [VideoRecord(**row) for row in _unstored(table, _pylist(table), _VIDEO_NAMES)]


ROWS_A_PART = 2000  # rows one to_pylist call makes: C++ holding the GIL throughout (20,000 videos: 70-130 ms at
# every status read after a change, the window's GUI thread waiting behind it)


def _pylist(table: pa.Table) -> list[dict]:
    """``table.to_pylist()``, made ``ROWS_A_PART`` rows at a time (other threads run between)."""
    return [row for part in table.to_batches(max_chunksize=ROWS_A_PART) for row in _part_rows(part)]


def _part_rows(part: pa.RecordBatch) -> list[dict]:
    return part.to_pylist()


def fsl_to_numpy(column, dim: int) -> np.ndarray:
    """A fixed_size_list<float32>[dim] column (Array or ChunkedArray) as float32 [n, dim]."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if len(column) == 0:  # dim may be 0 then (no model known), which reshape(-1, 0) refuses
        return np.zeros((0, dim), np.float32)
    flat = column.flatten() if column.offset else column.values
    return np.asarray(flat.to_numpy(zero_copy_only=False), dtype=np.float32).reshape(-1, dim)


def moments_to_arrow(moments: list[MomentRecord], dim: int) -> pa.Table:
    schema = moments_schema(dim)
    cols = {name: [getattr(m, name) for m in moments] for name in schema.names if name != "vector"}
    flat = np.stack([np.asarray(m.vector, np.float32).reshape(-1) for m in moments]).reshape(-1)
    return pa.table({**cols, "vector": pa.FixedSizeListArray.from_arrays(pa.array(flat), dim)}, schema=schema)


def moments_from_arrow(table: pa.Table, dim: int) -> list[MomentRecord]:
    vecs = fsl_to_numpy(table.column("vector"), dim)
    rows = table.select(_MOMENT_FIELDS).to_pylist()
    return [MomentRecord(**r, vector=vecs[i].copy()) for i, r in enumerate(rows)]


def captions_to_arrow(records: list[CaptionRecord], model_id: str) -> pa.Table:
    cols = _stored({name: [getattr(r, name) for r in records] for name in _CAPTION_FIELDS}, _CAPTION_NAMES)
    return pa.table({**cols, "model_id": [model_id] * len(records),
                     "vector": [np.asarray(r.vector, np.float32).reshape(-1) for r in records]},
                    schema=CAPTIONS_SCHEMA)


def captions_from_arrow(table: pa.Table, model_id: str, with_vectors: bool = True) -> list[CaptionRecord]:
    """Rows as records; a row embedded by another model than ``model_id`` gets an empty vector."""
    out = []
    empty = np.zeros(0, np.float32)
    for r in _unstored(table, table.to_pylist(), _CAPTION_NAMES):
        ours = with_vectors and r["model_id"] == model_id and r["vector"] is not None
        out.append(CaptionRecord(**{name: r[name] for name in _CAPTION_FIELDS},
                                 vector=np.asarray(r["vector"], np.float32) if ours else empty))
    return out
