"""Whether a library's file is there now, gone (the next re-scan removes its video) or offline (kept),
asked of one search result (``seekframe search``/``similar``, the window's cards): ``file_gone`` and
``file_now``, imported from ``core.scan`` as ever. Each look is one ``core.bounded_meta`` call of the
file's folder, a look in its library folder (``_bounded``), bounded by ``scan_stalls.PROBE_S``: on a network share that stopped answering the file's
own ``stat`` (or its folder's identity, a ``statvfs``) waited for ever and the search with it; now the
result is said offline, one stuck call a folder at most.
"""

from __future__ import annotations

import os

from . import bounded_meta, scan_stalls


def file_gone(path: str, root: str | None = None, recorded=None, videos=None) -> bool:
    """Whether a library's file is gone from where it was indexed, as the next re-scan finds it: nothing
    at ``path``, and the re-scan would remove its video (``core.gone_rule.removes``: its library folder
    ``root``, else the file's own folder, there with something in it, or emptied by the user by its
    identity ``recorded`` at its last index, library setting ``root_ids``; not behind a link or on a
    drive away; not past the safety valve by the library's videos ``videos``, a
    ``gone_rule.FolderVideos``). Else it is offline, as the next index keeps it (``core.sync``). One
    ``stat`` while the file is there; bounded (``_bounded``: a share that does not answer is offline)."""
    return _bounded(path, root, False, _file_gone, path, root, recorded, videos)


def _bounded(path: str, root: str | None, offline, fn, *args):
    """``fn(*args)``, a look at ``path`` of the library folder ``root`` (None: the file's folder), made
    as one ``bounded_meta`` call bounded by ``scan_stalls.PROBE_S`` (a search waits no re-scan's bound;
    one stuck call a folder): ``offline`` where it does not answer, as its re-scan keeps it; at once while a
    look of ``root``, or at a file typed in a folder in it, is stuck (``similar``'s look at the clip it was
    given, in a sub-folder: one stuck look, ``PROBE_S`` waited once; not an index run's header read of one
    video, ``bounded_meta.stuck_in``). Keyed by the file's own folder, as a look at a file in ``root``
    (``typed``): a look stuck behind a link in a local library folder (into a share that stopped answering)
    never stops its re-scan's look at the folder itself, where the window's later re-scans took it offline
    whole, the link never reached to be passed over (``core.scan_stalls.links_not_answering``)."""
    if root and bounded_meta.stuck_in(root):
        return offline
    try:
        return bounded_meta.call(os.path.dirname(path), fn, *args,
                                 timeout_s=scan_stalls.PROBE_S, typed=bool(root))
    except TimeoutError:
        return offline


def there(path: str, root: str | None = None) -> bool:
    """Whether something is at ``path`` (``os.path.exists``), bounded (``_bounded``): a file on a share
    that does not answer is not there."""
    return _bounded(path, root, False, os.path.exists, path)


def _file_gone(path: str, root: str | None, recorded, videos) -> bool:
    try:
        os.stat(path)
        return False
    except (FileNotFoundError, NotADirectoryError):
        pass
    except (OSError, ValueError):  # (there, but unreadable: not gone)
        return False
    return _removes(path, root, recorded, videos)


def _removes(path: str, root: str | None, recorded=None, videos=None) -> bool:
    from .gone_rule import removes  # (it reads this module's identities)

    return removes(path, root, recorded, videos)


def file_now(path: str, root: str | None, indexed, recorded=None, videos=None) -> tuple[str, os.stat_result | None]:
    """What is at ``path`` now, against the file indexed there (``indexed``: its (size, mtime);
    None: not known), and its ``stat``: "gone" (``file_gone``: nothing there, its library folder
    ``root`` there), "offline" (nothing there, nor its folder: its drive unplugged), "changed"
    (another size), "touched" (another modification time only: whether the content is the same
    is its hash's to say), or "" (the file indexed, unreadable, or nothing to compare with). One
    ``stat`` while the file is there; ``recorded``, ``videos``: the folder's identity and the library's
    videos (``file_gone``). The library's rule (``same_file``) for the app's results. Bounded (``_bounded``)."""
    return _bounded(path, root, ("offline", None), _file_now, path, root, indexed, recorded, videos)


def _file_now(path: str, root: str | None, indexed, recorded, videos) -> tuple[str, os.stat_result | None]:
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return ("gone" if _removes(path, root, recorded, videos) else "offline"), None
    except (OSError, ValueError):  # (there, but unreadable: the reader says why)
        return "", None
    if not indexed or _same_file(indexed, st.st_size, st.st_mtime):
        return "", st
    return ("changed" if indexed[0] != st.st_size else "touched"), st


def _same_file(indexed, size, mtime) -> bool:
    from .scan import same_file

    return same_file(indexed, size, mtime)


def found_at(path: str, root: str | None, size: int, videos=None) -> str | None:
    """Where the library's video indexed at ``path`` (``size`` bytes), not there as indexed, is now: in
    its name's other Unicode spelling (``paths.respelled``) or renamed in its folder (``videos``, a
    ``gone_rule.FolderVideos``: ``moved_to``); None where it is not so, or where its library folder
    ``root`` does not answer (``_bounded``: at once while a look of it is stuck)."""
    return _bounded(path, root, None, _found_at, path, size, videos)


def _found_at(path: str, size: int, videos) -> str | None:
    from .paths import respelled

    there = respelled(path, size)
    if there is None and videos is not None and not os.path.lexists(path):
        there = videos.moved_to(path)
    return there
