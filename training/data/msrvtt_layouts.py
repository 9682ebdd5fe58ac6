"""MSR-VTT in two more layouts than ``msrvtt``'s own (CLIP4Clip's ``msrvtt_data``, the official
release): both give ``(video_id, captions)`` pairs for ``msrvtt.load``, which finds the clips.

Frozen-in-Time's ``MSRVTT/`` (the collaborative-experts lists; root, or its parent)
    ``annotation/MSR_VTT.json``   COCO-style: ``{"annotations": [{"image_id": "video7010", "caption"}], "images"}``
    ``high-quality/structured-symlinks/``
        ``train_list_jsfusion.txt``  the 9k training list of the 1k-A protocol (``train_list="9k"``)
        ``val_list_jsfusion.txt``    the 1k-A test videos, as Frozen reads them (or ``test_list_jsfusion.txt``)
        ``jsfusion_val_caption_idx.pkl``  ``{video_id: caption index}``: the test's one sentence per video
                                     (read as plain data, never unpickled; without it every caption is kept, said)
        ``train_list_full.txt`` ``val_list_full.txt`` ``test_list_full.txt``  the official split (``"full"``)
    ``videos/all/<video_id>.mp4``

A Hugging Face dump (``datasets``' files): tables, each ``.jsonl``, ``.json`` (a list of rows),
``.parquet`` (pyarrow) or ``.csv``, in root, ``data/`` or ``msrvtt_data/``, with a ``video_id`` (or
``video``: a file name) and a ``caption`` (or ``sentence``; a string or a list) column, a row per
caption or per video; other columns (``url``, …) ignored. A table's split is its file name's
(``train-00000-of-00002-….parquet``, ``msrvtt_test_1k.jsonl``: shards of one split read together; of
``msrvtt_train_9k`` and ``msrvtt_train_7k`` the one ``train_list`` names), else its ``split`` column's
(``train``, ``validate``/``val``, ``test``). Clips: ``<video_id>.mp4`` in the usual folders or beside.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from pathlib import Path

from training.data.base import LINE, AnnotationError, read_csv, read_json, read_lines, read_text, require_file
from training.data.pickle_data import Refused, plain_data

log = logging.getLogger(__name__)

FROZEN_JSON = "annotation/MSR_VTT.json"
FROZEN_LISTS = "high-quality/structured-symlinks"
FROZEN_DIRS = ("", "MSRVTT")  # Frozen's MSRVTT.zip unpacks to MSRVTT/
CAPTION_IDX = "jsfusion_val_caption_idx.pkl"
_FROZEN = {("train", "9k"): ("train_list_jsfusion.txt",),
           ("test", "9k"): ("val_list_jsfusion.txt", "test_list_jsfusion.txt"),  # (Frozen's 1k-A test: the val list)
           ("train", "full"): ("train_list_full.txt",), ("val", "full"): ("val_list_full.txt",),
           ("test", "full"): ("test_list_full.txt",)}

TABLE_EXTS = (".jsonl", ".json", ".parquet", ".csv")
TABLE_DIRS = ("", "data", "msrvtt_data")
ID_COLUMNS = ("video_id", "video")
CAPTION_COLUMNS = ("caption", "sentence", "captions", "sentences")
_SPLIT_WORDS = {"train": {"train", "training"}, "val": {"val", "valid", "validate", "validation", "dev"},
                "test": {"test", "testing"}}
LAYOUTS = (f"Frozen-in-Time's {FROZEN_JSON} + {FROZEN_LISTS}/ lists; nor a Hugging Face dump's table "
           f"({', '.join(TABLE_EXTS)}) with columns {' or '.join(ID_COLUMNS)} and {' or '.join(CAPTION_COLUMNS[:2])}")


# -- Frozen-in-Time ------------------------------------------------------------------------------

def frozen_base(root: Path) -> Path | None:
    """The folder holding Frozen-in-Time's ``annotation/MSR_VTT.json`` (root or ``root/MSRVTT``)."""
    return next((root / d for d in FROZEN_DIRS if (root / d / FROZEN_JSON).is_file()), None)


