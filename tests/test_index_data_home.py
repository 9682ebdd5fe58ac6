"""`seekframe index` of Seekframe's data folder (SEEKFRAME_HOME or the default: it holds the library,
the models, the log) added it as a library folder with 0 videos, listed by `seekframe status` from
then on (found in the session-51 audit). It is refused now as the library's own folder is, naming it
and why (exit 2), the library's folders unchanged; the demo videos kept there are still indexed."""

from __future__ import annotations

import os

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


@pytest.fixture
def fake_model(monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)


def test_the_data_folder_and_its_own_folders_are_refused(tmp_path, capsys, fake_model, _isolated_home):
    home, videos, lib = _isolated_home, tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    (home / "models" / "mine").mkdir(parents=True)
    (home / "seekframe.log").write_text("a log line\n")
    for path, what in ((home, "Seekframe's data folder"), (home / "models" / "mine",
                                                           f"inside Seekframe's data folder {home}")):
        code, out, err = run_cli(capsys, "index", path, "--library", lib)
        assert code == 2, (code, out, err)
        assert f"{path} is {what}: it holds Seekframe's own files" in err and "not added" in err, err
    code, out, err = run_cli(capsys, "status", "--library", lib, "--json")
    assert [f["path"] for f in __import__("json").loads(out)["folder_status"]] == [str(videos)], out


def test_the_data_folder_through_a_link_is_refused_and_the_demo_videos_are_not(tmp_path, capsys, fake_model,
                                                                               _isolated_home):
    home, lib = _isolated_home, tmp_path / "lib"
    os.symlink(home, tmp_path / "home-link")
    code, out, err = run_cli(capsys, "index", tmp_path / "home-link", "--library", lib)
    assert code == 2 and "it holds Seekframe's own files" in err, err
    demo = home / "demo-videos"  # (core.demo's clips, made there to be indexed)
    demo.mkdir()
    write_video(demo / "red.mp4", [Segment(4, "red")])
    code, out, err = run_cli(capsys, "index", demo, "--library", lib)
    assert code == 0 and "Indexed 1 of 1 file" in err, err
