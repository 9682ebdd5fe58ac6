"""The ``seekframe`` command in a child process, as a user runs it, for fault tests that kill it
with SIGKILL (no cleanup runs) or start it under a resource limit.

    proc = start_cli("index", videos, "--library", lib, "--model", model, "-q")
    alive = kill_when(proc, lambda: done_count(lib) >= 2)   # True: killed mid-run

``indexed_folder(tmp_path)``: the small library the cold-path tests start from, indexed by the
command in this process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from core.library import VideoLibrary

ROOT = Path(__file__).resolve().parent.parent


def cli_env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}


def cli_command(*args, probe: str | None = None) -> list[str]:
    """``python -m core.cli ARGS``; with ``probe``, ``python -c PROBE ARGS`` (a script that
    marks what the command is doing, then runs ``core.cli.main`` on its own arguments)."""
    head = [sys.executable, "-c", probe] if probe else [sys.executable, "-m", "core.cli"]
    return head + [str(a) for a in args]


def start_cli(*args, probe: str | None = None, **popen) -> subprocess.Popen:
    popen = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "text": True, **popen}
    return subprocess.Popen(cli_command(*args, probe=probe), cwd=ROOT, env=cli_env(), **popen)


def run_cli_process(*args, timeout: float = 240, **popen) -> subprocess.CompletedProcess:
    return subprocess.run(cli_command(*args), cwd=ROOT, env=cli_env(), capture_output=True, text=True,
                          timeout=timeout, **popen)


def kill_when(proc: subprocess.Popen, ready, timeout: float = 120, poll: float = 0.005,
              delay: float = 0.0) -> bool:
    """SIGKILL ``proc`` once ``ready()`` is true (then after ``delay`` seconds). True when the
    process was still running when it was killed: the kill landed mid-command."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline and not ready():
        time.sleep(poll)
    if delay:
        time.sleep(delay)
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return alive


def kill_in(proc: subprocess.Popen, state, timeout: float = 120, poll: float = 0.02) -> bool:
    """SIGKILL ``proc`` while ``state()`` holds, exactly: when a poll sees it, the process is
    frozen (SIGSTOP) and ``state()`` asked again, so a commit between the look and the kill cannot
    slip past it (``kill_when`` can kill just after the state has gone). False when the process
    ended, or the time ran out, without the state seen while it was frozen."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if state():
            proc.send_signal(signal.SIGSTOP)
            if state():
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
                return True
            proc.send_signal(signal.SIGCONT)
        time.sleep(poll)
    proc.kill()
    proc.wait(timeout=30)
    return False


def done_count(lib: Path, quick: bool = False) -> int:
    """Videos fully indexed in the library at ``lib`` (0 before its tables exist); with ``quick``,
    also those done in the first, keyframes-only pass only (which a two-pass run marks done
    within seconds, long before its full pass is through)."""
    if not (lib / "library.json").exists():
        return 0
    try:
        with VideoLibrary(lib, read_only=True) as library:
            return sum(v.status == "done" and (quick or not v.quick) for v in library.video_table.all())
    except Exception:  # tables not created yet
        return 0


def indexed_folder(tmp_path: Path, broken: bool = False) -> tuple[Path, Path, Path]:
    """A tiny model and two clips (with ``broken``, also a file that is no video: the run exits 1)
    indexed by ``seekframe index`` into ``tmp_path/lib``: (model, videos, lib)."""
    from core.cli import main
    from tests.models import save_tiny_model
    from tests.videos import Segment, write_broken_video, write_video

    model = save_tiny_model(tmp_path / "model", seed=1)
    videos = tmp_path / "videos"
    write_video(videos / "red.mp4", [Segment(8, "red")], seed=1)
    write_video(videos / "blue.mp4", [Segment(4, "blue", square="yellow")], seed=2)
    if broken:
        write_broken_video(videos / "broken.mp4")
    lib = tmp_path / "lib"
    assert main(["index", str(videos), "--library", str(lib), "--model", str(model), "-q"]) == (1 if broken else 0)
    return model, videos, lib
