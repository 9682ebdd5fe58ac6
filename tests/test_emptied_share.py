"""An empty library folder on a network share is held, not emptied (``core.shares``): a NAS whose
disk is unplugged, or a share whose folder the server no longer shows, lists an empty folder on
the same mount of this machine (same device, same fsid), so the recorded drive identity that
tells a folder the user emptied (``core.sync._emptied``, tests/test_emptied_plain_folder.py) says
nothing there. Before, such a folder's videos were all removed with their moments by the re-scan.
"""

from __future__ import annotations

from dataclasses import asdict, replace

import pytest

from core import shares
from core.library import VideoLibrary
from core.library.records import DONE, VideoRecord
from core.scan import ScanResult, root_identity
from core.sync import plan_sync


def _mountinfo(tmp_path, mount: str, fstype: str, source: str):
    f = tmp_path / "mountinfo"
    mount = mount.replace("\\", "\\134").replace(" ", "\\040")
    f.write_text("27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                 f"90 27 0:51 / {mount} rw,relatime shared:70 - {fstype} {source} rw\n")
    return str(f)


def _plan(tmp_path, remounted=False):
    """A folder of 3 indexed videos re-scanned empty; ``remounted``: its inode another than the one
    recorded, as a FAT card's folder after the card was plugged in again."""
    root = tmp_path / "nas videos"
    root.mkdir()
    here = root_identity(str(root))
    now = replace(here, inode=here.inode + 7) if remounted else here
    recs = [VideoRecord(video_id=f"{i:016x}", path=str(root / f"v{i}.mp4"), root=str(root), size=1000 + i,
                        mtime=1.0, content_hash=f"h{i}", status=DONE) for i in range(3)]
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(folders=[str(root)], root_ids={str(root): asdict(here)})
        return str(root), plan_sync(lib, [str(root)], ScanResult(identities={str(root): now}))


@pytest.mark.skipif(not shares.sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo's form")
@pytest.mark.parametrize("fstype,source", [("cifs", "//nas/videos"), ("nfs4", "nas:/export/videos"),
                                           ("fuse.sshfs", "me@nas:/videos")])
def test_an_emptied_folder_on_a_share_is_held(tmp_path, monkeypatch, fstype, source):
    monkeypatch.setattr(shares, "MOUNTINFO", _mountinfo(tmp_path, str(tmp_path.resolve()), fstype, source))
    root, plan = _plan(tmp_path)
    assert plan.deleted == [] and plan.held[root][0] == "empty" and len(plan.offline) == 3


@pytest.mark.skipif(not shares.sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo's form")
@pytest.mark.parametrize("fstype", ["ext4", "fuseblk", "btrfs"])
def test_an_emptied_folder_on_a_local_drive_is_still_emptied(tmp_path, monkeypatch, fstype):
    monkeypatch.setattr(shares, "MOUNTINFO", _mountinfo(tmp_path, str(tmp_path.resolve()), fstype, "/dev/sdb1"))
    root, plan = _plan(tmp_path)
    assert len(plan.deleted) == 3 and not plan.held


def test_mountinfo_the_longest_mount_above_the_folder_tells():
    info = ("27 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
            "90 27 0:51 / /mnt/nas rw - cifs //nas/v rw\n"
            "91 90 8:17 / /mnt/nas/usb rw - ext4 /dev/sdb1 rw\n"
            "92 27 0:52 / /mnt/my\\040share rw - nfs nas:/x rw\n")
    assert shares._linux_type(info, "/mnt/nas/Videos")
    assert shares._linux_type(info, "/mnt/nas")
    assert not shares._linux_type(info, "/mnt/nas/usb/Videos")
    assert not shares._linux_type(info, "/mnt/nasty/Videos")  # (another folder whose name begins alike)
    assert shares._linux_type(info, "/mnt/my share/Videos")
    assert not shares._linux_type(info, "/home/me/Videos")


def test_mount_listing_of_macos():
    listing = ("/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
               "//me@nas._smb._tcp.local/videos on /Volumes/videos (smbfs, nodev, nosuid, mounted by me)\n"
               "/dev/disk4s1 on /Volumes/Camera Card (msdos, local, nodev, nosuid, noowners)\n")
    assert shares._bsd_type(listing, "/Volumes/videos/2024")
    assert not shares._bsd_type(listing, "/Volumes/Camera Card/DCIM")
    assert not shares._bsd_type(listing, "/Users/me/Movies")


@pytest.mark.skipif(not shares.sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo's form")
@pytest.mark.parametrize("fstype", ["vfat", "exfat"])
def test_an_emptied_folder_of_a_camera_card_plugged_in_again_is_emptied(tmp_path, monkeypatch, fstype):
    """Linux's FAT and exFAT number a folder afresh at each mount (iunique), so the inode 0959d73
    records for a bind mount never matched again once the card was plugged in again: a card's
    folder the user emptied was held as an unmounted drive's, and the identity rewritten each run."""
    monkeypatch.setattr(shares, "MOUNTINFO", _mountinfo(tmp_path, str(tmp_path.resolve()), fstype, "/dev/sdc1"))
    root, plan = _plan(tmp_path, remounted=True)
    assert len(plan.deleted) == 3 and not plan.held


@pytest.mark.skipif(not shares.sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo's form")
def test_another_inode_on_a_drive_that_keeps_inodes_is_still_held(tmp_path, monkeypatch):
    monkeypatch.setattr(shares, "MOUNTINFO", _mountinfo(tmp_path, str(tmp_path.resolve()), "ext4", "/dev/sdb1"))
    root, plan = _plan(tmp_path, remounted=True)  # (a bind mount undone: tests/test_emptied_bind_mount.py)
    assert plan.deleted == [] and plan.held[root][0] == "empty"


def test_the_file_system_type_of_a_folder():
    info = ("27 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
            "93 27 8:33 / /media/me/CARD rw - vfat /dev/sdc1 rw\n"
            "94 27 8:49 / /media/me/SD\\040X rw - exfat /dev/sdd1 rw\n")
    assert shares._linux_fstype(info, "/media/me/CARD/DCIM/100CANON") == "vfat"
    assert shares._linux_fstype(info, "/media/me/SD X/DCIM") == "exfat"
    assert shares._linux_fstype(info, "/media/me/CARDS") == "ext4"
    assert shares._linux_fstype("", "/x") == ""


def test_mount_is_run_once_for_the_many_results_of_a_search(tmp_path, monkeypatch):
    """macOS and the BSDs tell a share by ``mount``'s list, a process of its own: a search's results in
    a folder found empty each ask (core.scan.file_gone), and 200 of them ran it 200 times."""
    runs = []

    def mount(args, **kwargs):
        runs.append(args)
        return shares.subprocess.CompletedProcess(args, 0, stdout=(
            "/dev/disk3s1s1 on / (apfs, local, journaled)\n"
            "//me@nas/videos on /Volumes/videos (smbfs, nodev, nosuid, mounted by me)\n"), stderr="")

    monkeypatch.setattr(shares.sys, "platform", "darwin")
    monkeypatch.setattr(shares.subprocess, "run", mount)
    monkeypatch.setattr(shares, "_listed", None, raising=False)
    assert [shares.on_share(f"/Volumes/videos/v{i}") for i in range(200)] == [True] * 200
    assert not shares.on_share(str(tmp_path))
    assert len(runs) == 1
