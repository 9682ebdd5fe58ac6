"""The library folders a folder reaches through links in its tree: ``A/toB`` in the library
folder ``A``, a link to the library folder ``B`` (or into it, or to a folder above it). The walk
of ``A`` leaves ``B`` to its own runs, so the library knows ``B``'s videos under ``B``'s spelling
only, yet the user sees them under ``A`` on disk: ``search --folder A`` finds them through these
spellings (``core.filters.folder_spellings``). The links are read from those the library folders'
last index recorded (``LinkMap``, ``through_links``), so a search lists no folder; a library folder
with none recorded is walked (``linked_folders``)."""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable

from .scan import is_under


def reach(real: str, folders, real_of: Callable[[str], str]) -> list[str]:
    """The spellings, among ``folders`` (library folders), of what the real path ``real`` holds
    or lies in: a library folder in or at ``real`` (or above it, the library folder's subfolder,
    spelled under it). A library folder's own links are resolved (``real_of``) only when its
    spelling does not already say."""
    out = []
    for f in folders:
        # (one in or above ``real`` as spelled: the same spelling, nothing to resolve)
        there = f if is_under(f, real) or is_under(real, f) else real_of(f)
        if is_under(there, real):  # the whole library folder lies in it
            out.append(f)
        elif is_under(real, there):  # a folder in that library folder
            out.append(os.path.join(f, os.path.relpath(real, there)))
    return out


def _met(real: str, seen: set, away, folders, real_of: Callable[[str], str], out: list[str]) -> bool:
    """A link's target ``real`` met in a walk of links: whether to walk on through it. Not when
    ``seen`` already, into or above one of ``away``, or when it reaches library ``folders``: their
    spellings (``reach``) are added to ``out`` then, as their videos are spelled there."""
    if real in seen:
        return False
    seen.add(real)
    if any(is_under(real, f) or is_under(f, real) for f in away):
        return False
    if spelled := reach(real, folders, real_of):
        out.extend(s for s in spelled if s not in out)
        return False
    return True


def linked_folders(tops: list[str], folders, real_of: Callable[[str], str], away=()) -> list[str]:
    """The spellings of the ``folders`` (other library folders) that links in the trees of
    ``tops`` lead to (``reach``), walked as the index walks a folder (hidden entries left out,
    a link elsewhere walked through, each link's target once); folders only, no file looked at.
    A link is resolved once; a folder that cannot be listed is passed over, and so is a link
    into or above one of ``away`` (library folders whose videos are all offline: never listed).
    The walk is watched as a run's is (``bounded_meta.watched``: a call that gets no answer for the bound
    ends it, not a slow walk; a library folder's look, ``real_of``, bounded on its own): one stuck behind a
    link, or in a share mounted at a folder of the tree (the system's table, ``mount_points``), leaves that
    link's call stuck (keyed by it) and the tree is walked again at once passing over it, every other link
    into its share (``scan_stalls.Over``: one bound a share, the run's rule), and any link whose call is still
    stuck (a later search of the same process: the window's), up to ``WALKS_AGAIN`` walks again (the run's
    cap: one bound each), so a library folder reached through a healthy link is not left out for a few
    shares stuck; the links passed over are listed in ``passed_over``, a walk stuck elsewhere (out of any
    link and mount point: those found) or once more past the cap (the rest of the tree not looked at) in
    ``cut_short`` (the search's to say)."""
    from . import bounded_meta
    from .mount_points import mounted_at
    from .scan_stalls import WALKS_AGAIN, Over

    passed: list[str] = []
    plain: set[str] = set()  # (folders of the trees stuck out of any link and known mount point: a share
    # mounted there off Linux; passed over as links, each walk again costing one bound)
    overs, points = {top: Over(top) for top in tops}, {}  # (points: the shares mounted in each top, spelled from
    # it, as ``core.scan``'s walk; read once a walk is stuck, nothing resolved before: ``resolves_no_link`` tests)
    for over in overs.values():  # (a share stuck is every top's)
        over.shares = next(iter(overs.values())).shares
    for again in range(WALKS_AGAIN + 1):
        out: list[str] = []
        beat = bounded_meta.Beat()
        try:
            bounded_meta.watched("links of " + "\0".join(tops), lambda out=out, beat=beat: _walk_links(
                tops, folders, _paused(real_of, beat), away, out, beat, passed, overs, plain, points), beat)
            break
        except TimeoutError:
            top = max((t for t in tops if is_under(beat.left_in or "", t)), key=len, default=tops[0])
            points = points or (_mounted_in(tops) if beat.left_in is not None else {})
            left = mounted_at(beat.left_in, points[top]) or beat.left_in if beat.left_in in plain else beat.left_in
            if left is None or left in passed or again == WALKS_AGAIN:  # (stuck in a top, or past the cap: those
                if left is not None and left not in passed and again == WALKS_AGAIN:  # found; the link said too)
                    passed.append(left)
                cut_short.extend(t for t in tops if t not in cut_short)
                break
            passed.append(left)
            if left not in plain or left in points[top]:  # (a link's or a mount point's share: those into it too)
                overs[top].hung(left)
    passed_over.extend(p for p in passed if p not in passed_over)
    return list(out)


