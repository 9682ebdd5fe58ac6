"""Links met by a folder's walk (``core.scan``): where one leads, resolved cheaply, whether the
file it leads to is listed by its own name, and what a link that leads to nothing is: a target not
there (a drive unplugged: ``DANGLING``) or a loop of links that never leads anywhere (``LOOP``)."""

from __future__ import annotations

import errno
import os

DANGLING, LOOP = "dangling", "loop"
LOOP_KIND = "link loop"  # (its kind among the files a scan skipped, core.scan.ScanResult.skipped)
LOOP_REASON = "a link in a loop of links (it leads back to itself), no file to read"


def leads_nowhere(path: str) -> str:
    """"" when the link ``path`` leads to something; else why not: ``LOOP`` (ELOOP: a link to
    itself, two links to each other: no mount or copy ever makes it lead on), or ``DANGLING``
    (its target not there: a folder or video on a drive unplugged, which may come back)."""
    try:
        os.stat(path)
        return ""
    except OSError as exc:
        return LOOP if exc.errno == errno.ELOOP else DANGLING
    except ValueError:
        return DANGLING


def link_target(link: str, real_dirs: dict[str, str]) -> str | None:
    try:
        return real_path(link, real_dirs)
    except (OSError, ValueError):
        return None


_SKIPPED_BY_NAME = frozenset({".gif", ".webp", ".mod"})  # (a still image, a music module: scan._add_video)


def walked_to(link: str, real_root: str, real_dirs: dict[str, str]) -> bool:
    """Whether the regular file ``link`` leads to is in the library folder whose real path is
    ``real_root`` (not hidden) under a video name, so its walk lists it by its own name, whichever
    library folders the run looks at (a library folder inside it included). Links to files
    elsewhere, or to a file of the folder whose own name is no video's (``holiday.mp4`` ->
    ``raw/holiday_2024``), are listed as found."""
    try:
        real = real_path(link, real_dirs)
    except (OSError, ValueError):
        return False
    return listed_as(real, real_root, link) is not None


def listed_as(real: str, real_root: str, name: str) -> str | None:
    """The path, from the folder whose real path is ``real_root``, under which its walk lists the
    file whose real path is ``real`` (a video ``name``, a link's or one through a link, leads to):
    inside it, no part hidden, named as a video; else None."""
    from .walk_rule import is_video_name  # (core.walk_rule walks with this module)

    inside = real_root.rstrip(os.sep) + os.sep
    rest = real[len(inside):]
    if not real.startswith(inside) or any(part.startswith(".") for part in rest.split(os.sep)):
        return None
    ext = os.path.splitext(rest)[1].lower()
    # (a still GIF behind a link named .mp4 is skipped by its own name, but not by the link's)
    listed = is_video_name(rest) and (ext not in _SKIPPED_BY_NAME or ext == os.path.splitext(name)[1].lower())
    return rest if listed else None


def real_path(link: str, real_dirs: dict[str, str]) -> str:
    """``os.path.realpath(link)``, the real path of the folder its target is in taken from
    ``real_dirs`` (resolved there once): a folder of 10,000 links resolves each link's whole path
    otherwise. A target that is itself a link is resolved whole."""
    if os.name == "nt":  # (readlink there may give a \\?\ path)
        return os.path.realpath(link)
    target = os.path.join(os.path.dirname(link), os.readlink(link))
    folder, name = os.path.split(target)
    if name in ("", os.curdir, os.pardir):
        return os.path.realpath(target)
    if folder not in real_dirs:
        real_dirs[folder] = os.path.realpath(folder)
    real = os.path.join(real_dirs[folder], name)
    return os.path.realpath(real) if os.path.islink(real) else real


def empty_or_gone(folder: str) -> bool:
    """Whether ``folder`` lists nothing, or cannot be listed: where a link to a drive's mount point
    leads once the drive is unplugged (``core.sync_mounts.links_emptied``, ``behind_link_away``)."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except (OSError, ValueError):
        return True


def behind_link_away(path: str, root: str) -> bool:
    """Whether ``path``, in the library folder ``root``, lies behind a link to a folder (the nearest
    on its way from ``root``) that leads to nothing or to an empty folder now: its file not there
    is its drive away, kept offline by the re-scan (``core.sync``), not gone."""
    folder = os.path.dirname(path)
    while folder != root and folder.startswith(root.rstrip(os.sep) + os.sep):
        if os.path.islink(folder):
            return empty_or_gone(folder)
        folder = os.path.dirname(folder)
    return False


def through_link(path: str, root: str) -> bool:
    """Whether ``path``, found in the library folder ``root``, is named through a link: itself one,
    or a folder on its way from ``root`` (``A/sub/lib/x.mp4``, ``lib`` a link to ``B/sub``)."""
    here = path
    while here != root and here.startswith(root.rstrip(os.sep) + os.sep):
        if os.path.islink(here):
            return True
        here = os.path.dirname(here)
    return False


def unlinked_first(changed: list) -> list:
    """The re-scan's ``changed`` files ((found, record, content hash), ``core.sync``), those of a
    content found under two names or more (a file a folder linked into another library folder lists
    twice) with the names through no link (``through_link``) first: a moved video's id, its notes and
    moments, goes to the file's own name, not to a link's that may be removed later. Only such
    names are looked at."""
    from collections import Counter

    names = Counter((digest, found.size) for found, _, digest in changed)
    if all(n == 1 for n in names.values()):
        return changed
    return sorted(changed, key=lambda c: names[(c[2], c[0].size)] > 1 and through_link(c[0].path, c[0].root))
