"""A library folder where a folder of the same file system was bind-mounted (``mount --bind``, a
container's or a NAS share's folder bound into home, a systemd automount), found empty once it is
unmounted: ``os.path.ismount`` does not see such a mount (the same device, the same fsid), so by
device and fsid alone the bare mount point read as a folder the user emptied, and the re-scan
removed its videos with their moments (embedded again when the mount came back). The folder's
inode, recorded with its identity (``core.folder_identity``), tells: held, offline, with the
unmounted-drive words. A plain folder emptied keeps its inode and is still emptied
(tests/test_emptied_plain_folder.py)."""

from __future__ import annotations

import json
from dataclasses import asdict, replace

import pytest

from core.cli import main
from core.folder_identity import same_folder
from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import RootIdentity, ScanResult, root_identity
from core.sync import plan_sync
from core.sync_held import HOLD_REASONS
from tests.fakes import cli_encoder
from tests.mounts import mounts  # noqa: F401 (fixture)
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def test_an_unmounted_bind_mount_keeps_its_videos_offline_and_nothing_is_embedded_again(tmp_path, capsys, encoder,
                                                                                        mounts):  # noqa: F811
    source, folder, lib = tmp_path / "share" / "videos", tmp_path / "home" / "videos", tmp_path / "lib"
    for i, colour in enumerate(["red", "blue"]):
        write_video(source / f"{colour}.mp4", [Segment(2, colour)], seed=i + 1)
    folder.mkdir(parents=True)
    mounts.bind(source, folder)
    here = root_identity(str(folder))
    assert (here.device, here.fsid, here.mount_point) == (root_identity(str(tmp_path)).device,
                                                          root_identity(str(tmp_path)).fsid, False)
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
    embedded = encoder.embedded
    assert embedded > 0
    mounts.unmount(folder)  # (the bare mount point: empty, on the same drive, not a mount point either way)
    capsys.readouterr()
    assert main(["index", "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert "0 removed" in err and f"2 videos seem to be gone from {folder} ({HOLD_REASONS['empty']})" in err, err
    assert main(["status", "--library", str(lib), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    f = status["folder_status"][0]
    assert (f["online"], f["held"], f["videos"]["total"], f["videos"]["offline"]) == (False, "empty", 2, 2), f
    mounts.bind(source, folder)  # (back)
    assert main(["index", "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert encoder.embedded == embedded and "seem to be gone" not in err, err
    assert main(["status", "--library", str(lib), "--json"]) == 0
    f = json.loads(capsys.readouterr().out)["folder_status"][0]
    assert (f["online"], f["held"], f["videos"]["total"], f["videos"]["offline"]) == (True, None, 2, 0), f


def _plan(tmp_path, identity_now, recorded=asdict):
    """A library folder with 2 indexed videos and its identity recorded (``recorded``), re-scanned
    empty with ``identity_now``: the plan."""
    root = tmp_path / "clips"
    root.mkdir()
    here = root_identity(str(root))
    recs = [VideoRecord(video_id=f"{i:016x}", path=str(root / f"v{i}.mp4"), root=str(root), size=1000 + i,
                        mtime=1.0, content_hash=f"h{i}", status=DONE) for i in range(2)]
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(folders=[str(root)], root_ids={str(root): recorded(here)})
        scan = ScanResult(identities={str(root): identity_now(here)})
        return str(root), plan_sync(lib, [str(root)], scan)


def test_an_empty_folder_with_another_inode_than_recorded_keeps_its_videos(tmp_path):
    """A bind mount undone, or a folder deleted and made again: held, the cautious guess."""
    root, plan = _plan(tmp_path, lambda here: replace(here, inode=here.inode + 1))
    assert plan.deleted == [] and plan.held[root][0] == "empty" and len(plan.offline) == 2
    assert root in plan.offline_roots and root not in plan.identities  # (the identity recorded stays)


def test_an_identity_recorded_before_inodes_keeps_its_rule(tmp_path):
    """No migration: a record without an inode is judged by device, mount point and fsid, as before."""
    old = lambda here: {k: v for k, v in asdict(here).items() if k != "inode"}  # noqa: E731
    root, plan = _plan(tmp_path, lambda here: replace(here, inode=here.inode + 1), recorded=old)
    assert len(plan.deleted) == 2 and not plan.held
    assert plan.identities[root]["inode"]  # (recorded from now on)


def test_the_same_folder_needs_the_same_inode_where_both_are_known():
    now = RootIdentity(device=5, mount_point=False, fsid=7, inode=42)
    assert same_folder(now, {"device": 5, "mount_point": False, "fsid": 7, "inode": 42})
    assert not same_folder(now, {"device": 5, "mount_point": False, "fsid": 7, "inode": 43})
    assert same_folder(now, {"device": 5, "mount_point": False, "fsid": 7})  # (recorded before inodes)
    assert same_folder(replace(now, inode=0), {"device": 5, "mount_point": False, "fsid": 7, "inode": 43})  # (none now)
    assert not same_folder(now, {"device": 6, "mount_point": False, "fsid": 7, "inode": 42})
    assert not same_folder(None, {"device": 5}) and not same_folder(now, None)


def test_a_folder_bound_inside_a_library_folder_keeps_its_videos_offline_once_unmounted(tmp_path, capsys, encoder,
                                                                                      mounts):  # noqa: F811
    """Bound in a subfolder, same file system: no other device, so the walk saw no drive mounted there
    and, unmounted, its video was taken as deleted (1 of 4: under the valve, removed)."""
    folder, source, lib = tmp_path / "videos", tmp_path / "share", tmp_path / "lib"
    for i, colour in enumerate(["red", "blue", "green"]):
        write_video(folder / f"{colour}.mp4", [Segment(2, colour)], seed=i + 1)
    write_video(source / "white.mp4", [Segment(2, "white")], seed=9)
    mounts.bind(source, folder / "nas")
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
    embedded = encoder.embedded
    mounts.unmount(folder / "nas")
    capsys.readouterr()
    assert main(["index", "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert "0 removed" in err and f"offline: {folder / 'nas'}" in err, err
    with VideoLibrary(lib) as library:
        white = next(v for v in library.video_table.all() if v.path.endswith("white.mp4"))
    assert white.offline and white.status == DONE
    mounts.bind(source, folder / "nas")
    assert main(["index", "--library", str(lib)]) == 0
    assert encoder.embedded == embedded
    with VideoLibrary(lib) as library:
        assert not any(v.offline for v in library.video_table.all())


def test_mountinfo_names_the_mount_points_inside_a_folder():
    from core.mount_points import mounts_in

    info = ("27 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
            "90 27 8:1 /srv/share /home/me/videos/nas\\040box rw - ext4 /dev/sda1 rw\n"
            "91 27 8:1 /srv/other /home/me/videos2/x rw - ext4 /dev/sda1 rw\n"
            "92 27 0:51 / /home/me/videos rw - tmpfs tmpfs rw\n")
    assert mounts_in("/home/me/videos", info) == {"/home/me/videos/nas box"}
    assert mounts_in("/home/me", info) == {"/home/me/videos/nas box", "/home/me/videos2/x", "/home/me/videos"}


def test_two_folders_bound_in_turn_inside_a_library_folder_keep_each_others_videos(tmp_path, capsys, encoder,
                                                                                 mounts):  # noqa: F811
    """Two folders of one file system bound at ~/Videos/nas in turn (two shares, two backups): the
    same device and fsid, so by them the second was the drive recorded there, and the first one's
    videos were taken as deleted from it. Their inodes tell them apart (core.sync_mounts._same)."""
    folder, lib = tmp_path / "videos", tmp_path / "lib"
    first, second = tmp_path / "first", tmp_path / "second"
    for i, colour in enumerate(["red", "blue", "green"]):
        write_video(folder / f"{colour}.mp4", [Segment(2, colour)], seed=i + 1)
    write_video(first / "white.mp4", [Segment(2, "white")], seed=9)
    write_video(second / "black.mp4", [Segment(2, "black")], seed=8)
    mounts.bind(first, folder / "nas")
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
    mounts.unmount(folder / "nas")
    mounts.bind(second, folder / "nas")
    capsys.readouterr()
    assert main(["index", "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert "0 removed" in err, err
    with VideoLibrary(lib) as library:
        by_name = {v.path.rsplit("/", 1)[-1]: v for v in library.video_table.all()}
    assert by_name["white.mp4"].offline and not by_name["black.mp4"].offline, by_name
