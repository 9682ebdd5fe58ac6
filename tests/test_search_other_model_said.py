"""A new user who searched a library with `--model` of another model than the one it was indexed with
was told "Search with the library's model, or re-index with `seekframe index --reindex`": not how to
search with the library's model (leave out --model), and a plain --reindex embeds again with the
library's own model, not the one typed. The words now name the library's model and both ways."""

from __future__ import annotations

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


class OtherModel(FixedTextEncoder):
    model_id = "other-0123456789ab"


def test_a_search_with_another_model_says_how_to_search_or_switch(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    folder, lib = tmp_path / "Videos", tmp_path / "lib"
    write_video(folder / "red.mp4", [Segment(1, "red")])
    assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0
    assert run_cli(capsys, "search", "red", "--library", lib)[0] == 0  # (its own model: searched)

    use_encoder(monkeypatch, OtherModel)
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "--model", tmp_path / "other")
    assert code == 2 and out == "", (out, err)
    assert f"indexed with model {FixedTextEncoder.model_id}" in err and "other-0123456789ab is loaded" in err, err
    assert "leave out --model" in err and "`seekframe index --reindex --model MODEL`" in err, err
