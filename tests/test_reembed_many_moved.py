"""A folder of videos waiting to be embedded again (an interrupted --reindex) renamed out of its
folder's wait: each video carries its wait as an entry of its own (``reembed_record.moved_values``:
a folder-level entry would make any older video moved into the new folder later wait too, the
reason held videos are narrowed to their paths). The record is ~190 bytes a video in library.json,
but each video was checked against every entry (``due``, ``waiting``: videos × entries ``is_under``
calls): 1,000 moved in a library of 10,000 videos made a status read (`seekframe status`, the window's
library panel every 5 s) take 38 s and each run's plan 9 s. The entries over a video are looked up by
its path's folders now (``folder_counts.holding``), the same answer as ``is_under`` gives."""

from __future__ import annotations

import os
import random
import time

import core.reembed_record
import core.scan
from core import reembed_record
from core.folder_counts import holding
from core.library import VideoLibrary
from core.library_status import library_status
from core.scan import is_under
from tests.test_status_many_folders import fill


def test_a_status_of_many_moved_waiting_videos_checks_no_video_against_every_entry(tmp_path, monkeypatch):
    old, moved, kept = (str(tmp_path / "videos" / n) for n in ("Old", "New", "Kept"))
    fill(tmp_path / "lib", {moved: [os.path.join(moved, "2020", f"clip {j}.mp4") for j in range(300)],
                            kept: [os.path.join(kept, f"clip {j}.mp4") for j in range(300)]})
    since = time.time() + 3600  # (a --reindex begun after each was indexed: all wait)
    with VideoLibrary(tmp_path / "lib") as lib:
        settings = lib.meta.settings
        run = {"pid": 1, "host": "elsewhere", "started": 1.0, "since": since}
        lib.update_settings(**{reembed_record.KEY: {old: since}, reembed_record.RUNS: {old: run}})
        carried = {v.video_id: (v.path.replace(moved, old), v.path, old)  # (Old renamed New, its wait carried)
                   for v in lib.video_table.all() if v.path.startswith(moved)}
        lib.update_settings(**reembed_record.moved_values(lib.meta.settings, carried))
        assert len(reembed_record.recorded(lib.meta.settings)) == 301 and settings is not lib.meta.settings
    checks = []
    for module in (core.scan, core.reembed_record):
        real = module.is_under
        monkeypatch.setattr(module, "is_under", lambda path, root, real=real: checks.append(root) or real(path, root))
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        status = library_status(lib)
    assert status.reembed == ((moved, 300),), status.reembed
    assert len(checks) < 3000, f"{len(checks)} path checks for 600 videos and 301 entries"


def test_holding_is_is_under_for_every_folder():
    random.seed(11)
    s = os.sep
    names = ["a", "b", "ab", "a b", "x.mp4"]
    for _ in range(2000):
        folders = {s + s.join(random.choice(names) for _ in range(random.randint(0, 3))) + random.choice(["", s])
                   for _ in range(random.randint(0, 5))} | set(random.choice([[], ["a"], [f"ab{s}b"], [s]]))
        folders -= {s + s}  # (a folder spelt with two separators after it: no path's)
        path = random.choice([s, s + s, ""]) + s.join(random.choice(names) for _ in range(random.randint(0, 4)))
        assert sorted(holding(path, folders)) == sorted(f for f in folders if is_under(path, f)), (path, folders)
