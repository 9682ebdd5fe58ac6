"""A benchmark as a Hugging Face dump (``datasets``' files), for every loader that reads one
(``msrvtt_layouts``, ``tgif``): tables, each ``.jsonl``, ``.json`` (a list of rows), ``.parquet``
(pyarrow), ``.csv`` or ``.arrow`` (``datasets``' ``save_to_disk``: ``hf_arrow``), in the folders a benchmark's ``Columns`` names, with a video column and a
caption column (a string or a list), a row per caption or per video; other columns ignored (a
parquet table's are never read here: a dump may hold each video's bytes, a binary column or a
``{bytes, path}`` struct as ``datasets``' Video feature writes it, which ``hf_videos`` writes out
when the clips are not files; such a struct is read as its ``path`` where it is the video column;
a text table's bytes are base64 text or ``{"bytes": …}``, ``hf_cells``). A table with an id column
and a video column but no caption column (``videos.parquet``) is found too, for ``hf_videos`` alone.
A parquet table's footer (its schema, row groups) is read once, when the table is found (``Table.footer``):
every later read in that load opens the table with it.

A table's split is its file name's (``train-00000-of-00002-….parquet``, ``msrvtt_test_1k.jsonl``:
shards of one split read together), else its folder's (``default/train/0000.parquet``, as the Hub's
parquet conversion lays them out; a config's, ``train_9k/train/``: ``hf_layout``, which also picks
one config where several hold a split), else its ``split`` column's (``train``, ``validate``/``val``/
``validation``, ``test``). A table with a ``split`` column follows it whatever its name says
(``datasets`` names a dump of one split ``train``: ``default/train/`` may hold every split's rows),
saying so where they differ, unless the loader's ``by_name`` keeps its name's (MSR-VTT's 9k list).

One video id is one clip: where rows of one id carry different video bytes (a dump joined from two
sources, an id used twice), only the first row's video is written out under that id (``hf_videos``:
the first row with bytes, in the order the tables are found), so only the rows whose bytes are that
video's keep their captions; the others are left out, said once (how many, one of them). Rows of
one id with the same bytes are one video's captions, merged. Only the bytes of the row groups that
hold an id on more than one row are read for it (a digest a row); a dump without such ids reads none.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NamedTuple

from training.data import compressed, hf_arrow, hf_cells, hf_layout
from training.data.base import LINE, AnnotationError, read_csv, relative_name
from training.data.caption_values import CaptionShape, caption_texts

log = logging.getLogger(__name__)

TABLE_EXTS = hf_layout.TABLE_EXTS


@dataclass(frozen=True)
class Columns:
    """Where one benchmark's tables are (folders of root, ``""`` for root) and the columns read:
    the first of ``ids`` and of ``captions`` a table has; ``video_id(column, text)`` the video id."""
    dirs: tuple[str, ...]
    ids: tuple[str, ...]
    captions: tuple[str, ...]
    video_id: Callable[[str, str], str]

    def described(self, captions: int | None = None) -> str:
        """``a Hugging Face dump's table (.jsonl, …) with columns <ids> and <captions>``."""
        return (f"a Hugging Face dump's table ({', '.join(e for e in TABLE_EXTS if e != '.arrow')}) with columns "
                f"{' or '.join(self.ids)} and {' or '.join(self.captions[:captions])} (or datasets' save_to_disk "
                "folder: .arrow files)")


class Footer:
    """A parquet table's footer (its schema and row groups), read once when the table is found: every
    later read of the table in that load opens it with this one (``open_parquet``), never reading it again."""
    __slots__ = ("metadata",)

    def __init__(self, metadata):
        self.metadata = metadata


