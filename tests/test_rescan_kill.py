"""The re-scan check's crash step (``tests.rescan_world.World.op_crash``) kills its ``seekframe index``
at a write its seed picks (``tests.rescan_kill``), not after a random time: the same kill leaves
the same library on every try, so a failing seed reproduces. Before, a kill landed wherever the
clock had the run then (a loaded machine: further back), and a seed's failure after one could
not be had again."""

from __future__ import annotations

import json
import os
import shutil
import signal

import pytest

from core.cli import main
from core.library import VideoLibrary
from tests.cli_zygote import run_probe
from tests.fakes import cli_encoder
from core.library.torn import data_files
from core.library.torn import manifests as torn_manifests
from tests.rescan_kill import HINT, TORN, probe
from tests.rescan_world import KILL_SPREAD, World, make_pool
from tests.videos import Segment, write_truncated, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def killed_at(nth: int, lib, folder) -> tuple:
    """The child killed at its write ``nth``: how it ended, and the library it left."""
    code, err = run_probe(probe(nth), "index", "--library", lib, "-q", timeout=240)
    assert code in (0, 1, -signal.SIGKILL), err
    with VideoLibrary(lib, read_only=True) as library:
        rows = sorted((os.path.relpath(v.path, folder), v.status, v.offline, v.n_moments, bool(v.error))
                      for v in library.video_table.all())
        record = library.meta.settings.other.get("unfinished_index")
    return code == -signal.SIGKILL, rows, bool(record)


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


def torn_at(nth: int, torn: str, lib, folder) -> tuple:
    """The child's commit at or after its write ``nth`` torn at ``torn``: its stderr line, and the
    library it left."""
    code, err = run_probe(probe(nth, torn), "index", "--library", lib, "-q", timeout=240)
    assert code == -signal.SIGKILL, err
    line = next(line for line in err.splitlines() if line.startswith("torn: "))
    return line, _rows(lib, folder)


def _rows(lib, folder):
    with VideoLibrary(lib, read_only=True) as library:
        return sorted((os.path.relpath(v.path, folder), v.status, v.n_moments) for v in library.video_table.all())


@pytest.mark.slow
@pytest.mark.parametrize("torn", TORN)
def test_a_kill_inside_a_commit_leaves_its_files_without_its_version_and_the_next_index_mends_it(
        tmp_path, capsys, encoder, torn):
    """A kill inside one LanceDB commit (its data files written, and its transaction file, and its
    version file, each in turn; not its version hint): since kills land at seed-chosen writes
    (50f187d) the fuzz had no such kill, which the timed kill before hit by chance."""
    folder, lib, kept = tmp_path / "clips", tmp_path / "lib", tmp_path / "as-indexed"
    write_video(folder / "red.mp4", [Segment(2, "red")], seed=1)
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
    shutil.copytree(lib, kept)
    for i, colour in enumerate(["blue", "green"]):
        write_video(folder / f"{colour}.mp4", [Segment(2, colour)], seed=i + 2)
    moments = lib / "db" / "moments.lance"
    versions = [v for v, _ in torn_manifests(moments)]
    tries = []
    for _ in range(2):
        shutil.rmtree(lib)
        shutil.copytree(kept, lib)
        tries.append(torn_at(4, torn, lib, folder))  # (blue's moments: the run's first commit of moments)
    assert tries[0] == tries[1], tries
    assert tries[0][0].startswith("torn: add of moments.lance"), tries[0]
    newest = torn_manifests(moments)
    names = set(os.listdir(moments / "data"))
    left = names - {p.name for p in data_files(moments, newest[0][1], names)}
    if torn == "version":  # (its version there, the hint still the one before)
        assert newest[0][0] == versions[0] + 1 and not left
        hint = json.loads((moments / "_versions" / HINT).read_text())
        assert versions[0] in hint.values() and newest[0][0] not in hint.values(), hint
    else:  # (its data file there, no version names it)
        assert [v for v, _ in newest] == versions and len(left) == 1, (newest, left)
        assert len(list((moments / "_transactions").iterdir())) == len(versions) + (torn == "txn")
    assert main(["index", "--library", str(lib), "-q"]) == 0
    assert _rows(lib, folder) == [("blue.mp4", "done", 1), ("green.mp4", "done", 1), ("red.mp4", "done", 1)]
    capsys.readouterr()
    assert main(["status", "--library", str(lib), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["moments"] == 3 and not status["problems"], status
