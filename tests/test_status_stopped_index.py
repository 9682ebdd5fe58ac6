"""An index run that stopped before it finished is said by ``seekframe status`` (fault attack s42,
finding 3). Before: after ``seekframe index D`` was killed part-way through a new folder, status
showed ``D online, 0 videos (0 done ...)``, ``pending: 0``, and nothing said that a run stopped:
the files it had not reached have no row until their video is complete, so nothing counted them.
Now the run records its roots and the files it planned in library.json (``core.stopped_runs``),
status says "An index of D stopped before it finished (N files were still to index); `seekframe
index` indexes the rest." (``stopped_runs`` in --json) until a run of D finishes, a re-scan with
nothing to do on the library's snapshot included (a plain library.json write, no LanceDB), and
says nothing while a writer holds the lock (that run is going on)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from core import stopped_runs
from core.cli import main
from core.library import snapshot, store
from core.library.lock import lock_library
from core.library.meta import LibrarySettings
from tests.cli_proc import indexed_folder, kill_when, start_cli
from tests.stopped_index import ctrl_c_run
from tests.videos import Segment, write_video

N_NEW = 4


def _new_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "D"
    for i, colour in enumerate(("green", "white", "black", "purple")[:N_NEW]):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=10 + i)
    return folder


def _status(lib, capsys, *extra) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["status", "--library", str(lib), *extra])
    return code, capsys.readouterr().out


def _said(folder: Path, n: int, how: str = "stopped before it finished") -> str:
    return (f"An index of {folder} {how} ({n} files were still to index); "
            "`seekframe index` indexes the rest.")


def _settings(lib: Path) -> dict:
    return json.loads((lib / "library.json").read_text())["extra"]["settings"]


PROBE = """
import pathlib, sys, time
from core import indexer
real = indexer.MomentIndexer._plan
def plan(self, roots, found):
    out = real(self, roots, found)
    pathlib.Path({mark!r}).write_text("planned")
    time.sleep(120)
    return out
indexer.MomentIndexer._plan = plan
from core.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_an_index_killed_part_way_is_said_until_an_index_finishes_it(tmp_path, capsys):
    model, videos, lib = indexed_folder(tmp_path)
    folder, mark = _new_folder(tmp_path), tmp_path / "planned"
    proc = start_cli("index", folder, "--library", lib, "-q", probe=PROBE.format(mark=str(mark)))
    assert kill_when(proc, mark.exists, timeout=180)  # kill -9 once its plan is known, nothing indexed yet
    code, out = _status(lib, capsys)
    assert code == 0 and f"Folder:  {folder}  online, 0 videos" in out
    assert _said(folder, N_NEW) in out, out
    code, out = _status(lib, capsys, "--json")
    assert json.loads(out)["stopped_runs"] == [{"roots": [str(folder)], "planned": N_NEW, "left": N_NEW,
                                                      "quick_only": 0, "ended": "killed"}]
    lock = lock_library(lib)  # a writer holds the lock: it may be that very run, going on
    try:
        assert "before it finished" not in _status(lib, capsys)[1]
        assert json.loads(_status(lib, capsys, "--json")[1])["stopped_runs"] == []
    finally:
        lock.release()
    assert main(["index", "--library", str(lib), "-q"]) == 0  # a plain index picks them up
    code, out = _status(lib, capsys)
    assert f"Folder:  {folder}  online, {N_NEW} videos ({N_NEW} done" in out
    assert "before it finished" not in out
    assert stopped_runs.KEY not in _settings(lib)
    assert json.loads(_status(lib, capsys, "--json")[1])["stopped_runs"] == []


def test_a_run_interrupted_then_a_noop_rescan_clears_it_without_the_library(tmp_path, capsys, monkeypatch):
    """A Ctrl-C'd run (it says "run the same command to finish") is said by status as cancelled; once
    its files are gone a re-scan of that folder has nothing to do: it runs on the snapshot, clears
    the record with a plain write of library.json, and leaves the snapshot good for the next one."""
    model, videos, lib = indexed_folder(tmp_path)
    folder = _new_folder(tmp_path)
    ctrl_c_run(lib, folder, monkeypatch)
    assert "run the same command to finish" in capsys.readouterr().err
    assert _said(folder, N_NEW, "was cancelled before it finished") in _status(lib, capsys)[1]
    for video in folder.iterdir():
        video.unlink()
    assert (lib / snapshot.SNAPSHOT_FILE).exists()
    with monkeypatch.context() as m:
        m.setattr(store.VideoLibrary, "__init__", lambda *a, **k: pytest.fail("opened"))
        assert main(["index", str(folder), "--library", str(lib), "-q"]) == 0
        assert stopped_runs.KEY not in _settings(lib)
        assert main(["index", "--library", str(lib), "-q"]) == 0  # the snapshot still of the library
    assert "before it finished" not in _status(lib, capsys)[1]


@dataclass
class Row:
    """A library row as ``core.stopped_runs`` reads one (tests.test_stopped_index_nested's too)."""

    path: str
    status: str = "done"
    quick: bool = False
    indexed_at: float = 0.0


