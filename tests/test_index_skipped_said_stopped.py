"""What `seekframe index` skipped is said once (67a5a01b), yet a folder with no video said it twice in a
row ("Skipped (not videos): 1 other file, 1 text file." then "No videos to index in …: 2 files skipped
(1 other file, 1 text file)."), and a run stopped early (Ctrl-C, a full disk) no longer said the scan's
skipped files at all, said only at the run's end since (s58 rv_3, finding 3)."""

from __future__ import annotations

import errno

import pytest

import core.cli
from core.cli import EXIT_DISK_FULL, main
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_text_as_video, write_video


def test_a_folder_of_no_video_says_what_it_skipped_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "README").write_text("what these are")
    write_text_as_video(folder / "list.mov")
    for run in ("first", "again"):
        assert main(["index", str(folder), "--library", str(tmp_path / "lib")]) == 0
        err = capsys.readouterr().err
        said = f"No videos to index in {folder}: 2 files skipped (1 other file, 1 text file)."
        assert err.rstrip().endswith(said), (run, err)
        assert "Skipped (not videos)" not in err, (run, err)  # (the count said once, by the line above)
        named = err.count(f"skipped: {folder / 'list.mov'}: not a video: a text file")
        assert named == (run == "first"), (run, err)  # (again: known so, counted above, named by status)


def _interrupted(m):
    from core import indexer

    def interrupted(self, book, files):
        raise KeyboardInterrupt
        yield  # (a generator, as the real one)

    m.setattr(indexer.MomentIndexer, "_pipeline", interrupted)
    return 130


def _disk_full(m):
    from core.library.moments import MomentTable

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    m.setattr(MomentTable, "commit", full)
    return EXIT_DISK_FULL


@pytest.mark.parametrize("stop", [_interrupted, _disk_full], ids=["ctrl-c", "full disk"])
def test_a_run_stopped_early_still_says_what_its_scan_skipped(tmp_path, capsys, monkeypatch, stop):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder = tmp_path / "videos"
    write_video(folder / "clip.mp4", [Segment(1, "red")])
    (folder / "README").write_text("holiday clips")
    (folder / "song.mp3").write_bytes(b"ID3" + bytes(64))
    with monkeypatch.context() as m:
        code = stop(m)
        assert main(["index", str(folder), "--library", str(tmp_path / "lib")]) == code
    err = capsys.readouterr().err
    assert "Found 1 video file: 1 to index" in err, err
    assert err.count("Skipped (not videos): 1 audio file, 1 other file.") == 1, err
