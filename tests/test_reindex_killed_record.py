"""A ``seekframe index --reindex A`` (the library's own model and cut) records the folders whose videos
it embeds again (``core.reembed_record``), but not which process did it nor how it ended: a killed one
could not be told from one the user cancelled or one that stopped on an error, so the window could
not resume it at its open as it resumes a killed run. Its record now names its process
(``reembed_record.RUNS``), a run that stops says how, one that finishes leaving a video waiting says
so, and a later run that embeds the folder's videos again takes it over: ``reembed_record.killed``
names only a run whose process died saying nothing."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core import reembed_record, run_owner
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder
from tests.test_reindex_keeps_searchable import _two_folders, red_fails
from tests.test_reindex_resumes import _crash_after_first_commit

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="another process is not looked at on Windows")


def _settings(lib):
    with VideoLibrary(lib, read_only=True) as library:
        return library.meta.settings


def _killed(lib) -> tuple:
    from core.library_status import library_status

    with VideoLibrary(lib, read_only=True) as library:
        return library_status(library).reembed_killed


def dead_process() -> dict:
    """A process of this machine that has ended, as a record names it."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    owner = {"pid": child.pid, "host": run_owner.this_process()["host"], "started": run_owner.started(child.pid)}
    child.wait()
    return owner


def as_killed(lib, owner: dict) -> None:
    """The record's runs as ``owner``'s, saying nothing of their end (its process SIGKILLed)."""
    path = f"{lib}/library.json"
    with open(path) as f:
        data = json.load(f)
    settings = data["extra"]["settings"]
    settings[reembed_record.RUNS] = {r: {**owner, "since": at} for r, at in settings[reembed_record.KEY].items()}
    with open(path, "w") as f:
        json.dump(data, f)


def test_a_reindex_that_crashed_on_an_error_says_so_and_is_not_taken_as_killed(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    _crash_after_first_commit(monkeypatch, lib, a)
    runs = reembed_record.runs(_settings(lib))
    assert runs[str(a)]["ended"] == "interrupted" and runs[str(a)]["pid"] > 0, runs  # (the parent: no record)
    assert _killed(lib) == ()
    as_killed(lib, dead_process())
    assert _killed(lib) == ((str(a), 1),)
    with VideoLibrary(lib) as writer:  # (an older version's --reindex of A again, recording no process of its own)
        since = reembed_record.recorded(writer.meta.settings)[str(a)]
        writer.update_settings(**{reembed_record.KEY: {str(a): since + 1.0}})
    assert _killed(lib) == ()


def test_a_run_that_takes_a_killed_reindex_over_and_is_cancelled_is_not_killed(tmp_path, capsys, monkeypatch):
    """The user's Cancel of the run embedding them again (the window's resume, Finish indexing): never
    started again behind their back."""
    from core.indexer import MomentIndexer

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    _crash_after_first_commit(monkeypatch, lib, a)
    as_killed(lib, dead_process())
    with VideoLibrary(lib) as writer:
        indexer = MomentIndexer(writer, FixedTextEncoder())
        for event in indexer.run([str(a)]):
            if event.kind == "scanned":
                taken = reembed_record.runs(writer.meta.settings)[str(a)]  # (taken over by this run's process)
                assert run_owner.read(taken) == run_owner.read(run_owner.this_process()), taken
                indexer.cancel(chosen=True)
    assert reembed_record.runs(_settings(lib))[str(a)]["ended"] == "cancelled"
    assert _killed(lib) == ()


@pytest.mark.slow  # (~4 s: two runs, each with its decode processes)
def test_a_run_that_finishes_with_a_video_failing_again_is_not_killed(tmp_path, capsys, monkeypatch):
    """A video whose re-embed fails each time: the run says its failure and the folder's entry stays for
    the next run, but is not resumed again and again at every open."""
    from core import service

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    for reindex in (True, False):  # (the --reindex, then the run that takes it over once it was killed)
        with VideoLibrary(lib) as writer:
            events = list(service.IndexRun(writer, FixedTextEncoder(), [str(a)], reindex=reindex,
                                           decode_fn=red_fails).events())
        assert events[-1].kind == "finished" and [p for p, _ in events[-1].failed] == [str(a / "red.mp4")]
        settings = _settings(lib)
        assert str(a) in reembed_record.recorded(settings)  # (red.mp4 still waits: the next run tries it)
        assert reembed_record.runs(settings)[str(a)]["ended"] == "finished"
        assert _killed(lib) == ()
        as_killed(lib, dead_process())
        assert _killed(lib) == ((str(a), 1),)


def test_a_finished_reindex_leaves_no_runs(tmp_path, capsys, monkeypatch):
    from core import service

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    with VideoLibrary(lib) as writer:
        events = list(service.IndexRun(writer, FixedTextEncoder(), [str(a)], reindex=True).events())
    assert events[-1].kind == "finished"
    other = _settings(lib).other
    assert reembed_record.KEY not in other and reembed_record.RUNS not in other, other


def test_a_reindex_stopped_before_its_indexer_ran_says_how_it_ended(tmp_path, capsys, monkeypatch):
    """``IndexRun.events`` records the --reindex (``reembed_record.begin``) before it builds its indexer,
    whose ``run`` says how a run ended: a Ctrl-C, an error or a cancel not the user's meanwhile left the
    record saying nothing, read as killed once the process was gone, and the window's next open resumed
    a run the user had cancelled (rv_1 finding 2)."""
    from core import service
    from core.indexer import MomentIndexer

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)

    def stopped(stop) -> str:
        """How the record says a --reindex of A ended, ``stop`` met as its indexer is built."""
        def make(*args, **kwargs):
            stop(run)
            return MomentIndexer(*args, **kwargs)

        with VideoLibrary(lib) as writer:
            run = service.IndexRun(writer, FixedTextEncoder(), [str(a)], reindex=True, indexer=make)
            try:
                events = list(run.events())
                assert [e.kind for e in events] == ["cancelled"], events
            except (KeyboardInterrupt, RuntimeError):
                pass
        gone = dead_process()  # (the process ended since)
        with VideoLibrary(lib) as writer:
            held = reembed_record.runs(writer.meta.settings)
            writer.update_settings(**{reembed_record.RUNS: {r: {**rec, **gone} for r, rec in held.items()}})
        assert _killed(lib) == (), reembed_record.runs(_settings(lib))
        return reembed_record.runs(_settings(lib))[str(a)].get("ended")

    def ctrl_c(run):
        raise KeyboardInterrupt

    def error(run):
        raise RuntimeError("the indexer could not be built")

    assert stopped(ctrl_c) == "cancelled"  # (the parent: no end said, read as killed)
    assert stopped(error) == "interrupted"
    assert stopped(lambda run: run.cancel()) == "interrupted"  # (a window closing, not the user's Cancel)
    assert stopped(lambda run: run.cancel(chosen=True)) == "cancelled"
