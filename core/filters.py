"""Search filters (folder, duration, modified date), evaluated in Python over video rows; apart
from ``core.search`` so the app builds them on its GUI thread without importing LanceDB or torch.
"""

from __future__ import annotations

import functools
import math
import os
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from .folder_spelling import as_the_os_reads, has_parent_steps, offline_by, resolved
from .same_folder import case_twins, same_spelled
from .scan import is_under, normalise_root
from .search_links import link_map, reach, through_links
from .typed_looks import fit_to_look, typed_look

if TYPE_CHECKING:  # pragma: no cover
    from .library.records import VideoRecord

_DONE = "done"  # core.library.records.DONE, not imported: that package loads LanceDB


@dataclass
class Filters:
    folder: str | None = None  # only videos under this folder
    min_duration: float | None = None  # seconds
    max_duration: float | None = None
    modified_after: float | None = None  # unix time of the file's mtime
    modified_before: float | None = None
    include_offline: bool = True

    def is_empty(self) -> bool:
        return self == Filters()

    # the folder's spellings by what they were worked out from (``spellings``): a command resolves
    # a library folder's links once, not once per matcher
    _spelled: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def matcher(self, folders=(), videos=None, links=None, held=None):
        """Whether a video row passes these filters (the folder normalised once, for checking a
        whole library). ``folders``: the library's folders, so that a folder named through a link
        is found under the library's spelling; ``videos``: the library's video rows, which say
        which folders are offline and what the library holds; ``links``: the links its folders'
        last walks met (its setting ``folder_links``: ``folder_spellings``); ``held``: its records of
        the folders its last index found missing, empty or on another drive (``held_roots``)."""
        roots = self.spellings(folders, videos, links, held) if self.folder else None
        return lambda v: self._accepts(v, roots)

    def spellings(self, folders=(), videos=None, links=None, held=None) -> list[str]:
        """``folder_spellings`` of this folder, worked out once for the same library folders and
        the same facts about them (a second matcher of one command resolves no link again)."""
        folders = tuple(f for f in folders if isinstance(f, str))
        root = _typed(self.folder, folders, videos, held)
        key = (root, folders, *_facts(root, folders, videos, held), link_map(links, folders))
        if key not in self._spelled:
            self._spelled[key] = _spellings(*key)
        return self._spelled[key]

    def folder_only(self) -> "Filters":
        """These filters' folder alone (why nothing passes), its spellings not worked out again."""
        only = Filters(folder=self.folder)
        only._spelled = self._spelled
        return only

    def _accepts(self, v: "VideoRecord", roots: list[str] | None) -> bool:
        if v.status != _DONE or (v.offline and not self.include_offline):
            return False
        if roots is not None and not any(is_under(v.path, root) for root in roots):
            return False
        if self.min_duration is not None and v.duration < self.min_duration:
            return False
        if self.max_duration is not None and v.duration > self.max_duration:
            return False
        if self.modified_after is not None and v.mtime < self.modified_after:
            return False
        if self.modified_before is not None and v.mtime >= self.modified_before:  # (before that day: its midnight is on it)
            return False
        return True


def folder_spellings(folder: str, folders=(), videos=None, links=None, held=None) -> list[str]:
    """The spellings under which the library knows the videos under ``folder``: ``folder``
    itself (normalised, links kept), and the library folders it reaches through links that it
    does not name, nor lie in or above, as spelled: ``~/Videos`` a link to the library folder
    ``/mnt/data/videos`` (or the other way round) is that folder, ``~/Videos/2024`` its subfolder
    ``2024``; ``~/Videos`` above the library folders ``~/Videos/2024`` and (its link resolved)
    ``/mnt/data/videos/2023`` holds both.

    A folder in a library folder as spelled resolves no link (a share that does not answer is
    never asked), unless ``videos`` (the library's rows) are given and none of them is under it
    as spelled: it may be a link to another library folder (``A/toB``, whose videos are ``B``'s:
    the walk of ``A`` leaves the library's other folders to their own), resolved then unless its
    library folder is offline. A library folder whose videos are all offline, or that the
    library's records (``held``: ``held_roots``) hold missing, empty or on another drive, is never
    resolved (``folder_spelling.offline_by``, the rule ``seekframe index`` and ``forget`` read by).

    The links in a folder's tree are those its library folder's last walk met (``links``, the
    library's setting ``folder_links``: ``search_links.LinkMap``), no folder listed; a folder
    whose library folder has none recorded (indexed by an earlier version) is walked."""
    folders = tuple(f for f in folders if isinstance(f, str))
    root = _typed(folder, folders, videos, held)
    return _spellings(root, folders, *_facts(root, folders, videos, held), link_map(links, folders))


