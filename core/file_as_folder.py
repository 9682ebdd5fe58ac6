"""A file named as a folder, ``clip.mp4/`` typed (``clip.mp4/.``, ``clip.mp4/..``): refused as the OS
does ("Not a directory") by ``seekframe index``, ``forget``, ``--folder`` and the commands naming a
video (``refuse_file_as_folder``), where normalising the path would drop what makes it a folder's
and name the file; the library's offline folders never looked at. Cut out of
``core.folder_spelling``, whose walk helpers it uses."""

from __future__ import annotations

import os

from .folder_spelling import offline_folders, walk_start
from .scan import is_under


def names_a_folder(typed) -> bool:
    """Whether a typed path holds what only a folder's may: a separator at its end (``clip.mp4/``),
    or a ``.`` or ``..`` among its names (``clip.mp4/.``, ``clip.mp4/../x``), which normalising it
    drops (``file_as_folder`` looks at no other path)."""
    names = _names(typed)
    return not names[-1] or bool({os.curdir, os.pardir} & set(names))


def file_as_folder(typed, folders=(), offline=frozenset) -> str | None:
    """The file a typed path names as a folder, as the OS refuses it ("Not a directory"):
    ``clip.mp4/``, ``clip.mp4/.`` or ``clip.mp4/..`` with ``clip.mp4`` a file (normalising the
    path would drop what makes it a folder's, and name the file), as typed. None otherwise; not
    looked at (nothing asked of the disk) unless ``names_a_folder``, nor when the path as typed
    goes through one of the library's offline folders, as spelled (never touched: ``offline()``
    gives them, asked only when it goes through one of the library's ``folders``)."""
    if not names_a_folder(typed):
        return None
    path = os.sep.join(_names(typed))
    full = path if os.path.isabs(path) else os.path.join(os.getcwd(), path)
    steps = [os.path.normpath(os.sep.join(full.split(os.sep)[:n])) for n in range(2, full.count(os.sep) + 2)]
    through = [f for f in folders if isinstance(f, str) and any(is_under(step, f) for step in steps)]
    if through and any(f in offline() for f in through):
        return None
    from . import bounded_meta
    from .folder_spelling import has_parent_steps

    key = full if has_parent_steps(full) else os.path.normpath(full)  # (the command's next look's key: the path
    # as ``folder_spelling.as_the_os_reads`` makes it absolute, a '..' in it, else as ``scan.normalise_root`` does)
    try:  # (one bounded look, keyed as the command's own look next: a share that stopped answering holds
        return bounded_meta.waited(key, _file_in, path)  # neither, the second's answer at once)
    except TimeoutError:
        return None  # (not looked at: the command's own look at the path says it does not answer)


def _file_in(path: str) -> str | None:
    """``file_as_folder``'s look at ``path``."""
    try:
        os.stat(path)
        return None
    except NotADirectoryError:
        pass
    except (OSError, ValueError):
        return None
    done, names = walk_start(path)
    for name in filter(None, names):  # (the first part the OS finds a file, as typed)
        done = os.path.join(done, name) if done else name
        if name not in (os.curdir, os.pardir) and os.path.exists(done) and not os.path.isdir(done):
            return done
    return None


def refuse_file_as_folder(paths, then: str, library=None) -> None:
    """Each of ``paths`` (as typed) that names a file as a folder (``clip.mp4/``: the OS's "Not a
    directory", ``file_as_folder``) refused (SeekframeError), ``then`` said after it ("Nothing was
    indexed."): normalised, the path would name the file. ``library`` (open, or as ``(meta,
    videos)``, its ``LibraryMeta`` and its rows or a function giving them): its offline folders
    never looked at, its rows read only for a path through one of its folders."""
    import functools

    from .errors import SeekframeError
    from .filenames import shown

    paths = [p for p in paths if p is not None and names_a_folder(p)]
    if not paths:
        return
    meta, videos = (None, None) if library is None else library if isinstance(library, tuple) else (
        getattr(library, "meta", None), library.video_table.all)
    folders = [f for f in meta.settings.folders or [] if isinstance(f, str)] if meta is not None else []

    @functools.cache
    def offline() -> frozenset:  # (the rows read only for a path through a library folder)
        return offline_folders(meta, folders, videos() if callable(videos) else videos)

    for path in paths:
        if (file := file_as_folder(path, folders, offline)) is not None:
            raise SeekframeError(f"{shown(os.fspath(path))} is not a folder: {shown(file)} is a file. {then}")


def _names(typed) -> list[str]:
    path = os.path.expanduser(os.fspath(typed))
    return (path.replace(os.altsep, os.sep) if os.altsep else path).split(os.sep)
