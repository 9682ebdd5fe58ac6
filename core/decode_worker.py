"""A decode process's own side (``worker_main``, the target ``core.decode_pool`` starts): one job at a
time from its pipe, its messages back the same way ("ready", then per file "length", each "moment", and
"done", "kept", "differs", "failed" or "lost"), under the memory bound the parent asked for
(``MEMORY_BOUND``: ``RLIMIT_DATA`` grown by ``memory_mb`` over what it held once started). It ignores
Ctrl-C (the parent decides) and exits when the parent dies."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
from dataclasses import replace

from .errors import NOT_FOUND, CutShort, MediaError, Reason

MEMORY_BOUND = sys.platform.startswith("linux")  # RLIMIT_DATA counts mmap'd memory on Linux >= 4.7


class ReadsOtherwise(Exception):
    """A file checked only (``DecodeSpec.check_only``) that this reader shows otherwise than its old one."""


def _data_bytes() -> int | None:
    """This process's data segment (VmData), or None where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def _limit_memory(base: int | None, memory_mb: int | None) -> None:
    if not MEMORY_BOUND or base is None:
        return
    import resource

    hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
    soft = resource.RLIM_INFINITY if not memory_mb else base + int(memory_mb) * (1 << 20)
    if hard != resource.RLIM_INFINITY:
        soft = hard if soft == resource.RLIM_INFINITY else min(soft, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _exit_with(parent) -> None:
    parent.join()  # returns once the parent's sentinel closes: it died
    os._exit(0)


def worker_main(conn) -> None:
    """A decode process: one job at a time from ``conn``, its messages back the same way."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(mp.parent_process(),), name="seekframe-parent-watch",
                     daemon=True).start()
    try:
        _serve(conn, _data_bytes())
    except (BrokenPipeError, ConnectionResetError):  # the parent is gone (killed): no one to tell
        return


def _serve(conn, base: int | None) -> None:
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        path, spec, fn, memory_mb = job
        _limit_memory(base, memory_mb)
        reply, oom, sent = None, False, 0
        try:
            info, moments = fn(path, spec)
            if moments is not None and getattr(info, "duration", 0):  # (how far a moment is: the run's ETA)
                conn.send(("length", float(info.duration)))
            for m in moments or ():
                conn.send(("moment", m))
                sent += 1
            reply = ("done", getattr(moments, "info", info)) if moments is not None else ("kept", info)
        except CutShort as exc:  # (a file cut short: indexed as far as it plays, and says so)
            reply = ("done", replace(info, duration=exc.plays_s, cut_short=exc.note())) if sent \
                else ("failed", exc.reason)
        except ReadsOtherwise:
            reply = ("differs", None)
        except MediaError as exc:
            reply = ("failed", exc.reason)
        except MemoryError:
            oom = True
        except Exception as exc:  # noqa: BLE001  (a decoder bug fails the file, never the run)
            oom = "insufficient memory" in str(exc).lower() or "out of memory" in str(exc).lower()
            reply = ("failed", Reason(f"unexpected error: {type(exc).__name__}: {exc}",
                                      NOT_FOUND if isinstance(exc, FileNotFoundError) else ""))
        # the exception and what it held are gone here, so replying needs little memory
        if oom:  # a process that hit its bound may be left fragmented: a fresh one follows
            conn.send(("lost", f"decoding used more than {memory_mb} MB of memory" if memory_mb
                               else "decoding ran out of memory"))
            return
        conn.send(reply)
