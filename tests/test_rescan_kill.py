"""The re-scan check's crash step (``tests.rescan_world.World.op_crash``) kills its ``seekframe index``
at a write its seed picks (``tests.rescan_kill``), not after a random time: the same kill leaves
the same library on every try, so a failing seed reproduces. Before, a kill landed wherever the
clock had the run then (a loaded machine: further back), and a seed's failure after one could
not be had again."""

from __future__ import annotations

import os
import shutil
import signal

import pytest

from core.cli import main
from core.library import VideoLibrary
from tests.cli_proc import start_cli
from tests.fakes import cli_encoder
from tests.rescan_kill import probe
from tests.rescan_world import KILL_SPREAD, World, make_pool
from tests.videos import Segment, write_truncated, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def killed_at(nth: int, lib, folder) -> tuple:
    """The child killed at its write ``nth``: how it ended, and the library it left."""
    proc = start_cli("index", "--library", lib, "-q", probe=probe(nth))
    _, err = proc.communicate(timeout=240)
    assert proc.returncode in (0, 1, -signal.SIGKILL), err
    with VideoLibrary(lib, read_only=True) as library:
        rows = sorted((os.path.relpath(v.path, folder), v.status, v.offline, v.n_moments, bool(v.error))
                      for v in library.video_table.all())
        record = library.meta.settings.other.get("unfinished_index")
    return proc.returncode == -signal.SIGKILL, rows, bool(record)


@pytest.mark.slow
def test_a_kill_at_a_write_leaves_the_same_library_each_time(tmp_path, capsys, encoder):
    folder, lib, kept = tmp_path / "clips", tmp_path / "lib", tmp_path / "as-indexed"
    write_video(folder / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(folder / "gone.mp4", [Segment(2, "white")], seed=5)
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
    shutil.copytree(lib, kept)
    (folder / "gone.mp4").unlink()
    for i, colour in enumerate(["blue", "green", "purple"]):
        write_video(folder / "sub" / f"{colour}.mp4", [Segment(2, colour)], seed=i + 2)
    write_truncated(folder / "red.mp4", folder / "cut.mp4", keep=0.3)
    seen = {}
    for nth in (4, 7, 10, 13, 16):
        tries = []
        for _ in range(2):
            shutil.rmtree(lib)
            shutil.copytree(kept, lib)
            tries.append(killed_at(nth, lib, folder))
        assert tries[0] == tries[1], (nth, tries)
        seen[nth] = tries[0]
    assert all(seen[n][0] for n in (4, 7, 10)), seen  # (each lands mid-run, before the run's last write)
    assert len({str(s) for s in seen.values()}) >= 4, seen  # (where it lands tells what is left)


@pytest.mark.slow
def test_a_crash_step_names_the_write_its_seed_picked(tmp_path, monkeypatch):
    """Two worlds of one seed kill their index at the same write, and say which."""
    import core.cli

    monkeypatch.setattr(core.cli, "_load_encoder", core.cli._load_encoder)  # (World replaces it)
    pool = make_pool(tmp_path / "pool")
    said = []
    for n in range(2):
        world = World(tmp_path / f"w{n}", 4, pool)
        try:
            said.append(world.op_crash().split("; index killed ")[-1])
        finally:
            world.close()
    assert said[0] == said[1] and said[0].startswith("at its write "), said
    assert 1 <= int(said[0].split()[3]) <= 1 + 4 * KILL_SPREAD


def test_a_folder_the_world_adds_is_one_the_library_took(tmp_path, monkeypatch):
    """An add-folder step whose index fails says so at that step, with the folders library.json
    lists: before, the world counted the folder as the library's whatever the run said, and the
    failure came steps later, as a re-scan with folders that differ or none to index."""
    import core.cli

    monkeypatch.setattr(core.cli, "_load_encoder", core.cli._load_encoder)  # (World replaces it)
    world = World(tmp_path / "w", 1, make_pool(tmp_path / "pool"))
    try:
        cli = world.cli
        monkeypatch.setattr(world, "cli", lambda *a: (2, "seekframe: refused") if a[0] == "index" else cli(*a))
        with pytest.raises(AssertionError, match="index exited 2: seekframe: refused") as failed:
            world.op_add_folder()
        assert "library.json's folders: [" in str(failed.value) and "add folder" in str(failed.value)
    finally:
        world.close()
