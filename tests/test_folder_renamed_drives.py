"""A library folder gone is a rename only where its own drive is still there (``core.sync_missing``): what is
left where it was, its nearest parent there, is on the drive it was recorded on. A backup drive plugged in
where an unplugged drive was can get its device number (the same /dev node, a share's anonymous device):
its copies took the unplugged drive's video ids and notes when the rule asked the new folder's device
(review rv_3, finding 1); and a folder moved to another drive (``mv ~/Videos /media/big/``) was copies, its
notes left on the offline originals (finding 3). The scan's error for a folder not there is read by its
number, not its words (Windows words it otherwise: finding 2)."""

from __future__ import annotations

import errno
import os
import shutil

import pytest

import core.scan
from core import shares
from tests.mounts import mounts, on_another_device  # noqa: F401  (mounts: the fixture)
from tests.test_folder_renamed_rescan import _folder, _noted, _videos, encoder  # noqa: F401  (encoder: the fixture)
from tests.cli_run import run_cli


@pytest.mark.parametrize("alone, mount_point_left", [(True, False), (False, True)])
def test_a_backup_drive_on_the_unplugged_drives_device_number_takes_no_ids(tmp_path, capsys, encoder, monkeypatch,
                                                                           alone, mount_point_left):
    """/media/u/A/Videos indexed; drive A unplugged, backup drive B plugged in with the same device number
    (here: the folders' real one, as recorded), holding B/Videos copied with its layout. What is left
    where A was (/media/u, or A's empty mount point) is on the computer's disk: B's files are copies, A's
    videos stay offline with their ids and notes."""
    media, lib = tmp_path / "media", tmp_path / "lib"
    videos = _folder(media / "A" / "Videos", ("red", "blue", "green"))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    _noted(lib, videos / "blue.mp4", "on drive A")
    before = _videos(lib)

    backup = media / "B" / "Videos"
    shutil.copytree(videos, backup)
    shutil.rmtree(media / "A")  # unplugged
    if mount_point_left:
        (media / "A").mkdir()
    on_another_device(monkeypatch, fsid=True).update({str(media), str(media / "A")})  # (the computer's disk)
    roots = (backup,) if alone else (videos, backup)
    code, _, err = run_cli(capsys, "index", *roots, "--library", lib)
    assert code == 0 and "3 copies" in err and " 0 moved" in err and "found moved" not in err, err
    now = _videos(lib)
    for name in ("red.mp4", "blue.mp4", "green.mp4"):
        assert now[str(videos / name)][0] == before[str(videos / name)][0], name
        assert now[str(backup / name)][0] != before[str(videos / name)][0], name
    assert now[str(videos / "blue.mp4")][2] == ["on drive A"] and now[str(backup / "blue.mp4")][2] == []
    assert now[str(videos / "blue.mp4")][1] or alone  # (marked offline by a run over its folder)


def test_a_folder_not_there_by_its_errors_number_is_renamed_whatever_its_words(tmp_path, capsys, encoder,
                                                                                monkeypatch):
    """Windows says "The system cannot find the path specified" (WinError 3, errno ENOENT) for a folder not
    there, where the C library says "No such file or directory": ``seekframe index ~/Videos ~/Movies`` after
    the rename kept ~/Videos offline and made copies there."""
    videos, movies, lib = tmp_path / "Videos", tmp_path / "Movies", tmp_path / "lib"
    _folder(videos, ("red", "blue"))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    _noted(lib, videos / "red.mp4", "the red one")
    before = _videos(lib)
    real = core.scan._look

    def look(root, *args):
        try:
            return real(root, *args)
        except FileNotFoundError:
            raise OSError(errno.ENOENT, "The system cannot find the path specified", root) from None

    monkeypatch.setattr(core.scan, "_look", look)
    videos.rename(movies)
    code, _, err = run_cli(capsys, "index", videos, movies, "--library", lib)
    assert code == 0 and "2 moved" in err and "copies" not in err, err
    now = _videos(lib)
    assert now[str(movies / "red.mp4")] == (before[str(videos / "red.mp4")][0], False, ["the red one"])
    assert now[str(movies / "blue.mp4")][0] == before[str(videos / "blue.mp4")][0]


@pytest.mark.parametrize("alone", [True, False])
def test_a_folder_moved_to_another_drive_is_a_move(tmp_path, capsys, encoder, mounts, alone):
    """``mv ~/Videos /media/big/`` (a drive of its own, mounted), then ``seekframe index /media/big/Videos``
    (or with ~/Videos named too): its videos moved, their ids and notes with them, none offline."""
    videos, lib = tmp_path / "Videos", tmp_path / "lib"
    big = mounts.tmpfs(tmp_path / "big", size="16m")
    _folder(videos, ("red", "blue"))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    _noted(lib, videos / "blue.mp4", "the blue one")
    before = _videos(lib)

    moved = shutil.move(str(videos), str(big / "Videos"))
    assert os.stat(moved).st_dev != os.stat(tmp_path).st_dev
    roots = (big / "Videos",) if alone else (videos, big / "Videos")
    code, _, err = run_cli(capsys, "index", *roots, "--library", lib)
    assert code == 0 and "2 moved" in err and "copies" not in err, err
    now = _videos(lib)
    assert set(now) == {str(big / "Videos" / "red.mp4"), str(big / "Videos" / "blue.mp4")}, now
    assert now[str(big / "Videos" / "blue.mp4")] == (before[str(videos / "blue.mp4")][0], False, ["the blue one"])
    assert now[str(big / "Videos" / "red.mp4")][:2] == (before[str(videos / "red.mp4")][0], False)