class Table(NamedTuple):
    path: Path
    id_column: str
    caption_column: str | None  # None: a table of videos alone (ids and bytes), read by hf_videos only
    split: str | None  # its file name's or folder's; None: its rows' split column says
    video_column: str | None = None  # the videos' bytes, for hf_videos
    columns: frozenset[str] = frozenset()  # its column names
    structs: frozenset[str] = frozenset()  # its ``{bytes, path}`` columns with a text path (read as that path)
    footer: Footer | None = None  # (a parquet table's) read once, when found
    folder: str = ""  # its folder, relative to root (hf_layout: "train_9k/train", "data")
    config: str | None = None  # the config folder it is in, if any (hf_layout)


# a table's column of the videos' bytes: the first of these it has, else the one whose name says video
VIDEO_COLUMNS = ("video_bytes", "video", "mp4", "gif", "webm", "bytes", "gif_bytes", "mp4_bytes", "video_blob")


def tables(root: Path, cols: Columns, config: str | None = None) -> tuple[list[Table], list[str]]:
    """``([the tables], [why each other candidate file is not one])``; ``config``: the loader's option,
    refused where it is none of their configs (``hf_layout.chosen_config``)."""
    found, other = [], []
    for p, split, folder, place_config in hf_layout.places(root, cols.dirs, config):
        if Path(p.name).suffix.lower() in compressed.UNREAD and compressed.table_suffix(p) in TABLE_EXTS:
            other.append(f"{p.relative_to(root)} is compressed with Zstandard, which is not read here: unpack it "
                         f"(zstd -d), or compress it as .gz")
            continue
        if not hf_layout.is_table(p.name) or not p.is_file() or p.name.startswith("."):
            continue
        columns, blobs, footer = _schema(p)
        vid = next((c for c in cols.ids if c in columns and blobs.get(c, True)), None)  # (not bytes)
        cap = next((c for c in cols.captions if c in columns), None)
        if split is None and place_config is not None and "split" not in columns:
            split = "train"  # (a config's table whose name, folder and rows say no split: train, as datasets reads it)
        if vid and (cap or blobs):
            found.append(Table(p, vid, cap, split, _video_column(blobs), frozenset(columns),
                               frozenset(c for c, path in blobs.items() if path), footer, folder, place_config))
        elif columns:
            other.append(f"{p.relative_to(root)} has columns {', '.join(sorted(columns)[:8])}")
    if not captioned(found):  # (videos alone: no split to read)
        return [], [f"{t.path.relative_to(root)} holds videos but no caption column" for t in found] + other
    hf_layout.chosen_config(root, found, config, cols.dirs)
    return found, other


def captioned(found: list[Table]) -> list[Table]:
    """The tables of ``found`` with captions (not those of videos alone)."""
    return [t for t in found if t.caption_column]


def _schema(path: Path) -> tuple[set[str], dict[str, bool], Footer | None]:
    """``(column names, blob_columns, footer)`` of a table (its first row's keys for JSON; a parquet
    table's footer read here, once; a text table's columns of bytes by their first cells, ``hf_cells``);
    no columns when it is not one."""
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise AnnotationError(path, "reading a parquet table needs pyarrow (pip install pyarrow); "
                                  "or save it as .jsonl or .csv") from None
    try:
        if path.suffix.lower() == ".arrow":  # (datasets' save_to_disk: read as a text table is, hf_cells)
            schema = hf_arrow.schema(path)
            return set(schema.names), blob_columns(schema), None
        if path.suffix.lower() == ".parquet":
            footer = Footer(pq.read_metadata(path))
            schema = footer.metadata.schema.to_arrow_schema()
            return set(schema.names), blob_columns(schema), footer
        head = hf_cells.schema(path)  # (a .jsonl's or .csv's first rows alone, not the whole file)
        return (*head, None) if head is not None else (set(), {}, None)
    except Exception:  # (unreadable, or not a table: not ours to read, and not named as one)
        return set(), {}, None


def blob_columns(schema) -> dict[str, bool]:
    """A parquet table's (arrow ``schema``'s) columns of bytes (binary, or a ``{bytes, path}`` struct):
    ``{name: whether it has a text path}`` (a struct's ``path`` names the video: it can give the id)."""
    import pyarrow as pa

    out = {}
    for f in schema:
        if _is(f.type, "binary"):
            out[f.name] = False
        elif pa.types.is_struct(f.type) and _is(_child(f.type, "bytes"), "binary"):
            out[f.name] = _is(_child(f.type, "path"), "string")
    return out


