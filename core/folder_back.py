"""Whether a library folder its last index found not there (library setting ``held_roots``: "missing",
"empty"; or one that did not answer, ``hung_folders``) is back now, as `seekframe status` and the window
say it (``FolderStatus.back``) before a run has looked at it: the run's own rule (``core.sync_held``),
asked of a few of its videos, in status's one bounded look (``core.library_status._looked``), no scan.

A run finds a folder back when it finds its videos again, each at its path. It holds them again where
it finds none of them there (an empty folder made at the path, a mount point left with a stray file in
it: "empty"), where some are gone and the folder is on another drive than recorded ("device"), and
where more than half are gone at once (the valve). So a folder that is there is said back only where,
of ``SAMPLE`` of its videos spread over it, some are there (a file of their size at their path: another
card of the same label with clips of the same names is not the library's), none gone from another drive
(``folder_identity.other_drive``, the run's), and no more than half gone. A drive plugged in again under
another device number (USB plug order) with all its files is back, as the run finds it. A folder with no
video recorded is back once it holds any entry."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

SAMPLE = 8  # the videos looked at, spread over the folder's (a stat each)


@dataclass(frozen=True)
class Held:
    """What the look at a held folder is given: its identity recorded at its last clean index (library
    setting ``root_ids``: a held folder keeps the one it had when its videos were there), and the
    (path, size) of ``SAMPLE`` of its videos."""

    identity: dict | None
    sample: tuple[tuple[str, int], ...]
    reads: bool = False  # one that stopped answering (``hung_folders``): back once a video's read answers too


def held(identity, videos, under: list[int], reads: bool = False) -> Held:
    """``Held`` of a folder whose videos are ``videos[i] for i in under`` (``folder_counts.under_each``);
    ``reads``: a share that stopped answering, its reads asked too (a listing and stats that answer while
    its reads hang are no share back: the run would hold it again)."""
    step = max(1, len(under) // SAMPLE)  # (in the library's order: no sort of a drive's 20,000 rows each read)
    return Held(identity if isinstance(identity, dict) else None,
                tuple((videos[i].path, videos[i].size) for i in under[::step][:SAMPLE]), reads)


def linked_away(folder: str, videos, under: list[int], settings, look: bool = True) -> list[int]:
    """Of a folder's videos (``videos[i] for i in under``), those its last index marked offline behind a link its
    last walk met (``folder_links``, ``hung_links``) that leads nowhere now (a link to a drive unplugged, a share
    that stopped answering: one remembered so, ``hung_links``, with no look; the others looked at together, one
    bound in all, ``bounded_meta.answers``): not back with the folder's own
    drive, nor found again by the next run while that link is away (``sync_held.linked_away``: the run keeps them
    offline for their own reason; status says them so: ``FolderStatus.linked_away``). One rule for each hold a
    folder comes back from: "device" (its last walk found the link away), "missing" and "empty" (the drive the
    link leads to unplugged with the folder's, or since; still away while the folder's own is back). ``look``
    False: those behind any such link, none looked at (what the back look leaves out of its sample)."""
    from .bounded_meta import answers
    from .folder_counts import under_each
    from .scan_stalls import PROBE_S

    rec = (settings.folder_links or {}).get(folder)
    rels = rec.get("links") if isinstance(rec, dict) else None
    hung = (settings.hung_links or {}).get(folder)
    hung = [link for link in hung if isinstance(link, str)] if isinstance(hung, dict) else []
    links = [*(os.path.join(folder, r) for r in rels if isinstance(r, str))] if isinstance(rels, dict) else []
    offline = [i for i in under if videos[i].offline]
    per_link = under_each([videos[i].path for i in offline], links + hung) if offline and links + hung else {}
    asked = [link for link, js in per_link.items() if js and link not in hung] if look else []  # (none behind it:
    there = answers(asked, os.path.exists, timeout_s=PROBE_S, otherwise=False) if asked else {}  # not looked at)
    behind = {j for link, js in per_link.items() if link in hung or not there.get(link) for j in js}
    return [i for j, i in enumerate(offline) if j in behind]


def device_looked(videos, under: list[int], behind: list[int], device: bool = True) -> list[int]:
    """Of a held folder (``videos[i] for i in under``), those its back look samples: never those ``behind`` a
    link away (``linked_away``: offline for their own reason, as the run keeps them); of one held "device",
    those its last index marked offline, the ones that were gone from the other drive; all its videos where
    none is left."""
    away = set(behind)
    return [i for i in under if (videos[i].offline or not device) and i not in away] or under


def still_away(folder: str, look: Held) -> bool:
    """Whether the folder, there now, would be held again by the next run (not back): called inside the
    bounded look."""
    from .folder_identity import other_drive
    from .scan import root_identity

    if not look.sample:
        return empty(folder)
    there = [path for path, size in look.sample if _there(path, size)]
    found, gone = len(there), len(look.sample) - len(there)
    if not found:  # (an empty folder at its path, a mount point with something else in it: held again)
        return True
    if look.reads and not _reads(there[0]):
        return True  # (a share whose reads still hang, or fail: the run finds it not answering again)
    if gone and other_drive(root_identity(folder), look.identity):
        return True  # (some gone, another drive there, or the same renumbered: "device", as ``sync_held`` holds it)
    return gone > len(look.sample) / 2  # (the valve)


def _reads(path: str) -> bool:
    """Whether ``path`` reads as the run reads it (``core.scan.content_hash``, bounded by its own read limit)."""
    from . import scan

    try:
        scan.content_hash(path)
    except (OSError, TimeoutError, ValueError):
        return False
    return True


def _there(path: str, size: int) -> bool:
    """A file of ``size`` bytes at ``path`` (the run's match by path; the size tells another card's clip)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(st.st_mode) and (not size or st.st_size == size)


def empty(folder: str) -> bool:
    """Whether ``folder`` holds nothing (its first entry read, no more): a drive plugged in again
    under another device number holds its files and stays online."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False
