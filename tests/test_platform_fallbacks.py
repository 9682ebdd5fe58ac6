"""Seekframe where Linux's calls are missing (macOS, Windows), simulated on Linux (``tests/platform_sim.py``):
no ``/proc`` (``core.arenas``, ``core.atomic``, ``core.run_owner``, ``core.decode_pool``'s size at start,
``core.mount_points``), no ``os.pread``, ``os.statvfs``, ``os.sched_getaffinity``; for Windows' missing
calls also no ``resource``, ``signal.SIGKILL``/``SIGHUP``/``SIGUSR1``, ``pthread_sigmask`` (``core.worker_start``'s
Ctrl-C hold) or ``os.getuid``. ``seekframe index`` of real clips, a damaged one and a broken file, its
re-scan, status and search each work and index the moments a plain Linux run does; decode workers
spawned (as on a Mac, and through ``SEEKFRAME_WORKER_START`` for the Windows calls)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.cli_zygote import end_parent, start_probe
from tests.test_spawn_workers import SPAWN, _folder, assert_same_moments, library_moments

pytestmark = pytest.mark.slow  # (index runs in processes of their own)


# ``python tests/platform_sim.py MODE ARGS…``, its stdout to the file named by its first argument, forked from a
# warm parent of tests.cli_zygote that took only platform_sim.FIRST (no module of seekframe: those read the
# platform as they are imported, after the calls are taken away): each command a process of its own, as before,
# without importing torch, LanceDB and PyAV again (2-4 s a command)
PROBE = ("import os, sys; fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600); "
         "os.dup2(fd, 1); os.close(fd); from tests.platform_sim import run; sys.exit(run(sys.argv[2:]))")


def sim(tmp_path: Path, mode: str, *args, env=None) -> subprocess.CompletedProcess:
    from tests.platform_sim import FIRST

    with tempfile.TemporaryDirectory(prefix="seekframe-sim-") as tmp, pytest.MonkeyPatch.context() as mp:
        for name, value in {"SEEKFRAME_HOME": str(tmp_path / "home"), **(env or {})}.items():
            mp.setenv(name, value)  # (the child's environment: this process's, as the test has it, when it starts)
        child = start_probe(PROBE, Path(tmp) / "stdout", mode, *args, timeout=600, preload=FIRST)
        mp.undo()
        _, err = child.communicate()
        child.stderr.close()
        assert not child.timed_out, f"platform_sim {mode} {args} ran past 600 s: {err}"
        out = (Path(tmp) / "stdout").read_text(encoding="utf-8", errors="replace")
    return subprocess.CompletedProcess([mode, *map(str, args)], child.returncode, out, err)


def sim_each(tmp_path: Path, mode: str, *commands: list) -> list[SimpleNamespace]:
    """Commands that only read, one after another in one simulated process (``platform_sim.each``): each
    one's (returncode, stdout, stderr)."""
    from tests.platform_sim import THEN, said_each

    done = sim(tmp_path, mode, *[w for i, c in enumerate(commands) for w in ([THEN] if i else []) + list(c)])
    assert done.returncode == 0, done.stdout + done.stderr
    return [SimpleNamespace(returncode=code, stdout=out, stderr=err)
            for code, out, err in said_each(done.stdout, done.stderr, len(commands))]


@pytest.fixture(scope="module", autouse=True)
def _warm_parent_ended():
    """The warm parent these tests fork from is theirs alone: ended after them (its torch, ~350 MB)."""
    from tests.platform_sim import FIRST

    yield
    end_parent(FIRST)


@pytest.fixture(scope="module")
def plain(tmp_path_factory, colour_model):
    """The clips (``_folder``) and the moments a plain Linux run of them indexes: (videos, moments). Both modes index
    the same clips and compare their moments with these (``library_moments``)."""
    from core.cli import main

    base = tmp_path_factory.mktemp("plain")
    with pytest.MonkeyPatch.context() as mp:  # (a module's fixture: before the test's own isolated home)
        mp.setenv("SEEKFRAME_HOME", str(base / "home"))
        mp.setenv("SEEKFRAME_CACHE", str(base / "home" / "cache"))
        mp.delenv("SEEKFRAME_LIBRARY", raising=False)
        mp.delenv("SEEKFRAME_WORKER_START", raising=False)
        videos = _folder(base)
        assert main(["index", str(videos), "--library", str(base / "plain"), "--model", colour_model, "-q"]) == 1
    return videos, library_moments(base / "plain")


@pytest.mark.parametrize("mode", ["darwin", "windows-calls"])
def test_index_rescan_status_and_search_without_linux_calls(tmp_path, colour_model, mode, monkeypatch, plain):
    monkeypatch.delenv("SEEKFRAME_WORKER_START", raising=False)
    (videos, moments), lib = plain, tmp_path / "lib"
    r = sim(tmp_path, mode, "index", videos, "--library", lib, "--model", colour_model, env=SPAWN if mode != "darwin" else {})
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stdout + r.stderr  # (broken.mp4 could not be read)
    again = sim(tmp_path, mode, "index", "--library", lib)  # (a process of its own: the first one's lock gone)
    said = again.stdout + again.stderr
    assert "Traceback" not in said and " 0 to index, 9 unchanged" in said, said
    status, found = sim_each(tmp_path, mode, ["status", "--library", lib],
                             ["search", "red", "--library", lib, "-k", "3"])
    assert status.returncode == 0 and "Another seekframe" not in status.stdout + status.stderr, status.stdout + status.stderr
    assert found.returncode == 0 and "made0.mp4" in found.stdout, found.stdout + found.stderr

    assert_same_moments(library_moments(lib), moments)