def _child(struct, name: str):
    k = struct.get_field_index(name)
    return struct.field(k).type if k >= 0 else None


def _is(t, kind: str) -> bool:
    """Whether the arrow type ``t`` is ``kind`` (``binary``, ``string``), large or not."""
    import pyarrow as pa

    return t is not None and (getattr(pa.types, f"is_{kind}")(t) or getattr(pa.types, f"is_large_{kind}")(t))


def _video_column(blobs: dict[str, bool]) -> str | None:
    named = [c for c in VIDEO_COLUMNS if c in blobs]
    named += [c for c in blobs if any(w in c.lower() for w in ("video", "gif", "mp4", "clip"))]
    return (named or (list(blobs) if len(blobs) == 1 else [None]))[0]


def open_parquet(table: Table):
    """A ``pyarrow.parquet.ParquetFile`` of a parquet table, opened with the footer read when it was
    found (none read again)."""
    import pyarrow.parquet as pq

    return pq.ParquetFile(table.path, metadata=table.footer.metadata if table.footer else None)


def video_id(table: Table, value, cols: Columns) -> str | None:
    """The video id a row's id column ``value`` gives (a ``{bytes, path}`` struct's: its path's), None
    when it is empty or not text."""
    text = value.get("path") if isinstance(value, dict) else value
    if not isinstance(text, str) or not text.strip():
        return None
    return cols.video_id(table.id_column, text.strip())


def _by_name(t: Table) -> bool:
    return False


def rows_say(t: Table, by_name: Callable[[Table], bool] = _by_name) -> bool:
    """Whether the rows of ``t`` say their split (its ``split`` column): a table named for none, or one
    with a split column whatever its name says (``default/train/``, the Hub's name for a dump of one
    split, holding every split's rows), unless ``by_name(t)`` (MSR-VTT's 9k list names its rows' use)."""
    return t.split is None or ("split" in t.columns and not by_name(t))


def table_split(root: Path, found: list[Table], split: str, cols: Columns,
                by_name: Callable[[Table], bool] = _by_name) -> list[tuple[str, list[str]]]:
    """The ``(video_id, captions)`` of ``split`` in the tables ``found`` (see the module docstring):
    those whose name or folder says ``split``, with the rows of the others whose column says it (else
    the rows of the others whose column says it, where no table is named for ``split``)."""
    held, found = found, captioned(found)
    named = [t for t in found if t.split == split and not rows_say(t, by_name)]
    by_column = [t for t in found if rows_say(t, by_name)]
    rows: list[tuple[Table, int, str, list[str]]] = []
    seen = {t.split for t in found if not rows_say(t, by_name)}  # (the splits here: a missing test split's hint)
    for t in named + [t for t in by_column if "split" in t.columns] if named else by_column:
        own, unnamed = t in named, {}  # (unnamed: rows of another split than its name's, by split)
        for n, row in _rows(t, [t.id_column, t.caption_column] + ([] if own else ["split"])):
            if not own and (said := _row_split(t.path, n, row)) != t.split and t.split is not None:
                unnamed[said] = unnamed.get(said, 0) + 1
            seen.add(None if own else said)
            if not own and said != split:
                continue
            rows.append((t, n, _video_id(t, n, row, cols), _captions(t.path, n, row, t.caption_column)))
        if unnamed:
            log.warning("%s: its name or folder says %s, but its 'split' column says %s: each row goes to the "
                        "split its column says (if the name is right, drop or rename that column)",
                        relative_name(t.path, root), t.split,
                        ", ".join(f"{s} for {k} rows" for s, k in sorted(unnamed.items())))
    other = other_videos(held, {vid for _, _, vid, _ in rows}, cols)
    pairs: dict[str, list[str]] = {}
    for t, n, vid, caps in rows:
        if (t.path, n) not in other:
            pairs.setdefault(vid, []).extend(caps)
    left = [(t, n, vid) for t, n, vid, _ in rows if (t.path, n) in other]
    if left:
        t, n, vid = left[0]
        first_path, first_n = other[t.path, n]
        log.warning("%d rows of the %s split are left out: their video id is an earlier row's, whose video "
                    "(the one written out under that id) has other bytes (a dump joined from two sources, or "
                    "an id used twice), so their captions would describe another clip; e.g. '%s', %s row %d "
                    "(its video: %s row %d)", len(left), split, vid, relative_name(t.path, root), n,
                    relative_name(first_path, root), first_n)
    if not rows and split != "val":  # (rows all left out: said above)
        raise AnnotationError(found[0].path, f"no {split} table (a file named like *{split}*, or in a {split}/ "
                              "folder) among " + ", ".join(str(t.path.relative_to(root)) for t in found)
                              + f", nor rows whose 'split' is {split}" + (hf_layout.EVAL_AS_TEST if split == "test" and "val" in seen else ""))
    return list(pairs.items())


