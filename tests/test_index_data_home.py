"""`seekframe index` of Seekframe's data folder (SEEKFRAME_HOME or the default: it holds the library,
the models, the log) added it as a library folder with 0 videos, listed by `seekframe status` from
then on (found in the session-51 audit). Seekframe's own folders in it are refused now as the library's
own folder is, naming it and why (exit 2), the library's folders unchanged; the demo videos kept there are
still indexed. The data folder itself is not refused (a data home set to ~/Videos holds the user's
videos): its videos are indexed, its own folders never walked, nor a data folder inside a library folder."""

from __future__ import annotations

import json
import os

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


@pytest.fixture
def fake_model(monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)


def test_the_data_folders_own_folders_are_refused(tmp_path, capsys, fake_model, _isolated_home):
    home, videos, lib = _isolated_home, tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    (home / "models" / "mine").mkdir(parents=True)
    (home / "demo-library").mkdir()
    (home / "seekframe.log").write_text("a log line\n")
    for path in (home / "models", home / "models" / "mine", home / "demo-library"):
        code, out, err = run_cli(capsys, "index", path, "--library", lib)
        assert code == 2, (code, out, err)
        assert f"{path} is inside Seekframe's data folder {home}: it holds Seekframe's own files" in err, err
        assert "not added" in err, err
    code, out, err = run_cli(capsys, "status", "--library", lib, "--json")
    assert [f["path"] for f in __import__("json").loads(out)["folder_status"]] == [str(videos)], out


def _own_files(home):
    """Seekframe's own folders in a data home, each holding a file named as a video (none to index)."""
    for own in ("library", "demo-library", "models/mine"):
        write_video(home / own / "not-yours.mp4", [Segment(2, "blue")])


def test_a_data_home_set_to_the_videos_folder_indexes_the_videos_there(tmp_path, capsys, fake_model,
                                                                       _isolated_home):
    """SEEKFRAME_HOME=~/Videos: the videos there are indexed, Seekframe's own folders in it not walked."""
    home, lib = _isolated_home, tmp_path / "lib"
    _own_files(home)
    write_video(home / "holiday" / "red.mp4", [Segment(4, "red")])
    code, out, err = run_cli(capsys, "index", home, "--library", lib)
    assert code == 0 and "Indexed 1 of 1 video file" in err, err
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "--json")
    assert {r["path"] for r in json.loads(out)} == {str(home / "holiday" / "red.mp4")}, out


def test_a_library_folder_holding_the_data_home_skips_it(tmp_path, capsys, fake_model, monkeypatch):
    """A data home inside a library folder (SEEKFRAME_HOME=~/Videos/Seekframe, ~/Videos indexed): its
    files, the demo videos among them, are Seekframe's, never the library's."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    home = videos / "Seekframe"
    monkeypatch.setenv("SEEKFRAME_HOME", str(home))
    _own_files(home)
    write_video(home / "demo-videos" / "demo.mp4", [Segment(2, "green")])
    write_video(videos / "red.mp4", [Segment(4, "red")])
    code, out, err = run_cli(capsys, "index", videos, "--library", lib)
    assert code == 0 and "Indexed 1 of 1 video file" in err, err
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "--json")
    assert {r["path"] for r in json.loads(out)} == {str(videos / "red.mp4")}, out


def test_its_own_folders_through_a_link_are_refused_and_the_demo_videos_are_not(tmp_path, capsys, fake_model,
                                                                               _isolated_home):
    home, lib = _isolated_home, tmp_path / "lib"
    os.symlink(home, tmp_path / "home-link")
    (home / "models").mkdir()
    code, out, err = run_cli(capsys, "index", tmp_path / "home-link" / "models", "--library", lib)
    assert code == 2 and "it holds Seekframe's own files" in err, err
    demo = home / "demo-videos"  # (core.demo's clips, made there to be indexed)
    demo.mkdir()
    write_video(demo / "red.mp4", [Segment(4, "red")])
    code, out, err = run_cli(capsys, "index", demo, "--library", lib)
    assert code == 0 and "Indexed 1 of 1 video file" in err, err
