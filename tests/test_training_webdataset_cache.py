"""The cache folder of the videos copied out of WebDataset shards (``training.data.webdataset``):
how often it is listed, what names the copies take, and which old copies go."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from training.data import hf_videos, webdataset


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))


def _shard(path: Path, members: list[tuple[str, bytes | str]], mode: str = "w") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, mode) as tf:
        for name, data in members:
            data = data.encode() if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def test_the_cache_folder_is_listed_once_a_shard_not_once_a_video(tmp_path, monkeypatch):
    """Each copy listed the whole folder for killed writes' leftovers: 8,000 samples took 39 s, not 4.6 s."""
    for name in ("train-0.tar", "train-1.tar"):
        _shard(tmp_path / name, [m for i in range(30) for m in ((f"{name[6]}v{i}.mp4", b"x" * 50 + bytes([i])),
                                                               (f"{name[6]}v{i}.txt", f"clip {i}"))])
    calls = []
    real = hf_videos.drop_stale
    monkeypatch.setattr(hf_videos, "drop_stale", lambda folder: (calls.append(folder), real(folder)))
    assert len(webdataset.load(tmp_path, "train")) == 60
    assert len(calls) <= 2 and len(set(calls)) == len(calls)
    folder = next((tmp_path / "cache" / "training" / "webdataset").glob("train-0-*"))
    stale = folder / ".0v1.mp4.123.part"
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))  # (a killed write's, long ago)
    calls.clear()
    webdataset.load(tmp_path, "train")
    assert not stale.exists() and len(calls) == 2
