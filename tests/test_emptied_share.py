"""An empty library folder on a network share is held, not emptied (``core.shares``): a NAS whose
disk is unplugged, or a share whose folder the server no longer shows, lists an empty folder on
the same mount of this machine (same device, same fsid), so the recorded drive identity that
tells a folder the user emptied (``core.sync._emptied``, tests/test_emptied_plain_folder.py) says
nothing there. Before, such a folder's videos were all removed with their moments by the re-scan.
"""

from __future__ import annotations

from dataclasses import asdict

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


def _plan(tmp_path):
    root = tmp_path / "nas videos"
    root.mkdir()
    here = root_identity(str(root))
    recs = [VideoRecord(video_id=f"{i:016x}", path=str(root / f"v{i}.mp4"), root=str(root), size=1000 + i,
                        mtime=1.0, content_hash=f"h{i}", status=DONE) for i in range(3)]
    with VideoLibrary(tmp_path / "lib") as lib:
        lib.video_table.merge(recs)
        lib.update_settings(folders=[str(root)], root_ids={str(root): asdict(here)})
        return str(root), plan_sync(lib, [str(root)], ScanResult(identities={str(root): here}))


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