passed_over: list[str] = []  # the links ``linked_folders`` passed over as they did not answer, not said yet
cut_short: list[str] = []  # the folders whose walk for links it gave up out of any link, not said yet


def not_followed_text(filtered: str = "--folder") -> str:
    """The words of the links ``linked_folders`` passed over since last asked, and of the walks it gave up
    (none: ""), taken: a search filtered to a folder (``filtered``: how its asker names that filter, the
    command line's ``--folder``, the window's folder filter) that did not follow them says so, where it
    searched without them in silence (``seekframe search`` and ``similar``, the window's searches)."""
    from .filenames import shown

    links, passed_over[:] = list(passed_over), []
    tops, cut_short[:] = list(cut_short), []
    said = "" if not links else (
        f"Links not followed for {filtered} (they do not answer: a network share that stopped answering?): "
        f"{', '.join(map(shown, links))}; library folders reached only through them are left out.")
    cut = "" if not tops else (
        f"The walk of {', '.join(map(shown, tops))} for its links was cut short (a folder in it does not "
        f"answer): library folders reached through links past it may be left out.")
    return " ".join(w for w in (said, cut) if w)


def _paused(real_of, beat):
    """``real_of``, a look bounded on its own (``typed_looks.real_looks``), its wait not counted by ``beat``."""
    from .bounded_meta import PAUSED

    def looked(folder: str) -> str:
        beat.at = PAUSED
        try:
            return real_of(folder)
        finally:
            beat()
    return looked


def _mounted_in(tops: list[str]) -> dict[str, list[str]]:
    """{top: the mount points in it (``mount_points.mounts_in``), spelled from it}: a share mounted there that
    stops answering is the mount point's, as one behind a link is the link's (``core.scan``'s walk)."""
    from .mount_points import mounts_in

    out = {}
    for top in tops:
        real = os.path.realpath(top)
        out[top] = [os.path.join(top, os.path.relpath(m, real)) for m in mounts_in(real)]
    return out


def _walk_links(tops: list[str], folders, real_of, away, out: list[str], beat, passed: list[str], overs,
                plain: set[str], points: dict) -> None:
    from .bounded_meta import stuck
    from .mount_points import mounted_at

    seen, stack = set(), [(top, None, top) for top in tops]
    while stack and not beat.stop:
        current, within, top = stack.pop()
        beat.within = within if within is not None else mounted_at(current, points.get(top, ()))
        if beat.within is None and current not in tops:  # (a folder out of any link and mount point: its own)
            beat.within = current
            plain.add(current)
        beat()
        try:
            with os.scandir(current) as entries:
                found = [e for e in entries if not e.name.startswith(".")]
        except (OSError, ValueError):
            continue
        for entry in found:
            beat()
            link = entry.is_symlink()
            if entry.path in passed or (link or entry.is_dir(follow_symlinks=False)) and stuck(entry.path) \
                    or link and entry.path in overs[top]:
                if entry.path not in passed:
                    passed.append(entry.path)  # (its call still stuck: an earlier walk's, a run's; or its share's)
                continue
            beat.within = entry.path if link else within  # (a link's target looked at: a share's)
            try:
                if not entry.is_dir():  # (a plain folder from its directory entry; a link: one stat)
                    continue
                if not link:
                    stack.append((entry.path, within, top))
                    continue
                real = os.path.realpath(entry.path)
            except (OSError, ValueError):
                continue
            if _met(real, seen, away, folders, real_of, out):
                stack.append((entry.path, entry.path, top))  # a folder the index walks through the link


