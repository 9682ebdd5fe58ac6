"""A Hugging Face dump's video bytes in a text table's cells (``hf_tables``' ``.jsonl``, ``.csv``,
``.json``), for ``hf_videos`` to write out: a cell is base64 text (``AAAAIGZ0eXA…``, or a
``data:video/mp4;base64,…`` URI), or ``{"bytes": <base64 or a list of byte values>, "path": …}``
as ``datasets`` writes its Video feature to JSON. A column holds videos when its first non-empty
cell (among the first ``LOOK_ROWS`` rows: a first row may have no video) decodes to bytes that start
like a video (``kind``: GIF, MP4, WebM/Matroska, AVI), so a column of file names (``"video":
"video7010.mp4"``) is never taken for one. A ``.json`` table is a list of rows, or JSON lines as
``datasets``' ``to_json`` writes them.

Such a table is read a row at a time (``text_rows``: only the columns asked for kept; a ``.json``
list is read whole, the JSON module cannot stream one), and a cell is decoded only for a video
still to write; a parquet table's bytes are ``hf_videos``' and ``hf_tables``' own (a row group at a time).
"""

from __future__ import annotations

import base64
import binascii
import csv
import itertools
import json
from pathlib import Path
from typing import Iterator

from training.data import compressed, hf_arrow
from training.data.base import AnnotationError, not_utf8, read_json, require_file

TEXT_FIELD_LIMIT = (1 << 31) - 1  # characters of one CSV field holding a video as base64 (csv's own: 131072)
_HEAD = 88  # base64 characters decoded to tell a video by its first 64 bytes
LOOK_ROWS = 8  # a text table's rows looked at for each column's first non-empty cell (which says if it holds videos)


def kind(head: bytes) -> str | None:
    """The extension a video's bytes call for, by their first ones; None when they are no video read here."""
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return ".gif"
    if head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):  # (ISO media, QuickTime)
        return ".mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":  # EBML: its DocType says webm or matroska
        return ".webm" if b"webm" in head[:64] else ".mkv"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return ".avi"
    return None


def decode(cell, head: bool = False) -> bytes | None:
    """A text table's cell as the bytes it holds (only its first ones with ``head``), None when it
    holds none (empty, a file name, a number); an ``.arrow`` table's cell of bytes as they are."""
    if isinstance(cell, dict):
        cell = cell.get("bytes")
        if isinstance(cell, list):
            try:
                return bytes(cell[:64] if head else cell)
            except (TypeError, ValueError):
                return None
    if isinstance(cell, (bytes, bytearray)):
        return bytes(cell[:64] if head else cell) if cell else None
    if not isinstance(cell, str) or not cell:
        return None
    if cell.startswith("data:") and ";base64," in cell[:100]:
        cell = cell.split(",", 1)[1]
    try:  # (a head without the line breaks some encoders put every 76 characters)
        return base64.b64decode("".join(cell[:2 * _HEAD].split())[:_HEAD] if head else cell)
    except (binascii.Error, ValueError):
        return None


def schema(path: Path) -> tuple[set[str], dict[str, bool]] | None:
    """``(its columns, its columns of videos)`` of a text table, None when it has no row: its columns
    are its first row's (a CSV's header); a column holds videos when its first non-empty cell among
    the first ``LOOK_ROWS`` rows decodes to a video's first bytes (``{name: whether its cell has a text
    path}``: a ``{bytes, path}`` cell's path names the video, it can give the id)."""
    columns, videos, decided = None, {}, set()
    for row in _head(path):
        columns = set(row) if columns is None else columns
        for name, cell in row.items():
            if name in decided or _empty(cell):
                continue
            decided.add(name)
            data = decode(cell, head=True)
            if data and kind(data) is not None:
                videos[name] = isinstance(cell, dict) and isinstance(cell.get("path"), str)
        if decided >= columns:
            break
    return (columns, videos) if columns is not None else None


def _empty(cell) -> bool:
    """Whether a cell holds nothing to tell its column by (a row without its video, or a struct without bytes)."""
    if isinstance(cell, dict):
        cell = cell.get("bytes")
    return cell is None or cell == [] or (isinstance(cell, str) and not cell.strip())


