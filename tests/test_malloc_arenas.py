"""core/arenas.py: glibc's malloc. ``trim`` gives the free memory of every arena back (the window
does once idle, app/idle_trim.py: a window open for hours grew by 200-500 MB of arenas its worker
threads had used); ``limit_arenas`` (the benchmarks' A/B) holds the arena count down. Where they
cannot be (not Linux, not glibc, no mallopt / malloc_trim) nothing is done and nothing fails."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import core.arenas as arenas

ROOT = Path(__file__).resolve().parent.parent

# 8 threads alive at once, each allocating (above pymalloc's 512 bytes, under the mmap threshold),
# then glibc's malloc_stats(): one "Arena N:" block on stderr for each arena made
COUNT_ARENAS = textwrap.dedent("""
    import ctypes, sys, threading
    if sys.argv[1] == "limit":
        from core.arenas import limit_arenas
        print(limit_arenas(), flush=True)
    barrier = threading.Barrier(9)
    held = []
    def work():
        held.append(bytearray(64 * 1024))
        barrier.wait()
        barrier.wait()
    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    barrier.wait()
    ctypes.CDLL(None).malloc_stats()
    barrier.wait()
    for t in threads:
        t.join()
""")

glibc = pytest.mark.skipif(arenas._glibc() is None, reason="glibc's malloc only (Linux)")


def arenas_made(mode: str) -> tuple[str, int]:
    env = {k: v for k, v in os.environ.items() if k not in ("MALLOC_ARENA_MAX", "GLIBC_TUNABLES")}
    proc = subprocess.run([sys.executable, "-c", COUNT_ARENAS, mode], capture_output=True, text=True,
                          cwd=str(ROOT), env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip(), len(re.findall(r"^Arena \d+:", proc.stderr, re.M))


@glibc
def test_limited_the_threads_share_two_arenas():
    said, made = arenas_made("limit")
    assert said == "set" and made <= arenas.ARENAS, made
    said, made = arenas_made("as is")  # (the count sees more where nothing is set)
    assert made > arenas.ARENAS, made


# a thread allocates ~200 MB in its arena, keeps 1 block in 50, ends: what glibc keeps free
GIVE_BACK = textwrap.dedent("""
    import threading
    from core import arenas
    keep = []
    def work():
        blocks = [bytearray(64 * 1024) for _ in range(3000)]
        keep.extend(blocks[::50])
    t = threading.Thread(target=work)
    t.start()
    t.join()
    before = arenas.rss_bytes()
    print(arenas.can_trim(), arenas.trim(), before, arenas.rss_bytes())
""")


@glibc
def test_trim_gives_back_what_a_thread_freed():
    proc = subprocess.run([sys.executable, "-c", GIVE_BACK], capture_output=True, text=True, cwd=str(ROOT),
                          timeout=120)
    can, did, before, after = proc.stdout.split()
    assert (can, did) == ("True", "True"), proc.stderr
    assert int(before) - int(after) > 100 * 1024 * 1024, (before, after)  # (of the ~190 MB freed)


def test_not_on_linux_nothing_is_asked(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(arenas.ctypes, "CDLL", lambda *a: pytest.fail("no C library is opened"))
    assert arenas.limit_arenas() == "not glibc" == arenas.APPLIED
    assert not arenas.can_trim() and arenas.trim() is False


def test_another_c_library_is_left_alone(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")

    def no_such_name(name):  # (musl: os.confstr knows no CS_GNU_LIBC_VERSION)
        raise ValueError("unrecognized configuration name")

    monkeypatch.setattr(arenas.os, "confstr", no_such_name)
    monkeypatch.setattr(arenas.ctypes, "CDLL", lambda *a: pytest.fail("no C library is opened"))
    assert arenas.limit_arenas() == "not glibc"


def test_a_libc_without_mallopt_and_malloc_trim_or_refusing_them(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(arenas.os, "confstr", lambda name: "glibc 2.36")

    class NoMallopt:
        pass

    monkeypatch.setattr(arenas.ctypes, "CDLL", lambda *a: NoMallopt())
    assert arenas.limit_arenas() == "no mallopt"
    assert not arenas.can_trim() and arenas.trim() is False  # (nor malloc_trim)

    class Refusing:
        def __init__(self):
            self.mallopt = lambda option, value: 0

    monkeypatch.setattr(arenas.ctypes, "CDLL", lambda *a: Refusing())
    assert arenas.limit_arenas() == "refused"


def test_a_malloc_arena_max_the_user_set_is_kept(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    monkeypatch.setattr(arenas.ctypes, "CDLL", lambda *a: pytest.fail("no C library is opened"))
    assert arenas.limit_arenas() == "MALLOC_ARENA_MAX set"
