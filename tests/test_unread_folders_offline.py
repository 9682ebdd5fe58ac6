"""The record of the folders a scan could not read (library setting ``unread_folders``: ``seekframe
status`` lists them, the window's library panel too) is replaced only by a scan that read the
folder they lie in. Before, an index run of a library folder that was offline (its drive
unplugged: the folder missing, or an empty mount point left) dropped that folder's records though
nothing in it was read, so status no longer told a folder whose videos were still not indexed."""

from __future__ import annotations

import json
import os
import sys

import pytest

from tests.mounts import on_another_device
from tests.test_index_folder_too_long import _too_long
from tests.test_status_folders import encoder, make_folder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="PATH_MAX of 4096 bytes")


def unread(capsys, lib) -> list[str]:
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    assert code == 0
    return [f["path"] for f in json.loads(out)["unread_folders"]]


@pytest.mark.parametrize("away", ["missing", "empty"])
def test_an_offline_folder_s_run_keeps_its_unread_folders(tmp_path, capsys, monkeypatch, away):
    videos, lib = make_folder(tmp_path / "videos", 2), tmp_path / "lib"
    _too_long(videos)
    run(capsys, "index", videos, "--library", lib)  # (1: a folder could not be read)
    recorded = unread(capsys, lib)
    assert len(recorded) == 1 and recorded[0].startswith(str(videos)), recorded
    unplugged = tmp_path / "unplugged"
    os.rename(videos, unplugged)  # (the drive away: nothing there, or its mount point left empty)
    if away == "empty":
        videos.mkdir()
        on_another_device(monkeypatch).add(str(videos))  # (a mount point on the computer's disk)
    code, out, err = run(capsys, "index", videos, "--library", lib)
    assert "offline" in out + err or "gone" in out + err, (out, err)  # (its videos kept, said so)
    assert unread(capsys, lib) == recorded  # (not read: still not read, still told)
    if away == "empty":
        videos.rmdir()
    os.rename(unplugged, videos)  # (back: its run reads it, finds it unreadable again)
    run(capsys, "index", videos, "--library", lib)  # (1: a folder could not be read)
    assert unread(capsys, lib) == recorded


def test_a_linked_folder_away_keeps_its_unread_folders(tmp_path, capsys):
    """videos/ext a link to a drive (usb) holding a folder too long to open: with the drive away,
    videos's run walks videos but not ext (its videos kept, offline), so ext's record stays."""
    videos, usb, lib = make_folder(tmp_path / "videos", 1), make_folder(tmp_path / "usb", 1), tmp_path / "lib"
    _too_long(usb)
    os.symlink(usb, videos / "ext")
    run(capsys, "index", videos, "--library", lib)  # (1: a folder could not be read)
    recorded = unread(capsys, lib)
    assert len(recorded) == 1 and recorded[0].startswith(str(videos / "ext")), recorded
    os.rename(usb, tmp_path / "unplugged")
    assert run(capsys, "index", videos, "--library", lib)[0] == 0
    assert unread(capsys, lib) == recorded
