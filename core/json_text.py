"""JSON read from a file a user handed us (a model folder's config, tokenizer and card files):
``loads`` is ``json.loads`` but for lists or objects nested thousands deep (``[[[[…``), where
Python's parser runs out of recursion: a RecursionError, which no reader's ``except ValueError``
took (``seekframe search --model DIR`` ended in a traceback, "a fault of Seekframe's"). It is
raised as ``TooDeep``, a ValueError, as any other JSON no reader can take. ``read_file``: such a
file's bytes, refused (``NotJsonFile``, a ValueError) unless a regular file of at most
``MAX_BYTES``: a ``config.json`` that is a link to ``/dev/zero`` was read until memory ran out,
one to a named pipe waited for ever."""

from __future__ import annotations

import json
from pathlib import Path

from .regular_file import NotAFile, TooLarge, read_regular
from .timefmt import format_bytes  # (one size rule: status's, the window's)

MAX_BYTES = 256 << 20  # (the largest tokenizer.json on the hub are tens of MB; a config a few KB)


class TooDeep(ValueError):
    """JSON nested too deeply for Python's parser: no file Seekframe reads holds such."""


class NotJsonFile(ValueError):
    """A device, a pipe, a folder, or a file too large to be one of the JSON files read."""


def loads(data: str | bytes):
    try:
        return json.loads(data)
    except RecursionError:
        raise TooDeep("its JSON is nested too deeply (lists or objects within each other thousands deep)") from None


def read_file(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (a link followed), at most ``max_bytes``; OSError
    where it cannot be opened, NotJsonFile where it is no such file (``core.regular_file``)."""
    try:
        return read_regular(path, max_bytes)
    except TooLarge as exc:
        raise NotJsonFile(f"it is {format_bytes(exc.size)}, too large for a model's JSON file") from None
    except NotAFile as exc:
        raise NotJsonFile(f"it is {exc}") from None


def load_file(path: str | Path, max_bytes: int = MAX_BYTES):
    """``loads`` of ``read_file(path)`` (UTF-8, a BOM refused as ``json.loads`` refuses it)."""
    return loads(read_file(path, max_bytes).decode("utf-8"))
