"""A file that cannot be read because it went away while it was read (a drive unplugged, a share
dropped, a file renamed) or changed meanwhile (a copy still being written) is not the video's
fault: nothing is recorded for it, what it had is kept, and the next run tries it again. It was
recorded as failed, so a drive unplugged mid-run left every video on it failed, never retried,
and a video being re-indexed lost its moments."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.records import DONE
from core.progress import print_index_run
from core.as_scanned import went_away
from tests.decode_faults import away_in_full_pass
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_broken_video, write_video


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "videos"
    write_video(d / "gone.mp4", [Segment(3, "red")], seed=1)
    write_video(d / "growing.mp4", [Segment(3, "blue")], seed=2)
    write_video(d / "stays.mp4", [Segment(3, "green")], seed=3)
    write_broken_video(d / "broken.mp4")
    return d


def run(lib_path, folder, **options) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(**options)).run([str(folder)]))


def videos(lib_path) -> dict:
    with VideoLibrary(lib_path, read_only=True) as lib:
        return {Path(v.path).name: (v, len(lib.moment_table.of(v.video_id))) for v in lib.video_table.all()}


def test_a_file_gone_or_changed_mid_read_keeps_what_it_had_and_is_tried_again(tmp_path, folder, capsys):
    lib = tmp_path / "lib"
    events = run(lib, folder, two_pass=True, decode_fn=away_in_full_pass)
    away = {Path(e.current).name: e.error for e in events if e.kind == "file_away"}
    assert away.keys() == {"gone.mp4", "growing.mp4"}
    assert away["gone.mp4"].startswith("it could no longer be found") and "file not found" in away["gone.mp4"]
    assert away["growing.mp4"].startswith("it changed while it was read")
    assert [Path(p).name for p, _ in events[-1].failed] == ["broken.mp4"]  # a broken file still fails
    held = videos(lib)
    for name in ("gone.mp4", "growing.mp4"):  # the quick pass's moments, searchable, kept
        rec, n = held[name]
        assert rec.status == DONE and rec.quick and n > 0 and not rec.error
    assert held["stays.mp4"][0].status == DONE and not held["stays.mp4"][0].quick
    assert held["broken.mp4"][0].status == "failed"

    os.rename(folder / "gone.mp4.away", folder / "gone.mp4")  # the drive is back
    again = run(lib, folder, two_pass=True)
    done = {Path(e.current).name for e in again if e.kind == "file_done" and e.phase == "full"}
    assert done == {"gone.mp4", "growing.mp4"}
    after = videos(lib)
    assert all(after[n][0].status == DONE and not after[n][0].quick for n in ("gone.mp4", "growing.mp4"))


def test_the_run_says_which_files_went_away_and_that_they_are_tried_again(tmp_path, folder, capsys):
    events = run(tmp_path / "lib", folder, two_pass=False, decode_fn=away_in_full_pass)
    capsys.readouterr()
    failed = print_index_run(iter(events))
    err = capsys.readouterr().err
    assert [Path(p).name for p, _ in failed] == ["broken.mp4"]
    assert "2 files could not be read and are no longer as found" in err and "tries them again" in err
    assert "failed: " not in err.replace(f"failed: {folder / 'broken.mp4'}", "")
    line = next(t for t in err.splitlines() if t.startswith("Indexed"))  # (said "3 failed": 1 listed failed)
    assert line.startswith("Indexed 1 of 4 video files (") and line.endswith(
        "): 1 failed, 2 gone or changed while read."), err


def test_went_away_tells_a_file_still_as_scanned_from_one_gone_or_changed(tmp_path, folder):
    run(tmp_path / "lib", folder, two_pass=False)
    recs = {n: r for n, (r, _) in videos(tmp_path / "lib").items()}
    assert went_away(recs["stays.mp4"]) == ""
    os.utime(folder / "stays.mp4", (1, 1))
    assert went_away(recs["stays.mp4"]) == "it changed while it was read"
    (folder / "gone.mp4").unlink()
    assert went_away(recs["gone.mp4"]).startswith("it could no longer be found (")
