"""The thumbnail cache on disk has a bound (core/thumb_cache.py): every thumbnail ever shown was kept
for good (a window open all day over a large library, files changed in place, videos deleted), the
folder growing without end. Over the bound, the thumbnails shown longest ago go first; one shown in
the last hour, or found in the cache since, stays."""

from __future__ import annotations

import os
import time

import pytest

from core import thumb_cache
from core.thumbnails import thumbnail
from tests import videos as V

KB = 1024


@pytest.fixture
def video(tmp_path):
    return V.write_video(tmp_path / "clip.mp4", [V.Segment(2, "red"), V.Segment(2, "blue")], fps=10.0,
                         size=(320, 180))


def old_thumbs(folder, n: int, hours_ago: float, size: int = 10 * KB, prefix: str = "old") -> list:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"{prefix}{i:04d}.jpg"
        p.write_bytes(b"\xff" * size)
        stamp = time.time() - hours_ago * 3600 + i  # (the first the oldest)
        os.utime(p, (stamp, stamp))
        out.append(p)
    return out


def on_disk(folder) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.jpg"))


def test_a_cache_over_its_bound_loses_the_thumbnails_shown_longest_ago(video, tmp_path, monkeypatch):
    monkeypatch.setattr(thumb_cache, "MAX_BYTES", 200 * KB)
    monkeypatch.setattr(thumb_cache, "_made", {})
    cache = tmp_path / "thumbs"
    oldest = old_thumbs(cache, 20, hours_ago=48, prefix="a")  # 200 KB two days old
    recent = old_thumbs(cache, 10, hours_ago=0.2, prefix="r")  # 100 KB shown minutes ago
    new = thumbnail(video, 0.5, 160, cache)  # the process's first thumbnail: the folder looked at
    assert new.is_file() and all(p.is_file() for p in recent)
    assert on_disk(cache) <= 200 * KB * thumb_cache.TRIM_TO  # (before: 300 KB and the new one)
    kept = [p for p in oldest if p.is_file()]
    assert kept == oldest[len(oldest) - len(kept):]  # the oldest went first
    assert len(kept) < len(oldest)


def test_a_window_making_thumbnails_all_day_stays_under_the_bound(video, tmp_path, monkeypatch):
    monkeypatch.setattr(thumb_cache, "MAX_BYTES", 200 * KB)
    monkeypatch.setattr(thumb_cache, "CHECK_EVERY", 10)
    monkeypatch.setattr(thumb_cache, "_made", {})
    cache = tmp_path / "thumbs"
    for day in range(5):  # each day's thumbnails, as the grid shows them
        old_thumbs(cache, 15, hours_ago=24 * (5 - day), prefix=f"d{day}-")
        for k in range(10):
            thumbnail(video, 0.1 * k + day, 96, cache)
    assert on_disk(cache) <= 200 * KB + 10 * 10 * KB  # (before: 750 KB of the days before)


def test_one_found_in_the_cache_counts_as_shown_now(video, tmp_path, monkeypatch):
    cache = tmp_path / "thumbs"
    made = thumbnail(video, 0.5, 160, cache)
    day_ago = time.time() - 86400
    os.utime(made, (day_ago, day_ago))
    assert thumbnail(video, 0.5, 160, cache) == made
    assert time.time() - made.stat().st_mtime < 600
    fresh = made.stat().st_mtime_ns
    assert thumbnail(video, 0.5, 160, cache) == made and made.stat().st_mtime_ns == fresh  # (once a half hour)


def test_leftovers_of_writes_cut_short_go_and_other_files_stay(tmp_path):
    cache = tmp_path / "thumbs"
    cache.mkdir()
    cut = cache / ".abc.jpg.x1y2.part"
    cut.write_bytes(b"half")
    hours_ago = time.time() - 7200
    os.utime(cut, (hours_ago, hours_ago))
    writing = cache / ".def.jpg.z9.part"
    writing.write_bytes(b"now")
    mine = cache / "notes.txt"
    mine.write_bytes(b"x" * 1000)
    os.utime(mine, (hours_ago, hours_ago))
    assert thumb_cache.trim(cache, max_bytes=10) == 1
    assert not cut.exists() and writing.exists() and mine.exists()
    assert thumb_cache.trim(tmp_path / "none") == 0  # (no folder yet: nothing said)


def test_one_trimmed_as_it_is_found_is_made_again(video, tmp_path, monkeypatch):
    """A trim in another thread or process may take an old thumbnail just as it is found: it is made
    again, never a path to a file that is gone (the grid showed 'the thumbnail could not be read')."""
    cache = tmp_path / "thumbs"
    made = thumbnail(video, 0.5, 160, cache)
    day_ago = time.time() - 86400
    os.utime(made, (day_ago, day_ago))
    real = os.utime

    def trimmed_meanwhile(path, *a, **kw):
        os.unlink(path)  # (the other thread's trim)
        return real(path, *a, **kw)

    monkeypatch.setattr(thumb_cache.os, "utime", trimmed_meanwhile)
    again = thumbnail(video, 0.5, 160, cache)
    assert again == made and again.is_file()


def test_a_thumbnail_found_in_the_cache_is_looked_at_once(video, tmp_path, monkeypatch):
    """A hit stats the cached file once (it was twice: ``is_file``, then ``used``), a grid of hundreds
    of thumbnails on a network home asking each of them; a folder where the file should be is no hit."""
    cache = tmp_path / "thumbs"
    made = thumbnail(video, 0.5, 160, cache)
    real, looks = os.stat, []

    def counted(path, *a, **kw):
        if os.fspath(path) == os.fspath(made):
            looks.append(path)
        return real(path, *a, **kw)

    monkeypatch.setattr(os, "stat", counted)
    assert thumbnail(video, 0.5, 160, cache) == made
    assert len(looks) == 1
    monkeypatch.setattr(os, "stat", real)
    made.unlink()
    made.mkdir()  # (not a file: made again, where the write says what is wrong)
    assert not thumb_cache.used(made)
