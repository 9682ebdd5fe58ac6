"""A library on a read-only drive or mount (its folder refuses writers) whose older moments data
file is cut short. `seekframe status` said "The next `seekframe index` takes out the moments in it
… (`seekframe repair` takes them out now)": both are refused there. Now it says the library cannot
be written here and what to do first (``torn_fragments.cut_text``, ``lock.refuses_writers``), and
so does a search that fails on it (it offered `seekframe repair`), and a writer refused there no
longer says "Nothing is damaged: it can be searched"; a library that can be written is said as
before."""

from __future__ import annotations

import errno
import os

import pytest

from core.library.lock import refuses_writers
from tests.cli_run import run_cli
from tests.test_torn_fragments import green_added_then_red_and_blue_cut


def refuse_writers(monkeypatch) -> None:
    """The library's folder refuses writes as a read-only mount does: its lock file, which every
    writer opens first, is refused (EROFS); the tests run as any user, root included."""
    real_open = os.open

    def refusing(path, flags, *a, **k):
        if str(path).endswith("writer.lock") and flags & (os.O_RDWR | os.O_WRONLY | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(os, "open", refusing)


def test_a_read_only_library_without_its_lock_file_refuses_writers(tmp_path, monkeypatch):
    """The lock file is a writer's to create: a library on a read-only drive that has none (copied
    without it, or removed as the lock's own error message says to) was taken for one that can be
    written, its lock file opened never, and said so (the next index takes the cut file out: refused
    there). Its folder's permission says it now; nothing is created."""
    lib = tmp_path / "lib"
    lib.mkdir()
    real_access = os.access

    def read_only_mount(path, mode, *a, **k):  # (as access(2) says of a read-only mount, root included)
        return False if mode & os.W_OK and os.path.samefile(path, lib) else real_access(path, mode, *a, **k)

    monkeypatch.setattr(os, "access", read_only_mount)
    assert refuses_writers(lib)
    monkeypatch.undo()
    assert not refuses_writers(lib) and not refuses_writers(tmp_path / "no library here")
    assert os.listdir(lib) == []


@pytest.mark.slow
def test_status_of_a_read_only_library_with_a_cut_moments_file_says_what_to_do_first(
        noted_library, capsys, colour_model, monkeypatch):
    videos, lib, old = green_added_then_red_and_blue_cut(noted_library, capsys, colour_model)
    assert not refuses_writers(lib)
    with monkeypatch.context() as read_only:
        refuse_writers(read_only)
        assert refuses_writers(lib)
        code, out, err = run_cli(capsys, "status", "--library", lib)
        s_code, _, s_err = run_cli(capsys, "search", "red", "--library", lib)  # (the moments read: they cannot be)
        i_code, _, i_err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert i_code == 2 and "is on a read-only drive" in i_err, i_err  # (it said "Nothing is damaged: it can be searched")
    assert "Its moments table has a data file cut short" in i_err and "Nothing is damaged" not in i_err, i_err
    assert s_code == 2 and "cannot be written here (a read-only drive or folder)" in s_err, s_err
    assert "`seekframe repair`" not in s_err and "Traceback" not in s_err, s_err
    assert "Damaged: the moments table has a data file cut short or missing. The library cannot be written " \
           "here (a read-only drive or folder)" in out, out + err
    assert "make its folder writable, or copy it somewhere writable and use that (--library)" in out, out
    assert "`seekframe repair` takes them out now" not in out and old.exists()
    code, out, err = run_cli(capsys, "status", "--library", lib)  # (writable again: said as before)
    assert "The next `seekframe index` takes out the moments in it" in out and "read-only" not in out, out + err
