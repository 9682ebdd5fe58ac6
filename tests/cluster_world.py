"""What the Ray cluster tests (tests/test_cluster.py, tests/test_cluster_faults.py) share: clips to
index, a library's content to compare with a local run's, and a local 2-CPU Ray cluster per test process
(``cluster``: import it into a test module, ``# noqa: F401``); ``ray_processes``/``end_left``: Ray's
processes a test started, ended by pid where Ray left them (a raylet killed under its agents leaves
``ray::DashboardAgent`` and ``ray::RuntimeEnvAgent`` running, their parent gone)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core.library import VideoLibrary
from tests.cli_proc import ROOT
from tests.videos import COLORS, Segment, write_video


def write_clips(folder: Path, n: int, seconds: float = 8) -> Path:
    names = list(COLORS)
    for i in range(n):
        write_video(folder / f"clip{i:02d}.mp4", [Segment(seconds / 2, names[i % len(names)]),
                                                  Segment(seconds / 2, names[(i + 3) % len(names)], square="white")],
                    seed=i)
    return folder


def library_content(lib: Path) -> dict:
    """What a library holds: per file its status, reason, duration and moments (times, vector)."""
    with VideoLibrary(lib, read_only=True) as library:
        return {Path(v.path).name: (v.status, v.error, round(v.duration, 3), v.n_moments,
                                    [(m.index, m.start, m.end, m.thumb_time, m.vector) for m in library.moment_table.of(v.video_id)])
                for v in library.video_table.all()}


def same_content(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a:
        (*head_a, ma), (*head_b, mb) = a[name], b[name]
        assert head_a == head_b, name
        assert [m[:4] for m in ma] == [m[:4] for m in mb], name
        for x, y in zip(ma, mb):
            np.testing.assert_allclose(x[4], y[4], atol=1e-5)


def _stat(pid: int) -> tuple[int, int, str] | None:
    """``(parent pid, start time, state)`` of a process, None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), int(fields[19]), fields[0].decode()


def ray_processes(root: int) -> dict[int, int]:
    """Ray's processes under process ``root`` (pid: start time): its descendants whose command
    line is Ray's (``ray::NAME``, or a program of the ``ray`` package). Linux only (/proc); {} elsewhere."""
    if not sys.platform.startswith("linux"):
        return {}
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := _stat(int(entry))):
            children.setdefault(st[0], []).append(int(entry))
    found, todo = {}, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if (cmd.startswith("ray::") or f"{os.sep}ray{os.sep}" in cmd) and (st := _stat(pid)):
            found[pid] = st[1]
    return found


def end_left(processes: dict[int, int], grace_s: float = 10.0) -> list[int]:
    """Waits up to ``grace_s`` for ``processes`` (``ray_processes``) to end, then SIGKILLs by pid
    those left (a pid whose start time differs is another process: left alone). The pids killed."""
    def left() -> list[int]:
        return [pid for pid, start in processes.items()
                if (st := _stat(pid)) and st[1] == start and st[2] != "Z"]

    deadline = time.monotonic() + grace_s
    while left() and time.monotonic() < deadline:
        time.sleep(0.1)
    killed = left()
    for pid in killed:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return killed


_SHARED: dict = {}  # the Ray cluster of this test process, while it is up (``cluster``)
# the modules whose tests run between the cluster's users in collection order: test_cluster's last test
# (without Ray), test_cluster_connect's (they hide its session), test_cluster_error_kind's (no Ray). Before,
# the first and the last were left out: the cluster went down after test_cluster's last user and was
# started again for test_cluster_faults' first (a start: 5 s of a quiet machine, 16 s of a loaded one)
KEPT_OVER = ("tests.test_cluster", "tests.test_cluster_connect", "tests.test_cluster_error_kind")


def _shut_down(ray) -> None:
    started = ray_processes(os.getpid())
    ray.shutdown()
    end_left(started, grace_s=3)  # (nothing of theirs is used any more: those left are killed)
    _SHARED.clear()


def kept_for(nextitem) -> bool:
    """Whether the cluster is kept up for the test this process runs next (None: none): one that
    asks for ``cluster``, or one of ``KEPT_OVER``'s modules, run between the users in test_cluster and
    test_cluster_faults."""
    return nextitem is not None and ("cluster" in getattr(nextitem, "fixturenames", ()) or
                                     getattr(getattr(nextitem, "module", None), "__name__", "") in KEPT_OVER)


class _Leaving:
    """Shuts the cluster down after a test when the next one does not keep it (``kept_for``)."""

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item, nextitem) -> None:
        if _SHARED and not kept_for(nextitem):
            _shut_down(_SHARED["ray"])


_LEAVING = _Leaving()


@pytest.fixture(scope="module")
def cluster(request):
    """A local Ray cluster of 2 CPUs; its workers import this checkout (tests.ray_faults). Started
    by the first module that asks for it and kept while this test process (a pytest-xdist worker)
    runs the cluster modules one after another (tests/test_cluster.py, ``KEPT_OVER``,
    tests/test_cluster_faults.py), which saves a start and a shutdown (some 10 s on a quiet machine);
    shut down after the last test that keeps it (``kept_for``), not at the session's end: a cluster
    holds 0.6-1.2 GB and some CPU, for the rest of a run on a loaded CI machine. Every Ray process
    it started is ended with it (``end_left``); the session's end shuts down one still up."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[cluster]')")
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), old) if p)
    try:
        if not _SHARED:
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
            _SHARED["ray"] = ray
            if not request.config.pluginmanager.is_registered(_LEAVING):
                request.config.pluginmanager.register(_LEAVING)
                request.session.addfinalizer(lambda: _SHARED and _shut_down(_SHARED["ray"]))
        yield ray
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old
