"""How long earlier builds of a bundled model are kept (``core.earlier_users``): the package carries
the last few, the user's cache keeps one while a library of theirs still uses it and lets it go once
none does. Before, every rebuild added 1.5 MB to every wheel for ever, and a build made whole in the
cache stayed there for ever, even after its one library moved to this version's build; and a library
whose build a later package no longer carried was refused its searches though its build sat in the
user's cache."""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest

from core import earlier_builds, earlier_users
from core.errors import ModelMismatchError
from core.model_choice import choose_model
from core.paths import cache_dir
from tests.test_earlier_builds import _bound, resources, upgrade  # noqa: F401  (the fixture)


def _assembled():
    return cache_dir() / earlier_builds.ASSEMBLED


@pytest.mark.slow
def test_a_package_carries_the_last_builds_only(resources):  # noqa: F811
    ids = [upgrade(resources)[0] for _ in range(earlier_users.PACKAGED + 2)]
    assert len(set(ids)) == len(ids)
    assert sorted(earlier_builds.kept_ids("real")) == sorted(ids[-earlier_users.PACKAGED:])  # the oldest two gone
    assert earlier_builds.earlier_build(ids[0]) is None and earlier_builds.earlier_build(ids[-1]) is not None


@pytest.mark.slow
def test_a_build_kept_before_the_rule_goes_first(resources):  # noqa: F811
    old, _ = upgrade(resources)
    build = resources.parent / "earlier" / old / "build.json"
    build.write_text(json.dumps({"model_id": old, "of": "real"}))  # (s54's build.json: no order)
    later = [upgrade(resources)[0] for _ in range(earlier_users.PACKAGED)]
    assert sorted(earlier_builds.kept_ids("real")) == sorted(later)


def test_the_cache_lets_a_build_go_once_its_library_moved(resources, tmp_path):  # noqa: F811
    old, new = upgrade(resources)
    lib = _bound(tmp_path, old, str(resources))
    try:
        folder = choose_model(None, str(resources), lib.root, old)  # (what a search or the window loads)
        assert folder == str(_assembled() / old)
        assert choose_model(None, str(resources), tmp_path / "other", new) == str(resources)
        assert (_assembled() / old).is_dir()  # its library still uses it
        meta = json.loads((tmp_path / "lib" / "library.json").read_text())
        meta["model_id"] = new  # (what `seekframe index --reindex` leaves)
        (tmp_path / "lib" / "library.json").write_text(json.dumps(meta))
        assert choose_model(None, str(resources), lib.root, new) == str(resources)
        assert earlier_builds.let_unused_go() == [old]  # (the index command's, the window's open: not a search's)
        assert not (_assembled() / old).exists() and not list(_assembled().glob("[!.]*"))
    finally:
        lib.close(optimize=False)


@pytest.mark.slow
def test_a_library_folder_gone_keeps_its_build_a_while(resources, tmp_path):  # noqa: F811
    old, new = upgrade(resources)
    away = tmp_path / "unplugged" / "lib"
    assert choose_model(None, str(resources), away, old) == str(_assembled() / old)
    assert earlier_users.prune(_assembled()) == []  # (a drive unplugged: it comes back)
    users = _assembled() / f"{old}{earlier_users.USERS}"
    seen = time.time() - earlier_users.AWAY_S - 60
    users.write_text(json.dumps({str(away): seen}))
    assert earlier_users.prune(_assembled()) == [old] and not (_assembled() / old).exists()
    assert earlier_builds.earlier_build(old) is not None  # still in the package: made again when asked


@pytest.mark.slow
def test_a_library_keeps_its_build_after_the_package_dropped_it(resources, tmp_path):  # noqa: F811
    old, new = upgrade(resources)
    lib = _bound(tmp_path, old, str(resources))
    try:
        folder = choose_model(None, str(resources), lib.root, old)
        for _ in range(earlier_users.PACKAGED):
            upgrade(resources)
        shutil.rmtree(resources.parent / "earlier" / old, ignore_errors=True)  # (the package no longer carries it)
        assert old not in earlier_builds.kept_ids("real")
        assert choose_model(None, str(resources), lib.root, old) == folder
        assert "it searches and indexes with that build" in earlier_builds.library_text(str(resources), old)
        from core.encoders.file_ids import derive

        assert derive(folder) == old
        # once nothing holds it, the words are today's: not kept, --reindex moves it
        shutil.rmtree(folder)
        with pytest.raises(ModelMismatchError) as refused:
            lib.bind_model(earlier_builds.current_id("real"), str(resources), 384)
        assert "does not keep" in str(refused.value) and "`seekframe index --reindex` moves it" in str(refused.value)
    finally:
        lib.close(optimize=False)


def test_a_cache_that_cannot_be_written_still_serves_the_build(resources, tmp_path, monkeypatch):  # noqa: F811
    old, _ = upgrade(resources)
    monkeypatch.setattr(earlier_users, "_read", lambda path: {})

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("core.atomic.write_bytes", refused)
    assert choose_model(None, str(resources), tmp_path / "lib", old) == str(_assembled() / old)
    assert not os.path.exists(_assembled() / f"{old}{earlier_users.USERS}")
