"""``tests.cli_zygote``: a child forked from the warm parent runs as ``python -c PROBE ARGS`` would,
in the test's environment (its own data home, set per test), and ends as it does: its exit code
(its exit functions run), a SIGKILL said as -9, a child that runs on killed at its time."""

from __future__ import annotations

import os
import signal

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
