"""A real I/O error on one file, as a disk, a USB stick or a network share that blips gives it: a
library preloaded (``LD_PRELOAD``) into a subprocess makes every read of a file whose path holds
``match`` fail with EIO (from byte ``after`` on, up to ``until``: a bad patch part-way), the storage engine's
(LanceDB's, in Rust), FFmpeg's and Python's; with another error number where ``EIO_ERRNO`` gives one
(EAGAIN for ever: a network share that stopped answering, whose reads FFmpeg retries without end), or
none at all where it is ``hang`` (a read that never returns: a hard-mounted share that stopped answering).
Built with the C compiler in a temporary folder; ``shim`` skips the test where there is none (or not
Linux). The variables are read at each call: a process may set them once its files are open."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SOURCE = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/uio.h>

static int bad(int fd, off_t at) {
    const char *match = getenv("EIO_MATCH"), *after = getenv("EIO_AFTER"), *until = getenv("EIO_UNTIL");
    char link[64], path[4096];
    if (!match || !*match) return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return 0;
    path[n] = 0;
    if (strstr(path, match) == NULL) return 0;
    if (at < 0) at = lseek(fd, 0, SEEK_CUR);
    return at >= (after ? atoll(after) : 0) && (!until || !*until || at < atoll(until));
}
#define FAILING(ret, name, params, args, at) \
    ret name params { \
        static ret (*real) params; \
        if (!real) real = dlsym(RTLD_NEXT, #name); \
        if (bad(fd, at)) { const char *e = getenv("EIO_ERRNO"); if (e && !strcmp(e, "hang")) for (;;) pause(); \
                           errno = e && *e ? atoi(e) : EIO; return -1; } \
        return real args; \
    }
FAILING(ssize_t, read, (int fd, void *b, size_t c), (fd, b, c), -1)
FAILING(ssize_t, pread, (int fd, void *b, size_t c, off_t o), (fd, b, c, o), o)
FAILING(ssize_t, pread64, (int fd, void *b, size_t c, off_t o), (fd, b, c, o), o)
FAILING(ssize_t, readv, (int fd, const struct iovec *v, int n), (fd, v, n), -1)
FAILING(ssize_t, preadv, (int fd, const struct iovec *v, int n, off_t o), (fd, v, n, o), o)
FAILING(ssize_t, preadv64, (int fd, const struct iovec *v, int n, off_t o), (fd, v, n, o), o)
"""


_built: list[Path] = []  # (this process's build: one compile a test process, not one a run)


def shim(folder: Path | None = None) -> Path:
    """The shared library, built once a test process in a folder of its own (removed as the process ends;
    ``folder``, a test's, is not needed); the test is skipped where it cannot be."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not sys.platform.startswith("linux") or cc is None:
        pytest.skip("needs Linux and a C compiler to make reads fail with EIO")
    if _built and _built[0].is_file():
        return _built[0]
    own = Path(tempfile.mkdtemp(prefix="seekframe-eio-"))
    atexit.register(shutil.rmtree, own, True)
    source, built = own / "eio.c", own / "eio.so"
    source.write_text(_SOURCE)
    done = subprocess.run([cc, "-shared", "-fPIC", "-O2", "-o", str(built), str(source), "-ldl"],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"the EIO shim did not build: {done.stderr[-300:]}")
    _built[:] = [built]
    return built


def run_failing(folder: Path, match: str, *args, after: int = 0, until: int | None = None,
                setup: str = "") -> subprocess.CompletedProcess:
    """``seekframe ARGS`` in a subprocess (and the decode processes it starts) whose reads of files
    whose path holds ``match`` fail with EIO, from byte ``after`` on (up to ``until``); ``setup``, Python
    run in it first (a wait made shorter)."""
    env = {**os.environ, "LD_PRELOAD": str(shim(folder)), "EIO_MATCH": match, "EIO_AFTER": str(after),
           "EIO_UNTIL": "" if until is None else str(until), "PYTHONPATH": str(ROOT)}
    code = f"import sys\n{setup}\nfrom core.cli import main; sys.exit(main({[str(a) for a in args]!r}))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
