"""The status read at 20,000 videos: counting each library folder's videos went over that folder's
list of videos once for each count (total, done, failed, pending, offline, quick), the larger share
of the read once ``under_each`` was made cheap. ``folder_counts.folder_counts`` counts each video
once, into its parent folder's counts, then adds each parent's to the folders it is under; the
counts are those of the simple way (each folder's videos, as ``under_each`` and ``is_under`` find
them, counted one by one), checked here on random layouts."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass

import core.library_status
from core.folder_counts import folder_counts, under_each
from core.library import VideoLibrary
from core.library.records import DONE, FAILED, PENDING
from core.library_status import library_status
from core.scan import is_under
from tests.test_status_many_folders import fill


@dataclass
class Row:
    video_id: str
    path: str
    status: str
    quick: bool
    offline: bool


def simple(videos, folders, failed):
    """Each folder's counts the simple way, and the folders that are a video's path: offline counted
    over the videos, the files named as videos that hold none (failed, not in ``failed``) apart."""
    under = under_each([v.path for v in videos], folders)
    out, itself = {}, set()
    for folder in folders:
        mine = [videos[i] for i in under[folder]]
        assert [v.path for v in mine] == [v.path for v in videos if is_under(v.path, folder)]
        no_video = [v.status == FAILED and v.video_id not in failed for v in mine]  # (a text file named as one)
        out[folder] = [len(mine), sum(v.status == DONE for v in mine), sum(v.video_id in failed for v in mine),
                       sum(v.status == PENDING for v in mine),
                       sum(v.offline and not n for v, n in zip(mine, no_video)),
                       sum(v.status == DONE and v.quick for v in mine),
                       sum(v.offline and n for v, n in zip(mine, no_video))]
        itself |= {folder for v in mine if v.path == folder}
    return out, itself


def random_layout(rng: random.Random):
    s = os.sep
    names = ["a", "b b", "c", "2019", "trip", "x.mp4"]
    dirs = [s + s.join(rng.choice(names) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(3, 12))]
    videos = []
    for n in range(rng.randint(0, 300)):
        where = rng.choice(dirs + ["", s])
        path = rng.choice([f"{where.rstrip(s)}{s}clip {n}.mp4", f"{where}{s}{s}clip {n}.mp4",
                           where.rstrip(s) or "clip.mp4"])  # (a video given by name; never the root itself)
        videos.append(Row(f"{n:016x}", path or f"{s}v{n}.mp4", rng.choice([DONE, DONE, PENDING, FAILED]),
                          rng.random() < 0.3, rng.random() < 0.2))
    folders = rng.sample(dirs, rng.randint(1, len(dirs)))
    folders += [d + s for d in rng.sample(dirs, 2)] + rng.choice([[], [s]]) + [v.path for v in rng.sample(videos, min(2, len(videos)))]
    failed = {v.video_id for v in videos if v.status == FAILED and rng.random() < 0.7}
    return videos, folders, failed if rng.random() < 0.9 else set()


def test_the_counts_are_those_of_the_simple_way_on_random_layouts():
    for seed in range(300):
        videos, folders, failed = random_layout(random.Random(seed))
        assert folder_counts(videos, folders, failed) == simple(videos, folders, failed), seed


class Counting:
    """A video's row that counts the reads of its ``status``."""

    reads = 0

    def __init__(self, row):
        self._row = row

    def __getattr__(self, name):
        if name == "status":
            Counting.reads += 1
        return getattr(self._row, name)


def test_a_status_read_reads_each_videos_state_once_for_its_folders(tmp_path, monkeypatch):
    outer = str(tmp_path / "videos")
    inner = [os.path.join(outer, f"folder {i}") for i in range(4)]
    paths = {f: [os.path.join(f, "2020", f"clip {j}.mp4") for j in range(50)] for f in inner}
    fill(tmp_path / "lib", {outer: [], **paths})  # (each video under two library folders: its own, and outer)
    real = core.library_status.videos_now

    def videos_now(*args, **kwargs):
        videos, lost = real(*args, **kwargs)
        return [Counting(v) for v in videos], lost

    monkeypatch.setattr(core.library_status, "videos_now", videos_now)
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        Counting.reads = 0
        status = library_status(lib)
    assert [f.files for f in status.folders] == [200, 50, 50, 50, 50] and status.videos == 200
    # (the read's own lists read it 4 times a video; its folders' counts once more, not 3 times a folder)
    assert Counting.reads <= 5 * 200, f"{Counting.reads} reads of a state for 200 videos in 2 folders each"