def frozen(base: Path, split: str, train_list: str) -> list[tuple[str, list[str]]]:
    lists = base / FROZEN_LISTS
    names = _FROZEN.get((split, train_list))
    if names is None:
        if split == "val":
            raise ValueError("the 1k-A protocol (train_list '9k') has no val split; "
                             "use train_list='full' for the official train/val/test split")
        raise AnnotationError(lists, f"Frozen-in-Time's lists hold no {train_list} training list (train_list_miech.txt "
                              "is Miech's 6,656): set data.options.train_list to 9k (train_list_jsfusion.txt) "
                              "or full (train_list_full.txt and its val and test lists)")
    path = next((lists / n for n in names if (lists / n).is_file()), lists / names[0])
    ids = read_lines(require_file(path))
    captions = coco_captions(base / FROZEN_JSON)
    pairs, seen = [], set()
    for vid in ids:
        if vid not in captions:
            raise AnnotationError(path, f"video id '{vid}' has no caption in {FROZEN_JSON}")
        if vid not in seen:
            seen.add(vid)
            pairs.append((vid, captions[vid]))
    if split == "test" and train_list == "9k":
        pairs = _one_sentence(lists / CAPTION_IDX, pairs)
    return pairs


def coco_captions(path: Path) -> dict[str, list[str]]:
    """``{image_id: [caption, ...]}`` of a COCO-style caption file, in file order."""
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("annotations"), list):
        raise AnnotationError(path, "expected a JSON object with an 'annotations' list (COCO-style)")
    out: dict[str, list[str]] = {}
    for i, a in enumerate(data["annotations"]):
        if not isinstance(a, dict) or "image_id" not in a or not isinstance(a.get("caption"), str):
            raise AnnotationError(path, f"annotations[{i}] has no 'image_id' or text 'caption'")
        if a["caption"].strip():
            out.setdefault(str(a["image_id"]), []).append(a["caption"].strip())
    return out


def _one_sentence(path: Path, pairs):
    """The 1k-A test's one sentence per video, by ``jsfusion_val_caption_idx.pkl``; every caption
    kept, and said, when it is not there or cannot be read as plain data."""
    why = "not found"
    if path.is_file():
        try:
            idx = plain_data(path.read_bytes())
            if not isinstance(idx, dict):
                raise ValueError(f"a {type(idx).__name__}, not a dict of video id -> caption index")
            out = []
            for vid, caps in pairs:
                k = idx.get(vid)
                if not isinstance(k, int) or isinstance(k, bool) or not 0 <= k < len(caps):
                    raise ValueError(f"no caption index of '{vid}' among its {len(caps)} captions")
                out.append((vid, [caps[k]]))
            return out
        except (Refused, ValueError) as e:
            why = f"not read ({e})"
    log.warning("MSR-VTT: %s %s: the 1k-A test videos keep every caption (the protocol scores one sentence "
                "each, so R@K is not comparable to published 1k-A numbers)", path, why)
    return pairs


# -- Hugging Face tables -------------------------------------------------------------------------

def tables(root: Path) -> tuple[list[tuple[Path, str, str]], list[str]]:
    """``([(table, id column, caption column)], [why each other candidate file is not one])``."""
    found, other = [], []
    for d in TABLE_DIRS:
        folder = root / d
        if not folder.is_dir():
            continue
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() not in TABLE_EXTS or not p.is_file() or p.name.startswith("."):
                continue
            columns = _columns(p)
            vid = next((c for c in ID_COLUMNS if c in columns), None)
            cap = next((c for c in CAPTION_COLUMNS if c in columns), None)
            if vid and cap:
                found.append((p, vid, cap))
            elif columns:
                other.append(f"{p.relative_to(root)} has columns {', '.join(sorted(columns)[:8])}")
    return found, other


def _columns(path: Path) -> set[str]:
    """The column names of a table (its first row's keys for JSON); none when it is not one."""
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise AnnotationError(path, "reading a parquet table needs pyarrow (pip install pyarrow); "
                                  "or save it as .jsonl or .csv") from None
    try:
        if path.suffix.lower() == ".parquet":
            return set(pq.read_schema(path).names)
        if path.suffix.lower() in (".csv", ".jsonl"):  # (its first line alone, not the whole file for its header)
            with path.open(encoding="utf-8-sig") as f:
                if path.suffix.lower() == ".csv":  # (its header)
                    return {c.strip() for c in next(csv.reader([f.readline()]), [])}
                row = json.loads(next((ln for ln in f if ln.strip()), "{}"))
        else:
            data = json.loads(read_text(path))
            row = data[0] if isinstance(data, list) and data else {}
        return set(row) if isinstance(row, dict) else set()
    except Exception:  # (unreadable, or not a table: not ours to read, and not named as one)
        return set()


