"""A stopped index run's record (``core.stopped_runs``) could not tell a cancel (the user chose to
stop: the window's Cancel, a Ctrl-C) from a kill or a crash (its process died: ``kill -9``, a power
cut), so nothing could resume a killed run behind the user's back without resuming a cancelled one
too, and `seekframe status` said "stopped before it finished" of both. Now a run that stops says how
in its record ("cancelled", or "interrupted" when its front end stopped it or an error did), the
record names the process that planned it (``core.run_owner``: pid, machine, start), and a record
that says nothing of its end while that process is gone reads "killed"; one an older version wrote
reads "unknown". Status says "was cancelled before it finished" of a cancelled one."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from core import run_ends, run_owner, service, stopped_runs
from core.cli import main
from core.library import VideoLibrary
from core.library.meta import LibrarySettings
from tests.cli_proc import indexed_folder
from tests.test_status_stopped_index import Row
from tests.videos import Segment, write_video


def _dead_process() -> dict:
    """A process of this machine that ran and is gone (its pid free or another's now)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        owner = run_owner.read({"pid": child.pid, "host": run_owner.this_process()["host"],
                                "started": run_owner.started(child.pid)})
        assert run_owner.gone(owner) is False  # (it runs)
    finally:
        child.kill()
        child.wait()
    return owner


@pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")
def test_a_process_gone_is_told_from_one_running_and_from_one_not_known():
    me = run_owner.this_process()
    assert run_owner.gone(run_owner.read(me)) is False
    assert run_owner.gone(_dead_process()) is True
    if run_owner.started(os.getpid()):  # (a start known: the same pid, a later process, is not the one)
        assert run_owner.gone({**me, "started": "another-boot:1"}) is True
    assert run_owner.gone(run_owner.read({**me, "host": me["host"] + "-elsewhere"})) is None  # (another machine's)
    assert run_owner.read({"files": 3}) is None and run_owner.gone(None) is None  # (an older version's record)


def _settings(record: dict) -> LibrarySettings:
    return LibrarySettings(folders=["/v"]).updated(**{stopped_runs.KEY: record})


def test_how_a_run_ended_is_read_from_its_record():
    me = run_owner.this_process()
    dead = _dead_process() if sys.platform != "win32" else None
    record = {"/v/A": {"files": 2, "failed": 0, "at": 1.0, **me, "ended": "cancelled"},
              "/v/B": {"files": 2, "failed": 0, "at": 2.0, **me, "ended": "interrupted"},
              "/v/C": {"files": 2, "failed": 0, "at": 3.0, **me},  # (this very process: it may be going on)
              "/v/D": {"files": 2, "failed": 0, "at": 4.0}}  # (an older version's)
    if dead is not None:
        record["/v/E"] = {"files": 2, "failed": 0, "at": 5.0, **dead}
    runs = {run.roots[0]: run.ended for run in stopped_runs.stopped(_settings(record), [])}
    assert runs == {"/v/A": "cancelled", "/v/B": "interrupted", "/v/C": "unknown", "/v/D": "unknown",
                    **({"/v/E": "killed"} if dead is not None else {})}
    if dead is not None:  # (only what was killed, in folders there now, is resumed)
        all_runs = stopped_runs.stopped(_settings(record), [])
        assert stopped_runs.killed(all_runs, ["/v"]) == (("/v/E", 2),)
        assert stopped_runs.killed(all_runs, ["/w"]) == ()
    cancelled = next(r for r in stopped_runs.stopped(_settings(record), []) if r.roots == ("/v/A",))
    assert stopped_runs.stopped_text(cancelled) == ("An index of /v/A was cancelled before it finished (2 files were "
                                                   "still to index); `seekframe index` indexes the rest.")
    assert cancelled.to_json()["ended"] == "cancelled"


def test_the_first_end_said_stays_and_other_runs_keep_theirs():
    settings = _settings({})
    settings = settings.updated(**stopped_runs.planned_values(settings, ["/v/A"], [Row("/v/A/1.mp4")], [], now=10.0,
                                                              process=run_owner.this_process()))
    settings = settings.updated(**run_ends.ended_values(settings, 10.0, stopped_runs.CANCELLED))
    assert run_ends.ended_values(settings, 10.0, stopped_runs.INTERRUPTED) is None  # (said already)
    assert run_ends.ended_values(settings, 99.0, stopped_runs.CANCELLED) is None  # (no such run)
    settings = settings.updated(**stopped_runs.planned_values(settings, ["/v/B"], [Row("/v/B/1.mp4")], [], now=11.0))
    kept = stopped_runs.recorded(settings)["/v/A"]  # (another run's plan keeps what A's says)
    assert kept["ended"] == "cancelled" and kept["pid"] == os.getpid()


def _new_folder(tmp_path):
    folder = tmp_path / "D"
    for i, colour in enumerate(("green", "white", "black")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=10 + i)
    return folder


