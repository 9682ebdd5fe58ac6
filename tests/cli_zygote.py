"""A warm parent for the ``seekframe index`` children that fault tests kill (``tests.rescan_kill``'s
probes): one process per test process imports what such a child imports (LanceDB, pyarrow,
``core.cli``, the fake encoder: 2-3 s of CPU a start, most of each child's cost) once, and forks
a child for each run. Each child is a process of its own, killed with SIGKILL as before; it gets
the environment and the arguments the test gives it, its stderr is returned, and it ends as
``python -c PROBE ARGS`` does (``sys.exit``, the interpreter's exit), so that a run that ends by
itself ends as the command does. Nothing is open in the parent when it forks: no library, no
LanceDB connection, no thread of ours. A parent whose test process died (its stdin's other end
closed) kills the child it runs and ends, so nothing of it keeps a CI log's pipe open.

    code, err = run_probe(probe(3), "index", "--library", lib, "-q", timeout=240)
    # code: -9 (SIGKILL) when it was killed, else its exit code; None: it ran past ``timeout`` (killed)

    proc = start_cli("index", videos, "--library", lib, "--model", model, "-q")   # (python -m core.cli)
    alive = kill_when(proc, lambda: done_count(lib) >= 2)   # (tests.cli_proc's, as with a Popen)

``start_cli``'s children load a model: their parent has torch and the encoders taken too
(``MODEL_PRELOAD``), a parent of its own.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

from tests.cli_proc import ROOT, cli_env

# what a probe's child imports before its first write, taken in the parent once
PRELOAD = ("core.library.lancedb_import", "lancedb.table", "core.cli", "core.indexer", "core.library",
           "core.library.connection", "core.library.meta", "tests.fakes", "tests.rescan_kill")
# and what a child that loads a model imports for it
MODEL_PRELOAD = PRELOAD + ("torch", "core.encoders.encoder", "core.encoders.folder", "core.encoders.model")

SERVE = r"""
import importlib, json, os, select, signal, sys, time, warnings
# (LanceDB's threads, idle here, are made anew in each child by its own fork hook, which warns once)
warnings.filterwarnings("ignore", "lancedb fork support", RuntimeWarning)
for name in sys.argv[1:]:
    importlib.import_module(name)
if "core.cli" in sys.modules:  # (and its parser, which each child's command then parses with)
    sys.modules["core.cli"]._parser()
control_in, control_out = os.dup(0), os.fdopen(os.dup(1), "w")
devnull = os.open(os.devnull, os.O_RDWR)
os.dup2(devnull, 0)
os.dup2(devnull, 1)
child, asked = False, b""  # (what the test process wrote, not yet read as lines)
import gc
gc.freeze()  # (what the parent took is never collected by a child: its pages stay shared)
while True:
    while b"\n" not in asked:
        more = os.read(control_in, 65536)
        if not more:
            break
        asked += more
    if b"\n" not in asked:
        break  # (the test process closed its end: it ends)
    line, asked = asked.split(b"\n", 1)
    ask = json.loads(line)
    sys.stdout.flush(); sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        child = True
        break
    control_out.write(json.dumps({"pid": pid}) + "\n")
    control_out.flush()
    deadline, status = time.monotonic() + ask["timeout"], None
    while status is None:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
        elif time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            status = os.waitpid(pid, 0)[1]
            ask["timed_out"] = True
        elif select.select([control_in], [], [], 0.005)[0]:
            more = os.read(control_in, 65536)
            if not more:  # (the test process died: nothing reads the answer; nothing is kept open for it)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os._exit(0)
            asked += more
    control_out.write(json.dumps({"code": os.waitstatus_to_exitcode(status),
                                  "timed_out": ask.get("timed_out", False)}) + "\n")
    control_out.flush()
if child:
    os.close(control_in); control_out.close()
    err = os.open(ask["stderr"], os.O_WRONLY | os.O_TRUNC)
    os.dup2(err, 2)
    os.close(err)
    if ask["output"]:  # (its stdout and stderr both there: a pipe's end, a FIFO)
        out = os.open(ask["output"], os.O_WRONLY)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(out)
    os.environ.clear()
    os.environ.update(ask["env"])
    os.chdir(ask["cwd"])
    sys.argv = ["-c", *ask["args"]]
    try:
        exec(compile(ask["probe"], "<string>", "exec"), {"__name__": "__main__"})
        code = 0
    except SystemExit as exc:
        code = exc.code
    except BaseException:
        import traceback
        traceback.print_exc()
        code = 1
    # the interpreter's exit as python -c ends (its threads waited for, its exit functions run), without
    # tearing down the modules the parent took, which wrote to every page of them (copied on write)
    import atexit, threading
    threading._shutdown()
    atexit._run_exitfuncs()
    if code is None or isinstance(code, int):
        code = code or 0
    else:
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush(); sys.stderr.flush()
    os._exit(code)
