"""One reading of Linux's ``/proc/self/mountinfo`` (``core.mount_points.mount_entries``) serves both the
walk's mount points inside a library folder (``mounts_in``) and the file system a folder lies on
(``core.shares``: a share, a FAT card): before, each module parsed it on its own, and a fix to one
(an escaped name, a line of another form) could miss the other."""

from __future__ import annotations

from core import mount_points, shares
from core.mount_points import mount_entries, mount_sources, mounts_in

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


def test_each_mount_s_source_is_read_and_names_its_server_where_its_type_tells_one():
    """Two NFS exports of one NAS, and its SMB share, are one server's (``scan_stalls.Over``: one share, one bound);
    the source is read as listed, escapes unescaped."""
    assert [source for _, _, source in mount_sources(INFO)] == ["/dev/sda1", "//nas/v", "/dev/sdc1", None,
                                                                 "/dev/sdd1"]
    assert list(mount_sources("1 2 0:3 / /m rw - nfs4 nas:/my\\040videos rw\n")) == [("/m", "nfs4", "nas:/my videos")]
    named = {("nfs4", "nas:/a"): "nas", ("nfs", "NAS.local:/b"): "nas.local", ("nfs4", "[fe80::1]:/v"): "fe80::1",
             ("cifs", "//nas/videos"): "nas", ("smb3", "//NAS/b"): "nas", ("fuse.sshfs", "me@nas:/v"): "nas",
             ("fuse.sshfs", "nas:"): "nas", ("fuse.rclone", "gdrive:"): None, ("9p", "host:/x"): None,
             ("fuse.gvfsd-fuse", "gvfsd-fuse"): None, ("nfs4", "nas"): None, ("cifs", "nas/v"): None,
             ("ext4", "/dev/sda1"): None, ("nfs4", None): None}
    assert {k: shares.server_of(*k) for k in named} == named
