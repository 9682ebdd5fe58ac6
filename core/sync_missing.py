"""A library folder renamed (A to B, and B indexed): the videos of the library's folders missing now
that a run did not walk, by their content, so that a new file of that content is that video moved
(``core.sync.plan_sync``), its vectors, notes and captions kept."""

from __future__ import annotations

import os

from .folder_spelling import offline_folders
from .library.records import DONE, VideoRecord
from .scan import is_under


class MissingFolders:
    """The indexed videos of library folders that are missing now and were not scanned (a folder
    renamed, A to B, and B indexed), by (content hash, size): a new file found with the content of
    one is that video moved, keeping its vectors, notes and captions. Read on first use only. A
    folder offline by the library's records (``folder_spelling.offline_folders``: a share that does
    not answer would hang the run) is never looked at: missing when its last index found it so."""

    def __init__(self, known: list[VideoRecord], roots: list[str], meta=None, offline=None):
        self._known, self._roots, self._meta, self._by_hash = known, roots, meta, None
        self._offline = offline  # (the run's: the library folders outside ``roots`` offline, read once)

    def take(self, key: tuple[str, int]) -> VideoRecord | None:
        if self._by_hash is None:
            self._by_hash, there = {}, {}
            if self._meta is not None:
                held, others = self._meta.settings.held_roots or {}, self._meta.settings.folders or []
                others = [f for f in others if isinstance(f, str) and not any(is_under(f, r) for r in self._roots)]
                offline = self._offline if self._offline is not None else offline_folders(self._meta, others, self._known)
                there = {f: held.get(f) != "missing" for f in offline if f in others}
            for v in self._known:
                if v.status != DONE or v.quick or not v.content_hash or any(is_under(v.path, r) for r in self._roots):
                    continue
                if v.root not in there:
                    there[v.root] = os.path.lexists(v.root)
                if not there[v.root]:
                    self._by_hash.setdefault((v.content_hash, v.size), []).append(v)
        found = self._by_hash.get(key)
        return found.pop() if found else None
