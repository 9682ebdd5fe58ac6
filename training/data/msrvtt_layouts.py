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

A Hugging Face dump (``hf_tables``: ``.jsonl``, ``.json``, ``.parquet`` or ``.csv`` tables) in root,
``data/``, ``annotations/``, ``msrvtt_data/`` or ``default/`` (the Hub's parquet conversion), with a ``video_id`` (or
``video``: a file name) and a ``caption`` (or ``sentence``; a string or a list) column; other columns
(``url``, …) ignored; or a config's folder of the Hub's parquet conversion of a repo with several
(``train_9k/train/0000.parquet``, ``train_7k/train/``, ``test_1k/test/``: ``hf_layout``). A table's
split is its file name's or folder's (of ``msrvtt_train_9k`` and ``msrvtt_train_7k``, or of the
``train_9k`` and ``train_7k`` configs, the one ``train_list`` names, for every split: the other's
videos are never read, nor the other's config's for any split; their own ``split`` column, each video's
official split, is not followed; of several configs holding a split, ``config`` or the one named for it),
else its ``split`` column's. Clips: ``<video_id>.mp4`` in the usual folders or beside; else, held in a table (a binary
``video``/``mp4``/``video_bytes`` column, or a ``{bytes, path}`` struct: its path then names the
video where there is no ``video_id``), written out once into the user's cache folder (``hf_videos``).
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

from training.data import hf_layout, hf_tables, hf_videos
from training.data.base import (AnnotationError, has_file, read_json, read_lines, relative_name,
                                require_file)
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


def _stem(name: str) -> str:
    """A ``video`` cell's video id: its file name's stem, a path written on Windows (``videos\\video7.mp4``) too."""
    return PurePosixPath(name.replace("\\", "/")).stem


# a video id, or a file name (``video``); a caption, or a list of them
COLUMNS = hf_tables.Columns(("", "data", "annotations", "msrvtt_data", "default"), ("video_id", "video", "clip_name"),
                            ("caption", "sentence", "captions", "sentences"),
                            lambda column, value: _stem(value) if column == "video" else value)
LAYOUTS = f"Frozen-in-Time's {FROZEN_JSON} + {FROZEN_LISTS}/ lists; nor {COLUMNS.described(2)}"


# -- Frozen-in-Time ------------------------------------------------------------------------------

def frozen_base(root: Path) -> Path | None:
    """The folder holding Frozen-in-Time's ``annotation/MSR_VTT.json`` (root or ``root/MSRVTT``)."""
    return next((root / d for d in FROZEN_DIRS if has_file(root / d / FROZEN_JSON)), None)


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
    path = frozen_list(base, split, train_list)
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


def frozen_list(base: Path, split: str, train_list: str) -> Path:
    """The list of Frozen-in-Time's that ``frozen`` reads for ``split`` (the first there of its names)."""
    lists, names = base / FROZEN_LISTS, _FROZEN[(split, train_list)]
    return next((lists / n for n in names if has_file(lists / n)), lists / names[0])


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


# -- Hugging Face tables (hf_tables) -------------------------------------------------------------

def tables(root: Path, config: str | None = None) -> tuple[list[hf_tables.Table], list[str]]:
    """``([MSR-VTT's tables], [why each other candidate file is not one])``."""
    return hf_tables.tables(root, COLUMNS, config)


def chosen(root: Path, found, split: str, train_list: str, config: str | None = None) -> list[hf_tables.Table]:
    """The tables ``found`` that a load of ``split`` with ``train_list`` reads (see the module docstring):
    of training tables named for the 9k and the 7k list, the one ``train_list`` names (and none of the
    other list's config, for any split); of several configs holding ``split``, ``config`` or the one named
    for it (``hf_layout.one_config``)."""
    listed = next((w for w in hf_layout.words(config or "") if w in ("9k", "7k")), None)
    if listed is not None and listed != train_list:
        raise AnnotationError(root / config, f"data.options.config is '{config}', the {listed} training list's "
                              f"config, but data.options.train_list is {train_list}: set train_list to {listed} "
                              "(it picks that list's config; config is for configs train_list does not tell apart)")
    read, train = used(found, train_list)
    if split == "train" and not train:
        named = [t for t in found if t.split == "train" and t.caption_column]  # (not for train_list)
        where = {t.path.parent for t in named}  # (named: the tables' folder; their configs' parent, root)
        where = where.pop() if len(where) == 1 else root
        raise AnnotationError(where, f"no training table for train_list={train_list} among "
                              + ", ".join(sorted({relative_name(t.path, where) for t in named}))
                              + " (set data.options.train_list to the one there: 9k, 7k, or full for "
                              "a training table named for neither)")
    return hf_layout.one_config(root, read, split, config)


def table_split(root: Path, found, split: str) -> list[tuple[str, list[str]]]:
    """The ``(video_id, captions)`` of ``split`` in the tables ``chosen`` (a 9k or 7k list's name says
    its split, whatever a ``split`` column says: the official split of each of its videos)."""
    return hf_tables.table_split(root, found, split, COLUMNS, by_name=_listed)


def used(found, train_list: str) -> tuple[list, bool]:
    """``(the tables found that a load with train_list reads, whether one is for training)``: of
    training tables named for the 9k and the 7k list (by file name, or their config's or split
    folder's: ``train_9k/train/0000.parquet``), the one ``train_list`` names (``full``: those named
    for neither); the others are never read, for any split (nor the videos they hold), nor, where a config
    is named for ``train_list``'s list, the other list's config's tables (``train_7k/validation/``: the
    official validation videos, which the 9k list trains on)."""
    other = {"9k": "7k", "7k": "9k"}.get(train_list)
    if any(train_list in hf_layout.words(t.config or "") for t in found):
        found = [t for t in found if other not in hf_layout.words(t.config or "")]
    train = [t for t in found if t.split == "train" and t.caption_column]
    if not any(_protocol(t) for t in train):
        return found, True
    want = train_list if train_list in ("9k", "7k") else None
    kept = [t for t in train if _protocol(t) == want]
    return [t for t in found if t not in train or t in kept], bool(kept)


def written_out(found, ids, looked: list[Path], exts: tuple[str, ...]) -> list[Path]:
    """``[the folder of the videos held in the tables chosen]``, those of ``ids`` that no folder of
    ``looked`` has written there (``hf_videos``); ``[]`` when none is missing or no table holds videos."""
    return hf_videos.written_out("msrvtt", found, COLUMNS, ids, looked, exts)


def has_val(root: Path, train_list: str = "9k", config: str | None = None) -> bool:
    """Whether the tables under ``root`` that a load of the val split with ``train_list`` and ``config``
    reads (``chosen``) hold a validation split (a file, or rows)."""
    return hf_tables.has_val(root, COLUMNS, _listed, config, lambda found: chosen(root, found, "val", train_list, config))


def _listed(table) -> bool:
    """Whether ``table`` is named for the 9k or 7k list (its rows' split column, if any, not followed)."""
    return _protocol(table) is not None


def _protocol(table) -> str | None:
    """``9k`` or ``7k``: the list a table's file name says, else its folder's (a config's, a split's), else
    its config's (a README's ``config_name``)."""
    said = hf_layout.words(table.path.stem) + hf_layout.words(table.folder) + hf_layout.words(table.config or "")
    return next((w for w in said if w in ("9k", "7k")), None)
