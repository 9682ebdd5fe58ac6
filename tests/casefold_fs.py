"""A case-insensitive file system (macOS's APFS as it comes, Windows' NTFS) under one folder, in
this process, on Linux's case-sensitive one: ``casefold(monkeypatch, top)`` makes ``os``'s calls
of a path in ``top`` find each name that is not there as spelled by the one entry of its folder
whose name is the same but for case (``~/videos`` is ``~/Videos``), as such a file system does,
names kept as created (case-preserving) and listed as the disk holds them; a folder listed
through another spelling lists its entries under that spelling (``os.scandir('videos')`` gives
``videos/a.mp4``). ``os.path.realpath`` keeps the typed case, as it does on a Mac. Two names of
one folder that differ only in case must not be made under ``top`` (such a file system cannot
hold them). Other processes (decode workers, FFmpeg) see the real, case-sensitive disk."""

from __future__ import annotations

import builtins
import io
import os

_REAL = {name: getattr(os, name) for name in (
    "stat", "lstat", "listdir", "scandir", "open", "readlink", "access", "mkdir", "rmdir", "remove",
    "unlink", "rename", "replace", "utime", "chmod")}
_REAL_OPEN = builtins.open


def casefold(monkeypatch, top) -> None:
    """``os`` (and ``open``) case-insensitive under ``top`` for the rest of the test."""
    top = os.path.abspath(os.fspath(top))

    def on_disk(path):
        if isinstance(path, int):
            return path
        raw = os.fspath(path)
        if isinstance(raw, bytes):
            return raw
        full = os.path.abspath(raw)
        if not (full == top or full.startswith(top + os.sep)):
            return raw
        done = top
        for name in full[len(top):].split(os.sep):
            if not name:
                continue
            step = os.path.join(done, name)
            if not _exists(step):
                try:
                    same = [e for e in _REAL["listdir"](done) if e.casefold() == name.casefold()]
                except OSError:
                    same = []
                step = os.path.join(done, same[0]) if len(same) == 1 else step
            done = step
        return done

    def one(name):
        real = _REAL[name]

        def call(path, *a, **k):
            return real(on_disk(path), *a, **k)
        return call

    def two(name):
        real = _REAL[name]

        def call(src, dst, *a, **k):  # (to a name in another case: the name respelled)
            head, name = os.path.split(os.path.abspath(os.fspath(dst)))
            return real(on_disk(src), os.path.join(on_disk(head), name), *a, **k)
        return call

    def listdir(path="."):
        return _REAL["listdir"](on_disk(path))

    def scandir(path="."):
        real = on_disk(path)
        if isinstance(real, int) or real == os.fspath(path):
            return _REAL["scandir"](path)
        return _Listing(_REAL["scandir"](real), os.fspath(path))

    def opened(file, *a, **k):
        return _REAL_OPEN(file if isinstance(file, int) else _parent_on_disk(on_disk, file), *a, **k)

    for name in ("stat", "lstat", "readlink", "access", "rmdir", "remove", "unlink", "utime", "chmod"):
        monkeypatch.setattr(os, name, one(name))
    monkeypatch.setattr(os, "mkdir", lambda p, *a, **k: _REAL["mkdir"](_parent_on_disk(on_disk, p), *a, **k))
    monkeypatch.setattr(os, "open", lambda p, *a, **k: _REAL["open"](_parent_on_disk(on_disk, p), *a, **k))
    monkeypatch.setattr(os, "rename", two("rename"))
    monkeypatch.setattr(os, "replace", two("replace"))
    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(builtins, "open", opened)
    monkeypatch.setattr(io, "open", opened)


def _exists(path: str) -> bool:
    try:
        _REAL["lstat"](path)
        return True
    except OSError:
        return False


def _parent_on_disk(on_disk, path):
    """``path`` as the disk holds it; one not there yet (made now): its folder so, its name as given
    (unless its name is there in another case: that entry)."""
    if isinstance(path, int):
        return path
    real = on_disk(path)
    if isinstance(real, bytes) or _exists(real):
        return real
    head, name = os.path.split(os.fspath(real))
    return os.path.join(on_disk(head), name) if head else real


class _Listing:
    """``os.scandir`` of a folder spelled otherwise: its entries under the spelling asked for."""

    def __init__(self, inner, spelled: str):
        self._inner, self._spelled = inner, spelled

    def __iter__(self):
        return self

    def __next__(self):  # (os.walk asks next() of it)
        e = next(self._inner)
        return _Entry(e, os.path.join(self._spelled, e.name))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._inner.close()

    def close(self):
        self._inner.close()


class _Entry:
    def __init__(self, inner, path: str):
        self._inner, self.name, self.path = inner, inner.name, path

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __fspath__(self):
        return self.path
