"""TGIF: animated GIFs with one or more sentences each.

``root/``
    ``tgif-v1.0.tsv``                  ``<gif url>\\t<caption>`` per line, no header; a GIF with
                                       several captions has several lines
    ``splits/train.txt`` ``splits/test.txt`` (``val.txt``)   GIF urls or file names, one per line
    ``gifs/<name>.gif``                named by the url's basename; an ``.mp4`` of the same stem
                                       (a converted clip) is used when there is no ``.gif``; or
                                       ``videos/``, ``VideoData/`` (a clip is taken from the first
                                       folder that has it), or ``video_dir=``

The video id is the basename's stem (``tumblr_mevmyaKtDf1rgvhr8o1_500``). GIFs decode through the
same ``core.media.FrameSampler`` as every other clip (OpenCV's FFmpeg reads GIF).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from training.data.base import (AnnotationError, Split, existing_folders, read_lines, read_text, split_from_ids,
                                require_file)

TSV = "tgif-v1.0.tsv"
SPLIT_DIR = "splits"
VIDEO_DIRS = ("gifs", "videos", "VideoData")  # VideoData: TeachCLIP's layout
EXTS = (".gif", ".mp4")


def gif_id(url_or_name: str) -> str:
    """The video id of a GIF url or file name: its basename without the extension."""
    path = urlparse(url_or_name).path if "://" in url_or_name else url_or_name
    name = PurePosixPath(path.replace("\\", "/")).name
    stem, dot, ext = name.rpartition(".")
    return stem if dot and ext.lower() in ("gif", "mp4") else name


def read_tsv(path: str | Path) -> dict[str, list[str]]:
    """``{video_id: [caption, ...]}`` in file order."""
    p = require_file(path)
    text = read_text(p)
    out: dict[str, list[str]] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        url, tab, caption = line.partition("\t")
        if not tab or not url.strip() or not caption.strip():
            raise AnnotationError(p, f"line {n}: expected '<gif url><TAB><caption>', got {line[:80]!r}")
        out.setdefault(gif_id(url.strip()), []).append(caption.strip())
    return out


def load(root, split: str = "train", video_dir=None, tsv: str | None = None) -> Split:
    root = Path(root)
    split_path = root / SPLIT_DIR / f"{split}.txt"
    names = read_lines(split_path)
    captions = read_tsv(root / (tsv or TSV))
    folders = existing_folders(root, video_dir, VIDEO_DIRS)
    return split_from_ids(split, ((n, gif_id(n)) for n in names), captions, folders, EXTS,
                          lambda name: AnnotationError(split_path, f"'{name}' has no captions in {tsv or TSV}"))
