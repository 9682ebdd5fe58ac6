"""ca966bb bounds the files one FolderVideos (a search's) hashes, in all its looks, to find videos renamed in
their folders (``MAX_HASHED_IN_ALL``); the class is safe to share between threads, but a look read what was
left of that bound before hashing and took off what it hashed only after, so looks at once each hashed up to
the whole bound. A look now takes its share first and gives back what it did not hash."""

from __future__ import annotations

import os
from types import SimpleNamespace

import core.gone_rule as gone_rule
import core.scan
import core.scan_hash
from core.gone_rule import FolderVideos


def _renamed_videos(tmp_path, folders: int, each: int) -> list:
    """Records of ``each`` videos in each of ``folders`` folders, every one renamed since (same bytes)."""
    records = []
    for i in range(folders):
        folder = tmp_path / f"f{i}"
        folder.mkdir()
        for k in range(each):
            path = folder / f"v{k}.mp4"
            path.write_bytes(bytes([i, k]) * 50)
            records.append(SimpleNamespace(path=str(path), size=100, content_hash=core.scan.content_hash(str(path))))
            os.rename(path, folder / f"w{k}.mp4")
    return records


def test_two_looks_at_once_hash_no_more_than_the_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(gone_rule, "MAX_HASHED_IN_ALL", 2)
    records = _renamed_videos(tmp_path, 2, 2)
    every, real, hashed = FolderVideos(records), core.scan.content_hash, []

    def hash_while_another_looks(path, size):  # (another thread's look runs while this one hashes)
        hashed.append(path)
        if len(hashed) == 1:
            every.look(str(tmp_path / "f1"))
        return real(path, size)

    monkeypatch.setattr(core.scan_hash, "content_hash", hash_while_another_looks)  # (where hash_now takes it)
    monkeypatch.setattr(core.scan_hash, "_KEPT", {})
    every.look(str(tmp_path / "f0"))
    assert len(hashed) == 2, hashed


def test_a_look_gives_back_what_it_did_not_hash(tmp_path, monkeypatch):
    monkeypatch.setattr(gone_rule, "MAX_HASHED_IN_ALL", 3)
    records = _renamed_videos(tmp_path, 3, 1)
    every = FolderVideos(records)
    assert [every.moved_to(r.path) for r in records] == [str(tmp_path / f"f{i}" / "w0.mp4") for i in range(3)]