def _stopped(lib, capsys) -> list:
    capsys.readouterr()
    assert main(["status", "--library", str(lib), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["stopped_runs"]


def test_a_ctrl_c_while_the_cli_prints_is_a_cancel(tmp_path, capsys, monkeypatch):
    """The Ctrl-C comes where the CLI prints a file's progress, outside the run's own code."""
    import core.cli

    model, videos, lib = indexed_folder(tmp_path)
    folder = _new_folder(tmp_path)
    real = core.cli.said_at_start

    def ctrl_c_at_the_first_file(lib_, events):
        for ev in real(lib_, events):
            if ev.kind == "file_started":
                raise KeyboardInterrupt
            yield ev

    monkeypatch.setattr(core.cli, "said_at_start", ctrl_c_at_the_first_file)
    assert main(["index", str(folder), "--library", str(lib), "-q"]) == 130
    assert _stopped(lib, capsys) == [{"roots": [str(folder)], "planned": 3, "left": 3, "quick_only": 0,
                                         "ended": "cancelled"}]
    assert main(["status", "--library", str(lib)]) == 0
    assert f"An index of {folder} was cancelled before it finished (3 files" in capsys.readouterr().out


@pytest.mark.parametrize("chosen", [True, False], ids=["the_user_s_cancel", "its_front_end_s"])
def test_a_run_cancelled_says_whose_cancel_it_was(tmp_path, chosen):
    from core.encoders import Encoder

    model, videos, lib = indexed_folder(tmp_path)
    folder = _new_folder(tmp_path)
    with VideoLibrary(lib) as library:
        run = service.IndexRun(library, Encoder.load(str(model)), [str(folder)], part_of_folder=True)
        kinds = []
        for ev in run.events():
            kinds.append(ev.kind)
            if ev.kind == "scanned":
                run.cancel(chosen=chosen)
                run.cancel()  # (the worker's own cancel follows the user's: it stays the user's)
        assert kinds[-1] == "cancelled"
        (ended,) = {rec.get("ended") for rec in stopped_runs.recorded(library.meta.settings).values()}
    assert ended == ("cancelled" if chosen else "interrupted")


def test_a_run_an_error_stopped_is_no_kill(tmp_path, capsys, monkeypatch):
    from core import indexer

    model, videos, lib = indexed_folder(tmp_path)
    folder = _new_folder(tmp_path)

    def broken(self, book, files):
        raise RuntimeError("a bug")
        yield  # (a generator, as the real one)

    monkeypatch.setattr(indexer.MomentIndexer, "_pipeline", broken)
    with pytest.raises(RuntimeError):
        main(["index", str(folder), "--library", str(lib), "-q"])
    assert [r["ended"] for r in _stopped(lib, capsys)] == ["interrupted"]


def killed_run_of(folder, lib, capsys, monkeypatch) -> None:
    """A run of ``folder`` recorded as a process that died after its plan wrote it (nothing of its end)."""
    from core import indexer

    def broken(self, book, files):
        raise RuntimeError("a bug")
        yield  # (a generator, as the real one)

    with monkeypatch.context() as m:
        m.setattr(indexer.MomentIndexer, "_pipeline", broken)
        with pytest.raises(RuntimeError):
            main(["index", str(folder), "--library", str(lib), "-q"])
    data = json.loads((lib / "library.json").read_text())  # (as a process that died wrote it: nothing of its end)
    for rec in data["extra"]["settings"][stopped_runs.KEY].values():
        del rec["ended"]
        rec.update(_dead_process())
    (lib / "library.json").write_text(json.dumps(data))
    assert [r["ended"] for r in _stopped(lib, capsys)] == ["killed"]


@pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")
def test_a_ctrl_c_before_the_plan_cancels_the_killed_run_it_would_have_finished(tmp_path, capsys, monkeypatch):
    """A run of D killed after its plan, then `seekframe index D` Ctrl-C'd while it scans (no plan of
    its own yet): the user stopped the indexing of D, so the killed run is not resumed behind them."""
    from core import indexer

    ctrl_c_after_a_killed_run(tmp_path, capsys, monkeypatch, indexer, "scan")


def ctrl_c_after_a_killed_run(tmp_path, capsys, monkeypatch, module, name: str) -> None:
    """A run of a new folder killed after its plan, then `seekframe index` of it Ctrl-C'd where
    ``module.name`` is called: the killed run reads 'cancelled'."""
    model, videos, lib = indexed_folder(tmp_path)
    folder = _new_folder(tmp_path)
    killed_run_of(folder, lib, capsys, monkeypatch)

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(module, name, ctrl_c)
        assert main(["index", str(folder), "--library", str(lib), "-q"]) == 130
    assert [r["ended"] for r in _stopped(lib, capsys)] == ["cancelled"]
