"""Decode workers started as macOS and Windows start them ("spawn"), on Linux.

Most desktop users run macOS or Windows, where ``core.worker_start.context`` gives the decode
pool's workers from "spawn": each re-imports the command's ``__main__`` (the installed script,
``python -m core.cli``), everything handed to it must pickle, nothing set in the parent is inherited,
and each start pays for its imports. CI runs Linux, whose fork server no test turned off: these
tests run through spawn (``SEEKFRAME_WORKER_START=spawn``) what the fork server's tests run, and
compare the libraries the two make: ``seekframe index`` of real clips, a damaged one and enough
files for two passes, by the installed script and by ``python -m core.cli``; Ctrl-C mid-run; a
decoder that crashes (its worker lost and a fresh one started for the next file) and one that
hangs (the pool's time bound).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core import worker_start
from core.cli import main
from core.decode_pool import close_shared_pool, shared_pool
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests import decode_faults
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_broken_video, write_video

ROOT = Path(__file__).resolve().parent.parent
REAL = Path("/work/shared/videos")
SPAWN = {worker_start.START_METHOD_ENV: "spawn"}
# the installed ``seekframe`` script as pip writes it (pyproject's [project.scripts]): a spawned worker
# runs it again as ``__mp_main__``
SCRIPT = ("import sys\nfrom core.cli_entry import main\n"
          "if __name__ == '__main__':\n    sys.exit(main())\n")


@pytest.fixture
def spawned(monkeypatch):
    """This process's decode workers started by spawn (the shared pool's warm ones let go first)."""
    close_shared_pool()
    monkeypatch.setenv(worker_start.START_METHOD_ENV, "spawn")
    yield
    close_shared_pool()


def library_moments(lib: Path) -> dict:
    """{file name: (status, its failure or note, length, quick, [(start, end, thumb time, vector)])} of
    the library at ``lib``."""
    with VideoLibrary(lib, read_only=True) as library:
        videos = library.video_table.all()
        moments = library.moment_table.of_videos([v.video_id for v in videos])
        return {Path(v.path).name: (v.status, v.error, round(v.duration, 3), v.quick,
                                    [(m.start, m.end, m.thumb_time, m.vector) for m in moments.get(v.video_id, [])])
                for v in videos}


def assert_same_moments(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a:
        (*head_a, ms_a), (*head_b, ms_b) = a[name], b[name]
        assert head_a == head_b, name
        assert [m[:3] for m in ms_a] == [m[:3] for m in ms_b], name
        for ma, mb in zip(ms_a, ms_b):
            np.testing.assert_allclose(ma[3], mb[3], atol=1e-5, err_msg=name)


def test_the_environment_switch_gives_spawn_and_linux_keeps_its_fork_server(monkeypatch):
    monkeypatch.setenv(worker_start.START_METHOD_ENV, "spawn")
    assert worker_start.context().get_start_method() == "spawn"
    monkeypatch.delenv(worker_start.START_METHOD_ENV)
    if sys.platform.startswith("linux"):
        assert worker_start.context().get_start_method() == "forkserver"


def _folder(tmp_path: Path) -> Path:
    """The real clips, one cut in half (a copy that did not finish), made clips enough for two passes
    (``index_passes.TWO_PASS_MIN_FILES``) and a broken file named .mp4."""
    videos = tmp_path / "videos"
    videos.mkdir()
    real = sorted(p for p in REAL.glob("*") if p.suffix in (".mp4", ".mkv")) if REAL.is_dir() else []
    for p in real:
        shutil.copy(p, videos / p.name)
    if real:
        whole = real[-1].read_bytes()
        (videos / f"damaged{real[-1].suffix}").write_bytes(whole[: len(whole) // 2])
    for i, colour in enumerate(["red", "blue", "green", "yellow", "white", "red", "blue", "green"][: max(4, 8 - len(real))]):
        write_video(videos / f"made{i}.mp4", [Segment(3.0, colour)], fps=10, seed=i)
    write_broken_video(videos / "broken.mp4")
    return videos


def _start(tmp_path: Path, head: list[str], videos: Path, lib: Path, model: str, env: dict) -> subprocess.Popen:
    """``seekframe index`` of ``videos`` into ``lib`` started by ``head``, its output kept (``_ended``)."""
    plain = {k: v for k, v in os.environ.items() if k != worker_start.START_METHOD_ENV}  # (env says how)
    return subprocess.Popen(head + ["index", str(videos), "--library", str(lib), "--model", model],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**plain, "PYTHONPATH": str(ROOT), "SEEKFRAME_HOME": str(tmp_path / "home"), **env})


def _ended(proc: subprocess.Popen) -> subprocess.CompletedProcess:
    try:
        out, err = proc.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _stopped(procs) -> None:
    """Each of ``procs`` still running killed, and each waited for (its pipes closed)."""
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def _run(tmp_path: Path, head: list[str], videos: Path, lib: Path, model: str, env: dict):
    return _ended(_start(tmp_path, head, videos, lib, model, env))


def _indexed(name: str, r: subprocess.CompletedProcess) -> None:
    """``r``, a run of ``_folder``'s files, said what a run of them says."""
    assert r.returncode == 1, (name, r.stdout, r.stderr)  # (broken.mp4 could not be read)
    assert "Traceback" not in r.stderr, (name, r.stderr)
    assert "broken.mp4" in r.stdout + r.stderr, name
    assert "Quick pass: keyframes of" in r.stdout + r.stderr, name  # (two passes)


