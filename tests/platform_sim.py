"""``seekframe`` as it runs where Linux's calls are missing, on Linux: ``python tests/platform_sim.py
MODE ARGS…`` runs ``core.cli.main(ARGS)`` after taking them away (tests/test_platform_fallbacks.py).

``darwin``: ``sys.platform`` is "darwin" (so decode workers are spawned, as on a Mac) and there is no
``/proc`` (every open of it, and ``os.path.isdir``/``exists`` of it, says it is not there), nor
``os.pread``, ``os.sched_getaffinity``, ``os.statvfs``. ``windows-calls``: the same calls gone, with
those Windows lacks too (``signal.SIGKILL``, ``SIGHUP``, ``SIGUSR1``…, ``signal.pthread_sigmask``,
the ``resource`` module, ``os.getuid``), ``sys.platform`` left as it is (the rest of a Windows
system cannot be faked here: its file locks, platformdirs' folders). The third-party modules are
imported first, as the real platform. Spawned workers are real Linux processes: this module's
``__main__`` guard is what keeps them from running the command again. ``MODE A… --then B…`` runs command
B after A in the same process, each one's exit code written after it (``each``)."""

from __future__ import annotations

import builtins
import io
import os
import signal
import sys

GONE_CALLS = ("pread", "sched_getaffinity", "statvfs")
WINDOWS_GONE = {"os": ("getuid", "geteuid", "getpgid", "killpg"),
                "signal": ("SIGKILL", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGQUIT", "pthread_sigmask",
                           "setitimer", "alarm")}


def _proc(path) -> bool:
    return isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith("/proc")


def _no_proc(call):
    def guarded(file, *args, **kwargs):
        if _proc(file):
            raise FileNotFoundError(2, "No such file or directory", os.fspath(file))
        return call(file, *args, **kwargs)
    return guarded


# the third-party modules, imported as the real platform before the calls are taken away (a warm parent of
# tests.cli_zygote may have taken them: test_platform_fallbacks forks its commands from one)
FIRST = ("av", "lancedb", "numpy", "platformdirs.unix", "pyarrow", "torch")


def simulate(mode: str) -> None:
    import importlib

    for name in FIRST:
        importlib.import_module(name)

    builtins.open, io.open = _no_proc(builtins.open), _no_proc(io.open)
    isdir, exists = os.path.isdir, os.path.exists
    os.path.isdir = lambda p: not _proc(p) and isdir(p)
    os.path.exists = lambda p: not _proc(p) and exists(p)
    for name in GONE_CALLS:
        if hasattr(os, name):
            delattr(os, name)
    if mode == "darwin":
        sys.platform = "darwin"
    elif mode == "windows-calls":
        for module, names in ((os, WINDOWS_GONE["os"]), (signal, WINDOWS_GONE["signal"])):
            for name in names:
                if hasattr(module, name):
                    delattr(module, name)
        sys.modules["resource"] = None  # (import resource: ImportError)
        from multiprocessing import resource_tracker

        resource_tracker._HAVE_SIGMASK = False  # (as multiprocessing found it, imported without pthread_sigmask)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


THEN = "--then"  # ``MODE A… --then B…``: command B run after A in the same process (``each``)
ENDED = "[platform_sim: exit {}]"  # written to stdout and stderr after each command of several


def each(commands: list[list[str]], env: list[dict] | None = None) -> int:
    """Each command run in turn, its exit code after it on both streams (``ENDED``): one process's start
    (torch, LanceDB, PyAV) for several commands that read; ``env``: variables set before each (the EIO
    shim's, read at each call: ``tests.eio_shim``). 0."""
    from core.cli import main

    for i, args in enumerate(commands):
        os.environ.update((env or [{}] * len(commands))[i])
        try:
            code = main(args)
        except SystemExit as e:
            code = e.code
        for stream in (sys.stdout, sys.stderr):
            print(f"\n{ENDED.format(code)}", file=stream, flush=True)
    return 0


def said_each(stdout: str, stderr: str, n: int) -> list[tuple[int, str, str]]:
    """What ``each`` ran, told apart: (exit code, stdout, stderr) of each of its ``n`` commands."""
    import re

    head, tail = (re.escape(part) for part in ENDED.split("{}"))
    outs, errs = (re.split(rf"\n{head}(.*?){tail}\n", text) for text in (stdout, stderr))
    return [(int(outs[2 * i + 1]), outs[2 * i], errs[2 * i]) for i in range(n)]


def run(argv: list[str]) -> int:
    """``MODE ARGS…`` (``MODE A… --then B…``): the calls taken away, then the command(s); its exit code.
    Nothing of seekframe may be imported before it (a module reads the platform as it is imported)."""
    taken = sorted(m for m in sys.modules if m == "core" or m.startswith("core."))
    if taken:
        raise SystemExit(f"platform_sim: seekframe's modules were imported before the calls were taken away: {taken}")
    simulate(argv[0])
    words, commands = argv[1:], [[]]
    for word in words:
        commands.append([]) if word == THEN else commands[-1].append(word)
    if len(commands) > 1:
        return each(commands)
    from core.cli import main

    return main(words)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