def other_videos(found: list[Table], ids: set[str], cols: Columns) -> dict[tuple[Path, int], tuple[Path, int]]:
    """The rows of ``ids`` whose video bytes are not their id's first video's (the first row with bytes
    in the tables ``found`` that hold videos, as ``hf_videos`` writes it): ``{(table, row): (table,
    row) of that first video}`` (rows 1-based, as ``_rows`` counts them). Reads every such table's ids,
    and the bytes only of its row groups that hold an id on more than one row (a digest a row; a text
    table's rows are read again for them)."""
    held = [t for t in found if t.video_column]
    if not held or not ids:
        return {}
    places: dict[str, list[tuple[Table, int | None, int]]] = {}  # id -> [(table, row group, row of it)]
    for t in held:
        for g, k, key in _keys(t):
            if (vid := video_id(t, key, cols)) in ids:
                places.setdefault(vid, []).append((t, g, k))
    twice = {p for rows in places.values() if len(rows) > 1 for p in rows}
    if not twice:
        return {}
    digests, numbers = {}, {}  # (table path, group, row) -> digest of its bytes (None: none), row number
    for t in held:
        groups = sorted({g for tt, g, _ in twice if tt is t}, key=lambda g: -1 if g is None else g)
        if not groups:
            continue
        for (g, k), number, blob in _blobs(t, groups, lambda g, k: (t, g, k) in twice):
            digests[t.path, g, k] = hashlib.sha256(blob).digest() if blob is not None else None
            numbers[t.path, g, k] = number
    other = {}
    for rows in places.values():
        keyed = [(t.path, g, k) for t, g, k in rows]
        first = next((p for p in keyed if p in digests and digests[p] is not None), None)
        for p in keyed:
            if first is not None and digests.get(p) not in (None, digests[first]):
                other[p[0], numbers[p]] = (first[0], numbers[first])
    return other


def _keys(t: Table):
    """``(row group, row of it, id cell)`` of each row of a table holding videos (a text table's: no
    group, its row number)."""
    if t.footer is None:
        for n, row in hf_cells.text_rows(t.path, [t.id_column]):
            yield None, n, row.get(t.id_column)
        return
    id_struct = t.id_column in t.structs
    with open_parquet(t) as pf:
        for g in range(pf.num_row_groups):
            keys = pf.read_row_group(g, columns=[f"{t.id_column}.path" if id_struct else t.id_column])
            for k, key in enumerate(keys.column(0).to_pylist()):
                yield g, k, key


