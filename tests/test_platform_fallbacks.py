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

import pytest

from tests.test_spawn_workers import ROOT, SPAWN, _folder, assert_same_moments, library_moments

pytestmark = pytest.mark.slow  # (index runs in subprocesses)


def sim(tmp_path: Path, mode: str, *args, env=None) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "tests" / "platform_sim.py"), mode, *map(str, args)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "SEEKFRAME_HOME": str(tmp_path / "home"), **(env or {})})


@pytest.mark.parametrize("mode", ["darwin", "windows-calls"])
def test_index_rescan_status_and_search_without_linux_calls(tmp_path, colour_model, mode, monkeypatch):
    from core.cli import main

    monkeypatch.delenv("SEEKFRAME_WORKER_START", raising=False)
    videos, lib = _folder(tmp_path), tmp_path / "lib"
    r = sim(tmp_path, mode, "index", videos, "--library", lib, "--model", colour_model, env=SPAWN if mode != "darwin" else {})
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stdout + r.stderr  # (broken.mp4 could not be read)
    again = sim(tmp_path, mode, "index", "--library", lib)
    said = again.stdout + again.stderr
    assert "Traceback" not in said and " 0 to index, 9 unchanged" in said, said
    status = sim(tmp_path, mode, "status", "--library", lib)
    assert status.returncode == 0 and "Another seekframe" not in status.stdout + status.stderr, status.stdout + status.stderr
    found = sim(tmp_path, mode, "search", "red", "--library", lib, "-k", "3")
    assert found.returncode == 0 and "made0.mp4" in found.stdout, found.stdout + found.stderr

    assert main(["index", str(videos), "--library", str(tmp_path / "plain"), "--model", colour_model, "-q"]) == 1
    assert_same_moments(library_moments(lib), library_moments(tmp_path / "plain"))