def _index_with_the_fork_server(folder: Path, model: str) -> None:
    videos = _folder(folder)
    script = folder / "seekframe"
    script.write_text(SCRIPT)
    _indexed("forkserver", _run(folder, [sys.executable, str(script)], videos, folder / "forkserver", model, {}))


@pytest.fixture(scope="module")
def forked(tmp_path_factory, colour_model) -> tuple[Path, Path, dict]:
    """(``_folder``'s files, the installed script, the moments of the library ``seekframe index`` made of
    them with the fork server's workers): built once a run (``tests.run_shared``), the library both
    tests compare theirs with (each ran this same run before). Read-only."""
    from tests.run_shared import built_once, run_root

    folder = built_once(run_root(tmp_path_factory), "spawn-workers-forked",
                        lambda part: _index_with_the_fork_server(part, colour_model))
    return folder / "videos", folder / "seekframe", library_moments(folder / "forkserver")


@pytest.mark.slow  # two index runs in subprocesses side by side (~15 s), and the fork server's (``forked``)
def test_seekframe_index_under_spawn_indexes_what_the_fork_server_does(tmp_path, forked, colour_model, monkeypatch):
    monkeypatch.delenv(worker_start.START_METHOD_ENV, raising=False)
    videos, script, base = forked
    runs = {"spawn": ([sys.executable, str(script)], SPAWN),
            "spawn, python -m core.cli": ([sys.executable, "-m", "core.cli"], SPAWN)}
    # (the two runs side by side, each its own library and home: one's wait for its workers is the other's turn)
    started, libraries = {}, {}
    try:
        for name, (head, env) in runs.items():
            started[name] = _start(tmp_path / f"{name} home", head, videos, tmp_path / name, colour_model, env)
        for name, proc in started.items():
            _indexed(name, _ended(proc))
            libraries[name] = library_moments(tmp_path / name)
    finally:
        _stopped(started.values())  # (one run failed or timed out: the other killed too, not left indexing)
    assert base["broken.mp4"][0] == "failed"
    assert all(s == "done" for n, (s, *_rest) in base.items() if n != "broken.mp4")
    assert any(n.startswith("damaged") for n in base) == REAL.is_dir()  # (done: indexed as far as it plays)
    for name, moments in libraries.items():
        assert_same_moments(moments, base)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def _spawn_children(pid: int) -> list[int]:
    """The spawned decode workers of process ``pid`` (Linux's /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid \
                    and b"spawn_main" in (stat.parent / "cmdline").read_bytes():
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            pass
    return found


@pytest.mark.slow  # index runs in subprocesses
@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="finds the workers through /proc")
def test_ctrl_c_under_spawn_stops_the_run_quietly_and_a_rerun_finishes_it(tmp_path, forked, colour_model, spawned,
                                                                        capsys, monkeypatch):
    videos, script, whole = forked  # (a whole run's, the fork server's)
    args = ["index", str(videos), "--library", str(tmp_path / "lib"), "--model", colour_model]
    head = [sys.executable, str(script), *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SEEKFRAME_HOME": str(tmp_path / "home"), **SPAWN}
    proc = subprocess.Popen(head, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while proc.poll() is None and not _spawn_children(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _spawn_children(proc.pid)
    assert workers, "no spawned decode worker seen"
    os.killpg(proc.pid, signal.SIGINT)  # (a terminal's Ctrl-C: the whole process group, workers included)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.strip().splitlines()[-1] == "seekframe: interrupted; the library is consistent, run the same command to finish."
    deadline = time.monotonic() + 30  # (each worker ends with its parent)
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "decode workers outlived the command"

    # the same command again, in this process (its workers spawned too: ``spawned``): the interpreter's and
    # the model's imports not paid a second time
    monkeypatch.setenv("SEEKFRAME_HOME", str(tmp_path / "home"))
    capsys.readouterr()
    code = main(args)
    err = capsys.readouterr().err  # (broken.mp4: failed by the stopped run or not, never reported by it:
    assert code == 1 and "broken.mp4" in err and "Traceback" not in err, err  # core.failures_reported)
    assert_same_moments(library_moments(tmp_path / "lib"), whole)


def _index(lib_dir: Path, folder: Path, **options):
    with VideoLibrary(lib_dir) as lib:
        opts = IndexOptions(two_pass=False, decode_fn=decode_faults.decode, decode_memory_mb=400, **options)
        events = list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(folder)]))
    return events, library_moments(lib_dir)


def started_by() -> set[str]:
    """How the shared pool's idle workers were started: the module of their multiprocessing Popen."""
    return {type(w.proc._popen).__module__.removeprefix("multiprocessing.popen_") for w in shared_pool()._idle}


