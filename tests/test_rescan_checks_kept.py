"""The re-scan fuzz's checkers (tests.rescan_checks, tests.rescan_one) on two library behaviours they took
for defects (s53: seeds 327 and 337 at 40 steps, diagnosed in /work/notes/s53/s.md):
- a video removed while its file sat on an unplugged drive is kept by its content, and taken back, its
  moments with it, when the drive returns: nothing is embedded for that content, and the whole re-scan's
  check must count it as known;
- a moved file that a folder linked into another library folder lists under two names keeps its id under
  either name: the one-folder check must look at both."""

from __future__ import annotations

import os
import shutil

import pytest

import core.cli
from core.library import VideoLibrary, gone_kept
from tests.rescan_world import World, make_pool
from tests.videos import Segment, write_video


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    return make_pool(tmp_path_factory.mktemp("pool"))


def _unplug(w, folder):
    where = w.away[folder] = w.aside / f"{folder.name}-away"
    if folder in w.mounted:
        shutil.copytree(folder, where, copy_function=shutil.copy2, symlinks=True)
        w.mounts.unmount(folder)
    else:
        folder.rename(where)


def _video_at(w, path):
    with VideoLibrary(w.lib, read_only=True) as lib:
        return next(v.video_id for v in lib.video_table.all() if v.path == str(path))


@pytest.mark.slow
def test_whole_rescan_takes_back_a_video_kept_by_content(tmp_path, monkeypatch, pool):
    monkeypatch.setattr(core.cli, "_load_encoder", core.cli._load_encoder)  # (World replaces it)
    w = World(tmp_path / "w", 0, pool, crashes=False)
    try:
        a, b = w.folders[:2]
        own = write_video(tmp_path / "own.mp4", [Segment(2, "green", square="red")], seed=99)  # (no pool content)
        w._put(a / "own.mp4", own)
        w.rescan()
        vid = _video_at(w, a / "own.mp4")
        _unplug(w, b)
        w.rescan()
        shutil.move(a / "own.mp4", w.away[b] / "own.mp4")  # (onto the unplugged drive: its time kept)
        w.rescan()  # A's own.mp4 gone, B not looked at: removed, kept by its content
        with VideoLibrary(w.lib, read_only=True) as lib:
            assert vid in gone_kept.entries(lib.meta)
        w._plug(b)
        w.rescan()  # (the old checker: "new content at [B/own.mp4] ..., none embedded")
        assert _video_at(w, b / "own.mp4") == vid
    finally:
        w.close()


@pytest.mark.slow
def test_one_folder_checker_takes_either_name_of_the_moved_file(tmp_path, monkeypatch, pool):
    monkeypatch.setattr(core.cli, "_load_encoder", core.cli._load_encoder)  # (World replaces it)
    w = World(tmp_path / "w", 0, pool, crashes=False, one_folder=True)
    try:
        a, b = w.folders[:2]
        src = a / "own.mp4"
        w._put(src, write_video(tmp_path / "own.mp4", [Segment(2, "green", square="red")], seed=99))
        (b / "sub").mkdir(exist_ok=True)
        (a / "sub").mkdir(exist_ok=True)
        os.symlink(b / "sub", a / "sub" / "lib")  # (B's sub listed in A too)
        w.rescan()

        class Picks:  # (the move's choices: A's own.mp4 into B/sub, A re-scanned first)
            def sample(self, xs, k):
                return [a, b]

            def choice(self, xs):
                return "sub" if "sub" in xs else src

            def random(self):
                return 0.0

        w.one.rng = Picks()
        w.one.step()  # (the old check: "... moved to B/sub/...: its video ... is now ... A/sub/lib/...")
    finally:
        w.close()
