"""A clip written by a fresh Python process (``written_fresh``). x264's bytes, and with them an
MPEG-PS/TS's packet sizes and which PES carry a stamp, vary with what the process encoded before, even
from the same YUV frames on one thread, while a fresh process's first clip is always the same (s51:
8035950, helper I's one-off seek failure). A test whose assertions hang on a clip's exact stream shape
(B-frames, keyframes, which packets are stamped) has it written so, and passes or fails whatever xdist
ran before it in its worker.

Since a fresh process always writes the same bytes, each clip (writer, file name, arguments) is written
once a run and copied for the tests that ask it again (``CLIPS``, set by conftest to a folder all the
run's xdist workers see, under a file lock; each write started a Python process importing the reader, and
the same joined clips were written 2-3 times a run). Unset (outside pytest's session), each is written.

The process is forked from a warm parent that imported PyAV, NumPy and the reader once and never encodes
(``PRELOAD``, ``tests.cli_zygote``): the same bytes as a new interpreter's, without its ~0.9 s start."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIPS: Path | None = None  # (the run's written clips: conftest's session fixture)


def written_fresh(writer: str, path, *args, shared: bool = True) -> Path:
    """``writer`` ("tests.module:function") called as ``function(Path(path), *args)`` (each arg as a
    string) in a fresh process; returns the path. The files it writes beside ``path`` (named from it)
    come too. ``shared=False``: written now, whatever this run wrote before."""
    path, args = Path(path), [str(a) for a in args]
    if not shared or CLIPS is None:
        _write(writer, path, args)
        return path
    from filelock import FileLock

    key = hashlib.sha256(repr((writer, path.name, args)).encode()).hexdigest()[:20]
    kept = CLIPS / key
    CLIPS.mkdir(parents=True, exist_ok=True)
    with FileLock(str(kept) + ".lock"):
        if not kept.is_dir():  # (written in a folder of its own, put in place whole)
            fresh = Path(tempfile.mkdtemp(prefix=key, dir=CLIPS))
            _write(writer, fresh / path.name, args)
            os.replace(fresh, kept)
    for f in kept.iterdir():
        shutil.copyfile(f, path.parent / f.name)
    return path


# what a writer's process imports before it writes, taken once by a warm parent (``tests.cli_zygote``) that
# forks each writer: a new interpreter spent ~0.9 s starting and importing where a short clip's write took
# 0.07 s. The parent never encodes, so each child writes as a fresh process's first clip: the same bytes
# (checked, s60 S5: each of the 25 clips the tests write so, forked against a new interpreter's).
PRELOAD = ("av", "numpy", "pathlib", "pytest", "core.media", "tests.ps_muxed")


def _write(writer: str, path: Path, args: list[str]) -> None:
    from tests.cli_zygote import start_probe

    module, name = writer.split(":")
    code = (f"import sys; from pathlib import Path; from {module} import {name}; "
            f"{name}(Path(sys.argv[1]), *sys.argv[2:])")
    child = start_probe(code, str(path), *args, timeout=120, preload=PRELOAD)
    try:
        _, err = child.communicate()
    finally:
        child.stderr.close()
    if child.timed_out or child.returncode != 0:
        said = "killed after 120 s" if child.timed_out else f"exit {child.returncode}"
        raise RuntimeError(f"{writer}{tuple(args)} writing {path} failed ({said}):\n{err[-4000:]}")
