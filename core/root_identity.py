"""What identifies a library folder on disk (``RootIdentity``, ``root_identity``): its device, whether it is a
mount point, its file system's id and its inode, recorded by a walk (``core.scan``) so that a later run tells an
unmounted drive's leftover empty directory, or another drive at its place, from a folder whose videos were deleted
(``core.sync``, ``core.folder_identity``). Imported from ``core.scan`` too."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class RootIdentity:
    device: int  # st_dev of the folder
    mount_point: bool  # os.path.ismount: the folder is where a filesystem is mounted
    # statvfs f_fsid (0: not known): another drive can get a freed device id (the same /dev
    # node, a tmpfs's anonymous device), but ext4, btrfs and tmpfs give each filesystem its own
    fsid: int = 0
    # st_ino (0: not known): a bind mount of a folder of the same file system shows its source's, the
    # bare mount point left after it is unmounted its own; a folder the user empties keeps it
    # (``core.folder_identity``)
    inode: int = 0


def root_identity(root: str, st: os.stat_result | None = None) -> RootIdentity | None:
    """What identifies a library folder on disk now, or None when it cannot be read; ``st``: its
    ``os.stat`` made just before (a scan's: one round trip less a folder on a slow share)."""
    try:
        st = os.stat(root) if st is None else st
    except OSError:
        return None
    try:
        fsid = int(os.statvfs(root).f_fsid)
    except (OSError, AttributeError):  # (no statvfs on Windows)
        fsid = 0
    return RootIdentity(device=int(st.st_dev), mount_point=os.path.ismount(root), fsid=fsid, inode=int(st.st_ino))