def test_the_files_left_are_those_no_run_has_reached_since():
    settings = LibrarySettings(folders=["/v/D", "/v/K"])
    values = stopped_runs.planned_values(settings, ["/v/D", "/v/K"], [Row(f"/v/D/{i}.mp4") for i in range(5)]
                                         + [Row("/v/K/a.mp4")], [Row("/v/D/old.mp4", "failed")], now=100.0)
    settings = settings.updated(**values)
    assert stopped_runs.recorded(settings) == {"/v/D": {"files": 5, "failed": 1, "at": 100.0},
                                               "/v/K": {"files": 1, "failed": 0, "at": 100.0}}
    rows = [Row("/v/D/0.mp4", indexed_at=101), Row("/v/D/1.mp4", quick=True, indexed_at=101),  # quick: to come
            Row("/v/D/old.mp4", "failed", indexed_at=40), Row("/v/D/2.mp4", "failed", indexed_at=101),  # (a failure's
            Row("/v/D/x.mp4", indexed_at=50)]  # time: VideoTable.record_failures)
    runs = stopped_runs.stopped(settings, rows)
    assert runs == (stopped_runs.StoppedRun(("/v/D", "/v/K"), 6, 6 - 2, (("/v/D", 3), ("/v/K", 1)), quick=1),)
    assert stopped_runs.stopped(settings, rows, writing_now=True) == ()
    k_done = stopped_runs.stopped(settings, rows + [Row("/v/K/a.mp4", indexed_at=102)])
    assert k_done[0].left == 3
    # a run of K finished: K's record goes, D's stays; one of D gone from the library: not said
    settings = settings.updated(**stopped_runs.finished_values(settings, ["/v/K"]))
    assert list(stopped_runs.recorded(settings)) == ["/v/D"]
    assert stopped_runs.stopped(settings.updated(folders=["/v/K"]), rows) == ()
    settings = settings.updated(**stopped_runs.finished_values(settings, ["/v"]))
    assert stopped_runs.KEY not in settings.to_json() and stopped_runs.finished_values(settings, ["/v"]) is None
    assert stopped_runs.stopped_text(runs[0]).startswith("An index of /v/D, /v/K stopped before it finished "
                                                         "(4 files were still to index: 1 searchable already")


def test_files_searchable_through_their_quick_moments_are_said_so_not_just_still_to_index():
    """A run killed in its full pass: its files' quick moments are in the library, searchable.
    Before, `seekframe status` and the library panel's tooltip said "(40 files were still to index)"
    of 40 files 28 of which were found by a search; now how many are searchable already and how
    many are not indexed yet."""
    settings = LibrarySettings(folders=["/v/D"])
    settings = settings.updated(**stopped_runs.planned_values(
        settings, ["/v/D"], [Row(f"/v/D/{i}.mp4") for i in range(40)], [], now=100.0))
    quick = [Row(f"/v/D/{i}.mp4", quick=True, indexed_at=101) for i in range(28)]
    (run,) = stopped_runs.stopped(settings, quick)
    assert (run.left, run.quick) == (40, 28) and run.to_json()["quick_only"] == 28
    assert stopped_runs.stopped_text(run) == (
        "An index of /v/D stopped before it finished (40 files were still to index: 28 searchable already "
        "through their quick pass's moments, 12 not indexed yet); `seekframe index` indexes the rest.")
    every = [Row(f"/v/D/{i}.mp4", quick=True, indexed_at=101) for i in range(40)]
    (run,) = stopped_runs.stopped(settings, every)
    assert "(40 files were still to index: all searchable already through their quick pass's moments, their " \
           "full moments to come)" in stopped_runs.stopped_text(run)
    (run,) = stopped_runs.stopped(settings, [])  # none reached: as before
    assert run.quick == 0 and "(40 files were still to index); " in stopped_runs.stopped_text(run)
    (run,) = stopped_runs.stopped(settings, quick[:3])
    killed = replace(run, ended=stopped_runs.KILLED)  # (its process gone: the window resumes it, saying so)
    assert stopped_runs.killed_quick([killed], ["/v"]) == (("/v/D", 3),) and stopped_runs.killed_quick([run], ["/v"]) == ()
    _, tip = stopped_runs.folder_words(40, quick=28)  # the library panel's tooltip, its quick count given
    assert tip.startswith("Its last index stopped before it finished (40 files were still to index: 28 searchable "
                          "already through their quick pass's moments, 12 not indexed yet); Finish indexing")


def test_a_run_of_every_folder_names_those_with_files_left():
    settings = LibrarySettings(folders=["/v/A", "/v/D"])
    settings = settings.updated(**stopped_runs.planned_values(
        settings, ["/v/A", "/v/D"], [Row("/v/A/a.mp4"), Row("/v/D/d.mp4"), Row("/v/D/e.mp4")], [], now=100.0))
    runs = stopped_runs.stopped(settings, [Row("/v/A/a.mp4", indexed_at=101)])
    assert runs == (stopped_runs.StoppedRun(("/v/D",), 2, 2, (("/v/D", 2),)),)
    assert stopped_runs.per_folder(runs, ["/v", "/v/D"]) == {"/v/D": 2}
