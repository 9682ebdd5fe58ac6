"""Whether a library's video whose file is not there now is *gone*, as the next re-scan finds it (it
removes the video), or *offline*, as the re-scan keeps it (marked offline: its drive or folder
away, or too many of its folder's videos gone at once to be sure): the re-scan's own rule
(``core.sync._hold_reason``, ``folder_identity.deleted_by_user``, ``sync_mounts``, the links it
keeps) asked of one file, so that the window's words and ``seekframe search``'s say what the
re-scan will do (``core.scan.file_gone``, ``file_now``).

In that order: a link to a file whose target is not there, a file behind a link to a folder that
leads nowhere or to an empty folder, or on a drive recorded mounted in the folder and away now, is
offline; a file the user deleted by the folder's recorded identity (the same folder on the same
drive, no share, the file behind no link nor drive mounted there) is gone, however many went; else
the folder found empty is offline, so is a folder on another drive, and so are the files of a
folder whose videos are more than half (or more than ``core.sync.VALVE_MAX``) not there, the
safety valve (a share, an older library without a recorded identity). The valve's count needs the
library's videos of the folder (``FolderVideos``); where it is not given, a file of a folder with
something in it is gone, the rule before the count. A folder none of whose videos is there, nor any other video seen
beside them, is taken as found empty (the re-scan holds it): held too.
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict

from .scan import is_under, root_identity
from .scan_links import behind_link_away

COUNTED_S = 2.0  # how long a folder's count of videos not there is used again (each result of a search asks)


class FolderVideos:
    """The library's videos' paths by library folder (``records``: ``VideoRecord``s, read on first
    ask: a library's view), and how many of a folder's are not there now, counted by listing each
    folder they are in once, and used again for ``COUNTED_S``. Safe to share between threads."""

    def __init__(self, records):
        self._records, self._by_root, self._counted = records, {}, {}
        self._lock = threading.Lock()

    def of(self, root: str) -> list[str]:
        with self._lock:
            if root not in self._by_root:
                self._by_root[root] = [v.path for v in self._records if is_under(v.path, root)]
            return self._by_root[root]

    def held(self, root: str, recorded=None) -> bool:
        """Whether the re-scan keeps ``root``'s videos not there now (``core.sync._hold_reason``): none
        of its videos there nor any other file named as a video in their folders (the folder found
        empty), or more than half of them (or more than ``VALVE_MAX``) not there, the safety valve;
        those it keeps for a link or a drive away left out (``recorded``: the folder's identity, its
        drives)."""
        with self._lock:
            at, answer = self._counted.get(root, (None, False))
        if at is not None and time.monotonic() - at < COUNTED_S:
            return answer
        from .sync import VALVE_MAX  # (imported where a folder is counted: it imports numpy)

        paths = self.of(root)
        limit = min(len(paths) / 2, VALVE_MAX)  # (more than this not there: held)
        gone, seen = _count(paths, root, recorded, int(limit) + 1)
        answer = bool(paths) and (gone > limit or not seen)
        with self._lock:
            self._counted[root] = (time.monotonic(), answer)
        return answer


def _count(paths: list[str], root: str, recorded, enough: int) -> tuple[int, bool]:
    """How many of ``paths`` are not in their folder's listing (a folder not there: all of its), up to
    ``enough``, and whether a video was seen there (one of them, or another file named as a video).
    A folder that cannot be listed otherwise says nothing of its files (the re-scan keeps them as
    they are), nor does one behind a link away or on a drive away (kept offline, not counted by
    the valve): none counted, none seen."""
    from .scan import is_video_name

    by_folder = defaultdict(list)
    for p in paths:
        by_folder[os.path.dirname(p)].append(os.path.basename(p))
    n, seen = 0, False
    for folder, names in by_folder.items():
        probe = os.path.join(folder, names[0])
        if behind_link_away(probe, root) or _mounted_drive(probe, root, recorded) == "away":
            continue
        try:
            listed = set(os.listdir(folder))
        except (FileNotFoundError, NotADirectoryError):
            listed = set()
        except (OSError, ValueError):
            continue
        missing = sum(name not in listed for name in names)
        n += missing
        seen = seen or missing < len(names) or any(
            is_video_name(x) and not x.startswith(".") for x in listed.difference(names))
        if n >= enough:
            break
    return n, seen


def removes(path: str, root: str | None, recorded=None, videos: FolderVideos | None = None) -> bool:
    """Whether the next re-scan removes the library's video at ``path``, which is not there now (gone),
    rather than keeping it offline. ``root``: its library folder (None: the file's own folder, which
    must hold something); ``recorded``: the folder's identity at its last index (library setting
    ``root_ids``); ``videos``: the library's videos, for the safety valve's count."""
    if os.path.islink(path):  # (a link to a video on a drive unplugged: the re-scan keeps it, core.sync)
        return False
    if not root:
        return _holds(os.path.dirname(path) or os.curdir)
    if behind_link_away(path, root):
        return False
    mounted = _mounted_drive(path, root, recorded)
    if mounted == "away":
        return False
    now = root_identity(root)
    if now is None:
        return False
    from .folder_identity import emptied, other_drive  # (it reads core.scan's identities)

    if not mounted and emptied(root, now, recorded) and not _behind_link(path, root):
        return True  # (deleted by the user: folder_identity.deleted_by_user)
    if not _holds(root) or other_drive(now, recorded):
        return False  # (the folder empty, or on another drive: an unplugged drive's mount point)
    return videos is None or not videos.held(root, recorded)


def _holds(folder: str) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is not None
    except (OSError, ValueError):
        return False


def _behind_link(path: str, root: str) -> bool:
    """Whether a folder on ``path``'s way from ``root`` is a link (``deleted_by_user``: a link may
    lead to a drive's mount point, left an empty folder of the computer's disk once unplugged)."""
    folder = os.path.dirname(path)
    while folder != root and is_under(folder, root):
        if os.path.islink(folder):
            return True
        folder = os.path.dirname(folder)
    return False


def _mounted_drive(path: str, root: str, recorded) -> str:
    """"" where ``path`` is on no drive recorded mounted in ``root`` (``recorded``'s ``mounts``);
    else "away" where that drive is not mounted there now (the folder missing, or on its parent's
    device), or another drive is (``sync_mounts.mounts_away``: kept offline), and "there" where it is."""
    from .sync_mounts import _drives, _recorded, _same

    mounts, ids = _recorded(recorded)
    for rel in sorted((m for m in mounts if isinstance(m, str) and m), key=len, reverse=True):
        folder = os.path.normpath(os.path.join(root, rel))
        if folder == root or not is_under(path, folder):
            continue
        try:
            here, parent = os.stat(folder), os.stat(os.path.dirname(folder))
        except (OSError, ValueError):
            return "away"
        if here.st_dev == parent.st_dev and not os.path.ismount(folder):
            return "away"
        now = root_identity(folder)
        drives = _drives(ids.get(rel))
        return "there" if now is not None and all(_same(d, now, folder) for d in drives) else "away"
    return ""
