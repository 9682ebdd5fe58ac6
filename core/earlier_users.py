"""How long an earlier build of a bundled model is kept (``core.earlier_builds``), by the rule a user
expects: a build stays while a library of theirs still uses it, and goes once none does.

* The package (``core/resources/models/earlier/``, in every wheel) carries the last ``PACKAGED``
  builds of each bundled model: a rebuild in place keeps the build before and drops the oldest past
  them (``trim``, called by ``earlier_builds.keep``), so the wheel grows no more than 1.5 MB a build
  for ever. A library skipping more rebuilds than that in one upgrade is told what it is told today:
  "indexed with an earlier build …, which this version does not keep", with ``--reindex`` as the
  way out.
* A build made whole in the user's cache (``<cache>/earlier-models/<id>``) records each library that
  loaded it (``use``: ``<id>.users.json`` beside it, library folder → when last loaded). It stays
  while one of them is still bound to that build, and goes on serving it once a later version's
  package no longer carries it (``earlier_builds.earlier_build``). ``prune`` removes it once none
  is: each moved to another build (``seekframe index --reindex``, File › Model…), or its folder
  gone for ``AWAY_S`` (a library deleted; an unplugged drive that long). A library folder there whose
  ``library.json`` cannot be read counts as still using it; a copy no library recorded (made for a
  library whose ``library.json`` was lost) is made again from the package when asked for."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

PACKAGED = 3  # earlier builds of one bundled model a package carries
AWAY_S = 90 * 86400  # a library's folder not there this long no longer keeps its build in the cache
USERS = ".users.json"
SEEN_AGAIN_S = 86400  # a library's record rewritten at most once a day (not at every search)
LOOK_S = 2.0  # the longest a look at a recorded library's folder is waited for
PRUNED = ".pruned"  # a stamp in the cache's folder: its mtime is when ``prune_due`` last pruned
PRUNE_EVERY_S = 86400  # the cache pruned at most once a day (each look at a recorded library may wait LOOK_S)


def trim(earlier: Path, name: str, read_build) -> list[str]:
    """Drop the builds of bundled model ``name`` under ``earlier`` past the last ``PACKAGED`` (by
    their ``order`` in ``build.json``: the build kept last has the highest); the ids dropped."""
    builds = [p for p in earlier.iterdir() if p.is_dir() and read_build(p).get("of") == name] if earlier.is_dir() else []
    builds.sort(key=lambda p: (_order(read_build(p)), p.name))
    gone = builds[:-PACKAGED] if len(builds) > PACKAGED else []
    for folder in gone:
        shutil.rmtree(folder, ignore_errors=True)
    return [p.name for p in gone]


def next_order(earlier: Path, name: str, read_build, but: str) -> int:
    """The ``order`` a build of ``name`` kept now gets: one past every other kept (``but`` aside)."""
    if not earlier.is_dir():
        return 1
    orders = [_order(read_build(p)) for p in earlier.iterdir() if p.is_dir() and p.name != but
              and read_build(p).get("of") == name]
    return max(orders, default=0) + 1


def _order(build: dict) -> int:
    order = build.get("order")
    return order if isinstance(order, int) and not isinstance(order, bool) else 0  # (kept before the rule: first)


def _users_file(assembled: Path, model_id: str) -> Path:
    return assembled / f"{model_id}{USERS}"


def _read(path: Path) -> dict[str, float]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: float(v) for k, v in raw.items() if isinstance(k, str) and isinstance(v, (int, float))}


def use(assembled: Path, model_id: str, library_dir) -> None:
    """Record that the library at ``library_dir`` loads the build ``model_id`` made in ``assembled``
    (best effort: a cache that cannot be written is skipped; None: no library to record)."""
    if not library_dir:
        return
    from .atomic import write_bytes

    path, now = _users_file(assembled, model_id), time.time()
    users = _read(path)
    key = str(library_dir)
    if now - users.get(key, float("-inf")) < SEEN_AGAIN_S:
        return
    users[key] = now
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, (json.dumps(users, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    except OSError:
        pass


def _bound_to(root: str, model_id: str) -> bool | None:
    """Whether the library at ``root`` is bound to ``model_id`` (None: its folder is not there, does
    not answer within ``LOOK_S`` (a share that stopped answering: ``core.bounded_meta``), or is a URI:
    it cannot be told now; True where its folder is there but its ``library.json`` does not read:
    lost, being rewritten, refused)."""
    from .bounded_meta import call
    from .paths import is_uri

    if is_uri(root):
        return None
    try:
        return call(root, _look, Path(root), model_id, timeout_s=LOOK_S)
    except OSError:
        return None


def _look(folder: Path, model_id: str) -> bool | None:
    from .regular_file import read_regular

    if not folder.is_dir():
        return None
    try:
        meta = json.loads(read_regular(folder / "library.json", 1 << 20))
    except (OSError, ValueError):
        return True
    return meta.get("model_id") == model_id if isinstance(meta, dict) else True


def still_used(assembled: Path, model_id: str, now: float | None = None) -> bool:
    """Whether a library recorded as loading ``model_id`` still uses it (``_bound_to``; one whose
    folder is not there: while it was last loaded within ``AWAY_S``)."""
    now = time.time() if now is None else now
    for root, seen in _read(_users_file(assembled, model_id)).items():
        bound = _bound_to(root, model_id)
        if bound or (bound is None and now - seen < AWAY_S):
            return True
    return False


def prune(assembled: Path) -> list[str]:
    """Remove each build made whole in ``assembled`` (the cache's) that no library still uses; the
    ids removed. One stat where the cache holds none. Each recorded library is looked at (up to
    ``LOOK_S`` each): the index command and the window's open call it through ``prune_due``."""
    try:
        names = [p.name for p in assembled.iterdir()] if assembled.is_dir() else []
    except OSError:
        return []
    ids = {n for n in names if not n.startswith(".") and not n.endswith(USERS)}
    ids |= {n[: -len(USERS)] for n in names if n.endswith(USERS) and not n.startswith(".")}
    gone = []
    for model_id in sorted(ids):
        if still_used(assembled, model_id):
            continue
        shutil.rmtree(assembled / model_id, ignore_errors=True)
        _users_file(assembled, model_id).unlink(missing_ok=True)
        gone.append(model_id)
    return gone


def prune_due(assembled: Path, now: float | None = None) -> list[str]:
    """``prune``, where ``assembled`` was not pruned within ``PRUNE_EVERY_S`` (its ``PRUNED`` stamp's
    mtime, set first: another process at the same time skips it): a recorded library on a share that
    stopped answering costs its ``LOOK_S`` once a day, not at every index run or window opened. Never
    called from a search. One stat where the cache holds none; a stamp that cannot be set: no prune."""
    now = time.time() if now is None else now
    stamp = assembled / PRUNED
    try:
        if not assembled.is_dir():
            return []
        try:
            if now - stamp.stat().st_mtime < PRUNE_EVERY_S:
                return []
        except FileNotFoundError:
            pass
        stamp.touch()
        os.utime(stamp, (now, now))
    except OSError:
        return []
    return prune(assembled)
