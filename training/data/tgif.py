"""TGIF: animated GIFs with one or more sentences each (one per training GIF, three per test GIF).

The official release (TGIF-Release's ``data/``): ``tgif-v1.0.tsv`` in root, ``data/``,
``TGIF-Release/data/`` or ``TGIF-Release-master/data/`` (a clone, or its zip unpacked in root)
    ``tgif-v1.0.tsv``        ``<gif url>\\t<caption>`` per line, no header; a GIF with several
                             captions has several lines
    ``splits/train.txt`` ``splits/val.txt`` ``splits/test.txt``   GIF urls or file names, one per
                             line: in the tsv's ``splits/``, beside the tsv, or in root's ``splits/``

A Hugging Face dump (``hf_tables``: ``.jsonl``, ``.json``, ``.parquet``, ``.csv``) in root, ``data/``
or ``default/`` (or a config's folder of the Hub's parquet conversion, ``<config>/<split>/0000.parquet``:
``hf_layout``; of several configs holding a split, ``config=`` or the one named for it), with a GIF column (``url``, ``video_path``, ``gif``, ``gif_name``, ``video``,
``video_id``: a url, a file name or the id) and a caption column (``caption``, ``description``,
``sentence``, ``en_global_captions``…; text or a list), split by file or folder name or by a
``split`` column. GIFs held inside a parquet table (HuggingFaceM4/TGIF's ``video_bytes``, a
``{bytes, path}`` struct…) are written out once, those not files already, into the user's cache
folder (``hf_videos``), and read there.

Clips: named by the url's basename (``tumblr_mevmyaKtDf1rgvhr8o1_500.gif``), or converted to
``.mp4`` (or ``.webm``, ``.mkv``, ``.avi``) of the same stem (used when there is no ``.gif``), in
``gifs/``, ``GIFs/``, ``gif/``, ``videos/``, ``VideoData/``, ``data/gifs/`` (a clip is taken from the
first folder that has it), then beside a tsv in a folder of root (its ``gifs/``, its folder: where
download scripts put them) or beside the tables, else written out of the tables; or ``video_dir=``.
The video id is the basename's stem. GIFs decode through the same ``core.media.FrameSampler`` as
every other clip (FFmpeg reads GIF).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from core.plural import count
from training.data import hf_layout, hf_tables, hf_videos
from training.data.base import (AnnotationError, Split, annotation_path, existing_folders, has_file, read_lines,
                                read_text, relative_name, require_file, split_from_ids, text_lines)

log = logging.getLogger(__name__)
TSV = "tgif-v1.0.tsv"
TSV_DIRS = ("", "data", "TGIF-Release/data", "TGIF-Release-master/data")
SPLIT_DIR = "splits"
VIDEO_DIRS = ("gifs", "GIFs", "gif", "videos", "VideoData", "data/gifs")  # VideoData: TeachCLIP's layout
EXTS = (".gif", ".mp4", ".webm", ".mkv", ".avi")


def gif_id(url_or_name: str) -> str:
    """The video id of a GIF url or file name: its basename without the extension."""
    path = urlparse(url_or_name).path if "://" in url_or_name else url_or_name
    name = PurePosixPath(path.replace("\\", "/")).name
    stem, dot, ext = name.rpartition(".")
    return stem if dot and ext.lower() in ("gif", "mp4", "webm") else name


COLUMNS = hf_tables.Columns(("", "data", "default"),
                            ("url", "video_path", "gif", "gif_name", "gif_url", "video", "video_id"),
                            ("caption", "description", "sentence", "captions", "descriptions", "sentences",
                             "en_global_captions"),
                            lambda column, value: gif_id(value))


def read_tsv(path: str | Path) -> dict[str, list[str]]:
    """``{video_id: [caption, ...]}`` in file order. A line with more fields than the url and its
    caption (a copy with a column added) gives its second field as the caption, said with how many,
    once: a run reads the file for each split, read once while it is unchanged (``_parsed``)."""
    p = require_file(path)
    st = p.stat()
    return {vid: list(caps) for vid, caps in _parsed(str(p), st.st_mtime_ns, st.st_size).items()}


@lru_cache(maxsize=2)
def _parsed(path: str, mtime_ns: int, size: int) -> dict[str, tuple[str, ...]]:
    p = Path(path)
    text = read_text(p)
    out: dict[str, list[str]] = {}
    longer: list[int] = []
    for n, line in enumerate(text_lines(text), start=1):
        if not line.strip():
            continue
        url, tab, caption = line.partition("\t")
        if tab and "\t" in caption:
            caption = caption.partition("\t")[0]
            longer.append(n)
        if not tab or not url.strip() or not caption.strip():
            raise AnnotationError(p, f"line {n}: expected '<gif url><TAB><caption>', got {line[:80]!r}")
        out.setdefault(gif_id(url.strip()), []).append(caption.strip())
    if longer:
        log.warning("%s: %s more than a url and a caption (line %d the first): the caption read is the "
                    "second field, the fields after it left out", p, count(len(longer), "line has", "lines have"),
                    longer[0])
    return {vid: tuple(caps) for vid, caps in out.items()}


def find_tsv(root: Path, tsv=None) -> Path | None:
    """The official release's caption file: ``tsv`` (relative to root, or absolute) when given,
    else the first ``tgif-v1.0.tsv`` of ``TSV_DIRS``; None when there is none (a dump's tables)."""
    if tsv is not None:
        return Path(tsv) if Path(tsv).is_absolute() else root / tsv
    return next((root / d / TSV for d in TSV_DIRS if has_file(root / d / TSV)), None)


def _lists(root: Path, tsv: Path, split: str) -> list[Path]:
    """Where ``split``'s list may be, in the order looked: the tsv's ``splits/``, beside it, root's ``splits/``."""
    return list(dict.fromkeys(d / f"{split}.txt" for d in (tsv.parent / SPLIT_DIR, tsv.parent, root / SPLIT_DIR)))


def has_val(root, tsv=None, config: str | None = None) -> bool:
    """Whether the TGIF under ``root`` has a validation split of its own (a list, or a dump's: of its
    ``config`` where several configs hold one; of a Hugging Face cache's folder, its snapshot's)."""
    root = hf_layout.repo_folder(Path(root))
    found = find_tsv(root, tsv)
    if found is not None:
        return any(has_file(p) for p in _lists(root, found, "val"))
    return hf_tables.has_val(root, COLUMNS, config=config)


def load(root, split: str = "train", video_dir=None, tsv: str | None = None, config: str | None = None) -> Split:
    """``config``: of a Hugging Face dump whose configs' folders hold one split several times, the one to read.
    ``root`` may be a Hugging Face cache's folder of the repo (its snapshot read)."""
    root = hf_layout.repo_folder(Path(root))
    tsv_path = find_tsv(root, tsv)
    if tsv_path is not None:
        if config is not None:
            raise AnnotationError(tsv_path, f"data.options.config ('{config}') names a config of a Hugging Face "
                                  "dump's, but the official release has none: leave it out")
        places = _lists(root, tsv_path, split)
        listed = next((p for p in places if has_file(p)), None)
        if listed is None:
            raise AnnotationError(places[0], "annotation file not found (nor "
                                  + ", ".join(relative_name(p, root) for p in places[1:]) + ")")
        names = read_lines(listed)
        captions = read_tsv(tsv_path)
        ids = [(n, gif_id(n)) for n in names]
        beside = [tsv_path.parent / "gifs", tsv_path.parent] if tsv_path.parent != root else []
        named = tsv_path.name
        files = (f"{relative_name(annotation_path(listed), root)}, captions from "
                 f"{relative_name(annotation_path(tsv_path), root)}")
    else:
        found, other = hf_tables.tables(root, COLUMNS, config)
        if not found:
            raise AnnotationError(root / TSV, "annotation file not found (nor in "
                                  + ", ".join(d + "/" for d in TSV_DIRS if d) + f"; nor {COLUMNS.described()})"
                                  + (f" ({'; '.join(other[:3])})" if other else "")
                                  + hf_layout.configs_said(root, COLUMNS.dirs))
        found = hf_layout.one_config(root, found, split, config)  # (of several configs holding split, one)
        pairs = hf_tables.table_split(root, found, split, COLUMNS)
        captions, ids = dict(pairs), [(vid, vid) for vid, _ in pairs]  # (each with its captions)
        beside, listed, named = [t.path.parent for t in found] + [root], found[0].path, "the tables"
        files = hf_layout.tables_described(root, found, split)
    folders = existing_folders(root, video_dir, VIDEO_DIRS)
    if video_dir is None:
        folders = list(dict.fromkeys(folders + [f for f in beside if f.is_dir()]))
        if tsv_path is None:  # (GIFs held in the tables, written out: those not files already)
            folders += hf_videos.written_out("tgif", found, COLUMNS, [vid for _, vid in ids], folders, EXTS)
    out = split_from_ids(split, ids, captions, folders, EXTS,
                         lambda name: AnnotationError(listed, f"'{name}' has no captions in {named}"))
    out.source = files
    return out
