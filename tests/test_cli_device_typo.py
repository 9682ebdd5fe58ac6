"""``--device`` mistyped (``gpu`` for ``cuda``, ``cuda1``): refused as the command line is read,
exit 2, nothing done. Before, ``seekframe index --device gpu FOLDER`` scanned the folder, made the
library and began loading the model before saying "unknown device 'gpu'" (s58 h.md)."""

from __future__ import annotations

import pytest

from core.cli import build_parser, main
from core.cli_args import finish_args


@pytest.mark.parametrize("typed", ["gpu", "cuda1", "CPU", "cuda:x"])
def test_a_mistyped_device_is_refused_before_the_library_is_made(capsys, tmp_path, typed):
    (videos := tmp_path / "videos").mkdir()
    (videos / "clip.mp4").write_bytes(b"\0" * 64)
    lib = tmp_path / "lib"
    assert main(["index", "--device", typed, "--library", str(lib), str(videos)]) == 2
    err = capsys.readouterr()
    assert f"argument --device: {typed!r} is not a device: use cpu, cuda" in err.err
    assert "Found" not in err.err  # (no scan: its "Found N videos" goes to stderr)
    assert not lib.exists()  # (no library made)


def test_a_mistyped_device_is_refused_by_search_too(capsys, tmp_path):
    assert main(["search", "a dog", "--device", "gpu", "--library", str(tmp_path / "lib")]) == 2
    assert "'gpu' is not a device" in capsys.readouterr().err


@pytest.mark.parametrize("typed", ["cpu", "cuda", "cuda:1", "mps", "auto", "xpu", "cpu:0"])
def test_the_devices_torch_reads_are_taken_as_typed(typed):
    args = build_parser().parse_args(["search", "a dog", "--device", typed])
    assert args.device == typed


def test_a_mistyped_seekframe_device_is_refused_before_the_library_is_made(capsys, tmp_path, monkeypatch):
    """``SEEKFRAME_DEVICE=gpu`` (where a cron job or a service sets the device) was read only as the
    model loaded: the folder scanned and the library made first (s58 rv_4 #5)."""
    (videos := tmp_path / "videos").mkdir()
    (videos / "clip.mp4").write_bytes(b"\0" * 64)
    lib = tmp_path / "lib"
    monkeypatch.setenv("SEEKFRAME_DEVICE", "gpu")
    assert main(["index", "--library", str(lib), str(videos)]) == 2
    err = capsys.readouterr().err
    assert "$SEEKFRAME_DEVICE: 'gpu' is not a device: use cpu, cuda" in err, err
    assert "Found" not in err and not lib.exists()  # (no scan, no library)
    assert main(["search", "a dog", "--library", str(lib)]) == 2  # (every command with --device)
    assert "$SEEKFRAME_DEVICE: 'gpu' is not a device" in capsys.readouterr().err
    parser = build_parser()  # (--device given: the variable is not what is used, nor refused)
    finish_args(parser, parser.parse_args(["search", "a dog", "--device", "cpu"]))
    main(["status", "--library", str(lib)])  # (a command without --device never reads it)
    assert "SEEKFRAME_DEVICE" not in capsys.readouterr().err
    monkeypatch.setenv("SEEKFRAME_DEVICE", " cuda:1 ")  # (a device, read as pick_device reads it: taken)
    finish_args(parser, parser.parse_args(["search", "a dog"]))
