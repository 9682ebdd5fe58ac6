"""A re-scan of one library folder that removes a video while the library has other folders keeps it
by its content a while (``core.sync_gone``, a69d0d5), but said only "1 removed", and `seekframe
status` said nothing of it: the user could not know that a re-scan of the folder it went to brings it
back, moments and notes kept, nor why it was no longer searchable. The run now says it (how long,
what brings it back), status counts it (and --json: ``kept_by_content``) until it is found; a whole
re-scan, or a library of one folder, keeps nothing so and still says plain "removed"."""

from __future__ import annotations

import json
import os

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_moved_between_folders import _index, _library
from tests.videos import Segment, write_video

RUN_WORDS = ("  It is kept by its content for up to 30 days, in case it turns up in another of the library's "
             "folders: a re-scan of that folder brings it back with its moments and notes. Until then it is "
             "not searchable")
STATUS_WORDS = ("Kept by content: 1 video a re-scan of one folder removed, kept for up to 30 days in case it "
                "turns up in another of the library's folders; not searchable until a re-scan of that folder "
                "finds it there.")


def _status(capsys, lib) -> tuple[str, int]:
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0, out + err
    code, data, err = run_cli(capsys, "status", "--library", lib, "--json")
    assert code == 0, err
    return out, json.loads(data)["kept_by_content"]


@pytest.mark.slow
def test_a_one_folder_re_scan_says_the_video_it_removed_is_kept_by_content_and_status_counts_it(
        tmp_path, capsys, monkeypatch):
    a, b, lib, _ = _library(tmp_path, capsys, monkeypatch)
    os.rename(a / "red.mp4", b / "red.mp4")
    said = _index(capsys, a, lib)
    assert "1 removed." in said and RUN_WORDS in said, said
    out, kept = _status(capsys, lib)
    assert STATUS_WORDS in out and kept == 1, out
    said = _index(capsys, b, lib)  # (found where it went: moved, no longer kept)
    assert "1 moved" in said and "kept by" not in said, said
    out, kept = _status(capsys, lib)
    assert "Kept by content" not in out and kept == 0, out


@pytest.mark.slow
def test_a_whole_re_scan_and_a_library_of_one_folder_say_removed_plain(tmp_path, capsys, monkeypatch):
    a, b, lib, _ = _library(tmp_path, capsys, monkeypatch)
    os.remove(a / "red.mp4")
    code, _, said = run_cli(capsys, "index", "--library", lib)  # (every folder: nothing kept)
    assert code == 0 and "1 removed." in said and "kept by" not in said, said
    out, kept = _status(capsys, lib)
    assert "Kept by content" not in out and kept == 0, out

    use_encoder(monkeypatch, FixedTextEncoder)
    one, lib1 = tmp_path / "one", tmp_path / "lib1"
    for i, colour in enumerate(("red", "blue")):
        write_video(one / f"{colour}.mp4", [Segment(2, colour)], seed=i)
    assert run_cli(capsys, "index", one, "--library", lib1, "-q")[0] == 0
    os.remove(one / "red.mp4")
    said = _index(capsys, one, lib1)
    assert "1 removed." in said and "kept by" not in said, said