def _linked_library(tmp_path, capsys, monkeypatch):
    """~/Videos a link to /data/Videos (red, blue), indexed through it, a note on red; ~ on another drive
    than /data: (data, home, library, the videos before)."""
    data, home, lib = tmp_path / "data", tmp_path / "home", tmp_path / "lib"
    _folder(data / "Videos", ("red", "blue"))
    home.mkdir()
    (home / "Videos").symlink_to(data / "Videos", target_is_directory=True)
    assert run_cli(capsys, "index", home / "Videos", "--library", lib, "-q")[0] == 0
    _noted(lib, home / "Videos" / "red.mp4", "the red one")
    before = _videos(lib)
    on_another_device(monkeypatch, fsid=True).add(str(home))  # (its drive: not /data's)
    return data, home, lib, before


def test_a_library_folder_that_is_a_link_is_judged_where_it_led(tmp_path, capsys, encoder, monkeypatch):
    """~/Videos a link to /data/Videos on a drive of its own, recorded through it; /data/Videos renamed
    /data/Movies, the link left dangling, then ``seekframe index ~/Videos /data/Movies``: a move on /data,
    whose drive is there, though the link's own folder (~) is on the computer's disk. (Not named by the run,
    a dangling link is there, never a rename's source: ``MissingFolders``.)"""
    data, home, lib, before = _linked_library(tmp_path, capsys, monkeypatch)
    (data / "Videos").rename(data / "Movies")
    code, _, err = run_cli(capsys, "index", home / "Videos", data / "Movies", "--library", lib)
    assert code == 0 and "2 moved" in err and "copies" not in err, err
    now = _videos(lib)
    assert now[str(data / "Movies" / "red.mp4")] == (before[str(home / "Videos" / "red.mp4")][0], False, ["the red one"])


@pytest.mark.parametrize("how", ["link removed", "link renamed"])
def test_a_library_folder_that_was_a_link_is_judged_where_it_led(tmp_path, capsys, encoder, monkeypatch, how):
    """~/Videos a link to /data/Videos on a drive of its own, recorded through it; then the link itself is
    gone: removed, the real folder indexed (``rm ~/Videos; seekframe index ~/Videos /data/Videos``), or
    renamed (``mv ~/Videos ~/Clips``). No link is left to follow, so the link's own folder (~, the computer's
    disk) said another drive and made copies, the notes left on the offline originals (review rv_6, finding
    1). The real path its last walk recorded (``folder_links``) is where the rule looks: /data, there."""
    data, home, lib, before = _linked_library(tmp_path, capsys, monkeypatch)
    if how == "link removed":
        (home / "Videos").unlink()
        new = data / "Videos"
    else:
        (home / "Videos").rename(home / "Clips")
        new = home / "Clips"
    code, _, err = run_cli(capsys, "index", home / "Videos", new, "--library", lib)
    assert code == 0 and "2 moved" in err and "copies" not in err, err
    now = _videos(lib)
    assert now[str(new / "red.mp4")] == (before[str(home / "Videos" / "red.mp4")][0], False, ["the red one"])
    assert now[str(new / "blue.mp4")][0] == before[str(home / "Videos" / "blue.mp4")][0]


@pytest.mark.skipif(not shares.sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo's form")
@pytest.mark.parametrize("fstype", ["ext4", "vfat"])
def test_a_rename_on_a_drive_plugged_back_with_another_device_number(tmp_path, capsys, encoder, monkeypatch, fstype):
    """/media/u/A/Videos indexed while A was sdb1; A unplugged and plugged back after another USB device, so
    it is sdc1 now (another device number, its file system id kept); Videos renamed Movies in the file
    manager, then ``seekframe index /media/u/A/Movies``: a move, the notes with it. The rule asked the device
    number alone and made copies, the notes left on the offline originals (review rv_6, finding 2). FAT and
    exFAT have no id of their own (theirs is the device number): copies there, as before."""
    if os.statvfs(tmp_path).f_fsid == 0:
        pytest.skip("this file system gives no file system id")
    drive, lib = (tmp_path / "media" / "A").resolve(), tmp_path / "lib"
    videos = _folder(drive / "Videos", ("red", "blue"))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    _noted(lib, videos / "red.mp4", "the red one")
    before = _videos(lib)

    on_another_device(monkeypatch).add(str(drive))  # (plugged back: sdc1, the same file system)
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text("27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                         f"90 27 8:33 / {drive} rw,relatime shared:70 - {fstype} /dev/sdc1 rw\n")
    monkeypatch.setattr(shares, "MOUNTINFO", str(mountinfo))
    videos.rename(drive / "Movies")
    code, _, err = run_cli(capsys, "index", drive / "Movies", "--library", lib)
    now = _videos(lib)
    if fstype == "vfat":
        assert code == 0 and "2 copies" in err and " 0 moved" in err, err
        assert now[str(videos / "red.mp4")][0::2] == (before[str(videos / "red.mp4")][0], ["the red one"])
        return
    assert code == 0 and "2 moved" in err and "copies" not in err, err
    assert now[str(drive / "Movies" / "red.mp4")] == (before[str(videos / "red.mp4")][0], False, ["the red one"])
    assert now[str(drive / "Movies" / "blue.mp4")][0] == before[str(videos / "blue.mp4")][0]
