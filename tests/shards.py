"""Tiny WebDataset shards for the training loaders' tests: one writer, so each test says only
which members its shard holds."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path
from typing import Iterable


def write_shard(path: Path, members: Iterable[tuple[str, bytes | str]], mode: str = "w") -> Path:
    """A tar at ``path`` (``mode``: "w", "w:gz", "a") holding ``members`` as (name, data); text is
    written as UTF-8."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, mode) as tf:
        for name, data in members:
            data = data.encode() if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def sample_members(samples: dict[str, dict[str, bytes | str]]) -> list[tuple[str, bytes | str]]:
    """{key: {ext: data}} → the members ``KEY.EXT`` a WebDataset shard holds for them."""
    return [(f"{key}.{ext}", data) for key, files in samples.items() for ext, data in files.items()]
