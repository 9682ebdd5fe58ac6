"""Removing a library folder from the window with runs on their way: the removal's worker maps
their roots as the indexer would (``app.jobs.indexed_inside``, a link into the folder removed
dropping its run), and did so through ``as_library_folder`` without the library's offline folders,
so it resolved the real path of every library folder, an offline one too: on a network share that
does not answer, the removal of ANOTHER folder hung there (its worker, and every job behind it).
Now the offline ones (``core.folder_spelling.offline_folders``, the indexer's rule, read before the
removal changes the records: ``jobs.offline_before``) are compared by their spelling alone."""

from __future__ import annotations

import os
import sys

import pytest

from app import engine
from core.library import VideoLibrary
from tests.test_forget_typo_offline import offline_a  # noqa: F401 (the fixture)
from tests.test_index_offline_untouched import never_touched

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def test_a_removal_never_resolves_an_offline_library_folder(offline_a, tmp_path, monkeypatch):
    a, b, lib = offline_a
    os.symlink(b, tmp_path / "lnkb")
    look = [str(tmp_path / "lnkb" / "New"), str(tmp_path / "typo"), str(tmp_path / "lnkb")]
    outcome: dict = {}
    with VideoLibrary(lib) as library:
        calls = never_touched(monkeypatch, a)
        assert engine.forget_folder(library, b, look=look, outcome=outcome) == 1
        assert not calls, calls
    assert outcome["inside"] == [look[0], look[2]]  # (the runs through a link into b go with it)


def test_runs_named_as_library_folders_read_no_rows(offline_a):
    a, b, lib = offline_a
    with VideoLibrary(lib, read_only=True) as library:
        library.video_table.all = lambda: 1 / 0  # (the mapping resolves nothing: nothing to read)
        from app.jobs import offline_before

        assert offline_before(library, [a, b + os.sep], [a, b]) == frozenset()
        with pytest.raises(ZeroDivisionError):
            offline_before(library, [a, b + "/x"], [a, b])


def test_the_removal_reads_the_offline_folders_before_it_takes_the_writer_lease(offline_a, tmp_path, monkeypatch):
    """The runs' offline folders (``jobs.offline_before``: a short look at a share remembered as not answering, up to
    10 s) were read holding the writer lease, so a CLI writer started then was refused (review rv_10, finding 2)."""
    from app import jobs

    a, b, lib = offline_a
    look, held, when = [str(tmp_path / "New")], [], []
    real_before, real_lease = jobs.offline_before, VideoLibrary.write_lease
    monkeypatch.setattr(jobs, "offline_before", lambda *a: when.append(bool(held)) or real_before(*a))

    def lease(self):
        held.append(True)
        return real_lease(self)

    monkeypatch.setattr(VideoLibrary, "write_lease", lease)
    outcome: dict = {}
    with VideoLibrary(lib) as library:
        assert engine.forget_as_writer(library, b, False, True, look, (), outcome) == 1
    assert when == [False], "the offline folders were read holding the writer lease"
    assert outcome["inside"] == []
