"""How a decode worker process is started (``core.decode_pool``): the multiprocessing context,
Ctrl-C held off the fork server while it starts, and why a start failed, in words, with what
to do."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
from contextlib import contextmanager


# what a user can do when no decode process starts: processes and memory are short, or (Windows,
# where each one is a new program) an antivirus holds up or blocks its start
START_ADVICE = ("Close some programs to free memory and try again; on Windows, check that antivirus "
                "software is not blocking Seekframe.")


def advised(why: str) -> str:
    """``why`` a decode process could not start, with what the user can do about it."""
    return f"{why}. {START_ADVICE}"


def start_failure(exc: BaseException) -> str:
    """Why a decode process could not be started, said for the user with what to do."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE):
        return "too many open files (raise the limit: ulimit -n)"
    if isinstance(exc, OSError) and exc.errno == errno.EAGAIN:
        return advised("the system allows no more processes (ulimit -u)")
    if isinstance(exc, EOFError):
        return advised("the process that starts them stopped (out of processes or memory?)")
    return advised(exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}")


# the tests' way to run a Linux machine's decode workers as macOS and Windows start them ("spawn"),
# which CI never runs otherwise; not for users (a fork server is what Linux should use)
START_METHOD_ENV = "SEEKFRAME_WORKER_START"


def context():
    """The multiprocessing context decode workers come from: a fork server on Linux (never a fork of
    this process and its torch/OpenMP threads), spawn elsewhere (and where ``START_METHOD_ENV`` says
    "spawn")."""
    if os.environ.get(START_METHOD_ENV) == "spawn":
        return mp.get_context("spawn")
    if sys.platform.startswith("linux"):
        ctx = mp.get_context("forkserver")
        # no effect once the server runs; the decoding modules load in the server, once, so
        # each worker forked from it starts with them
        ctx.set_forkserver_preload(["__main__", "core.decode_pool", "core.media", "core.moments"])
        return ctx
    return mp.get_context("spawn")


@contextmanager
def ctrl_c_held():
    """SIGINT blocked in this thread while it starts a worker, so that the fork server it may
    start inherits it blocked: Ctrl-C reaches the whole process group, and the server, deaf to it
    only once its preloading is done, printed a KeyboardInterrupt traceback when it came during
    that. This process still gets it (another thread takes it, or this one once unblocked)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()  # (first: starting it unblocks SIGINT in this thread again)
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
