"""Whether the file a run read is still the one its scan found (``core.pass_book``, the indexer's and a
Ray cluster's twins): gone, changed since, or replaced (its content hash then not the scan's)."""

from __future__ import annotations

import os

from .library.records import VideoRecord
from .scan import content_hash, same_file


def went_away(rec: VideoRecord) -> str:
    """Why the file of ``rec``, which could not be read, is no longer the one the scan found:
    gone, its folder unreadable (a drive unplugged, a share dropped) or changed since (a copy
    still being written); "" when it is. Such a failure says nothing of the video: nothing is
    recorded for it, and the next run finds it again as it is then."""
    try:
        st = os.stat(rec.path)
    except OSError as exc:
        return f"it could no longer be found ({exc.strerror or exc})"
    return "" if same_file((rec.size, rec.mtime), st.st_size, st.st_mtime) else "it changed while it was read"


def hash_as_read(rec: VideoRecord) -> str:
    """The content hash to record for ``rec``, whose file was just read: the scan's while the file
    at its path is the one the scan found (or is gone: nothing says otherwise), else "" (replaced:
    a new take saved over it, two names swapped; or grown, a copy still being written), as its
    moments may be another content's. Recorded with the scan's, the next run would take a file
    found elsewhere with that content (the old take moved aside) for this video moved there, with
    these moments for good. Its size and time stay the scan's, so the next run reads it again."""
    try:
        st = os.stat(rec.path)
    except OSError:
        return rec.content_hash
    if same_file((rec.size, rec.mtime), st.st_size, st.st_mtime):
        return rec.content_hash
    try:  # (only touched: the same content)
        same = st.st_size == rec.size and content_hash(rec.path, st.st_size) == rec.content_hash
    except OSError:
        same = False
    return rec.content_hash if same else ""
