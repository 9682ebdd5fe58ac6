"""``tests.cli_zygote``: a child forked from the warm parent runs as ``python -c PROBE ARGS`` would,
in the test's environment (its own data home, set per test), and ends as it does: its exit code
(its exit functions run), a SIGKILL said as -9, a child that runs on killed at its time."""

from __future__ import annotations

import contextlib
import os
import signal

import pytest

from tests import cli_zygote
from tests.cli_proc import ROOT
from tests.cli_zygote import run_probe, start_probe

SAYS = ("import os, sys; print(os.environ['SEEKFRAME_HOME'], os.getcwd(), os.getppid() != PARENT, sys.argv[1:], "
        "file=sys.stderr); sys.exit(int(sys.argv[1]))")


def test_a_child_gets_the_tests_environment_arguments_and_exit_code(monkeypatch, tmp_path):
    monkeypatch.setenv("SEEKFRAME_HOME", str(tmp_path / "home"))
    code, err = run_probe(f"PARENT = {os.getpid()}\n" + SAYS, 3, "a b")
    assert (code, err.strip()) == (3, f"{tmp_path / 'home'} {ROOT} True ['3', 'a b']")
    # its exit as the interpreter's: exit functions run, sys.exit's words said with exit code 1
    assert run_probe("import atexit, sys; atexit.register(print, 'at exit', file=sys.stderr); sys.exit(4)") == \
        (4, "at exit\n")
    assert run_probe("import sys; sys.exit('no such folder')") == (1, "no such folder\n")


def test_a_child_killed_or_run_past_its_time_says_so():
    code, err = run_probe("import os, signal, sys; print('before', file=sys.stderr, flush=True); "
                          "os.kill(os.getpid(), signal.SIGKILL)")
    assert (code, err) == (-signal.SIGKILL, "before\n")
    code, _ = run_probe("import time; time.sleep(60)", timeout=0.5)
    assert code is None
    assert run_probe("pass") == (0, "")  # (the parent serves on)
    child = start_probe("import time; time.sleep(60)")  # (as a Popen: tests.cli_proc.kill_when's)
    assert child.poll() is None and child.returncode is None
    child.kill()
    assert child.wait(30) == -signal.SIGKILL and child.communicate() == (None, "")


def test_a_child_a_failed_test_left_running_is_ended_before_the_next_starts():
    left = start_probe("import time; time.sleep(60)")
    assert run_probe("import sys; sys.exit(5)") == (5, "")
    assert left.returncode == -signal.SIGKILL


def test_a_parent_whose_test_process_died_kills_its_child_and_ends():
    parent = cli_zygote._zygote(("json",))  # (a parent of this test's own, taking nothing)
    del cli_zygote._parents[("json",)]
    child = cli_zygote.Child(parent, "import time; time.sleep(120)", [], 600)
    try:
        parent.stdin.close()  # (as when the test process dies: its end of the pipe closes)
        assert parent.wait(60) == 0
        with pytest.raises(ProcessLookupError):
            os.kill(child.pid, 0)
    finally:
        for pid in (child.pid, parent.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        parent.wait(30)
        parent.stdout.close()
        child.stderr.close()


def test_a_child_asked_for_whose_pid_was_not_read_is_ended_before_the_next_starts(monkeypatch):
    light = ("json", "time")

    def interrupted(parent, timeout):
        raise KeyboardInterrupt  # (as a pytest-timeout's signal between the request and its pid)

    with monkeypatch.context() as patched:
        patched.setattr(cli_zygote, "_answer", interrupted)
        with pytest.raises(KeyboardInterrupt):
            start_probe("import time; time.sleep(30)", preload=light)
    child = start_probe("import sys; sys.exit(5)", preload=light)
    assert child.communicate(60) == (None, "") and child.returncode == 5
    child.stderr.close()


def test_a_parent_ended_by_its_module_ends_with_its_child_and_a_later_probe_starts_another():
    light = ("json", "string")  # (a parent of this test's own)
    child = start_probe("import time; time.sleep(120)", preload=light)
    parent = cli_zygote._parents[light]
    started = _started(child.pid)
    assert started is not None or not os.path.isdir("/proc")
    cli_zygote.end_parent(light)
    assert light not in cli_zygote._parents and parent.returncode == 0 and child.returncode == -signal.SIGKILL
    # gone: no process of its pid, or another one started since (a pid used again on a busy machine:
    # os.kill(pid, 0) would find that one)
    assert started is None or _started(child.pid) != started
    again = start_probe("import sys; sys.exit(6)", preload=light)
    assert again.communicate(60) == (None, "") and again.returncode == 6 and cli_zygote._parents[light] is not parent
    cli_zygote.end_parent(light)
    cli_zygote.end_parent(light)  # (none left: nothing to do)
    for done in (child, again):
        done.stderr.close()


def _started(pid: int) -> str | None:
    """When the process ``pid`` started (/proc's start time, in clock ticks since boot); None when no
    process has that pid, or there is no /proc to tell."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[19]
    except (FileNotFoundError, ProcessLookupError):
        return None
