"""A library of many folders: ``library_status`` counts each folder's videos in one pass over the
videos (``under_each``), not each video against each folder. 3,000 videos in 300 library folders
were 900,000 path checks each time the window read the status (every 5 s), in a worker whose pure
Python the window's thread waits behind for the interpreter lock."""

from __future__ import annotations

import os
import random

import numpy as np

import core.scan
from core.folder_counts import under_each
from core.library import MomentRecord, VideoLibrary, VideoRecord
from core.library_status import library_status
from core.scan import is_under

DIM = 8


def fill(root, paths_by_folder: dict[str, list[str]]) -> None:
    """A library whose folders are ``paths_by_folder``'s keys, each video indexed (one moment)."""
    rng = np.random.default_rng(0)
    with VideoLibrary(root) as lib:
        lib.bind_model("test-00000000000a", "synthetic", DIM)
        lib.update_settings(folders=list(paths_by_folder))
        batch, n = [], 0
        for folder, paths in paths_by_folder.items():
            for path in paths:
                n += 1
                rec = VideoRecord(video_id=f"{n:016x}", path=path, root=folder, size=1, mtime=0.0,
                                  content_hash=f"{n:032x}", duration=4.0, model_id="test-00000000000a")
                batch.append((rec, [MomentRecord(rec.video_id, 0, 0, 0.0, 4.0, 2.0,
                                                 rng.normal(size=DIM).astype(np.float32))]))
        lib.moment_table.commit(batch)


def test_each_folder_counts_the_videos_under_it_as_is_under_says(tmp_path):
    s = os.sep
    base = str(tmp_path / "videos")
    folders = [base + f"{s}trip", base + f"{s}trip 2{s}", base + f"{s}a b{s}c", base + f"{s}one.mp4"]
    paths_by_folder = {
        folders[0]: [base + f"{s}trip{s}x.mp4", base + f"{s}trip{s}deep{s}er{s}y.mp4"],
        folders[1]: [base + f"{s}trip 2{s}z.mp4"],  # (a folder given with its separator)
        folders[2]: [base + f"{s}a b{s}c{s}w.mp4", base + f"{s}a b{s}c{s}{s}v.mp4"],
        folders[3]: [base + f"{s}one.mp4"],  # a video given by name
    }
    fill(tmp_path / "lib", paths_by_folder)
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        status = library_status(lib)
        every = [p for paths in paths_by_folder.values() for p in paths]
    got = {f.path: f.files for f in status.folders}
    assert got == {folder: sum(is_under(p, folder) for p in every) for folder in folders}
    assert list(got.values()) == [2, 1, 2, 1]


def test_the_status_of_many_folders_checks_no_video_against_every_folder(tmp_path, monkeypatch):
    folders = [str(tmp_path / "videos" / f"folder {i:02d}") for i in range(40)]
    fill(tmp_path / "lib", {f: [os.path.join(f, "2020", f"clip {j}.mp4") for j in range(25)] for f in folders})
    checks = []
    real = core.scan.is_under
    monkeypatch.setattr(core.scan, "is_under", lambda path, root: checks.append(root) or real(path, root))
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        status = library_status(lib)
    assert [f.files for f in status.folders] == [25] * 40
    assert len(checks) < 1000, f"{len(checks)} path checks for 1,000 videos in 40 folders"


def test_under_each_is_is_under_for_every_folder():
    random.seed(7)
    s = os.sep
    names = ["a", "b", "ab", "a b", "x.mp4", ""]
    for _ in range(2000):
        folders = [s + s.join(random.choice(names) for _ in range(random.randint(0, 3))) + random.choice(["", s])
                   for _ in range(random.randint(0, 5))] + random.choice([[], ["a"], [f"ab{s}b"]])
        paths = [random.choice([s, ""]) + s.join(random.choice(names) for _ in range(random.randint(0, 4)))
                 for _ in range(8)]
        got = under_each(paths, folders)
        assert got == {f: [i for i, p in enumerate(paths) if is_under(p, f)] for f in folders}, (folders, paths)


def test_the_status_of_many_videos_imports_nothing_for_each_video(tmp_path, monkeypatch):
    """Each video's failure was told by a function importing two modules: 40,000 imports for
    20,000 videos, each through PySide's import hook in the window's process (half the read)."""
    import builtins

    from core.errors import NOT_A_VIDEO

    folder = str(tmp_path / "videos")
    fill(tmp_path / "lib", {folder: [os.path.join(folder, f"clip {j}.mp4") for j in range(300)]})
    with VideoLibrary(tmp_path / "lib") as lib:
        bad = [VideoRecord(video_id=f"{900 + j:016x}", path=os.path.join(folder, f"bad {j}.mp4"), root=folder,
                           size=1, mtime=0.0, content_hash="") for j in range(12)]
        lib.video_table.record_failures([(r, "cannot decode") for r in bad[:10]]
                                        + [(r, NOT_A_VIDEO + "audio only") for r in bad[10:]])
    imports = []
    real = builtins.__import__
    monkeypatch.setattr(builtins, "__import__", lambda *a, **k: imports.append(a[0]) or real(*a, **k))
    with VideoLibrary(tmp_path / "lib", read_only=True) as lib:
        status = library_status(lib)
    monkeypatch.undo()
    assert len(status.failed) == 10 and len(status.not_videos) == 2
    assert [(f.files, f.done, f.failed) for f in status.folders] == [(312, 300, 10)]
    assert len(imports) < 300, f"{len(imports)} imports for 312 videos"
