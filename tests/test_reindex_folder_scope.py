"""``seekframe index --reindex A`` on a library of folders A and B let every video's moments go and
embedded A's alone: B's videos found nothing in any search until the next ``seekframe index`` (the
s54 audit). Now, with the library's own model and cut, it embeds A's videos again and B's keep their
moments; a model switch (or another cut of the moments) takes the whole library along, said at the
start, as vectors of two models are never searched together."""

from __future__ import annotations

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


class OtherModel(FixedTextEncoder):
    model_id = "other-0123456789ab"
    source = "other"


def _two_folders(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(b / "blue.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", a, b, "--library", lib)[0] == 0
    return a, b, lib


def _videos(lib) -> dict[str, tuple[str, int, int]]:
    """{file name: (status, epoch, moments)}, and the library's model id under ''."""
    with VideoLibrary(lib, read_only=True) as library:
        got = {v.path.rsplit("/", 1)[-1]: (v.status, v.epoch, v.n_moments) for v in library.video_table.all()}
        got[""] = library.meta.model_id
    return got


def test_a_reindex_of_one_folder_leaves_the_others_searchable(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    code, out, err = run_cli(capsys, "index", "--reindex", a, "--library", lib)
    assert code == 0 and "wait to be indexed" not in err and "waits to be indexed" not in err, err
    after = _videos(lib)
    assert after["blue.mp4"] == before["blue.mp4"] and after["blue.mp4"][0] == "done"  # (B's moments kept)
    assert after["red.mp4"][0] == "done" and after["red.mp4"][1] > before["red.mp4"][1]  # (A's embedded again)
    code, out, err = run_cli(capsys, "similar", b / "blue.mp4", "--library", lib)
    assert code == 0, err


def test_a_model_switch_with_one_folder_named_reindexes_the_whole_library(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    use_encoder(monkeypatch, OtherModel)
    c = tmp_path / "C"
    write_video(c / "green.mp4", [Segment(2, "green")], seed=3)
    code, out, err = run_cli(capsys, "index", "--reindex", a, c, "--library", lib)
    assert code == 0, err
    assert "Switching the model re-indexes the whole library" in err and "1 video in its other folders" in err, err
    after = _videos(lib)
    assert after[""] == OtherModel.model_id
    assert {n: v[0] for n, v in after.items() if n} == {"red.mp4": "done", "blue.mp4": "done", "green.mp4": "done"}
    assert "wait to be indexed" not in err and "waits to be indexed" not in err, err
    with VideoLibrary(lib, read_only=True) as library:
        assert sorted(library.meta.settings.folders) == sorted(map(str, (a, b, c)))


def test_another_cut_with_one_folder_named_reindexes_the_whole_library(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    code, out, err = run_cli(capsys, "index", "--reindex", a, "--window", "1", "--library", lib)
    assert code == 0 and "Cutting the moments another way re-indexes the whole library" in err, err
    after = _videos(lib)
    assert after["blue.mp4"][0] == "done" and after["red.mp4"][0] == "done", after
    assert after["blue.mp4"][2] == after["red.mp4"][2] == 2  # (2 s clips cut every 1 s, both)


def test_a_reindex_of_every_folder_named_says_nothing_more(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    use_encoder(monkeypatch, OtherModel)
    code, out, err = run_cli(capsys, "index", "--reindex", a, b, "--library", lib)
    assert code == 0 and "whole library" not in err, err
    assert {n: v[0] for n, v in _videos(lib).items() if n} == {"red.mp4": "done", "blue.mp4": "done"}