def merged_records(recorded, walked: dict, folders) -> dict:
    """The library's ``folder_links`` after a run that walked ``walked`` ({root: its walk's record},
    ``core.scan``): a library folder walked whole has its walk's, and so has one inside it not
    walked on its own (``_nested_records``: its part of that walk); one a run walked part of (a root
    inside it: ``seekframe index A/sub``, or ``index A A/sub``, whose walk of ``A`` left ``sub`` to
    its own) has what lies under that part taken from its walk (past ``MAX_RECORDED_LINKS`` in
    all: none, walked); the others' as they were; none of a folder the library no longer holds."""
    from . import scan

    out = {f: r for f, r in (recorded or {}).items() if f in folders}
    out.update({root: rec for root, rec in walked.items() if root in folders})
    out.update(_nested_records(walked, folders))
    merged = set()
    for root, rec in walked.items():
        owner = max((f for f in folders if is_under(root, f) and f != root), key=len, default=None)
        old = out.get(owner) if owner is not None and root not in folders else None
        if not (isinstance(old, dict) and isinstance(old.get("links"), dict)):
            continue  # (its folder has no record, or too many: walked at a search all the same)
        part, links = os.path.relpath(root, owner), rec.get("links")
        kept = {k: t for k, t in old["links"].items() if k == part or not is_under(str(k), part)}
        kept.update({os.path.join(part, k): t for k, t in links.items()} if isinstance(links, dict) else {})
        out[owner] = {**old, "links": kept if isinstance(links, dict) else None}
        merged.add(owner)
    for owner in merged:  # (past the cap once every part is in: none)
        if len(out[owner]["links"] or ()) > scan.MAX_RECORDED_LINKS:
            out[owner] = {**out[owner], "links": None}
    return out


def _nested_records(walked: dict, folders) -> dict:
    """The records of library folders inside one a run walked whole and not walked themselves
    (``seekframe index A`` with A/sub listed too, as an earlier version's adds or a folder offline
    at a fold leave it): A's walk went through sub, so sub's record is what lies under it in A's,
    not its own last index's, stale (the search trusts sub's own record for what lies in it). Not
    for one not there now (its own walk would record nothing), in a hidden folder (the walk passed
    over it), or reached through a link (what the walk met of it there depends on its order) or
    past the cap: those keep their own."""
    out = {}
    for root, rec in walked.items():
        links = rec.get("links") if isinstance(rec, dict) and root in folders else None
        if not (isinstance(links, dict) and isinstance(rec.get("real"), str)):
            continue
        for f in folders:
            part = os.path.relpath(f, root)
            if f == root or f in walked or not is_under(f, root) or not os.path.exists(f) or any(
                    p.startswith(".") for p in part.split(os.sep)) or any(is_under(part, str(k)) for k in links):
                continue
            out[f] = {"real": os.path.join(rec["real"], part),
                      "links": {os.path.relpath(k, part): t for k, t in links.items() if is_under(str(k), part)}}
    return out


