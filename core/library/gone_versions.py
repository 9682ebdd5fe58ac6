"""A table whose newest version file is gone (deleted by hand, by a sync tool, a backup restored
without it): LanceDB opens the version before it without a word, so ``seekframe status`` said 0
videos and a search "No results." as if nothing had happened.

LanceDB writes ``_versions/latest_version_hint.json`` (``{"version": N}``) after each version it
commits, so a hint that names a newer version than any version file there tells that one went.
Versions Seekframe itself set aside (``torn``: ``NAME.manifest.cut-TIME``) are no loss. Nothing is
deleted: ``seekframe repair`` takes the table as it reads, setting the hint aside as
``latest_version_hint.json.gone-TIME`` (LanceDB writes a new one at the table's next version); the
writer's open that follows puts back what it can (notes and imported captions, from
``notes.jsonl``) and the next index finds the videos it lacks as new. Only the videos and captions
tables are looked at (``TABLES``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from core import json_text
from core.library import torn

HINT = "latest_version_hint.json"
# (the moments table's is said already: its videos' rows still count the moments it lacks, said as
# videos waiting to be indexed, which the next index embeds again: ``MomentTable.short_videos``)
TABLES = ("videos", "captions")


def _hint(table: Path) -> int | None:
    """The version LanceDB's hint names (None: none there, or not one LanceDB writes)."""
    try:
        with open(table / "_versions" / HINT, "rb") as f:
            return hint_version(f.read(4096))
    except OSError:
        return None


def hint_version(data: bytes) -> int | None:
    """The version a hint file's bytes name (None: not one LanceDB writes)."""
    try:
        version = json_text.loads(data[:4096]).get("version")  # (``[[[…``: a ValueError)
    except (ValueError, AttributeError):
        return None
    return version if isinstance(version, int) and not isinstance(version, bool) and version > 0 else None


def _set_aside_versions(table: Path) -> set[int]:
    """The versions Seekframe set aside within ``_versions`` (``torn._aside``: ``NAME.manifest.cut-TIME``)."""
    try:
        return set_aside_in(os.listdir(table / "_versions"))
    except OSError:
        return set()


def set_aside_in(names) -> set[int]:
    """The versions set aside among the file ``names`` of a ``_versions`` folder."""
    out = set()
    for name in names:
        stem = name.split(".manifest.cut-")[0] if ".manifest.cut-" in name else ""
        if stem.isdigit():
            out.add(torn._U64 - int(stem) if len(stem) == 20 else int(stem))
    return out


def gone(table: Path) -> tuple[int, int] | None:
    """(the newest version committed, the newest version file there) of ``table`` (a ``NAME.lance``
    folder) when a version file newer than those there is gone; None when none is (or there is no
    version file at all: ``repair.damaged_tables``' other rules). The hint is read before the
    listing and again after it: a writer's version committed meanwhile (its file written before
    its hint), or a table made again, is no loss."""
    hint = _hint(table)
    if hint is None or not (found := torn.manifests(table)) or not lost(hint, found[0][0], _set_aside_versions(table)):
        return None
    newest = found[0][0]
    if _there(table, hint):  # (a listing older than the hint: a share's cached folder, another machine writing)
        return None
    return (hint, newest) if _hint(table) == hint else None


def lost(hint: int, newest: int, aside: set[int]) -> bool:
    """Whether versions up to ``hint`` are gone past ``newest``, the newest version file there
    (``aside``: versions Seekframe set aside, no loss)."""
    return hint > newest and not (hint - newest <= len(aside) and all(v in aside for v in range(newest + 1, hint + 1)))


def version_names(version: int) -> tuple[str, str]:
    """The names of ``version``'s file in either of Lance's schemes."""
    return f"{version}.manifest", f"{torn._U64 - version:020d}.manifest"


def _there(table: Path, version: int) -> bool:
    """Whether the version file of ``version`` is there, looked up by its name in either of Lance's
    schemes (as LanceDB looks for it): a network share may list a folder as it was a while ago
    (its listing cached) while the hint, a file opened, reads as it is now."""
    return any(os.path.lexists(table / "_versions" / name) for name in version_names(version))


def accept(table: Path) -> Path | None:
    """Take the table as it reads (``seekframe repair``, the writer lock held): its hint set aside
    (renamed, never deleted); where it is now."""
    path = table / "_versions" / HINT
    target, n = path.with_name(f"{HINT}.gone-{time.strftime('%Y%m%d-%H%M%S')}"), 1
    while target.exists():
        target, n = path.with_name(f"{HINT}.gone-{time.strftime('%Y%m%d-%H%M%S')}-{n}"), n + 1
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return None
    return target


_THEN = {"videos": "{index} finds the videos it lacks again as new and indexes them",
         "captions": "the notes and imported captions it lacks are put back from notes.jsonl"}


def gone_text(table: str, committed: int, newest: int, repair: str = "`seekframe repair`",
              index: str = "the next `seekframe index`", then: str = "") -> str:
    """``seekframe status``'s words for it, with the way out; ``repair``, ``index``: how the user
    repairs and indexes (the app's button and re-scan); ``then``: another way out, said instead
    (where the library refuses writers, no repair can run: ``damage_text.refused_text``)."""
    return (f"Damaged: the {table} table's newest version ({committed}) is gone (its file deleted by hand, by a "
            f"sync tool, or a backup restored without it): it reads as version {newest}, without what later "
            f"versions wrote. " + (then or f"{repair} takes it as it is and says what {index} "
                                   "does; or restore the library folder from a backup."))


def accepted_text(table: str, committed: int, newest: int, index: str = "the next `seekframe index`") -> str:
    """What ``seekframe repair`` did (``accept``) and what follows."""
    return (f"The {table} table's newest version ({committed}) was gone: it is taken as it reads, version "
            f"{newest}. Now {_THEN[table].format(index=index)}.")
