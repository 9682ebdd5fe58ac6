"""A re-scan opens the library once, however the folders changed (s56 counted 109 library opens in the re-scan
check's seed 1: 24 were its `seekframe index` runs, one open each; the rest are the check's own snapshots, status
and search runs). The window's re-scan runs in its open library (``app.job_runner``: ``IndexRun`` on the session's
library) and opens none."""

from __future__ import annotations

import shutil

import core.cli
from core.library import store
from tests.cli_run import run_cli
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video


def test_a_rescan_of_changed_folders_opens_the_library_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib, one, two = tmp_path / "lib", tmp_path / "one", tmp_path / "two"
    write_video(one / "red.mp4", [Segment(2, "red")], fps=5, size=(64, 48))
    write_video(one / "blue.mp4", [Segment(2, "blue")], fps=5, size=(64, 48))
    write_video(two / "green.mp4", [Segment(2, "green")], fps=5, size=(64, 48))
    assert run_cli(capsys, "index", one, two, "--library", lib)[0] == 0
    (one / "red.mp4").rename(one / "moved.mp4")  # (a rename, a copy, one deleted, one new)
    shutil.copy(one / "blue.mp4", two / "copy.mp4")
    (two / "green.mp4").unlink()
    write_video(two / "white.mp4", [Segment(2, "white")], fps=5, size=(64, 48))
    opened = []
    real = store.VideoLibrary.__init__

    def counting(self, *a, **k):
        opened.append(a[0] if a else k.get("root"))
        real(self, *a, **k)

    monkeypatch.setattr(store.VideoLibrary, "__init__", counting)
    code, _, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0, err
    assert [str(p) for p in opened] == [str(lib)]
    monkeypatch.undo()
    with store.VideoLibrary(lib, read_only=True) as library:  # (the re-scan did its work)
        names = sorted(v.path.rsplit("/", 1)[-1] for v in library.video_table.all())
    assert names == ["blue.mp4", "copy.mp4", "moved.mp4", "white.mp4"], names