def _typed(folder, folders: tuple, videos, held=None) -> str:
    """The folder typed, normalised; a ``..`` in it read as the OS reads it after a link
    (``folder_spelling.as_the_os_reads``), the library's offline folders never resolved on the
    way, by the rule ``seekframe index`` and ``forget`` read such a path by
    (``folder_spelling.offline_by``: ``held`` the records, and the rows)."""
    if not has_parent_steps(folder):
        return normalise_root(folder)
    return as_the_os_reads(folder, offline_by(held, folders, videos))


def _facts(root: str, folders: tuple, videos, held) -> tuple[frozenset, bool | None, frozenset]:
    """``library_facts``, its offline folders those of the one rule (``folder_spelling.offline_by``:
    the rows' and the records' in ``held``)."""
    offline, known, twins = library_facts(root, folders, videos)
    offline = offline | offline_by(held, folders)
    if known is False and not twins and any(is_under(root, f) for f in folders):  # ('Videos/trip' of the
        rows = videos.values() if hasattr(videos, "values") else videos  # library's 'Videos/Trip' on a case-
        twins = case_twins(root, (v.path for v in rows), offline)  # insensitive disk: ``same_folder``)
    return offline, known, twins


def library_facts(root: str, folders, videos) -> tuple[frozenset, bool | None, frozenset]:
    """What the library's rows say, read in memory only: its folders whose videos are all
    offline, whether any video is under ``root`` as spelled (None: no rows given), and, when none
    is, the other spellings of ``root`` under which videos lie, or that are a video's own path
    (``--folder`` naming one video), the same text once both are in Unicode's composed form
    (``café`` typed composed, the folder's name decomposed as a Mac copied it: ``twin_spellings``,
    which never looks at one in an offline folder)."""
    if videos is None:
        return frozenset(), None, frozenset()
    seen, online, known, twins = set(), set(), False, set()
    depth, composed = root.rstrip(os.sep).count(os.sep) + 1, None if root.isascii() else _nfc(root)
    for v in (videos.values() if hasattr(videos, "values") else videos):
        seen.add(v.root)
        if not v.offline:
            online.add(v.root)
        if composed is not None and not known and not v.path.isascii():  # (an offline one's too: by its
            parts = v.path.split(os.sep)  # spelling alone, ``twin_spellings``)
            if len(parts) >= depth and _nfc(head := os.sep.join(parts[:depth])) == composed:  # (the video's
                # own path too: ``--folder`` naming one video)
                twins.add(head)
        known = known or is_under(v.path, root)
    offline = frozenset(f for f in folders if f in seen and f not in online)
    return offline, known, frozenset() if known else frozenset(twins - {root})


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def twin_spellings(root: str, twins, offline=()) -> list[str]:
    """Those of ``twins`` (``root``'s other Unicode spellings under which the library holds
    videos) that are the folder ``root`` names: the file system holds ``root`` under that spelling
    alone (one ``stat``: ``root`` is not there, or is the same folder, as a Mac's file system
    takes either spelling), never a distinct twin folder whose name is the other spelling. A twin
    in one of the ``offline`` library folders is never looked at: one of them only while ``root``
    is not there."""
    try:
        typed = os.stat(root)
    except (FileNotFoundError, NotADirectoryError):
        return sorted(twins)  # (not there as typed: the library's spelling is the folder meant)
    except (OSError, ValueError):
        return []
    out = []
    for twin in sorted(twins):
        if any(is_under(twin, o) for o in offline):
            continue
        try:
            if os.path.samestat(typed, os.stat(twin)):
                out.append(twin)
        except (OSError, ValueError):
            continue
    return out


