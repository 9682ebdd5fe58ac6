"""Seekframe where Linux's calls are missing (macOS, Windows), simulated on Linux (``tests/platform_sim.py``):
no ``/proc`` (``core.arenas``, ``core.atomic``, ``core.run_owner``, ``core.decode_pool``'s size at start,
``core.mount_points``), no ``os.pread``, ``os.statvfs``, ``os.sched_getaffinity``; for Windows' missing
calls also no ``resource``, ``signal.SIGKILL``/``SIGHUP``/``SIGUSR1``, ``pthread_sigmask`` (``core.worker_start``'s
Ctrl-C hold) or ``os.getuid``. ``seekframe index`` of real clips, a damaged one and a broken file, its
re-scan, status and search each work and index the moments a plain Linux run does; decode workers
spawned (as on a Mac, and through ``SEEKFRAME_WORKER_START`` for the Windows calls)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.test_spawn_workers import ROOT, SPAWN, _folder, assert_same_moments, library_moments

pytestmark = pytest.mark.slow  # (index runs in subprocesses)


def sim(tmp_path: Path, mode: str, *args, env=None) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "tests" / "platform_sim.py"), mode, *map(str, args)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "SEEKFRAME_HOME": str(tmp_path / "home"), **(env or {})})


def sim_each(tmp_path: Path, mode: str, *commands: list) -> list[SimpleNamespace]:
    """Commands that only read, one after another in one simulated process (``platform_sim.each``): each
    one's (returncode, stdout, stderr)."""
    from tests.platform_sim import THEN, said_each

    done = sim(tmp_path, mode, *[w for i, c in enumerate(commands) for w in ([THEN] if i else []) + list(c)])
    assert done.returncode == 0, done.stdout + done.stderr
    return [SimpleNamespace(returncode=code, stdout=out, stderr=err)
            for code, out, err in said_each(done.stdout, done.stderr, len(commands))]


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
