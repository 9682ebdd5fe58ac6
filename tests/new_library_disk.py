"""What the tests of a new library a full disk stopped set up alike (tests/test_new_library_disk_full.py,
tests/test_new_library_none_indexed.py): a folder of short clips (``short_clips``), a small tmpfs
another program filled but for a few KiB (``filled_disk``), and library.json's writes refused with
ENOSPC before its first one is on disk or once it is (``meta_writes_refused``)."""

from __future__ import annotations

import errno
from pathlib import Path

from core.library import meta as meta_io
from tests.test_disk_full import _fill
from tests.videos import Segment, write_video


def short_clips(tmp_path: Path, n: int = 2) -> Path:
    """``tmp_path/videos`` holding ``n`` 2 s clips (red, blue, green, ...)."""
    videos = tmp_path / "videos"
    for i in range(n):
        write_video(videos / f"clip{i}.mp4", [Segment(2, ["red", "blue", "green"][i % 3])], seed=i)
    return videos


def filled_disk(tmp_path: Path, mounts, free_kb: int) -> Path:
    """A 4 MiB tmpfs at ``tmp_path/disk`` filled (its file ``filler``) but for ``free_kb``."""
    disk = mounts.tmpfs(tmp_path / "disk", size="4m")
    _fill(disk, free_kb)
    return disk


def meta_writes_refused(monkeypatch, *, made: bool) -> None:
    """library.json's writes refused for a full disk: its first (``made=False``: the library never made),
    or every one after the first (``made=True``: the library made, then the disk full)."""
    real = meta_io.write_meta

    def refused(where, meta):
        if (where.root / meta_io.META_FILE).exists() == made:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(where, meta)

    monkeypatch.setattr(meta_io, "write_meta", refused)
