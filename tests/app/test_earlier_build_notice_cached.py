"""A library whose earlier build a later package no longer carries keeps searching with the copy the
user's cache made for it (``core.earlier_users``), and ``seekframe status`` says it is on an earlier
build and how to move it; the window's notice looked at the package alone (``kept_ids``), so that
library was told nothing in the window. Both now follow one rule, ``core.earlier_builds.serves``."""

from __future__ import annotations

import shutil

import pytest

from app.earlier_build import look
from core import earlier_builds, earlier_users
from core.model_choice import choose_model
from core.paths import cache_dir
from tests.test_earlier_builds import _bound, resources, upgrade  # noqa: F401 (a fixture)


@pytest.mark.slow  # (four rebuilds in place, ~20 s)
def test_a_library_served_by_the_caches_copy_is_told_in_the_window_as_in_the_cli(resources, tmp_path):  # noqa: F811
    old, _ = upgrade(resources)
    lib = _bound(tmp_path, old, str(resources))
    try:
        copy = choose_model(None, str(resources), lib.root, old)  # (the window's open, or a search)
        for _ in range(earlier_users.PACKAGED):
            upgrade(resources)
        shutil.rmtree(resources.parent / "earlier" / old, ignore_errors=True)  # (the package dropped it)
        now = earlier_builds.current_id("real")
        assert old not in earlier_builds.kept_ids("real")
        assert "it searches and indexes with that build" in earlier_builds.library_text(str(resources), old)
        assert look(lib) == (old, now, str(resources))
        # the copy gone too: both say it is kept nowhere (the CLI's words; no notice, searches refused)
        shutil.rmtree(copy)
        assert "does not keep" in earlier_builds.library_text(str(resources), old)
        assert look(lib) == ()
    finally:
        lib.close(optimize=False)


@pytest.mark.slow  # (a rebuild in place, ~5 s)
def test_asking_makes_no_copy(resources, tmp_path):  # noqa: F811
    old, _ = upgrade(resources)
    lib = _bound(tmp_path, old, str(resources))
    try:
        assert "it searches and indexes with that build" in earlier_builds.library_text(str(resources), old)
        assert look(lib)[0] == old
        assert not (cache_dir() / earlier_builds.ASSEMBLED / old).exists()  # (a status read records no user: no copy to prune)
    finally:
        lib.close(optimize=False)