def _blobs(t: Table, groups: list, wanted):
    """``((row group, row of it), row number, its video's bytes or None)`` of the rows of ``groups``
    for which ``wanted(group, row)``, a row group at a time (a text table: a row at a time)."""
    if t.footer is None:
        for n, row in hf_cells.text_rows(t.path, [t.video_column]):
            if wanted(None, n):
                yield (None, n), n, hf_cells.decode(row.get(t.video_column))
        return
    import pyarrow as pa

    with open_parquet(t) as pf:
        starts = list(itertools.accumulate((pf.metadata.row_group(g).num_rows
                                            for g in range(pf.num_row_groups)), initial=0))
        for g in groups:
            k = 0
            for batch in pf.iter_batches(16, row_groups=[g], columns=[t.video_column]):
                blobs = batch.column(0)
                blobs = blobs.field("bytes") if pa.types.is_struct(blobs.type) else blobs
                for blob in blobs:
                    if wanted(g, k):
                        yield (g, k), starts[g] + k + 1, memoryview(blob.as_buffer()) if blob.is_valid else None
                    k += 1


def has_val(root: Path, cols: Columns, by_name: Callable[[Table], bool] = _by_name, config: str | None = None,
            pick: Callable[[list[Table]], list[Table]] | None = None) -> bool:
    """Whether the tables under ``root`` that a load of the val split reads hold a validation split (a
    file, or rows): those of ``config`` where several configs hold one (``hf_layout.one_config``), or
    ``pick(found)``'s, the loader's own choice. True where which is not clear: the load says why."""
    found = tables(root, cols, config)[0]
    try:
        found = captioned(pick(found) if pick else hf_layout.one_config(root, found, "val", config))
    except AnnotationError:
        return True
    if any(t.split == "val" and not rows_say(t, by_name) for t in found):
        return True
    return any(_row_split(t.path, n, row) == "val" for t in found if rows_say(t, by_name)
               for n, row in _rows(t, ["split"]))


def _row_split(path: Path, n: int, row: dict) -> str:
    if "split" not in row:
        raise AnnotationError(path, f"row {n}: no 'split' column, and the file's name says no split "
                              "(name it like train.jsonl / test.jsonl, or add a split column)")
    value = str(row["split"]).strip().lower()
    split = next((s for s, names in hf_layout.SPLIT_WORDS.items() if value in names), None)
    if split is None:
        raise AnnotationError(path, f"row {n}: split {row['split']!r} is none of train, validate, val, "
                              "validation, dev, eval, test")
    return split


def _video_id(table: Table, n: int, row: dict, cols: Columns) -> str:
    vid = video_id(table, row.get(table.id_column), cols)
    if vid is None:
        raise AnnotationError(table.path, f"row {n}: empty or non-text '{table.id_column}'")
    return vid


def _captions(path: Path, n: int, row: dict, column: str) -> list[str]:
    try:
        caps = caption_texts(row.get(column))  # (objects too: [{"caption": ..., "lang": "en"}])
    except CaptionShape as e:
        raise AnnotationError(path, f"row {n}: '{column}' {e}") from None
    if not caps:
        raise AnnotationError(path, f"row {n}: empty '{column}'")
    return caps


def _rows(t: Table, columns: list[str]):
    """``(row number, row)`` of a table (1-based; the CSV's file line); of a parquet table, only
    ``columns`` (those it has; of a ``{bytes, path}`` struct, its path alone) are read."""
    path = t.path
    if compressed.table_suffix(path) == ".csv" and not t.video_column:
        return [(row[LINE], row) for row in read_csv(path, [])]
    if path.suffix.lower() == ".parquet":
        try:
            read = [c for c in dict.fromkeys(columns) if c in t.columns]
            with open_parquet(t) as pf:
                table = pf.read(columns=[f"{c}.path" if c in t.structs else c for c in read])
            rows = table.rename_columns(read).to_pylist()  # (a struct's path comes as {path: ...})
        except Exception as e:  # (pyarrow's own errors: a damaged file)
            raise AnnotationError(path, f"not a readable parquet file ({type(e).__name__}: {e})") from e
    else:  # (a row at a time, its other columns dropped: it may hold a video's bytes)
        return list(hf_cells.text_rows(path, list(dict.fromkeys(columns))))
    return list(enumerate(rows, start=1))