"""

_parents: dict[tuple, subprocess.Popen] = {}


def _zygote(preload: tuple = PRELOAD) -> subprocess.Popen:
    proc = _parents.get(preload)
    if proc is not None and proc.poll() is None:
        return proc
    proc = subprocess.Popen([sys.executable, "-c", SERVE, *preload], cwd=ROOT, env=cli_env(), bufsize=0,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    proc.lines = b""  # (what it said, not yet read as lines)
    proc.child = None  # (its child now: one at a time)
    _parents[preload] = proc
    return proc


def _close_one(proc: subprocess.Popen) -> None:
    try:
        _end_child(proc)  # (a test that failed with its child still running)
    finally:
        proc.stdin.close()  # (it kills a child still running and ends)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)
        proc.stdout.close()


@atexit.register
def _close() -> None:
    for proc in _parents.values():
        _close_one(proc)


def end_parent(preload: tuple) -> None:
    """The warm parent that took ``preload`` ended now, if there is one: a module that alone uses it gives its
    memory back for the rest of the run (a parent with torch holds ~350 MB)."""
    proc = _parents.pop(preload, None)
    if proc is not None:
        _close_one(proc)


def _answer(parent: subprocess.Popen, timeout: float | None) -> dict | None:
    """The parent's next line (None: none within ``timeout``)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while b"\n" not in parent.lines:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not select.select([parent.stdout], [], [], left)[0]:
            return None
        more = os.read(parent.stdout.fileno(), 65536)
        if not more:
            raise RuntimeError(f"the warm parent of killed children ended (exit {parent.wait(30)})")
        parent.lines += more
    line, parent.lines = parent.lines.split(b"\n", 1)
    return json.loads(line)


def _end_child(parent: subprocess.Popen) -> None:
    """The parent's child ended (killed if still running) and its answer read, so the parent can serve."""
    if parent.poll() is None and parent.child is not None and parent.child.returncode is None:
        if parent.child.pid is None:  # (asked for, its pid not read: a test's timeout came in between)
            answer = _answer(parent, 60)
            if answer is None:
                raise RuntimeError("the warm parent of killed children said no pid in 60 s")
            parent.child.pid = answer["pid"]
        parent.child.kill()
        parent.child.wait(60)


class Child:
    """A child forked from the warm parent, as ``subprocess.Popen`` is asked by ``tests.cli_proc``'s
    ``kill_when`` and ``kill_in`` and by the tests: ``pid``, ``poll``, ``wait``, ``send_signal``,
    ``kill``, ``communicate``, ``returncode`` (-9: SIGKILL), ``stderr`` (its stderr, whole once it ended)."""

    def __init__(self, parent: subprocess.Popen, probe: str, args, timeout: float, output=None):
        _end_child(parent)
        self._parent, self._tmp = parent, tempfile.TemporaryDirectory(prefix="seekframe-child-")
        err = os.path.join(self._tmp.name, "stderr")
        self.stderr = open(err, "w+", encoding="utf-8", errors="replace")  # (made here: the child truncates it)
        ask = {"probe": probe, "args": [str(a) for a in args], "env": cli_env(), "cwd": str(ROOT),
               "stderr": err, "timeout": timeout, "output": str(output or "")}
        self.pid, self.returncode, self.timed_out = None, None, False
        parent.stdin.write((json.dumps(ask) + "\n").encode())
        parent.stdin.flush()
        parent.child = self  # (before its pid is read: an interruption then leaves it to end, not the next's)
        self.pid = _answer(parent, None)["pid"]

    def poll(self) -> int | None:
        return self.wait(0.0, raising=False)

    def wait(self, timeout: float | None = None, raising: bool = True) -> int | None:
        if self.returncode is None:
            answer = _answer(self._parent, timeout)
            if answer is None:
                if raising:
                    raise subprocess.TimeoutExpired(f"child {self.pid}", timeout)
                return None
            self.returncode, self.timed_out = answer["code"], answer["timed_out"]
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(self, timeout: float | None = None) -> tuple[None, str]:
        self.wait(timeout)
        return None, self.stderr.read()


def start_probe(probe: str, *args, timeout: float = 600, preload: tuple = PRELOAD, output=None) -> Child:
    """``python -c probe ARGS`` as ``tests.cli_proc.start_cli`` starts it (this process's environment,
    the checkout as its folder, stdout to nothing; with ``output``, a path, its stdout and stderr both
    written there: a FIFO the test reads, a real pipe), forked from the warm parent that took ``preload``;
    killed by the parent after ``timeout`` seconds (``timed_out``)."""
    return Child(_zygote(preload), probe, args, timeout, output)


# ``python -m core.cli``: its ``__main__`` block, with the module the parent took (run again as ``__main__``
# by runpy it would be a second copy of it), and its argv[0]
AS_MODULE = "import sys, core.cli; sys.argv[0] = core.cli.__file__; sys.exit(core.cli.main())"


def start_cli(*args, timeout: float = 600, output=None) -> Child:
    """``python -m core.cli ARGS`` (``tests.cli_proc.start_cli``), forked from the warm parent that took
    the model's imports too (``MODEL_PRELOAD``)."""
    return start_probe(AS_MODULE, *args, timeout=timeout, preload=MODEL_PRELOAD, output=output)


def run_probe(probe: str, *args, timeout: float = 240) -> tuple[int | None, str]:
    """``python -c probe ARGS`` run to its end (``start_probe``): (its exit code, -9 for SIGKILL; None
    when it ran past ``timeout`` and was killed, its stderr)."""
    child = start_probe(probe, *args, timeout=timeout)
    _, err = child.communicate()
    child.stderr.close()
    return (None if child.timed_out else child.returncode), err
