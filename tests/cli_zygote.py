"""A warm parent for the ``seekframe index`` children that fault tests kill (``tests.rescan_kill``'s
probes): one process per test process imports what such a child imports (LanceDB, pyarrow,
``core.cli``, the fake encoder: 2-3 s of CPU a start, most of each child's cost) once, and forks
a child for each run. Each child is a process of its own, killed with SIGKILL as before; it gets
the environment and the arguments the test gives it, its stderr is returned, and it ends as
``python -c PROBE ARGS`` does (``sys.exit``, the interpreter's exit), so that a run that ends by
itself ends as the command does. Nothing is open in the parent when it forks: no library, no
LanceDB connection, no thread of ours.

    code, err = run_probe(probe(3), "index", "--library", lib, "-q", timeout=240)
    # code: -9 (SIGKILL) when it was killed, else its exit code; None: it ran past ``timeout`` (killed)
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile

from tests.cli_proc import ROOT, cli_env

# what a probe's child imports before its first write, taken in the parent once
PRELOAD = ("core.library.lancedb_import", "lancedb.table", "core.cli", "core.indexer", "core.library",
           "core.library.connection", "core.library.meta", "tests.fakes", "tests.rescan_kill")

SERVE = r"""
import importlib, json, os, signal, sys, time, warnings
# (LanceDB's threads, idle here, are made anew in each child by its own fork hook, which warns once)
warnings.filterwarnings("ignore", "lancedb fork support", RuntimeWarning)
for name in sys.argv[1:]:
    importlib.import_module(name)
control_in, control_out = os.fdopen(os.dup(0), "r"), os.fdopen(os.dup(1), "w")
devnull = os.open(os.devnull, os.O_RDWR)
os.dup2(devnull, 0)
os.dup2(devnull, 1)
child = False
for line in control_in:
    ask = json.loads(line)
    sys.stdout.flush(); sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        child = True
        break
    deadline, status = time.monotonic() + ask["timeout"], None
    while status is None:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
        elif time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            status = os.waitpid(pid, 0)[1]
            ask["timed_out"] = True
        else:
            time.sleep(0.005)
    control_out.write(json.dumps({"code": os.waitstatus_to_exitcode(status),
                                  "timed_out": ask.get("timed_out", False)}) + "\n")
    control_out.flush()
if child:
    control_in.close(); control_out.close()
    err = os.open(ask["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(err, 2)
    os.close(err)
    os.environ.clear()
    os.environ.update(ask["env"])
    os.chdir(ask["cwd"])
    sys.argv = ["-c", *ask["args"]]
    exec(compile(ask["probe"], "<string>", "exec"), {"__name__": "__main__"})
"""

_parent: list[subprocess.Popen] = []


def _zygote() -> subprocess.Popen:
    if _parent and _parent[0].poll() is None:
        return _parent[0]
    proc = subprocess.Popen([sys.executable, "-c", SERVE, *PRELOAD], cwd=ROOT, env=cli_env(), text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    _parent[:] = [proc]
    return proc


@atexit.register
def _close() -> None:
    for proc in _parent:
        proc.stdin.close()
        proc.wait(30)
        proc.stdout.close()


def run_probe(probe: str, *args, timeout: float = 240) -> tuple[int | None, str]:
    """``python -c probe ARGS`` as ``tests.cli_proc.start_cli`` runs it (this process's environment,
    the checkout as its folder), forked from the warm parent: (its exit code, -9 for SIGKILL; None
    when it ran past ``timeout`` and was killed, its stderr)."""
    proc = _zygote()
    with tempfile.TemporaryDirectory(prefix="seekframe-child-") as tmp:
        err = os.path.join(tmp, "stderr")
        ask = {"probe": probe, "args": [str(a) for a in args], "env": cli_env(), "cwd": str(ROOT),
               "stderr": err, "timeout": timeout}
        proc.stdin.write(json.dumps(ask) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the warm parent of killed children ended (exit {proc.wait(30)})")
        answer = json.loads(line)
        with open(err, encoding="utf-8", errors="replace") as f:
            text = f.read()
    return (None if answer["timed_out"] else answer["code"]), text
