"""A search (and `seekframe status`) while another seekframe is indexing a library that holds no
indexed video yet. A run lists the videos it found only as its first pass commits each, so until
then the library holds none, done or waiting. Before, a search said 'The library holds no indexed
video yet: seekframe index FOLDER adds some.', though an index was running (a second one is refused
as the library is being written), and status listed the run's folder with '0 videos' and nothing
else. Now both say another seekframe is indexing the library now."""

from __future__ import annotations

from core.library import VideoLibrary
from tests.test_search_said import fake_model  # noqa: F401 (the fixture)
from tests.cli_run import run_cli


def test_a_search_and_the_status_during_a_first_run_say_a_run_is_under_way(tmp_path, capsys, fake_model):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0  # (the library made, its folder listed)
    with VideoLibrary(lib):  # a `seekframe index` under way, before its first commit
        code, out, err = run_cli(capsys, "search", "red", "--library", lib)
        assert code == 0 and out == "No results.\n"
        assert "another seekframe is indexing this library now" in err, err
        assert "seekframe index FOLDER adds some" not in err, err
        code, out, err = run_cli(capsys, "status", "--library", lib)
        assert code == 0 and "Another seekframe is writing this library now (indexing?)" in out, (out, err)
    code, out, err = run_cli(capsys, "search", "red", "--library", lib)  # nobody writing: as before
    assert "The library holds no indexed video yet: seekframe index FOLDER adds some." in err, err
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Another seekframe" not in out, out
