"""Byte-identical copies of a video among search results (a phone backup and its copy): their
moments listed once (``fold_copies``, the command line's), and a video's copies (``same_content``:
left out of its similar clips, their notes counted as its own)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .library.records import VideoRecord
    from .search import SearchResult


def fold_copies(results: list[SearchResult], videos: Mapping[str, VideoRecord]) -> list[SearchResult]:
    """``results`` (best first) with the moments of byte-identical copies of a video (the same
    content hash and size: a phone backup and its copy) listed once: one result per moment and
    score, the others' paths in its ``copies``. The one listed is online if a copy is, then one
    whose file is there (a copy deleted since it was indexed is never listed for one that plays:
    one ``stat`` per copy, all made together and bounded, ``file_look.there``: a copy on a network share
    that stopped answering held the search for ever; it counts as not there), then the one a matching note
    was written on (not a backup the user never named), then the first path; the order is kept."""
    def content(r):
        v = videos.get(r.video_id)
        return (v.content_hash, v.size, round(r.start, 3), round(r.end, 3)) if v is not None and v.content_hash else None

    groups: list[list[SearchResult]] = []
    by_content: dict[tuple, list[list[SearchResult]]] = {}
    for r in results:
        key = content(r)
        same = next((g for g in by_content.get(key, ()) if abs(g[0].score - r.score) < 1e-4), None) if key else None
        if same is not None:  # (the same vectors, up to the float noise of a matrix product)
            same.append(r)
            continue
        groups.append([r])
        if key:
            by_content.setdefault(key, []).append(groups[-1])
    from .bounded_meta import together
    from .file_look import there as looked

    there = together({m.path for g in groups if len(g) > 1 for m in g if not m.offline}, looked).get
    out = []
    for members in groups:  # (among copies alike, the one a user's note is on: ``SearchResult.noted``)
        first = members[0] if len(members) == 1 else min(
            members, key=lambda r: (r.offline, not there(r.path), not r.noted, r.path))
        paths = {p for m in members for p in (m.path, *m.copies)} - {first.path}
        out.append(replace(first, copies=sorted(paths)) if paths else first)
    return out


def same_contents(noted, videos: Mapping[str, VideoRecord]) -> dict[str, dict[str, VideoRecord]]:
    """``same_content`` of each of the records ``noted`` (a search's matching notes' videos), by its video id,
    made in one pass over ``videos``, not one a record (a library of 100k videos: 1.5 s a search for 20 notes)."""
    keys = {(v.content_hash, v.size) for v in noted if v.content_hash}
    found: dict[tuple, dict[str, VideoRecord]] = {}
    for vid, v in videos.items() if keys else ():
        if (v.content_hash, v.size) in keys:
            found.setdefault((v.content_hash, v.size), {})[vid] = v
    return {v.video_id: {v.video_id: v, **(found.get((v.content_hash, v.size), {}) if v.content_hash else {})}
            for v in noted}


def same_content(video: VideoRecord, videos: Mapping[str, VideoRecord]) -> dict[str, VideoRecord]:
    """``video`` and its byte-identical copies among ``videos`` (the same content hash and size),
    by video id, ``video`` first (``same_contents``' rule)."""
    return same_contents([video], videos)[video.video_id]
