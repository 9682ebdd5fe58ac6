"""Annotation files compressed whole, as downloads often are (``captions.jsonl.gz``,
``MSRVTT_data.json.gz``, ``train.csv.bz2``, ``.xz``): read through the standard library's
``gzip``/``bz2``/``lzma`` as a stream, never unpacked to disk. A file is known by its last
extension; the one under it says what it holds (``table_suffix``: ``.jsonl`` for
``train.jsonl.gz``). Zstandard (``.zst``) is not read: no maintained reader is installed, and a
``.zst`` table is named as such (``unread``) so its refusal says to unpack it."""

from __future__ import annotations

import bz2
import gzip
import lzma
import zlib
from pathlib import Path

OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
UNREAD = (".zst", ".zstd")  # (compressed as tables are, not read here)
# what a damaged or cut-short stream raises while it is read
ERRORS = (EOFError, gzip.BadGzipFile, zlib.error, OSError, lzma.LZMAError)


def compression(path: Path | str) -> str | None:
    """The compression of ``path`` by its last extension (``.gz``, ``.bz2``, ``.xz``), or None."""
    suffix = Path(path).suffix.lower()
    return suffix if suffix in OPENERS else None


def table_suffix(path: Path | str) -> str:
    """The extension that says what ``path`` holds: its own, or the one under its compression's
    (``.jsonl`` for ``train.jsonl.gz``), lowercase."""
    p = Path(path)
    return Path(p.stem).suffix.lower() if compression(p) or p.suffix.lower() in UNREAD else p.suffix.lower()


def stem(path: Path | str) -> str:
    """``path``'s name without its extension and its compression's (``train`` for ``train.jsonl.gz``)."""
    p = Path(path)
    return Path(p.stem).stem if compression(p) or p.suffix.lower() in UNREAD else p.stem


def open_text(path: Path | str, newline: str | None = None, encoding: str = "utf-8-sig"):
    """``path`` opened as text, decompressed as a stream when it is compressed."""
    opener = OPENERS.get(Path(path).suffix.lower())
    if opener is None:
        return open(path, encoding=encoding, newline=newline)
    return opener(path, "rt", encoding=encoding, newline=newline)


def open_bytes(path: Path | str):
    """``path`` opened for reading its bytes (decompressed when it is compressed)."""
    opener = OPENERS.get(Path(path).suffix.lower())
    return open(path, "rb") if opener is None else opener(path, "rb")


def damaged(path: Path | str, e: BaseException) -> str:
    """Why a compressed file could not be read (a download cut short, or no such compression)."""
    return (f"not a readable {Path(path).suffix.lower()[1:]} file ({type(e).__name__}: {e}): a download cut "
            "short? Fetch it again, or unpack it and point the config at the plain file")
