"""A library folder its last index found not there (held "missing": the folder gone or renamed away, its
drive unplugged; or "empty": a drive's mount point left) that is back now read "offline … kept: the folder
is missing or cannot be read (an unmounted drive?)" in `seekframe status` and the window until a re-scan.
It is said back now, with what brings it up to date (``core.status_words.back_text``), from status's own
bounded look (no scan), in `--json` too (the library panel: tests/app/test_folder_back_panel.py); the next run
reads it as before."""

from __future__ import annotations

import json
import os

import pytest

from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.test_search_said import copies, fake_model  # noqa: F401  (fixtures)
from tests.test_status_unplugged_drive import _recorded


def _status(capsys, lib, videos) -> tuple[str, dict]:
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0, out
    line = next(s for s in out.splitlines() if s.startswith("Folder:") and s.split()[1] == str(videos))
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    return line, next(f for f in json.loads(out)["folder_status"] if f["path"] == str(videos))


def _held(capsys, lib, videos, away, how) -> None:
    """A re-scan that finds ``videos`` not there (``how``: "missing", or "empty", its drive unplugged)."""
    if how == "empty":
        _recorded(lib, mount_point=True)  # (indexed on a drive mounted there)
    os.rename(videos, away)
    if how == "empty":
        videos.mkdir()  # (its mount point left there, empty)
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0
    with VideoLibrary(str(lib), read_only=True) as library:
        assert (library.meta.settings.held_roots or {}).get(str(videos)) == how
    line, folder = _status(capsys, lib, videos)
    assert "offline" in line and not folder["online"] and "back" not in line, line


@pytest.mark.parametrize("how", ["missing", "empty"])
def test_a_folder_held_not_there_that_is_back_is_said_back(copies, capsys, tmp_path, how):
    videos, lib = copies
    _held(capsys, lib, videos, tmp_path / "away", how)
    if how == "empty":
        videos.rmdir()
    os.rename(tmp_path / "away", videos)  # (renamed back; the drive plugged in again)

    line, folder = _status(capsys, lib, videos)
    was = {"missing": "missing", "empty": "empty (its drive unplugged?)"}[how]  # (core.status_words.back_text)
    said = (f"back: its last index found it {was}; `seekframe index` brings it up to date (4 videos marked offline "
            "are found again then)")
    assert line.endswith(f"online, 4 videos (4 done, 0 failed, 4 offline); {said}"), line
    assert "kept:" not in line and "unmounted" not in line, line
    assert folder["online"] and folder["held"] is None and folder["back"] == how and folder["why"] == said, folder

    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0  # (brings it up to date, as said)
    line, folder = _status(capsys, lib, videos)
    assert line.endswith("online, 4 videos (4 done, 0 failed, 0 offline)") and "back" not in folder, line


def test_a_folder_held_empty_whose_mount_point_is_still_empty_is_not_back(copies, capsys, tmp_path):
    videos, lib = copies
    _held(capsys, lib, videos, tmp_path / "away", "empty")
    line, folder = _status(capsys, lib, videos)
    assert folder["held"] == "empty" and "back" not in folder, folder

