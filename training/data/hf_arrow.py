"""A Hugging Face dump saved by ``datasets`` itself: ``Dataset.save_to_disk`` (``<split>/data-00000-of-00001.arrow``
beside ``dataset_info.json`` and ``state.json``, a ``dataset_dict.json`` above) and ``datasets``' own
cache (``<name>-train.arrow``) write Arrow IPC streams (an Arrow IPC file is read too). For
``hf_tables`` (its schema: the columns and those of bytes) and ``hf_cells`` (its rows, as a text
table's are read): the file is memory-mapped and its rows turned into Python a few at a time, only
the columns asked for, so a table holding every video's bytes is never read whole into memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from training.data.base import AnnotationError

ROWS = 16  # rows turned into Python objects at once (each may hold a video's bytes)


def _reader(source):
    import pyarrow as pa

    try:
        return pa.ipc.open_stream(source)
    except pa.ArrowInvalid:
        source.seek(0)
        return pa.ipc.open_file(source)


def schema(path: Path):
    """The arrow schema of an ``.arrow`` table (raises on a file that is none)."""
    import pyarrow as pa

    with pa.memory_map(str(path)) as source:
        return _reader(source).schema


def rows(path: Path, columns: list[str]) -> Iterator[tuple[int, dict]]:
    """``(row number, row)`` of an ``.arrow`` table, 1-based, each row with only ``columns`` (those it
    has; a ``{bytes, path}`` struct as a dict, bytes as ``bytes``)."""
    import pyarrow as pa

    try:
        with pa.memory_map(str(path)) as source:
            reader = _reader(source)
            keep = [c for c in dict.fromkeys(columns) if c in reader.schema.names]
            batches = iter(reader) if hasattr(reader, "read_next_batch") else (
                reader.get_batch(k) for k in range(reader.num_record_batches))
            n = 0
            for batch in batches:
                batch = batch.select(keep)
                for start in range(0, batch.num_rows, ROWS):
                    for row in batch.slice(start, ROWS).to_pylist():
                        n += 1
                        yield n, row
    except (pa.ArrowInvalid, OSError) as e:
        raise AnnotationError(path, f"not a readable Arrow file ({type(e).__name__}: {e})") from e
