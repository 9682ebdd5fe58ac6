"""What a benchmark process used: its peak RSS and CPU seconds, and the decode processes'."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path


def peak_rss_kib() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: on Linux ru_maxrss carries the parent's
    peak over fork + exec, so a child of a parent that loaded torch would report the parent's."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform == "darwin" else kib  # bytes on macOS


def rusage() -> dict:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"peak_rss_mb": round(peak_rss_kib() / 1024, 1), "cpu_s": round(ru.ru_utime + ru.ru_stime, 2)}


def decoders_usage() -> dict:
    """CPU seconds and the largest peak RSS of the shared pool's decode processes (Linux /proc),
    then the pool is closed. Read before closing: they are children of the forkserver, so no
    rusage of this process ever counts them."""
    from core.decode_pool import close_shared_pool, shared_pool

    cpu, peak = 0.0, 0.0
    for pid in shared_pool().idle_pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except (OSError, ValueError, IndexError):
            pass
    close_shared_pool()
    return {"decoders_cpu_s": round(cpu, 2), "decoders_peak_rss_mb": round(peak, 1)}
