"""One rule of which library folders are offline, read once where a command needs it.

``seekframe search --folder lnk1/../b`` read the ``..`` never resolving the library folders whose
rows are all offline, while ``index`` and ``forget`` of the same path also never resolved those
the library's records hold offline (``held_roots``: missing, empty, on another drive): a folder
so recorded whose rows were still online was resolved by the search alone (a ``readlink`` of a
share that may not answer). Now the search reads it by the same rule (``folder_spelling.offline_by``).
And ``seekframe forget /up`` worked out the offline folders and resolved every other folder twice
before its question (``listed_spelling``, then ``held_through_links``): now once
(``forgetting.listed_and_held``)."""

from __future__ import annotations

import os
import sys

import pytest

import core.folder_spelling
from core.library.store import VideoLibrary
from tests.cli_run import FixedTextEncoder, use_encoder
from tests.test_forget_link_above_spellings import spelled_apart  # noqa: F401
from tests.test_status_folders import encoder, make_folder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def test_search_reads_a_dotdot_by_the_records_offline_rule(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    drive, lib = make_folder(tmp_path / "drive" / "videos", 2), tmp_path / "lib"
    os.symlink(drive, tmp_path / "lnk1")
    lnk1 = str(tmp_path / "lnk1")
    assert run(capsys, "index", lnk1, "--library", lib)[0] == 0
    with VideoLibrary(lib) as library:  # (its last index found it missing: recorded so, its rows online)
        library.update_settings(held_roots={lnk1: "missing"})
    touched = []
    for name in ("lstat", "readlink", "stat"):
        real = getattr(os, name)

        def spy(path, *a, _real=real, **k):
            p = os.fspath(path) if not isinstance(path, int) else ""
            if p == lnk1 or p.startswith(lnk1 + os.sep):
                touched.append(p)
                raise OSError("a share that does not answer")
            return _real(path, *a, **k)

        monkeypatch.setattr(os, name, spy)
    code, out, err = run(capsys, "search", "anything", "--json", "--library", lib, "--folder",
                         f"{lnk1}/sub/../x")
    assert code == 0, err
    assert not touched, touched


def test_forget_works_out_the_offline_folders_once_before_its_question(spelled_apart, capsys,  # noqa: F811
                                                                       monkeypatch):
    tmp, a, b, other, lib = spelled_apart
    calls, real = [], core.folder_spelling.offline_folders

    def counted(*args, **kw):
        calls.append(args[1])
        return real(*args, **kw)

    monkeypatch.setattr(core.folder_spelling, "offline_folders", counted)
    reals, realpath = [], os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda p, *x, **k: reals.append(p) or realpath(p, *x, **k))
    code, out, err = run(capsys, "forget", tmp / "up", "--library", lib)
    assert code == 2 and f"holds 2 of the library's folders: {a} (2 videos); {b} (1 video)." in err, err
    assert len(calls) == 1, calls
    assert reals.count(a) == 1 and reals.count(b) == 1 and reals.count(other) == 1, reals
