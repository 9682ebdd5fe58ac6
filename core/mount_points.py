"""The mount points inside a library folder, as Linux names them (``/proc/self/mountinfo``), so a
walk (``core.scan``) sees a folder of the same file system bind-mounted there (``mount --bind``, a
NAS share's or a container's folder bound in): on the same device as the folder it is in, it is no
mount point by device, and once unmounted its videos were taken as deleted. Recorded as a drive
mounted in the folder is (``ScanResult.mounts``), its videos are kept offline while it is away
(``core.sync_mounts``). Nothing elsewhere, nor where mountinfo cannot be read: the device rule alone.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator

MOUNTINFO = "/proc/self/mountinfo"


def _unescape(field: str) -> str:
    """A mountinfo path: a space, tab, newline or backslash written as ``\\ooo``."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def read_mountinfo(path: str = MOUNTINFO) -> str:
    """The text of ``path`` (Linux's ``/proc/self/mountinfo``); OSError where it cannot be read."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()


def mount_entries(mountinfo: str) -> Iterator[tuple[str, str | None]]:
    """Each mount listed in ``mountinfo``'s text, in order: its mount point (unescaped) and its file
    system type (None where the line has no `` - `` part); lines too short are left out."""
    for point, fstype, _ in mount_sources(mountinfo):
        yield point, fstype


def mount_sources(mountinfo: str) -> Iterator[tuple[str, str | None, str | None]]:
    """``mount_entries``' mounts with the source each was mounted from (unescaped; None where the line
    says none): an NFS export's ``nas:/videos``, an SMB share's ``//nas/videos`` (``shares.server_of``)."""
    for line in mountinfo.splitlines():
        fields, _, rest = line.partition(" - ")
        fields, after = fields.split(" "), rest.split(" ") if rest else []
        if len(fields) >= 5:
            yield _unescape(fields[4]), (after[0] if after else None), (_unescape(after[1]) if len(after) > 1 else None)


def mounts_in(real_root: str, mountinfo: str | None = None) -> frozenset[str]:
    """The real paths of the mount points under the folder whose real path is ``real_root`` (itself
    left out), as listed, nothing looked at (a share there may not answer); none off Linux or where
    mountinfo cannot be read."""
    if mountinfo is None:
        if not sys.platform.startswith("linux"):
            return frozenset()
        try:
            mountinfo = read_mountinfo()
        except (OSError, ValueError):
            return frozenset()
    prefix = real_root.rstrip("/") + "/"
    return frozenset(p for p, _ in mount_entries(mountinfo) if p.startswith(prefix))


def is_mounted_on(folder: str, points: frozenset[str]) -> bool:
    """Whether ``folder`` (already looked at by the walk) is one of ``points`` (``mounts_in``); its
    real path is asked only where its name is one of theirs."""
    return bool(points) and any(os.path.basename(folder) == os.path.basename(p) for p in points) \
        and os.path.realpath(folder) in points


def mounted_at(folder: str, points) -> str | None:
    """The deepest of ``points`` (mount points, spelled as ``folder`` is) ``folder`` is at or in; None: none
    (``core.scan``'s walk: a share mounted in a library folder that stops answering is that mount point's)."""
    return max((p for p in points if folder == p or folder.startswith(p.rstrip(os.sep) + os.sep)), key=len,
               default=None)
