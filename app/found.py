"""Search results as the app holds them, for worker threads (the engine side): ``Found``
(``found_type``), a ``core.search.SearchResult`` that carries what the library recorded of its
file when it was indexed and whether the file at its path was still that one when the search ran
(``annotate``, read by ``app.file_state``), and its picture's shape (the preview's split follows it)."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, fields

from core.file_look import found_at
from core.gone_rule import FolderVideos
from core.scan import file_now
from core.scan_hash import hash_now
from core.video_info import SHOWN_SIZE_SINCE

from .file_state import CHANGED, GONE, OFFLINE


@functools.cache
def found_type(base: type):
    """``Found``: ``base`` (``core.search.SearchResult``, as the searcher returns it: this module
    never imports the search, which the window's start does without) with what the app adds."""

    @dataclass
    class Found(base):
        root: str = ""  # the library folder its file was found under (the one to re-scan)
        indexed: tuple = ()  # (size, mtime) of its file when indexed; () unknown
        # its library folder's identity at its last index (library setting root_ids; None: not known):
        # an empty folder the user emptied is its files gone, not a drive away (core.scan.file_now)
        root_id: dict | None = None
        file_state: str = ""  # app.file_state's GONE / CHANGED as the search found it, '' when fine
        # (width, height) of its video's picture as shown (turned, stretched), as indexed; () unknown
        shape: tuple = ()
        # the library's videos as searched (core.gone_rule.FolderVideos, one for a search's results): a
        # file not there in a folder whose videos are mostly not there is offline, as the re-scan keeps it
        folder_videos: FolderVideos | None = field(default=None, compare=False, repr=False)
        elsewhere: str = ""  # a file gone: where the library has its content in another folder (moved there)

    return Found


def _state(path: str, rec, root_id=None, videos=None) -> str:
    state, st = file_now(path, rec.root, (rec.size, rec.mtime), root_id, videos)  # (GONE, CHANGED, OFFLINE: its words)
    if state != "touched":
        return state
    if not rec.content_hash:
        return CHANGED
    try:  # only its time changed (a copy over it, a sync tool): the same content is the same video (read
        # once per size and time, ``hash_now``: not at every search, each keystroke of a search as you type)
        return "" if hash_now(path, st.st_size, st.st_mtime_ns) == rec.content_hash else CHANGED
    except OSError:
        return ""



def _shape(rec) -> tuple:
    """(width, height) of ``rec``'s picture as shown, as indexed; () where the record does not hold
    it: none recorded, or recorded by a reader before ``SHOWN_SIZE_SINCE`` (as stored, unturned:
    the player's own size is taken, as for a video with none)."""
    if rec.width <= 0 or rec.height <= 0 or rec.reader < SHOWN_SIZE_SINCE:
        return ()
    return (rec.width, rec.height)


def annotate(results, videos, root_ids=None, hung=None) -> list:
    """``results`` as ``Found``s, each with its video's record (``videos``: id → ``VideoRecord``)
    and its library folder's identity (``root_ids``: the library setting, folder → identity); a file
    not there is said as the next re-scan finds it (``core.gone_rule``: ``videos`` counted for its valve),
    one there in its name's other Unicode spelling (``core.paths.respelled``) or renamed in its folder
    (``FolderVideos.moved_to``: its size and content hash, kept there by the re-scan) at that path. A
    result of a folder of ``hung`` (library setting ``hung_folders``: it stopped answering) is offline,
    its file not looked at."""
    out, states, away, every = [], {}, {}, FolderVideos(videos.values(), hung)
    for r in results:
        Found = found_type(type(r))
        rec = videos.get(r.video_id)
        values = {f.name: getattr(r, f.name) for f in fields(r) if f.name in Found.__dataclass_fields__}
        if rec is None:
            out.append(Found(**values))
            continue
        root_id = (root_ids or {}).get(rec.root)
        root_id = root_id if isinstance(root_id, dict) else None
        answers = rec.root not in (hung or ())  # (a folder that stopped answering: not looked at)
        if r.path not in states:
            states[r.path] = "" if r.offline else _state(r.path, rec, root_id, every) if answers else OFFLINE
        state = states[r.path]
        if state in (GONE, OFFLINE) and answers and (there := found_at(r.path, rec.root, rec.size, every)):
            # (renamed: its other Unicode spelling, or another name in its folder, as the re-scan will find it)
            values["path"], state = there, _state(there, rec, root_id, every)
        if state == OFFLINE:  # said as the library will once the folder is indexed again, not as a file gone
            values["offline"], state = True, ""
        shape = _shape(rec) if state != CHANGED else ()  # (a file changed since: the record's is another's)
        if state == GONE and r.path not in away:  # (once a path: a gone video's every moment asks the same)
            away[r.path] = every.elsewhere(r.path) or ""
        out.append(Found(**values, root=rec.root, indexed=(rec.size, rec.mtime), root_id=root_id, file_state=state,
                         shape=shape, folder_videos=every, elsewhere=away.get(r.path, "") if state == GONE else ""))
    return out

