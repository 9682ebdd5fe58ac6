"""`seekframe similar` and `captions` load no model: --model only picks the card whose calibration labels
the scores. A new user's mistyped `--model /nonexistent` (or another model than the library's) was
passed over in silence, the results listed without their "(poor match)" labels and headers, as if
all were fine. Such a --model is now said on stderr, with why and what to do; the results are listed
as before (exit 0), and the library's own model, not typed, says nothing."""

from __future__ import annotations

from core import cli_models
from tests.cli_run import FixedTextEncoder, OtherModel, run_cli, use_encoder
from tests.videos import Segment, write_video


real_text_encoder = cli_models.text_encoder


def test_a_typed_model_that_cannot_label_the_results_is_said(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    folder, lib = tmp_path / "Videos", tmp_path / "lib"
    write_video(folder / "red.mp4", [Segment(1, "red")])
    write_video(folder / "blue.mp4", [Segment(1, "blue")])
    assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0

    code, out, err = run_cli(capsys, "similar", folder / "red.mp4", "--library", lib)
    assert code == 0 and "blue.mp4" in out and "--model" not in err, (out, err)  # (nothing typed: nothing said)

    typo = tmp_path / "nonexistent"
    code, out, err = run_cli(capsys, "similar", folder / "red.mp4", "--library", lib, "--model", typo)
    assert code == 0 and "blue.mp4" in out, (out, err)  # (listed all the same)
    assert f"--model {typo}: no such model folder here" in err and "listed without match labels" in err, err

    use_encoder(monkeypatch, OtherModel)  # (captions: the text side of another model than the library's)
    code, out, err = run_cli(capsys, "captions", f"{folder / 'red.mp4'}@0", "--library", lib, "--model", typo)
    assert code == 0, (out, err)
    assert f"--model {typo}: not the model this library was indexed with ({FixedTextEncoder.model_id})" in err, err


def test_a_typed_model_that_is_no_model_is_said_so_in_one_short_reason(tmp_path, capsys, monkeypatch):
    """`similar --model <a folder that is no model>` said "not the model this library was indexed with", as
    if it were another model; `captions --model nonexistent` (a hub-style typo) said the loader's whole text,
    with its advice on copying a model here, where `similar` says one short reason (s59 rv_11)."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    use_encoder(monkeypatch, FixedTextEncoder)
    folder, lib = tmp_path / "Videos", tmp_path / "lib"
    write_video(folder / "red.mp4", [Segment(1, "red")])
    write_video(folder / "blue.mp4", [Segment(1, "blue")])
    assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0

    code, out, err = run_cli(capsys, "similar", folder / "red.mp4", "--library", lib, "--model", folder)
    assert code == 0 and "blue.mp4" in out, (out, err)
    assert f"--model {folder}: {folder} has no model weights" in err and "not the model" not in err, err

    monkeypatch.setattr(cli_models, "text_encoder", real_text_encoder)  # (captions: what loading the typo says)
    for command in (["similar", str(folder / "red.mp4")], ["captions", f"{folder / 'red.mp4'}@0"]):
        code, out, err = run_cli(capsys, *command, "--library", lib, "--model", "nonexistent")
        assert code == 0, (command, out, err)
        assert err.strip() == ("seekframe: --model nonexistent: no such model folder here, nor a whole one in the "
                               "local cache; listed without match labels (leave out --model: the library's own "
                               "model labels them)."), (command, err)
