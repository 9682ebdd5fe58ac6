"""Real unmounts (issue 10, point 1): a library folder on a mounted filesystem, unmounted so
that its empty mount point remains, used to lose every video ("11 removed"). Here the drive is
a real tmpfs (or a bind mount) at the library folder's path: ``index`` removes nothing, says
why, and once the drive is back (a new mount, so a new device id) its videos are online again
without being embedded again. Skipped where mounting is not permitted (not root, not Linux)."""

from __future__ import annotations

import json
import shutil

import pytest

from core.cli import main
from core.library import VideoLibrary
from core.sync_held import HOLD_REASONS
from tests.fakes import cli_encoder
from tests.mounts import mounts  # noqa: F401  (the fixture)
from tests.videos import Segment, write_video

COLOURS = ["red", "green", "blue", "yellow"]


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def fill(folder, n=4):
    for i in range(n):
        write_video(folder / f"clip{i}.mp4", [Segment(2, COLOURS[i % 4])], seed=i)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def library_videos(lib):
    with VideoLibrary(lib, read_only=True) as library:
        return {v.path.rsplit("/", 1)[1]: v for v in library.video_table.all()}


def folder_status(capsys, lib, folder):
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    assert code == 0
    return next(f for f in json.loads(out)["folder_status"] if f["path"] == str(folder))


def test_unmounted_drive_prunes_nothing_and_comes_back_without_reembedding(tmp_path, capsys, mounts, encoder):
    drive, lib, copy = tmp_path / "drive", tmp_path / "lib", tmp_path / "copy"
    mounts.tmpfs(drive)
    fill(drive)
    shutil.copytree(drive, copy)  # copy2: the same sizes and mtimes, as on the drive itself
    assert run(capsys, "index", drive, "--library", lib)[0] == 0
    assert folder_status(capsys, lib, drive)["online"]

    mounts.unmount(drive)
    assert drive.is_dir() and not any(drive.iterdir())  # the empty mount point
    code, _, err = run(capsys, "index", "--library", lib)
    assert code == 0 and "0 removed" in err, err
    assert "4 videos seem to be gone from" in err and HOLD_REASONS["empty"] in err and "--prune" in err
    vids = library_videos(lib)
    assert len(vids) == 4 and all(v.offline and v.status == "done" for v in vids.values())
    f = folder_status(capsys, lib, drive)
    assert not f["online"] and f["held"] == "empty" and f["videos"]["offline"] == 4

    mounts.tmpfs(drive)  # plugged back: a new mount, a new device id
    shutil.copytree(copy, drive, dirs_exist_ok=True)
    embedded = encoder.embedded
    code, _, err = run(capsys, "index", "--library", lib)
    assert code == 0 and "0 to index" in err and "4 unchanged" in err, err
    assert encoder.embedded == embedded  # nothing embedded again
    vids = library_videos(lib)
    assert len(vids) == 4 and not any(v.offline for v in vids.values())
    f = folder_status(capsys, lib, drive)
    assert f["online"] and f["held"] is None and f["videos"]["done"] == 4


@pytest.mark.parametrize("other", ["tmpfs", "bind"])
def test_another_drive_at_the_same_path_keeps_what_is_missing_from_it(tmp_path, capsys, mounts, encoder, other):
    """One video of four gone is a plain deletion on the same drive; on another drive mounted
    at the same path it is kept, offline: another tmpfs (it usually gets the first one's freed
    device id, as another USB drive gets the same /dev node: only the filesystem id tells them
    apart), or a folder of another filesystem bind-mounted there."""
    drive, lib, copy = tmp_path / "drive", tmp_path / "lib", tmp_path / "copy"
    mounts.tmpfs(drive)
    fill(drive)
    shutil.copytree(drive, copy)
    assert run(capsys, "index", drive, "--library", lib)[0] == 0
    mounts.unmount(drive)
    (copy / "clip0.mp4").unlink()
    if other == "tmpfs":
        mounts.tmpfs(drive)
        shutil.copytree(copy, drive, dirs_exist_ok=True)
    else:
        mounts.bind(copy, drive)  # the folder's own filesystem, seen at the drive's path

    code, _, err = run(capsys, "index", "--library", lib)
    assert code == 0 and "0 removed" in err and HOLD_REASONS["device"] in err, err
    vids = library_videos(lib)
    assert len(vids) == 4 and vids["clip0.mp4"].offline
    assert not any(v.offline for name, v in vids.items() if name != "clip0.mp4")
    f = folder_status(capsys, lib, drive)
    assert not f["online"] and f["held"] == "device" and f["videos"]["offline"] == 1

    code, _, err = run(capsys, "index", "--library", lib, "--prune")  # it really is gone
    assert code == 0 and "1 removed" in err, err
    assert sorted(library_videos(lib)) == ["clip1.mp4", "clip2.mp4", "clip3.mp4"]
