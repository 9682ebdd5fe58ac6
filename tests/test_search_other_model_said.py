"""A new user who searched a library with `--model` of another model than the one it was indexed with
was told "Search with the library's model, or re-index with `seekframe index --reindex`": not how to
search with the library's model (leave out --model), and a plain --reindex embeds again with the
library's own model, not the one typed. The words now name the library's model and both ways."""

from __future__ import annotations

import shlex

from core import cli_models
from core.encoders import text_side
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, OtherModel, run_cli, use_encoder
from tests.videos import Segment, write_video


real_text_encoder = cli_models.text_encoder


def test_a_search_with_another_model_says_how_to_search_or_switch(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    folder, lib = tmp_path / "Videos", tmp_path / "lib"
    write_video(folder / "red.mp4", [Segment(1, "red")])
    assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0
    assert run_cli(capsys, "search", "red", "--library", lib)[0] == 0  # (its own model: searched)

    use_encoder(monkeypatch, FixedTextEncoder)
    monkeypatch.setattr(cli_models, "text_encoder", real_text_encoder)  # (its own check, what it loads faked:)
    monkeypatch.setattr(text_side, "load_text_encoder", lambda *a, **k: OtherModel())
    other = tmp_path / "other model"
    other.mkdir()
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "--model", other)
    assert code == 2 and out == "", (out, err)
    assert f"indexed with model {FixedTextEncoder.model_id}" in err and "is model other-0123456789ab" in err, err
    assert "leave out --model" in err and f"`seekframe index --reindex --model '{other}'`" in err, err


def test_a_search_with_no_model_typed_says_the_librarys_folder_holds_another(tmp_path, capsys, monkeypatch):
    """Without --model, the library's model folder holding another model by now was said "leave out --model"
    and `--model MODEL` (s59 rv_11): it names the folder and what it holds, and re-indexing with it."""
    use_encoder(monkeypatch, FixedTextEncoder)
    folder, lib = tmp_path / "Videos", tmp_path / "lib"
    write_video(folder / "red.mp4", [Segment(1, "red")])
    assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0
    monkeypatch.setattr(cli_models, "text_encoder", real_text_encoder)
    monkeypatch.setattr(text_side, "load_text_encoder", lambda *a, **k: OtherModel())
    code, out, err = run_cli(capsys, "search", "red", "--library", lib)
    assert code == 2 and out == "", (out, err)
    assert "leave out --model" not in err and "MODEL`" not in err and "holds another model by now" in err, err
    with VideoLibrary(lib, read_only=True) as library:
        source = library.meta.model_source
    assert source and "(other-0123456789ab)" in err and f"--reindex --model {shlex.quote(source)}`" in err, (source, err)
