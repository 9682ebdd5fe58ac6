"""One reading of Linux's ``/proc/self/mountinfo`` (``core.mount_points.mount_entries``) serves both the
walk's mount points inside a library folder (``mounts_in``) and the file system a folder lies on
(``core.shares``: a share, a FAT card): before, each module parsed it on its own, and a fix to one
(an escaped name, a line of another form) could miss the other."""

from __future__ import annotations

from core import mount_points, shares
from core.mount_points import mount_entries, mounts_in

INFO = ("27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        "90 27 0:51 / /home/me/videos/nas\\040box rw,relatime shared:70 - cifs //nas/v rw\n"
        "91 27 8:33 / /home/me/videos/card\\134x rw - vfat /dev/sdc1 rw\n"
        "92 27 8:34 / /home/me/videos/odd rw\n"  # (no " - " part: a mount point, no type)
        "short line\n"
        "93 27 8:35 / /home/me/videos/nas\\040box rw - exfat /dev/sdd1 rw\n")  # (mounted over the first)


def test_one_parser_lists_each_mount_with_its_type():
    assert list(mount_entries(INFO)) == [("/", "ext4"), ("/home/me/videos/nas box", "cifs"),
                                         ("/home/me/videos/card\\x", "vfat"), ("/home/me/videos/odd", None),
                                         ("/home/me/videos/nas box", "exfat")]
    assert list(mount_entries("")) == []


def test_mount_points_and_shares_read_it_alike():
    assert shares.mount_entries is mount_points.mount_entries and shares.read_mountinfo is mount_points.read_mountinfo
    assert mounts_in("/home/me/videos", INFO) == {"/home/me/videos/nas box", "/home/me/videos/card\\x",
                                                  "/home/me/videos/odd"}
    assert shares._linux_fstype(INFO, "/home/me/videos/nas box/a") == "exfat"  # (the later mount hides the earlier)
    assert shares._linux_fstype(INFO, "/home/me/videos/card\\x") == "vfat"
    assert shares._linux_fstype(INFO, "/home/me/videos/odd/b") == "ext4"  # (no type said there: the one above)
