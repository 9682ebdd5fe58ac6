"""A seeded, model-based check that re-scans keep the library true (``tests.rescan_world``): random
operations on 2-3 library folders (add, copy, rename, move, delete, replace, touch, cut short,
unplug and plug back, folders added and forgotten, now and then a ``seekframe index`` killed
part-way), each followed by ``seekframe index`` and the checks of ``tests.rescan_checks``.

A few seeds of 20 steps by default; ``SEEKFRAME_RESCAN_SEEDS=0-199`` (a range or a list) and
``SEEKFRAME_RESCAN_STEPS`` run more, as ``benchmarks/rescan_fuzz.py`` does. The world with links
(``tests.rescan_links``: links to folders and files, their targets taken away and put back, an
older library's safety valve) runs one seed by default (305: within its 20 steps it fails on a
re-scan that loses the videos behind a link to an emptied folder or one that dangles, and on the
words of 4ae0f57's parent), ``SEEKFRAME_RESCAN_LINK_SEEDS`` more. The world with videos moved across
folders, each re-scanned alone (``tests.rescan_one``), runs seed 301, ``SEEKFRAME_RESCAN_ONE_SEEDS`` more. A failure names its
seed and the operations that led to it. A kill lands at a write its seed picks
(``tests.rescan_kill``): a seed repeats its kills too."""

from __future__ import annotations

import os

import pytest

import core.cli
from tests.rescan_world import World, make_pool


def _seeds(name: str = "SEEKFRAME_RESCAN_SEEDS", default=(1, 2, 3)) -> list[int]:
    given = os.environ.get(name, "")
    if not given:
        return list(default)
    out: list[int] = []
    for part in given.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    return make_pool(tmp_path_factory.mktemp("pool"))


@pytest.mark.slow
@pytest.mark.parametrize("seed", _seeds())
def test_rescans_keep_the_library_true(seed, pool, tmp_path, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", core.cli._load_encoder)  # (World replaces it)
    world = World(tmp_path, seed, pool)
    try:
        for _ in range(int(os.environ.get("SEEKFRAME_RESCAN_STEPS", "20"))):
            world.step()
    finally:
        world.close()


@pytest.mark.slow
@pytest.mark.parametrize("seed", _seeds("SEEKFRAME_RESCAN_LINK_SEEDS", (305,)))
def test_rescans_with_links_keep_the_library_true(seed, pool, tmp_path, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", core.cli._load_encoder)  # (World replaces it)
    world = World(tmp_path, seed, pool, links=True)
    try:
        for _ in range(int(os.environ.get("SEEKFRAME_RESCAN_STEPS", "20"))):
            world.step()
    finally:
        world.close()


@pytest.mark.slow
@pytest.mark.parametrize("seed", _seeds("SEEKFRAME_RESCAN_ONE_SEEDS", (301,)))
def test_one_folder_rescans_keep_the_library_true(seed, pool, tmp_path, monkeypatch):
    """Now and then a video moved to another library folder and each folder re-scanned alone, checked by what
    a re-scan of one folder may change (``tests.rescan_one``); 301 moves three in its first 15 steps."""
    monkeypatch.setattr(core.cli, "_load_encoder", core.cli._load_encoder)  # (World replaces it)
    world = World(tmp_path, seed, pool, one_folder=True)
    try:
        for _ in range(int(os.environ.get("SEEKFRAME_RESCAN_STEPS", "20"))):
            world.step()
    finally:
        world.close()
