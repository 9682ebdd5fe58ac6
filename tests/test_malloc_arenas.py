"""core/arenas.py: glibc's malloc. ``trim`` gives the free memory of every arena back (the window
does between the user's actions and when idle, app/idle_trim.py: a window open for hours grew by
200-500 MB of arenas its worker threads had used). Where it cannot be (not Linux, not glibc, no
malloc_trim) nothing is done and nothing fails."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import core.arenas as arenas

ROOT = Path(__file__).resolve().parent.parent

glibc = pytest.mark.skipif(arenas._glibc() is None, reason="glibc's malloc only (Linux)")

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
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(arenas.ctypes, "CDLL", lambda *a: pytest.fail("no C library is opened"))
    assert not arenas.can_trim() and arenas.trim() is False


def test_another_c_library_is_left_alone(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")

    def no_such_name(name):  # (musl: os.confstr knows no CS_GNU_LIBC_VERSION)
        raise ValueError("unrecognized configuration name")

    monkeypatch.setattr(arenas.os, "confstr", no_such_name)
    monkeypatch.setattr(arenas.ctypes, "CDLL", lambda *a: pytest.fail("no C library is opened"))
    assert not arenas.can_trim() and arenas.trim() is False


def test_a_libc_without_malloc_trim(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(arenas.os, "confstr", lambda name: "glibc 2.36")

    class NoMallocTrim:
        pass

    monkeypatch.setattr(arenas.ctypes, "CDLL", lambda *a: NoMallocTrim())
    assert not arenas.can_trim() and arenas.trim() is False