class LinkMap:
    """The links to folders that each library folder's last walk met (library setting
    ``folder_links``, recorded by ``core.scan`` and ``core.sync`` at each index or re-scan), placed
    where they lie on disk: what a search filtered to a folder reads instead of walking the
    folder's tree (``through_links``). The library as its last index saw it, as its videos are: a
    link removed, retargeted or added since counts as it was until the folder's next index. A
    folder's records are trusted for what lies in its real path (another folder's walk that went
    there through a link may be older); what lies in no library folder, from any walk. A link that
    led nowhere at the walk (target '': a drive unplugged) and leads to a folder now has the folder
    walked, as before: the walk did not see where it leads."""

    def __init__(self, records, folders):
        self.reals: dict[str, str] = {}  # library folder -> its real path at its last walk
        self.links: dict[str, list[tuple[str, str | None]]] = {}  # library folder -> [(link as spelled, target)]
        self.nowhere: dict[str, list[str]] = {}  # library folder -> its links that led nowhere, as spelled
        for f in folders:
            rec = records.get(f) if isinstance(records, dict) else None
            if not (isinstance(rec, dict) and isinstance(rec.get("real"), str) and isinstance(rec.get("links"), dict)):
                continue  # (none recorded, too many, or damaged: this folder's tree is walked)
            links = [(os.path.normpath(os.path.join(f, k)), t) for k, t in rec["links"].items()
                     if isinstance(k, str) and (t is None or t == "" or isinstance(t, str) and os.path.isabs(t))]
            if len(links) == len(rec["links"]) and all(is_under(link, f) and link != f for link, _ in links):
                self.reals[f] = rec["real"]
                self.links[f] = sorted(links, key=lambda lt: lt[0].split(os.sep))  # (a link's own links after it)
                self.nowhere[f] = [link for link, t in links if t == ""]
        placed = []
        for f, links in self.links.items():
            above: list[tuple[str, str | None]] = []  # the links this one lies under, as spelled
            for link, target in links:
                while above and not is_under(link, above[-1][0]):
                    above.pop()
                where = _placed(above[-1] if above else (f, self.reals[f]), link)
                above.append((link, target))
                if where is not None and target and self._owner(where) in (f, None):
                    placed.append((where, target))
        placed.sort()
        self._where, self._targets = [w for w, _ in placed], [t for _, t in placed]

    def _owner(self, where: str) -> str | None:
        """The library folder whose real path ``where`` lies in deepest (None: none)."""
        owners = [f for f, real in self.reals.items() if is_under(where, real)]
        return max(owners, key=lambda f: len(self.reals[f])) if owners else None

    def real(self, folder: str, folders, away) -> str | None:
        """Where ``folder`` (in or at a library folder, as spelled) lies on disk as its library
        folder's last walk saw it; None when a library folder it is in or above, online, has no
        record (indexed before links were recorded, or too many) or a link that led nowhere then and
        leads to a folder now (one stat each, all made together, ``_leads_on``), or it lies in a hidden folder."""
        from . import bounded_meta

        related = [f for f in folders if f not in away and (is_under(folder, f) or is_under(f, folder))]
        if any(f not in self.reals for f in related):
            return None
        nowhere = [link for f in related for link in self.nowhere[f]]  # (looked at together: one bound in all)
        if any(bounded_meta.together(nowhere, _leads_on).values()):
            return None
        inside = [f for f in related if is_under(folder, f)]
        if not inside:
            return None
        own = max(inside, key=len)
        if any(part.startswith(".") for part in os.path.relpath(folder, own).split(os.sep) if part != os.curdir):
            return None
        through = [(link, t) for link, t in self.links[own] if is_under(folder, link)]
        return _placed(max(through, key=lambda lt: len(lt[0])) if through else (own, self.reals[own]), folder)

    def under(self, real: str):
        """(link's real place, target) of the links that lie in ``real`` by no hidden folder."""
        prefix = real if real.endswith(os.sep) else real + os.sep
        i = bisect.bisect_left(self._where, prefix)
        while i < len(self._where) and self._where[i].startswith(prefix):
            if not any(part.startswith(".") for part in self._where[i][len(prefix):].split(os.sep)):
                yield self._where[i], self._targets[i]
            i += 1


def _leads_on(link: str) -> bool:
    """Whether ``link``, which led nowhere at its folder's walk, leads to a folder now: one bounded look
    (``bounded_meta.answer``, keyed by the link), a share mounted back that does not answer held the search
    for ever. One that does not answer leads nowhere still: the records are read."""
    from . import bounded_meta

    return bool(bounded_meta.answer(link, os.path.isdir, link, otherwise=False))


def _placed(base: tuple[str, str | None], path: str) -> str | None:
    """Where ``path`` lies on disk, ``base`` (a folder as spelled, where it lies) the deepest
    known above it; None when that is not known."""
    spelled, real = base
    if real is None:
        return None
    rest = os.path.relpath(path, spelled)
    return real if rest == os.curdir else os.path.join(real, rest)


_built: tuple = (None, (), None)  # (records, folders, LinkMap): the last map built


def link_map(records, folders) -> LinkMap | None:
    """The ``LinkMap`` of a library's ``folder_links`` setting (``LibrarySettings.folder_links``)
    for its ``folders`` (None: none recorded), built once for the same records."""
    global _built
    if not records:
        return None
    folders, built = tuple(folders), _built  # (one read: another thread may build another meanwhile)
    if built[0] is not records or built[1] != folders:
        built = _built = (records, folders, LinkMap(records, folders))
    return built[2]


def through_links(tops: list[str], folders, real_of: Callable[[str], str], away, links: LinkMap | None,
                  library_folders) -> list[str]:
    """``linked_folders`` of ``tops`` from the library's recorded links (``LinkMap``) when it holds
    those of every library folder they are in or above: no folder listed. Else walked."""
    starts = [links.real(top, library_folders, away) for top in tops] if links is not None else [None]
    if any(s is None for s in starts):
        return linked_folders(tops, folders, real_of, away)
    out, seen = [], set()
    while starts:
        for _, real in links.under(starts.pop()):
            if _met(real, seen, away, folders, real_of, out):
                starts.append(real)
    return out
