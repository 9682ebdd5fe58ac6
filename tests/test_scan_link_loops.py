"""Links in a loop named like videos (``ln -s a.mp4 b.mp4; ln -s b.mp4 a.mp4``, ``ln -s x.mp4
x.mp4``) were skipped without a word: ``core.scan`` recorded them as dangling, as a link into an
unplugged drive is, whose videos are kept offline. A loop (ELOOP) never leads anywhere: the run's
"Skipped" line now counts it, and names it with its reason; a link into a drive unplugged keeps
its meaning (its videos kept, offline)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import core.cli
from core.cli import main
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.scan import scan
from core.scan_links import LOOP_REASON
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links need privileges on Windows")


def looped(folder: Path) -> None:
    os.symlink("b.mp4", folder / "a.mp4")
    os.symlink("a.mp4", folder / "b.mp4")
    os.symlink("x.mp4", folder / "x.mp4")


def test_a_loop_of_links_is_skipped_and_said_not_taken_for_a_drive_unplugged(tmp_path):
    folder = tmp_path / "videos"
    write_video(folder / "clip.mp4", [Segment(2, "red")])
    looped(folder)
    os.symlink(tmp_path / "media" / "usb" / "trip.mp4", folder / "trip.mp4")  # a drive not there
    os.symlink("loopdir", folder / "loopdir")  # a loop named as no video: counted, not named
    found = scan([str(folder)])
    assert sorted(found.files) == [str(folder / "clip.mp4")]
    assert found.dangling == [str(folder / "trip.mp4")]
    assert found.skipped["link loop"] == 4
    assert sorted(found.skipped_files) == [(str(folder / n), LOOP_REASON) for n in ("a.mp4", "b.mp4", "x.mp4")]
    assert not found.problems


def test_index_says_the_loops_in_its_skipped_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder = tmp_path / "videos"
    write_video(folder / "clip.mp4", [Segment(2, "red")])
    looped(folder)
    assert main(["index", str(folder), "--library", str(tmp_path / "lib")]) == 0
    err = capsys.readouterr().err
    assert "Skipped (not videos): 3 link loops." in err, err
    assert f"  skipped: {folder / 'x.mp4'}: {LOOP_REASON}" in err, err
    assert "Indexed 1 of 1 video file" in err, err


def test_a_video_behind_a_link_into_a_drive_unplugged_is_still_kept_offline_beside_loops(tmp_path):
    folder, drive = tmp_path / "videos", tmp_path / "drive"
    write_video(folder / "clip.mp4", [Segment(2, "red")])
    write_video(drive / "trip.mp4", [Segment(2, "blue")], seed=3)
    os.symlink(drive / "trip.mp4", folder / "trip.mp4")
    looped(folder)
    opts = IndexOptions(two_pass=False)
    with VideoLibrary(tmp_path / "lib") as lib:
        list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(folder)]))
        os.rename(drive, tmp_path / "drive.unplugged")
        events = list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(folder)]))
        vids = {Path(v.path).name: v for v in lib.video_table.all()}
    s = events[0].summary
    assert s["deleted"] == 0 and s["offline_videos"] == 1
    assert set(vids) == {"clip.mp4", "trip.mp4"} and vids["trip.mp4"].offline and not vids["clip.mp4"].offline
    assert s["skipped"]["kinds"] == {"link loop": 3}
