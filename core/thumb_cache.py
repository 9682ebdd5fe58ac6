"""The thumbnail cache's bound on disk: ``<cache>/thumbs`` kept under ``MAX_BYTES``.

Every thumbnail ever shown was kept for good: a window open all day over a large library, a file
changed in place (its thumbnails are made again under a new key), a video deleted, each left its
JPEGs behind. Now the folder is looked at on the first thumbnail a process makes and every
``CHECK_EVERY`` after it; over ``MAX_BYTES`` the thumbnails shown longest ago are removed down to
``TRIM_TO`` of it (by mtime: a thumbnail found in the cache has its mtime set to now once it is
older than ``TOUCH_AFTER_S``). One used in the last ``KEEP_RECENT_S`` is never removed (another
thread or process may be reading it), and the temporary files of writes cut short by a kill
(``.NAME.part``) go once they are that old.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

MAX_BYTES = 256 * 1024 * 1024
TRIM_TO = 0.8
CHECK_EVERY = 200  # thumbnails made between two looks at the folder
KEEP_RECENT_S = 3600.0
TOUCH_AFTER_S = KEEP_RECENT_S / 2  # (so a thumbnail in use is always recent)

_lock = threading.Lock()
_made: dict[str, int] = {}  # thumbnails this process made, by folder


def used(path: Path) -> bool:
    """Whether ``path`` is in the cache (a file), with one stat: found, it counts as shown now (its
    mtime, at most every half hour). False when it is not, or gone meanwhile (a trim in another
    thread or process took it as it was found: it is made again), True otherwise, a touch refused
    too (a read-only cache still serves)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):  # (as Path.is_file: not there, or not to be looked at)
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    try:
        if time.time() - st.st_mtime > TOUCH_AFTER_S:
            os.utime(path)  # (from here on a trim leaves it: recent)
    except FileNotFoundError:
        return False
    except OSError:
        pass
    return True


def made(folder: Path) -> int:
    """A thumbnail was written in ``folder``: the folder trimmed when it is time to look
    (``trim``). Returns how many files were removed."""
    key = str(folder)
    with _lock:
        n = _made[key] = _made.get(key, 0) + 1
    return trim(folder) if n % CHECK_EVERY == 1 else 0


def trim(folder: Path, max_bytes: int | None = None) -> int:
    """Remove the thumbnails shown longest ago until ``folder`` holds at most ``TRIM_TO`` of
    ``max_bytes`` (nothing while it holds at most ``max_bytes``), and any write cut short long
    ago. Returns how many files were removed; never raises."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    now = time.time()
    files, total, removed = [], 0, 0
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if entry.name.endswith(".part"):  # (a write cut short; one under way is recent)
                    if now - st.st_mtime > KEEP_RECENT_S:
                        removed += _remove(entry.path)
                    continue
                if entry.name.endswith(".jpg"):
                    files.append((st.st_mtime, st.st_size, entry.path))
                    total += st.st_size
    except OSError:
        return removed
    if total <= limit:
        return removed
    goal = int(limit * TRIM_TO)
    for mtime, size, path in sorted(files):
        if total <= goal or now - mtime <= KEEP_RECENT_S:
            break
        if _remove(path):
            removed += 1
            total -= size
    return removed


def _remove(path: str) -> int:
    try:
        os.unlink(path)
        return 1
    except OSError:
        return 0
