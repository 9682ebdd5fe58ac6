"""A clip whose extension is in mixed case (``clip.Mp4``, ``x.mP4``: renamed by hand, some phones and
download tools) is found as ``clip.mp4`` would be (``training.data.base.find_video``): before, only the
extension as written and in capitals were tried, so it was 'file not found', left out of its split.
The folder is listed once while it is unchanged, not once per clip looked for, and a clip added
after it was listed is still found."""

from __future__ import annotations

import os

from training.data import base
from training.data.base import find_video

EXTS = (".mp4", ".webm")


def _old(folder) -> None:
    os.utime(folder, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))  # (2001: unchanged since)


def test_an_extension_in_mixed_case_is_found(tmp_path):
    for name in ("a.Mp4", "b.mP4", "c.WebM", "d.mp4", "e.MP4"):
        (tmp_path / name).write_bytes(b"\0")
    (tmp_path / "f.Mp4").mkdir()  # (a folder so named is no clip)
    for stem, name in (("a", "a.Mp4"), ("b", "b.mP4"), ("c", "c.WebM"), ("d", "d.mp4"), ("e", "e.MP4")):
        assert find_video(tmp_path, stem, EXTS) == tmp_path / name
    assert find_video(tmp_path, "f", EXTS) is None


def test_the_extension_as_written_comes_first(tmp_path):
    (tmp_path / "g.mp4").write_bytes(b"\0")
    (tmp_path / "g.Mp4").write_bytes(b"\0")
    (tmp_path / "h.WEBM").write_bytes(b"\0")
    (tmp_path / "h.mP4").write_bytes(b"\0")
    assert find_video(tmp_path, "g", EXTS) == tmp_path / "g.mp4"
    assert find_video(tmp_path, "h", EXTS) == tmp_path / "h.mP4"  # (the first extension asked for)


def test_one_listing_for_many_clips_and_a_clip_added_after_is_found(tmp_path, monkeypatch):
    (tmp_path / "x0.Mp4").write_bytes(b"\0")
    _old(tmp_path)
    listed = []
    real = os.listdir
    monkeypatch.setattr(base.os, "listdir", lambda p: listed.append(p) or real(p))
    assert [find_video(tmp_path, f"x{i}", EXTS) for i in range(50)] == [tmp_path / "x0.Mp4", *[None] * 49]
    assert len(listed) == 1
    (tmp_path / "x7.mP4").write_bytes(b"\0")
    assert find_video(tmp_path, "x7", EXTS) == tmp_path / "x7.mP4"
