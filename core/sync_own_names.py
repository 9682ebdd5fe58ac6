"""A video a re-scan takes as moved (or kept by its content and found again) to a file it found through a
link into another library folder that the run does not walk (``A/sub/lib`` a link to ``B/sub``, A
re-scanned alone: ``A/sub/lib/red.mp4``, whose own name is ``B/sub/red.mp4``) goes to the file's own name,
the link's name a copy of it, as a whole re-scan gives it (``scan_links.unlinked_first``): before, the
link's name kept its id, notes and moments, B's own re-scan made its name a copy, and removing the link
later removed the video with its notes."""

from __future__ import annotations

import os
import secrets
from dataclasses import replace
from typing import TYPE_CHECKING

from .library.records import PENDING, VideoRecord
from .scan import FoundFile, is_under
from .scan_links import listed_as, through_link

if TYPE_CHECKING:
    from .sync import SyncPlan


def to_own_names(plan: SyncPlan, by_path: dict, meta, known: list[VideoRecord], offline=None) -> None:
    """``plan``'s moves and videos found again whose file is new at a name through a link and is listed,
    by its own name, by the walk of a library folder that the run does not look at (``_own_name``), that
    name having no row (``by_path``): moved to the own name instead, the link's name a copy of it.
    ``offline``: the plan's offline folders, else read from the records (``meta``, ``known``) where need be."""
    folders = _Folders(meta, known, plan.roots, offline)
    taken: set[str] = set()
    for field_ in ("moved", "revived"):
        pairs = getattr(plan, field_)
        for i, (src, found) in enumerate(pairs):
            if found.path in by_path or not through_link(found.path, found.root):
                continue
            own = _own_name(found, plan.roots, folders)
            if own is None or own.path in by_path or own.path in taken:
                continue
            taken.add(own.path)
            pairs[i] = (src, own)
            link = VideoRecord(video_id=secrets.token_hex(8), path=found.path, root=found.root, size=found.size,
                               mtime=found.mtime, content_hash=src.content_hash)
            if src.status == PENDING:  # (indexed at its own name, its id and notes kept; the link's name new)
                plan.to_index = [replace(r, path=own.path, root=own.root) if r.video_id == src.video_id
                                 and r.path == found.path else r for r in plan.to_index] + [link]
            else:
                plan.copies.append((src, link))


class _Folders:
    """The library folders the run does not look at, with their real paths: as their last walk recorded
    them (setting ``folder_links``), else asked of the disk, never of a folder offline by the records
    (read once, where one has none recorded) nor of one remembered not answering (``hung_folders``)."""

    def __init__(self, meta, known, roots, offline):
        settings = meta.settings
        hung = settings.hung_folders or {}
        self._links = settings.folder_links or {}
        self._meta, self._known, self._offline, self._real = meta, known, offline, None
        self.names = [f for f in settings.folders or [] if isinstance(f, str) and f not in hung
                      and not any(is_under(f, r) for r in roots)]

    def real(self) -> list[tuple[str, str]]:
        if self._real is None:
            self._real = []
            for folder in self.names:
                rec = self._links.get(folder)
                real = rec.get("real") if isinstance(rec, dict) else None
                if not isinstance(real, str):
                    if self._offline is None:
                        from .folder_spelling import offline_folders

                        self._offline = offline_folders(self._meta, self.names, self._known)
                    try:
                        real = None if folder in self._offline else os.path.realpath(folder)
                    except (OSError, ValueError):
                        real = None
                if real:
                    self._real.append((folder, real))
        return self._real


def _own_name(found: FoundFile, roots: list[str], folders: _Folders) -> FoundFile | None:
    """The file ``found`` under the name the walk of the library folder it really lies in (the nearest)
    lists it by, where that folder is none the run looks at; None where there is none, or where that
    name is not the very file (its own stat)."""
    if not folders.names:
        return None
    try:
        real = os.path.realpath(found.path)
        st = os.stat(found.path)
    except (OSError, ValueError):
        return None
    best = None
    for folder, real_root in folders.real():
        rest = listed_as(real, real_root, found.path)
        if rest is not None and (best is None or len(rest) < len(best[2])):
            best = (folder, os.path.join(folder, rest), rest)
    if best is None or any(is_under(best[1], r) for r in roots):
        return None
    try:
        there = os.stat(best[1])
    except (OSError, ValueError):
        return None
    if (there.st_dev, there.st_ino) != (st.st_dev, st.st_ino):
        return None
    return FoundFile(path=best[1], root=best[0], size=found.size, mtime=found.mtime)
