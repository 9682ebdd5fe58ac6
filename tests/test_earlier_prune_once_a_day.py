"""The cache's upkeep of earlier builds (``earlier_users.prune``) looks at every library recorded as
using a build, each through a bounded look of up to ``LOOK_S`` (2 s). It ran at every ``choose_model``:
every ``seekframe search``, every window opened, so a recorded library on a share that stopped
answering added 2 s to each search for up to 90 days. It now runs at most once a day
(``earlier_users.prune_due``), from the index command and the window's open, never from a search."""

from __future__ import annotations

import json
import os
import threading

import pytest

from core import earlier_builds, earlier_users
from core.model_choice import choose_model
from core.paths import cache_dir
from tests.test_earlier_builds import resources, upgrade  # noqa: F401  (the fixture)


@pytest.fixture
def held(tmp_path, monkeypatch):
    """A recorded library on a share that does not answer: each look at it is counted and hangs
    (until the test ends)."""
    share = tmp_path / "share" / "lib"
    looks, release, real = [], threading.Event(), earlier_users._look

    def look(folder, model_id):
        if str(folder) == str(share):
            looks.append(folder)
            release.wait(30)
        return real(folder, model_id)

    monkeypatch.setattr(earlier_users, "_look", look)
    monkeypatch.setattr(earlier_users, "LOOK_S", 0.2)
    yield share, looks
    release.set()


def test_a_search_does_not_wait_for_a_recorded_library_on_a_held_share(resources, held, tmp_path):  # noqa: F811
    share, looks = held
    old, new = upgrade(resources)
    assert choose_model(None, str(resources), share, old)  # its build made whole in the cache, the library recorded
    assembled = cache_dir() / earlier_builds.ASSEMBLED
    assert (assembled / old).is_dir() and looks == []
    for _ in range(3):  # searches of a library on this install's build (a CLI search each, a window's query)
        assert choose_model(None, str(resources), tmp_path / "other", new) == str(resources)
    assert looks == []  # (before: one look per search, each waited for up to LOOK_S)
    assert (assembled / old).is_dir()


def test_the_cache_is_pruned_once_a_day(resources, tmp_path, monkeypatch):  # noqa: F811
    pruned, real = [], earlier_users.prune
    monkeypatch.setattr(earlier_users, "prune", lambda assembled: pruned.append(assembled) or real(assembled))
    old, new = upgrade(resources)
    choose_model(None, str(resources), tmp_path / "lib", old)
    assembled = cache_dir() / earlier_builds.ASSEMBLED
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "library.json").write_text(json.dumps({"model_id": new}))  # (moved: `index --reindex`)
    assert earlier_builds.let_unused_go() == [old] and len(pruned) == 1
    choose_model(None, str(resources), tmp_path / "lib", old)  # made again
    assert earlier_builds.let_unused_go() == [] and len(pruned) == 1  # the same day: nothing looked at
    day_ago = (assembled / earlier_users.PRUNED).stat().st_mtime - earlier_users.PRUNE_EVERY_S - 1
    os.utime(assembled / earlier_users.PRUNED, (day_ago, day_ago))
    assert earlier_builds.let_unused_go() == [old] and len(pruned) == 2  # a day later, again


def test_an_index_run_prunes_and_a_search_does_not(resources, tmp_path, monkeypatch):  # noqa: F811
    pruned = []
    monkeypatch.setattr(earlier_users, "prune", lambda assembled: pruned.append(assembled) or [])
    old, new = upgrade(resources)
    choose_model(None, str(resources), tmp_path / "lib", old)  # (a copy in the cache)
    choose_model(None, str(resources), tmp_path / "other", new)
    assert pruned == []
    from types import SimpleNamespace

    from core.cli import _load_encoder

    _load_encoder(SimpleNamespace(model=None, device=None, reindex=False), str(resources), tmp_path / "other", new)
    assert pruned == [cache_dir() / earlier_builds.ASSEMBLED]
