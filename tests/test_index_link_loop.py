"""``seekframe index`` of a link in a loop of links given as the PATH (``ln -s loop loop``, or
``a -> b -> a``, or a path through one). It was refused (exit 2, nothing listed), but said
"loop does not exist. Check the path; a folder already in the library that is missing (a drive
not mounted) is kept offline, but a new one must be there.": the link is there, and no mount
makes it lead anywhere. Now the refusal says what it is, in the words a folder's walk uses for
the loops it skips (``core.scan_links.LOOP_REASON``); a link to nothing there (a drive not
mounted) is still "does not exist", and the app's "Add folder" refuses a loop as it did."""

from __future__ import annotations

import json
import os
import sys

import pytest

from core.cli import main
from core.library.meta import is_library
from core.scan_links import LOOP_REASON
from tests.test_cli_index_paths import no_model, run_cli  # noqa: F401
from tests.cli_run import FixedTextEncoder, use_encoder
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def _loops(tmp_path) -> dict[str, str]:
    os.symlink("loop", tmp_path / "loop")
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    return {"itself": str(tmp_path / "loop"), "a -> b -> a": str(tmp_path / "a"),
            "itself, trailing slash": str(tmp_path / "loop") + os.sep, "in it": str(tmp_path / "a" / "sub")}


@pytest.mark.parametrize("how", ["itself", "a -> b -> a", "itself, trailing slash", "in it"])
def test_a_loop_of_links_given_to_index_is_refused_as_a_loop(tmp_path, capsys, no_model, how):  # noqa: F811
    lib, path = tmp_path / "lib", _loops(tmp_path)[how]
    code, _, err = run_cli(capsys, "index", path, "--library", lib)
    assert code == 2, err
    assert f"{path}: {LOOP_REASON}" in err and "does not exist" not in err and "Traceback" not in err, err
    assert not is_library(lib), "a refused index created a library"


def test_a_loop_beside_a_library_folder_adds_nothing(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    lib, videos = tmp_path / "lib", tmp_path / "videos"
    write_video(videos / "red.mp4", [Segment(2, "red")])
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    loop = _loops(tmp_path)["a -> b -> a"]
    code, _, err = run_cli(capsys, "index", loop, "--library", lib)
    assert code == 2 and f"{loop}: {LOOP_REASON}" in err, err
    code, out, err = run_cli(capsys, "status", "--json", "--library", lib)
    assert code == 0 and json.loads(out)["folders"] == [str(videos)], out + err
    assert json.loads(out)["offline"] == []


def test_a_link_to_nothing_there_still_does_not_exist(tmp_path, capsys, no_model):  # noqa: F811
    os.symlink(tmp_path / "media" / "usb", tmp_path / "usb")  # (a drive not mounted)
    code, _, err = run_cli(capsys, "index", tmp_path / "usb", "--library", tmp_path / "lib")
    assert code == 2 and f"{tmp_path / 'usb'} does not exist" in err and LOOP_REASON not in err, err
