"""``seekframe index /lnk/../c``, a typed path with a ``..`` that is no library folder: the run's
mapping of its roots to the library's spellings (``MomentIndexer._roots``) read the library's rows
twice, once to read the ``..`` as the OS reads it (``folder_spelling.typed_folders``) and again to
spell the folder as the library does (``library_spellings``), both only to know which library
folders are offline (never resolved), then again for the check of the library's moment settings
(whatever they were) and for a fold (``index /lnk/..`` taking in the library folders it holds). A
library of 20,000 videos copies every row each time. Now the rows are read once there."""

from __future__ import annotations

import os
import sys

import pytest

import core.indexer
from core.library.videos import VideoTable
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def test_a_dotdot_path_new_to_the_library_reads_the_rows_once(tmp_path, capsys, monkeypatch):
    xb, lib = make_folder(tmp_path / "x" / "b", 2), tmp_path / "lib"
    xc = make_folder(tmp_path / "x" / "c", 1)
    (tmp_path / "x" / "y").mkdir()
    os.symlink(tmp_path / "x" / "y", tmp_path / "lnk")
    assert run(capsys, "index", xb, "--library", lib)[0] == 0
    reads, in_roots = [], []
    read_all, roots = VideoTable.all, core.indexer.MomentIndexer._roots

    def counted(self):
        reads.append(bool(in_roots))
        return read_all(self)

    def mapping(self, requested):
        in_roots.append(True)
        try:
            return roots(self, requested)
        finally:
            in_roots.clear()

    monkeypatch.setattr(VideoTable, "all", counted)
    monkeypatch.setattr(core.indexer.MomentIndexer, "_roots", mapping)
    code, out, err = run(capsys, "index", tmp_path / "lnk" / ".." / "c", "--library", lib)
    assert code == 0, (out, err)
    assert sum(reads) == 1, reads  # (the rows read once while the roots were mapped)
    assert set(folder_status(capsys, lib)) == {str(xb), str(xc)}  # (x/c, as the OS reads lnk/../c)
    reads.clear()
    code, out, err = run(capsys, "index", tmp_path / "lnk" / "..", "--library", lib)  # (x: it takes b and c in)
    assert code == 0 and "it is part of it now" in err, (out, err)
    assert sum(reads) == 1, reads
    assert set(folder_status(capsys, lib)) == {str(tmp_path / "x")}
