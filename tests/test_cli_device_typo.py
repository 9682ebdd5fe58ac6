"""``--device`` mistyped (``gpu`` for ``cuda``, ``cuda1``): refused as the command line is read,
exit 2, nothing done. Before, ``seekframe index --device gpu FOLDER`` scanned the folder, made the
library and began loading the model before saying "unknown device 'gpu'" (s58 h.md)."""

from __future__ import annotations

import pytest

from core.cli import build_parser, main


@pytest.mark.parametrize("typed", ["gpu", "cuda1", "CPU", "cuda:x"])
def test_a_mistyped_device_is_refused_before_the_library_is_made(capsys, tmp_path, typed):
    (videos := tmp_path / "videos").mkdir()
    (videos / "clip.mp4").write_bytes(b"\0" * 64)
    lib = tmp_path / "lib"
    assert main(["index", "--device", typed, "--library", str(lib), str(videos)]) == 2
    err = capsys.readouterr()
    assert f"argument --device: {typed!r} is not a device: use cpu, cuda" in err.err
    assert "Found" not in err.out  # (no scan)
    assert not lib.exists()  # (no library made)


def test_a_mistyped_device_is_refused_by_search_too(capsys, tmp_path):
    assert main(["search", "a dog", "--device", "gpu", "--library", str(tmp_path / "lib")]) == 2
    assert "'gpu' is not a device" in capsys.readouterr().err


@pytest.mark.parametrize("typed", ["cpu", "cuda", "cuda:1", "mps", "auto", "xpu", "cpu:0"])
def test_the_devices_torch_reads_are_taken_as_typed(typed):
    args = build_parser().parse_args(["search", "a dog", "--device", typed])
    assert args.device == typed
