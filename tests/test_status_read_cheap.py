"""The status read the window makes every 5 s, at 20,000 videos: most of it was ``under_each``
going up every path's parent folders (0.27 s of a 0.45 s read) and ``frames_since`` looking at
each indexed video's extension (0.1 s). Each path's parents are now looked up once for each folder
holding videos, and a video read by this code's reader is never one to check."""

from __future__ import annotations

import os
from dataclasses import replace

import core.video_info
from core.folder_counts import under_each
from core.library import VideoLibrary
from core.library_status import library_status
from core.video_info import READER, frames_since
from tests.test_status_many_folders import fill


def _counted(name: str):
    def method(self, *args):
        Counted.calls += 1
        return getattr(str, name)(self, *args)
    return method


class Counted(str):
    """A path that counts what is asked of it (a slice of it is a plain ``str``)."""

    calls = 0
    find, rfind, __getitem__, __contains__ = _counted("find"), _counted("rfind"), _counted("__getitem__"), \
        _counted("__contains__")
    startswith, split, partition, rpartition = _counted("startswith"), _counted("split"), _counted("partition"), \
        _counted("rpartition")


def test_under_each_does_not_walk_up_every_paths_parents():
    s = os.sep
    folders = [f"{s}media{s}videos {r:02d}" for r in range(10)]
    paths = [Counted(s.join([folders[i % 10], "2019", "summer", "trip", f"day {i % 7}", f"clip {i}.mp4"]))
             for i in range(2000)]
    Counted.calls = 0
    got = under_each(paths, folders)
    assert got == {f: list(range(r, 2000, 10)) for r, f in enumerate(folders)}
    assert Counted.calls <= 4 * len(paths), f"{Counted.calls} operations on 2,000 paths 6 folders deep"


def test_a_status_read_looks_at_no_extension_of_a_video_this_reader_read(tmp_path, monkeypatch):
    folder = str(tmp_path / "videos")
    fill(tmp_path / "lib", {folder: [os.path.join(folder, f"clip {j}.{'ts' if j % 2 else 'mp4'}") for j in range(40)]})
    with VideoLibrary(tmp_path / "lib") as lib:  # (fill records no reader: 0, each an earlier reader's)
        rows = {v.video_id: v for v in lib.video_table.all()}
        now = [v for v in rows.values() if int(v.video_id, 16) <= 20]
        lib.video_table.upsert_many([replace(v, reader=READER) for v in now])
    looked = []
    monkeypatch.setattr(core.video_info, "frames_since", lambda path: looked.append(path) or frames_since(path))
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        status = library_status(lib)
    assert status.videos == 40
    assert status.to_check == 20  # the 20 an earlier reader (none recorded) read: every one to check
    assert len(looked) == 20, f"{len(looked)} extensions looked at for 20 videos of an earlier reader"


def test_no_extension_is_read_otherwise_since_a_later_reader_than_this_one():
    """What the shortcut stands on: ``frames_since`` never names a reader after ``READER``."""
    exts = set().union(*(v for k, v in vars(core.video_info).items() if k.startswith("REREAD_")))
    assert exts and max(frames_since(f"/v/clip{e}") for e in exts | {".mp4", ".MTS", ""}) <= READER


def test_a_status_read_goes_over_the_reembed_failures_once(tmp_path, monkeypatch):
    """``seekframe status`` and the window's 5 s read went over the videos whose embedding again failed
    twice, once for those held and once for those the next run tries again (5,000 videos, 2,000 such:
    37 of a 70 ms read); one pass now says both apart."""
    import time

    from core import reembed_failed, reembed_record

    folder = str(tmp_path / "videos")
    fill(tmp_path / "lib", {folder: [os.path.join(folder, f"clip {j}.mp4") for j in range(40)]})
    with VideoLibrary(tmp_path / "lib") as lib:
        rows = sorted(lib.video_table.all(), key=lambda v: v.path)
        since = time.time() + 1000  # (a --reindex of the folder begun after every video's commit)
        failures = {v.video_id: reembed_failed.Failure(v.path, v.size, v.mtime, since + 1, "unreadable", i % 2 == 0)
                    for i, v in enumerate(rows[:20])}
        lib.update_settings(**{reembed_record.KEY: {folder: since},
                               reembed_failed.KEY: {vid: f.to_json() for vid, f in failures.items()}})
    passes = []
    held_videos = reembed_failed.held_videos
    monkeypatch.setattr(reembed_failed, "held_videos", lambda *a, **k: passes.append(k) or held_videos(*a, **k))
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        status = library_status(lib)
    assert {p for p, _ in status.reembed_again} == {f.path for f in failures.values() if f.again}
    assert {p for p, _ in status.reembed_failed} == {f.path for f in failures.values() if not f.again}
    assert len(passes) == 1, f"{len(passes)} passes over the videos for their recorded failures"