def _head(path: Path) -> Iterator[dict]:
    """A text table's first ``LOOK_ROWS`` rows, read lazily (a CSV's header and its rows' fields; a
    JSON list is read whole): the first row only if it is not an object (no table)."""
    suffix = compressed.table_suffix(path)
    with compressed.open_text(path, newline="" if suffix == ".csv" else None) as f:
        if suffix == ".csv":
            csv.field_size_limit(max(csv.field_size_limit(), TEXT_FIELD_LIMIT))
            reader = csv.reader(f)
            header = [c.strip() for c in next(reader, [])]
            rows = (dict(zip(header, fields)) for fields in itertools.chain(reader, [[""] * len(header)]))
        elif suffix == ".jsonl" or json_lines(f):
            rows = _parsed(ln for ln in f if ln.strip())
        else:
            data = json.load(f)
            rows = iter(data if isinstance(data, list) and data else [{}])
        for row in itertools.islice(rows, LOOK_ROWS):
            if not isinstance(row, dict):
                return
            yield row


def _parsed(lines) -> Iterator:
    """JSON lines parsed, up to one that is not JSON (the first one: raised, no table; a later one:
    the rows before it, the table found, and the line named when it is read)."""
    for k, line in enumerate(lines):
        try:
            yield json.loads(line)
        except json.JSONDecodeError:
            if k == 0:
                raise
            return


def json_lines(f) -> bool:
    """Whether an open ``.json`` file holds JSON lines (its first text is an object, not a list's ``[``);
    the file is left at its start."""
    head = ""
    while not head and (chunk := f.read(4096)):
        head = chunk.lstrip()
    f.seek(0)
    return head.startswith("{")


def text_rows(path: Path, columns: list[str]) -> Iterator[tuple[int, dict]]:
    """``(row number, row)`` of a ``.jsonl``, ``.csv`` or ``.json`` table (a list, or JSON lines), a row at a time, each row
    with only ``columns`` (those it has): row numbers 1-based, a CSV's the file line it starts on. An
    ``.arrow`` table (``datasets``' ``save_to_disk``) is read the same way (``hf_arrow``)."""
    suffix = compressed.table_suffix(path)
    if suffix == ".arrow":
        yield from hf_arrow.rows(path, columns)
        return
    if suffix == ".json" and not _is_json_lines(path):
        rows = read_json(path)
        if not isinstance(rows, list):
            raise AnnotationError(path, "expected a JSON list of rows")
        yield from ((n, _kept(path, n, row, columns)) for n, row in enumerate(rows, start=1))
        return
    try:
        with compressed.open_text(require_file(path), newline="" if suffix == ".csv" else None) as f:
            if suffix == ".csv":
                yield from _csv_rows(path, f, columns)
                return
            n = 0
            for k, line in enumerate(f, start=1):
                if line.strip():
                    n += 1
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as e:
                        raise AnnotationError(path, f"line {k}: not valid JSON ({e.msg})") from e
                    yield n, _kept(path, n, row, columns)
    except UnicodeDecodeError as e:
        raise not_utf8(path, e) from e
    except compressed.ERRORS as e:  # (a compressed table cut short: its rows so far were read)
        if compressed.compression(path) is None:
            raise
        raise AnnotationError(path, compressed.damaged(path, e)) from e


def _is_json_lines(path: Path) -> bool:
    with compressed.open_text(require_file(path)) as f:
        return json_lines(f)


def _csv_rows(path: Path, f, columns: list[str]) -> Iterator[tuple[int, dict]]:
    csv.field_size_limit(max(csv.field_size_limit(), TEXT_FIELD_LIMIT))
    reader = csv.reader(f)
    header = [c.strip() for c in next(reader, [])]
    keep = [(k, c) for k, c in enumerate(header) if c in columns]
    while True:
        start = reader.line_num + 1
        fields = next(reader, None)
        if fields is None:
            return
        if len(fields) != len(header):
            raise AnnotationError(path, f"line {start}: {len(fields)} fields, its header {len(header)} "
                                  "(quote a field that holds a comma)")
        yield start, {c: fields[k] for k, c in keep}


def _kept(path: Path, n: int, row, columns: list[str]) -> dict:
    if not isinstance(row, dict):
        raise AnnotationError(path, f"row {n} is not an object")
    return {c: row[c] for c in columns if c in row}
