"""A camera card (FAT, exFAT) mounted at a subfolder of a library folder, or a folder of it bind-mounted
there: Linux numbers its inodes afresh at each mount (``core.shares.inodes_made_at_mount``), so the
inode recorded with the drive there (``mount_ids``, 67d551a) differs after each remount. Before, the
card read as another drive at each replug (``core.sync_mounts._same``): the videos deleted from it were
kept offline, and its record of drives there grew by one each time. Now its inode is not compared
where its file system does not keep it, as ``core.folder_identity.same_folder`` does for a library
folder; a file system that keeps inodes (ext4: two folders bound there in turn) still tells them apart.
"""

from __future__ import annotations

import pytest

from core import shares
from core.library.records import DONE, VideoRecord
from core.scan import RootIdentity, ScanResult
from core.sync_mounts import mount_record, mounts_away


def _mountinfo(tmp_path, mount: str, fstype: str) -> str:
    f = tmp_path / "mountinfo"
    f.write_text("27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                 f"90 27 8:33 /DCIM {mount.replace(' ', chr(92) + '040')} rw,relatime shared:70 - {fstype} /dev/sdc1 rw\n")
    return str(f)


def _replugged(tmp_path):
    """A library folder with the card at ``card``, recorded with inode 1234; the card back with inode
    5678 and one of its two videos deleted meanwhile."""
    root = tmp_path / "my videos"
    (root / "card").mkdir(parents=True)
    root, card = str(root.resolve()), str((root / "card").resolve())
    drive = {"device": 2081, "fsid": 99, "inode": 1234}
    before = {"device": 2049, "mount_point": False, "fsid": 7, "mounts": ["card"], "mount_ids": {"card": [drive]}}
    known = [VideoRecord(video_id=f"{i:016x}", path=f"{card}/clip{i}.mp4", root=root, size=10 + i, mtime=1.0,
                         content_hash=f"h{i}", status=DONE) for i in range(2)]
    scan = ScanResult(mounts={root: [card]},
                      mount_ids={card: RootIdentity(device=2081, mount_point=True, fsid=99, inode=5678)})
    scan.files[known[0].path] = object()  # (still there: only its path is looked at)
    return root, card, before, known, scan


@pytest.mark.skipif(not shares.sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo's form")
@pytest.mark.parametrize("fstype", ["vfat", "exfat"])
def test_a_card_replugged_at_a_subfolder_is_the_drive_recorded(tmp_path, monkeypatch, fstype):
    root, card, before, known, scan = _replugged(tmp_path)
    monkeypatch.setattr(shares, "MOUNTINFO", _mountinfo(tmp_path, card, fstype))
    kept, away, swapped = mounts_away(known, scan, {root: before}, [root], prune=False)
    assert kept == {} and away == [] and swapped == {}  # (the clip deleted from the card: removed)
    assert len(mount_record(root, before, scan, away, swapped)["mount_ids"]["card"]) == 1


@pytest.mark.skipif(not shares.sys.platform.startswith("linux"), reason="reads /proc/self/mountinfo's form")
def test_another_folder_bound_there_on_a_file_system_keeping_inodes_is_still_another_drive(tmp_path, monkeypatch):
    root, card, before, known, scan = _replugged(tmp_path)
    monkeypatch.setattr(shares, "MOUNTINFO", _mountinfo(tmp_path, card, "ext4"))
    kept, away, swapped = mounts_away(known, scan, {root: before}, [root], prune=False)
    assert list(kept) == [known[1].video_id] and away == [card] and swapped == {card: before["mount_ids"]["card"]}
    assert len(mount_record(root, before, scan, away, swapped)["mount_ids"]["card"]) == 2
