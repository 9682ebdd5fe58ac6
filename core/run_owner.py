"""Which process wrote a record, and whether it still runs: an index run's record of its plan
(``core.stopped_runs``) names its process, so a reader tells a run whose process died (``kill -9``, a
crash, a power cut: its record says nothing of its end) from one still going, or from another
machine's (a library on a shared drive), which it cannot tell.

A process is named by its pid, the machine (``socket.gethostname()``) and when it started (on Linux
the boot's id and the start in clock ticks from ``/proc``: a pid taken again by a later process, or
after a reboot, is not the same process). Without ``/proc`` (macOS, the BSDs) the start is not known,
and a pid still in use is taken as the process (not gone); on Windows nothing is known of another
process (its pid could be probed only with a signal that would stop it)."""

from __future__ import annotations

import os
import socket


def _boot_id() -> str:
    try:
        with open("/proc/sys/kernel/random/boot_id") as f:
            return f.read().strip()
    except OSError:
        return ""


def started(pid: int) -> str | None:
    """When process ``pid`` started (``"BOOT:TICKS"``), "" when no such process runs (or a zombie:
    dead, not yet reaped), None when this system does not say (no ``/proc``)."""
    if not os.path.isdir("/proc/self"):
        return None
    try:
        with open(f"/proc/{int(pid)}/stat") as f:
            stat = f.read()
    except FileNotFoundError:
        return ""
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()  # (after the command's name, which may hold spaces)
    if len(fields) < 20 or fields[0] in ("Z", "X"):
        return ""
    return f"{_boot_id()}:{fields[19]}"


def this_process() -> dict:
    """This process, as a record names it."""
    pid = os.getpid()
    return {"pid": pid, "host": socket.gethostname(), "started": started(pid)}


def read(record) -> dict | None:
    """The process ``record`` (a dict) names, None when it names none (an older version's)."""
    pid, host, start = (record.get(k) for k in ("pid", "host", "started")) if isinstance(record, dict) else (None,) * 3
    if not (isinstance(pid, int) and not isinstance(pid, bool) and pid > 0 and isinstance(host, str) and host):
        return None
    return {"pid": pid, "host": host, "started": start if isinstance(start, str) and start else None}


def killed(record) -> bool:
    """Whether the run whose record entry is ``record`` (a dict naming its process, ``read``'s) is known to
    have no process left (``gone``): a run still going, another machine's or an older version's is not."""
    return bool(gone(read(record)))


def gone(owner: dict | None) -> bool | None:
    """Whether the process ``owner`` names (``read``'s) has ended: True (it is gone, or its pid is
    another process's now), False (it runs still), None (not known: no owner, another machine's, or
    a system that does not say)."""
    if owner is None or owner["host"] != socket.gethostname():
        return None
    now = started(owner["pid"])
    if now == "":
        return True
    if now is not None and owner["started"] is not None:
        return now != owner["started"]
    if owner["pid"] == os.getpid():  # (this process: the start unknown on both sides)
        return False
    if os.name != "posix":  # (Windows: os.kill would stop the process it probes)
        return None
    try:
        os.kill(owner["pid"], 0)
    except ProcessLookupError:
        return True
    except OSError:  # (another user's process: it runs)
        return False
    return False
