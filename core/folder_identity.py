"""Whether a library folder found empty is the one its videos were indexed in, emptied by the user,
or what is left where a drive or another folder was mounted (``core.sync``; the window's file
notice, ``core.scan.file_now``).

A folder's identity (``core.scan.RootIdentity``, recorded at its last clean index: library setting
``root_ids``) names its device, whether it was a mount point, its file system id and its inode. An
empty folder is one the user emptied when all of them say the same folder now (``same_folder``).
The inode tells what ``os.path.ismount`` cannot: a bind mount of a folder of the same file system
(``mount --bind``, a container's or a NAS share's folder bound into home, a systemd automount)
shows its source's inode, the bare mount point left after ``umount`` another one, while a folder
the user empties keeps its own. A folder the user deleted and made again has a new inode too: it
is held, the cautious guess (``--prune`` removes its videos). An identity recorded before inodes
were keeps the rule it had (device, mount point, file system id), and so does a file system that
gives no inode (0). The same rule tells videos the user deleted from a folder that still holds
others (``deleted_by_user``): removed however many, where it cannot tell held past the safety valve.
"""

from __future__ import annotations

import os

from .scan import UNREAD_FOLDER, RootIdentity, ScanResult, is_under
from .shares import inodes_made_at_mount, on_share


UNREAD_ENTRY = "cannot read: "  # a walk's problem at an entry it could not stat (``core.scan._walk``: a link
# to a folder on a share that answers EIO or ESTALE, a subfolder on a file system without d_type, a video file)


def not_seen(reason: str) -> bool:
    """Whether a walk's problem (``reason``) says nothing of what the library has at or under its
    path: a folder it could not open or list (``scan.UNREAD_FOLDER``), or an entry it could not stat,
    folder or file (``UNREAD_ENTRY``). Their videos are kept as they are (``core.sync``), and a
    folder holding one is no folder the user emptied (``emptied``)."""
    return reason.startswith((*UNREAD_FOLDER, UNREAD_ENTRY))


def other_drive(now: RootIdentity | None, before) -> bool:
    """Whether a folder's identity now says another drive than the one recorded at its last clean
    index (``before``, library setting ``root_ids``), or no longer a mount point."""
    return now is not None and isinstance(before, dict) and (
        before.get("device") != now.device or bool(before.get("mount_point") and not now.mount_point)
        or bool(before.get("fsid") and now.fsid and before.get("fsid") != now.fsid))


def same_drive_renumbered(now: RootIdentity | None, before, path: str) -> bool:
    """Whether the folder ``path``, on another device number than the one recorded (``before``), is on
    the drive recorded all the same: its file system id (statvfs ``f_fsid``: ext4's and btrfs's from the
    volume's UUID, NTFS's from its serial) known on both sides and the same. USB /dev nodes follow plug
    order, so a drive plugged back after another device comes back as sdc1, not sdb1. Not FAT and
    exFAT (``shares.inodes_made_at_mount``'s file systems), whose id is their device number: nothing of
    their own. Not covered either, the folder taken as copies as before (never a wrong move): macOS, whose
    ``f_fsid`` of a local drive is its device number (disk4s1 plugged back as disk5s1 changes both); a
    FUSE file system (ntfs-3g, exfat-fuse), whose id is 0, not known. Windows needs nothing: no statvfs
    (id 0), but its device number is the volume's serial, which a replug keeps. (The rename rule's,
    ``core.sync_missing``: a folder's nearest parent left there.)"""
    if now is None or not isinstance(before, dict):
        return False
    fsid = before.get("fsid")
    return bool(isinstance(fsid, int) and fsid and now.fsid == fsid) and not inodes_made_at_mount(path)


def same_folder(now: RootIdentity | None, before, root: str | None = None) -> bool:
    """Whether the identity recorded (``before``) and the one read now (``now``) of the folder ``root``
    say the same folder on the same drive: not ``other_drive``, and the same inode where both are
    known, and kept by its file system (FAT and exFAT number a folder afresh at each mount, a camera's
    card: ``shares.inodes_made_at_mount``, asked only where the inodes differ). False where either
    identity is not known."""
    if now is None or not isinstance(before, dict) or other_drive(now, before):
        return False
    inode = before.get("inode")
    return not (isinstance(inode, int) and inode and now.inode and inode != now.inode
                and not (root and inodes_made_at_mount(root)))


def deleted_by_user(root: str, now: RootIdentity | None, before, scan: ScanResult, gone: list[str]) -> bool:
    """Whether the videos ``gone`` (their paths) from the library folder ``root`` were deleted by the
    user, whatever their number (``core.sync``: removed by the re-scan, no safety valve): the folder
    is the one recorded at its last clean index on the same drive and was walked whole (``emptied``'s
    rule, empty or not), and none of them lay behind a link to a folder or on a drive mounted in the
    folder (``ScanResult.links``, ``ScanResult.mounts``, the mounts recorded: a link to a drive's
    mount point left empty once it is unplugged, ``~/Videos/cam`` -> ``/mnt/cam``, lists an empty
    folder of the folder's own drive; a share mounted there lists one when its NAS's disk is gone).
    Else the valve's cautious guess: more than half of the folder's videos gone at once are held."""
    if not emptied(root, now, before, scan):
        return False
    walked = (scan.links.get(root) or {}).get("links", {})
    if walked is None:  # (too many links to record: where they lead is not known)
        return False
    recorded = before.get("mounts") if isinstance(before.get("mounts"), list) else []
    behind = [os.path.normpath(os.path.join(root, rel)) for rel in [*walked, *recorded] if isinstance(rel, str) and rel]
    behind += scan.mounts.get(root, [])  # (the folder itself among them: none of its videos deleted so)
    return not any(is_under(path, b) for path in gone for b in behind)


def emptied(root: str, now: RootIdentity | None, before, scan: ScanResult | None = None) -> bool:
    """Whether an empty library folder is one the user emptied (its videos deleted or moved away):
    ``same_folder``, not on a network share (``core.shares``: a NAS whose disk is gone lists an empty
    folder on the same mount), and its walk (``scan``) read every folder in it (none it could not
    open or list). Else it stays the cautious guess: held, "empty", as an unmounted drive's."""
    if not same_folder(now, before, root) or on_share(root):
        return False
    return scan is None or not any(is_under(p, root) and not_seen(why) for p, why in scan.problems)
