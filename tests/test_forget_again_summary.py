"""A removal that a full disk stopped, asked again (as the disk-full message says) once space is
freed, says that the removal is finished, with how many videos it removed in all when this handle
deleted them: before, it said "Removed 0 videos under X" (its videos went in the stopped try),
which read as if nothing had been removed."""

from __future__ import annotations

import pytest

from core import service
from core.library import VideoLibrary
from tests.test_forget_whole import assert_forgotten, copy_library, indexed, refuse_writes  # noqa: F401


def test_the_same_handle_removing_again_says_the_removal_is_finished_with_its_count(indexed, tmp_path,  # noqa: F811
                                                                                   monkeypatch):
    lib = copy_library(indexed, tmp_path)
    with VideoLibrary(lib) as library:  # (the app's writer handle, kept open)
        with monkeypatch.context() as m:
            refuse_writes(m, lambda meta: indexed["a"] not in (meta.settings.folders or []))
            with pytest.raises(OSError):
                service.forget_folder(library, indexed["a"])
        n = service.forget_folder(library, indexed["a"])
        assert isinstance(n, service.FinishedRemoval) and n == 2  # (red and green, deleted by the stopped try)
        said = service.forget_summary(n, indexed["a"])
        assert said.startswith(f"The removal of {indexed['a']} from the library is finished (2 videos removed "
                               "in all)"), said
        assert library.forgetting is None
    assert_forgotten(lib, indexed)


def test_a_plain_removal_is_said_as_before(indexed, tmp_path):  # noqa: F811
    lib = copy_library(indexed, tmp_path)
    with VideoLibrary(lib) as library:
        n = service.forget_folder(library, indexed["a"])
        assert not isinstance(n, service.FinishedRemoval)
        assert service.forget_summary(n, indexed["a"]).startswith(f"Removed 2 videos under {indexed['a']}")


def test_a_rescan_that_finishes_the_removal_of_the_last_folder_is_no_error(indexed, tmp_path,  # noqa: F811
                                                                         monkeypatch):
    """The app's re-scan (an IndexRun with ``no_folders``) after a full disk stopped the removal of
    the library's only folder finished it, then failed with 'No folders yet' as an error."""
    from core.encoders.video_side import load_video_encoder

    lib = copy_library(indexed, tmp_path)
    with VideoLibrary(lib) as library:
        service.forget_folder(library, indexed["b"])  # (a is the only folder left)
        with monkeypatch.context() as m:
            refuse_writes(m, lambda meta: indexed["a"] not in (meta.settings.folders or []))
            with pytest.raises(OSError):
                service.forget_folder(library, indexed["a"])
        encoder = load_video_encoder(indexed["model"], text=True)
        events = list(service.IndexRun(library, encoder, [], no_folders="No folders yet").events())
        assert events == [] and library.forget_finished == (indexed["a"], 2)
        assert library.meta.settings.folders == [] and library.forgetting is None
        with pytest.raises(service.SeekframeError, match="No folders yet"):  # (nothing pending: said as before)
            list(service.IndexRun(library, encoder, [], no_folders="No folders yet").events())


def test_search_and_status_work_while_a_full_disk_keeps_a_removal_from_finishing(indexed, tmp_path, capsys,  # noqa: F811
                                                                               monkeypatch):
    """The CLI's readers open read-only: a pending removal that no write can finish (the disk
    full) leaves the library searchable, without the removed folder's videos."""
    import errno

    from core.cli import main
    from core.library import meta as meta_io

    lib = copy_library(indexed, tmp_path)
    with VideoLibrary(lib) as library:
        library.conn.write_meta(forgetting=indexed["a"])  # recorded, its rows not deleted yet

    def refusing(where, meta):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(meta_io, "write_meta", refusing)
    assert main(["search", "a red thing", "--library", str(lib), "-k", "5"]) == 0
    out = capsys.readouterr().out
    assert "blue.mp4" in out and indexed["a"] not in out, out
    assert main(["status", "--library", str(lib)]) == 0
    assert f"Forgetting {indexed['a']}: interrupted" in capsys.readouterr().out
