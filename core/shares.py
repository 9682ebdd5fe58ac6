"""What the file system under a library folder says of it: a network share or another file system
whose listing says nothing of a drive (NFS, SMB, sshfs, a cloud drive through FUSE: ``on_share``),
or one whose inode numbers are made at each mount (FAT, exFAT: ``inodes_made_at_mount``).

A library folder found empty on the drive recorded at its last index was emptied by the user
(``core.folder_identity.emptied``), but a share keeps its mount on this machine whatever is behind it: a NAS
whose disk is unplugged, a share whose folder the server no longer shows, a cloud mount that lost
its cache list an empty folder on the same device. There an empty folder stays the cautious guess
(held, offline), as it was before drive identities were recorded.

Looked at only for a library folder found empty with videos gone, or whose inode is not the one
recorded: Linux by
``/proc/self/mountinfo`` (the longest mount point above the folder's real path), Windows by its
UNC path or ``GetDriveTypeW``, macOS and the BSDs by ``mount``'s list.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from .mount_points import MOUNTINFO, mount_entries, read_mountinfo
from .scan import is_under

# network file systems; FUSE ones too ("fuse.sshfs", "fuse.rclone"), but not "fuseblk" (NTFS, exFAT drives)
NETWORK = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "9p", "afs", "ceph", "glusterfs",
                     "lustre", "davfs", "webdav", "afpfs", "sshfs", "fuse", "gpfs", "beegfs", "orangefs"})
# file systems whose inode numbers are made at mount (Linux: iunique), not kept on the disk
MADE_AT_MOUNT = frozenset({"vfat", "msdos", "exfat", "umsdos", "fat"})
# FUSE file systems that mount one server (one remote, one bucket, one volume) each; any other FUSE type may put
# many servers under one mount point (GNOME's "fuse.gvfsd-fuse" at /run/user/UID/gvfs, KDE's kio-fuse): no share
ONE_SERVER_FUSE = frozenset({"sshfs", "rclone", "s3fs", "gcsfuse", "goofys", "curlftpfs", "glusterfs",
                             "ceph-fuse", "cephfs"})


def network_type(fstype: str) -> bool:
    """Whether a file system type (as ``mountinfo`` or ``mount`` name it) is a share's."""
    fstype = fstype.lower()
    return fstype in NETWORK or fstype.startswith("fuse.") or fstype.split(".")[0] in NETWORK


def on_share(path: str) -> bool:
    """Whether ``path`` lies on a network share (or a FUSE file system); False where not known."""
    try:
        real = os.path.realpath(path)
        if sys.platform == "win32":
            return _windows_remote(real)
        if sys.platform.startswith("linux"):
            return _linux_type(read_mountinfo(MOUNTINFO), real)
        return _bsd_type(_mount_list(), real)
    except (OSError, ValueError, subprocess.SubprocessError):
        return False


LISTED_S = 5.0  # (how long ``mount``'s list is used again)
_listed: tuple[float, str] | None = None


def _mount_list() -> str:
    """``mount``'s list (macOS, the BSDs), run once in ``LISTED_S``: a search's results in a folder
    found empty each ask (``core.scan.file_gone`` through ``folder_identity.emptied``): a process
    each, as many as the search had such results."""
    global _listed
    now = time.monotonic()
    if _listed is None or not 0 <= now - _listed[0] < LISTED_S:
        _listed = (now, subprocess.run(["mount"], capture_output=True, text=True, timeout=10).stdout)
    return _listed[1]