def _spellings(root: str, folders: tuple, offline: frozenset, known: bool | None,
               twins: frozenset = frozenset(), links=None) -> list[str]:
    if twins and (same := twin_spellings(root, twins, offline)):
        return [root, *same]  # (the library's own spelling of the folder: no link resolved)
    out = [root]
    inside = [f for f in folders if is_under(root, f)]
    others = [f for f in folders if not is_under(f, root) and f not in offline]  # (those in it: spelled so)
    # the offline library folders a folder outside them all, as spelled, may lead to: never resolved
    unplugged = [] if inside or any(is_under(f, root) for f in folders) else [f for f in folders if f in offline]
    if not others and not unplugged:
        return out
    looks: dict = {}  # (each library folder resolved once at most, all together: one bound in all, ``_real_of``)
    real_of = functools.partial(_real_of, looks, others)
    try:
        if not inside or not (known is not False or root in folders or all(f in offline for f in inside)):
            # the library folders the folder leads to, in or above (as ``folder_spelling.as_library_folder`` maps
            # it for index and forget): an offline one by its spelling alone (a link to it, into it)
            real = typed_look(root, WHY, resolved, root, unplugged)  # (through a link to such a folder's link:
            spelled = [f for f in unplugged if is_under(real, f) or is_under(f, real)]  # it, as spelled)
            out += [s for s in reach(real, [f for f in folders if f in others or f in spelled], real_of)
                    if s != root and s not in out]
            places = [(f, real_of(f)) for f in others] if len(out) == 1 and not inside else []
            keys = {there: looks[f][1] for f, there in places if looks[f] is not None}
            if places and (same := same_spelled(real, fit_to_look(places, keys), keys)):
                out.append(same)  # (``~/videos`` of ``~/Videos`` on a case-insensitive disk: ``same_folder``)
        # (else the library's own spelling: no link of the folder resolved) and the links in its
        # tree as the library's walks see it: the folder itself in a library folder that is
        # online, else the online library folders in it (a library folder holding ``A/toB``)
        if not others:
            return out
        tops = ([root] if not all(f in offline for f in inside) else []) if inside else [
            f for f in folders if is_under(f, root) and f not in offline]
        elsewhere = [f for f in others if not is_under(root, f)]
        out += [s for s in through_links(tops, elsewhere, real_of, offline, links, folders) if s not in out]
    except (OSError, ValueError):
        pass
    return out


WHY = "whether it leads to one of the library's folders cannot be told"


def _real_of(looks: dict, together, folder: str) -> str:
    """The library folder ``folder`` with its links resolved, one bounded look of it kept in ``looks``
    (``folder_spelling._real_key``: a share that stopped answering held the search), where its spelling says
    where it does not answer (compared by its spelling alone, as ``folder_spelling.as_library_folder`` does).
    The first look is made of the folders ``together`` not looked at yet too, all at once
    (``bounded_meta.answers``): several folders on a share that stopped answering cost one bound in all, not
    one each, one after another (``typed_looks.real_looks``)."""
    from .typed_looks import real_looks

    if folder not in looks:
        looks.update(real_looks([folder, *(f for f in together if f not in looks)]))
    return folder if looks[folder] is None else looks[folder][0]


def parse_date(text: str) -> float:
    """``2024-05-01`` or ``2024-05-01T12:30`` → unix time (local time); a real date the clock
    cannot reach (``0001-01-01``: "since ever") → -inf or inf. Raises ValueError for no date."""
    when = datetime.fromisoformat(text.strip())
    try:
        return when.timestamp()
    except (ValueError, OverflowError, OSError):  # (year 0 or 10000 once in local time)
        return -math.inf if when.year < 1970 else math.inf