def table_split(root: Path, found, split: str, train_list: str) -> list[tuple[str, list[str]]]:
    """The ``(video_id, captions)`` of ``split`` in the tables ``found`` (see the module docstring)."""
    named = [t for t in found if _split_of(t[0].stem) == split]
    if split == "train" and any(_protocol(t[0]) for t in named):
        want = train_list if train_list in ("9k", "7k") else None
        named = [t for t in named if _protocol(t[0]) == want]
        if not named:
            raise AnnotationError(found[0][0], f"no training table for train_list={train_list} among "
                                  + ", ".join(t[0].name for t in found)
                                  + " (set data.options.train_list to the one there)")
    pairs: dict[str, list[str]] = {}
    by_column = [t for t in found if _split_of(t[0].stem) is None]
    for path, vid_col, cap_col in named or by_column:
        for n, row in _rows(path):
            if not named and _row_split(path, n, row) != split:
                continue
            vid, caps = _video_id(path, n, row, vid_col), _captions(path, n, row, cap_col)
            pairs.setdefault(vid, []).extend(caps)
    if not pairs and split != "val":
        raise AnnotationError(found[0][0], f"no {split} table (a file named like *{split}*) among "
                              + ", ".join(t[0].name for t in found) + f", nor rows whose 'split' is {split}")
    return list(pairs.items())


def has_val(root: Path) -> bool:
    """Whether the tables under ``root`` hold a validation split (a file, or rows)."""
    found, _ = tables(root)
    if any(_split_of(p.stem) == "val" for p, _, _ in found):
        return True
    return any(_row_split(p, n, row) == "val" for p, _, _ in found if _split_of(p.stem) is None
               for n, row in _rows(p))


def _words(stem: str) -> list[str]:
    return re.split(r"[^a-z0-9]+", stem.lower())


def _split_of(stem: str) -> str | None:
    words = set(_words(stem))
    return next((s for s, names in _SPLIT_WORDS.items() if words & names), None)


def _protocol(path: Path) -> str | None:
    return next((w for w in _words(path.stem) if w in ("9k", "7k")), None)


def _row_split(path: Path, n: int, row: dict) -> str:
    if "split" not in row:
        raise AnnotationError(path, f"row {n}: no 'split' column, and the file's name says no split "
                              "(name it like train.jsonl / test.jsonl, or add a split column)")
    value = str(row["split"]).strip().lower()
    split = next((s for s, names in _SPLIT_WORDS.items() if value in names), None)
    if split is None:
        raise AnnotationError(path, f"row {n}: split {row['split']!r} is none of train, validate, val, test")
    return split


def _video_id(path: Path, n: int, row: dict, column: str) -> str:
    value = row.get(column)
    if not isinstance(value, str) or not value.strip():
        raise AnnotationError(path, f"row {n}: empty or non-text '{column}'")
    value = value.strip()
    return Path(value).stem if column == "video" else value


def _captions(path: Path, n: int, row: dict, column: str) -> list[str]:
    value = row.get(column)
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(c, str) for c in values):
        raise AnnotationError(path, f"row {n}: '{column}' must be text or a list of texts")
    caps = [c.strip() for c in values if c.strip()]
    if not caps:
        raise AnnotationError(path, f"row {n}: empty '{column}'")
    return caps


def _rows(path: Path):
    """``(row number, row)`` of a table (1-based; the CSV's file line)."""
    if path.suffix.lower() == ".csv":
        return [(row[LINE], row) for row in read_csv(path, [])]
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            rows = pq.read_table(path).to_pylist()
        except Exception as e:  # (pyarrow's own errors: a damaged file)
            raise AnnotationError(path, f"not a readable parquet file ({type(e).__name__}: {e})") from e
    elif path.suffix.lower() == ".jsonl":
        rows = []
        for k, line in enumerate(read_text(path).splitlines(), start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise AnnotationError(path, f"line {k}: not valid JSON ({e.msg})") from e
    else:
        rows = read_json(path)
        if not isinstance(rows, list):
            raise AnnotationError(path, "expected a JSON list of rows")
    for k, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise AnnotationError(path, f"row {k} is not an object")
    return list(enumerate(rows, start=1))