@pytest.mark.slow  # (~9 s: workers spawned, a hang waits out its bound)
def test_a_crash_and_a_hang_under_spawn_fail_their_files_alone(tmp_path, spawned, monkeypatch):
    """A crash loses its worker (a fresh one, spawned, decodes the next file); a hang is ended by
    the time bound; the good files are indexed as the fork server's workers index them."""
    videos, hung = tmp_path / "videos", tmp_path / "hung"
    for name, colour in [("good1.mp4", "red"), ("crash.mp4", "white"), ("good2.mp4", "yellow")]:
        write_video(videos / name, [Segment(6.0, colour)], fps=10)
    write_video(hung / "hang.mp4", [Segment(4.0, "blue")], fps=10)
    events, spawned_moments = _index(tmp_path / "lib", videos, file_timeout_s=60.0)
    assert [(Path(p).name, r) for p, r in events[-1].failed] == [("crash.mp4", "the decoder crashed (signal 11, SIGSEGV)")]
    assert started_by() == {"spawn_posix"}
    events, _ = _index(tmp_path / "lib-hung", hung, file_timeout_s=3.0)
    assert [(Path(p).name, r) for p, r in events[-1].failed] == [("hang.mp4", "decoding hung for more than 3 s")]

    close_shared_pool()
    monkeypatch.delenv(worker_start.START_METHOD_ENV)  # (the fork server's, to compare)
    _events, forked = _index(tmp_path / "lib-forked", videos, file_timeout_s=60.0)
    assert_same_moments(spawned_moments, forked)


def test_a_worker_start_that_raises_stops_the_run_with_a_message(tmp_path, spawned, monkeypatch):
    """A spawn start that raises what is no OSError (spawn pickles the worker's start, macOS and Windows
    alone: a PicklingError; a multiprocessing helper that cannot start) was taken for a worker lost
    mid-file: every file left new, 'Indexed 0 of 5 files (0 moments)', exit 0, no word why (found with
    tests/platform_sim.py). The run stops now with the reason, as for a worker that cannot start, no
    file failed for it."""
    import pickle
    from multiprocessing import popen_spawn_posix

    from core.errors import SeekframeError

    def unpicklable(self, process_obj):
        raise pickle.PicklingError("Can't pickle <function <lambda>>: attribute lookup failed")

    monkeypatch.setattr(popen_spawn_posix.Popen, "_launch", unpicklable)
    write_video(tmp_path / "videos" / "clip.mp4", [Segment(4.0, "red")], fps=10)
    with VideoLibrary(tmp_path / "lib") as lib:
        with pytest.raises(SeekframeError, match="could not start a video decoding process: PicklingError: Can't"):
            list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(tmp_path / "videos")]))
        assert all(v.status != "failed" for v in lib.video_table.all())  # not the file's fault