def inodes_made_at_mount(path: str) -> bool:
    """Whether the file system ``path`` lies on numbers its files afresh at each mount (Linux's FAT and
    exFAT, a camera's card: a folder's inode is another after the card is plugged in again, or even
    once the kernel let the folder go from its cache), so an inode recorded there tells nothing of the
    folder (``core.folder_identity.same_folder``). False where not known, and off Linux."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return _linux_fstype(read_mountinfo(MOUNTINFO), os.path.realpath(path)) in MADE_AT_MOUNT
    except (OSError, ValueError):
        return False


def one_server_type(fstype: str) -> bool:
    """Whether a file system of type ``fstype`` is one server's share (NFS, SMB, 9p, ``fuse.sshfs``,
    ``fuse.rclone`` ...), not a FUSE daemon's that lists many servers under one mount point
    (``fuse.gvfsd-fuse``, kio-fuse, a bare ``fuse``: one hung server there says nothing of the others)."""
    fstype = fstype.lower()
    if fstype.startswith("fuse"):  # (fuse, fuseblk: a drive's, fuse.<daemon>)
        return fstype.partition(".")[2] in ONE_SERVER_FUSE and fstype.startswith("fuse.")
    return network_type(fstype)


def share_mount(real_path: str, mounts) -> str | None:
    """The mount point of the network file system of one server (``one_server_type``) the real path
    ``real_path`` lies on, by ``mounts`` alone (``mount_points.mount_entries`` of mountinfo's text: nothing
    looked at, the share may not answer); None where that file system is another (a disk, tmpfs, a bind
    mount's, a FUSE mount of many servers), its mount point ``/``, or no mount is listed above it."""
    found = share_of(real_path, mounts)
    return found[0] if found is not None else None


def share_of(real_path: str, mounts) -> tuple[str, str | None] | None:
    """``share_mount``'s mount point and the server it is mounted from (``server_of``, where ``mounts`` are
    ``mount_points.mount_sources``' and its source names one; None otherwise); None: no share."""
    best, found = -1, None
    for mount, fstype, *source in mounts:
        if fstype is not None and is_under(real_path, mount) and len(mount) >= best:  # (a later mount hides)
            best, found = len(mount), ((mount, server_of(fstype, source[0] if source else None))
                                       if mount != "/" and one_server_type(fstype) else None)
    return found


def leads_to(path: str, readlink, stop, known: str = os.sep) -> str | None:
    """Where the absolute path ``path`` leads through links, its own and its folders', read one part after another
    below the link-free folder ``known`` by the links' text alone (``readlink(at)``: "" for no link, None for no
    answer; ``link_text``), up to ``HOPS`` links: the path as spelled at the first part ``stop`` holds of, unread
    (a part on a share that may not answer, a path the caller knows), or at a whole path a link led to that it
    holds of; else the path with no link left in it. None where a ``readlink`` did not answer or links loop.
    One rule for ``clirefs`` (a typed path) and ``scan_stalls.Over`` (a link's share)."""
    done, rest, hops = known, [p for p in os.path.relpath(os.path.normpath(path), known).split(os.sep) if p != "."], 0
    while rest:
        at = os.path.join(done, rest[0])
        if stop(at):
            return os.path.join(at, *rest[1:])
        read = readlink(at)
        if read is None or read and hops >= HOPS:  # (no answer, or a loop of links)
            return None
        rest.pop(0)
        if not read:  # (no link: ``done`` holds none)
            done = at
            continue
        hops += 1
        rest, done = [p for p in os.path.normpath(os.path.join(done, read)).split(os.sep) if p] + rest, os.sep
        if stop(there := os.path.join(os.sep, *rest)):
            return there
    return done


def link_text(at: str, timeout_s: float | None = None) -> str | None:
    """``at``'s link text for ``leads_to``: "" where it is no link (or not there); where ``timeout_s`` is given, read
    as one ``bounded_meta`` call of its own waiting that long at most: None where it did not answer."""
    from .bounded_meta import answer

    def read() -> str:
        try:
            return os.readlink(at)
        except (OSError, ValueError):
            return ""

    return read() if timeout_s is None else answer(at + "\0readlink", read, timeout_s=timeout_s)


def mount_table() -> list:
    """``mount_points.mount_sources`` of the system's mount table (``share_of``'s ``mounts``); none off Linux or
    where it cannot be read."""
    from .mount_points import mount_sources, read_mountinfo  # (at call time: a test's table)

    if not sys.platform.startswith("linux"):
        return []
    try:
        return list(mount_sources(read_mountinfo()))
    except (OSError, ValueError):
        return []


HOPS = 40  # (links ``leads_to`` follows from a path to find its share: as many as the system follows)


SERVER_NAMED = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs"})  # (their sources name a server)


def server_of(fstype: str, source: str | None) -> str | None:
    """The server a mount of type ``fstype`` from ``source`` (mountinfo's mount source) is of, where both tell
    one: NFS's ``nas:/videos`` (``[fe80::1]:/v``), SMB's ``//nas/videos``, sshfs's ``me@nas:/v``, lower-cased;
    None for any other type (an rclone remote, 9p, a FUSE daemon of many servers) or source."""
    kind = fstype.lower()
    if not source or kind not in SERVER_NAMED:
        return None
    if kind in ("cifs", "smb3", "smbfs"):
        host = source[2:].split("/")[0] if source.startswith("//") else ""
    elif source.startswith("[") and "]:" in source:  # (an IPv6 address)
        host = source[1:source.index("]:")]
    else:
        host, colon, _ = source.partition(":")
        host = host.rpartition("@")[2] if colon else ""
    return host.lower() or None


def _linux_type(mountinfo: str, path: str) -> bool:
    return network_type(_linux_fstype(mountinfo, path))


def _linux_fstype(mountinfo: str, path: str) -> str:
    """The type of the file system ``path`` lies on, by the longest mount point above it ("": none)."""
    best, found = -1, ""
    for mount, fstype in mount_entries(mountinfo):
        # (a later mount over the same point hides the earlier)
        if fstype is not None and is_under(path, mount) and len(mount) >= best:
            best, found = len(mount), fstype
    return found


def _bsd_type(listing: str, path: str) -> bool:
    """``mount``'s lines: "//user@nas/share on /Volumes/share (smbfs, nodev, ...)"."""
    best, remote = -1, False
    for line in listing.splitlines():
        head, sep, kinds = line.rpartition(" (")
        _, on, mount = head.partition(" on ")
        if not (sep and on):
            continue
        if is_under(path, mount) and len(mount) >= best:
            best, remote = len(mount), network_type(kinds.split(",")[0].strip(" )"))
    return remote


def _windows_remote(path: str) -> bool:
    if path.startswith("\\\\"):  # (\\server\share, or \\?\UNC\server\share)
        return not path.startswith("\\\\?\\") or path[4:].upper().startswith("UNC\\")
    import ctypes

    drive = os.path.splitdrive(path)[0]
    return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE
