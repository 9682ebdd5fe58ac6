"""A path that is no library folder, removed while a full disk keeps another folder's stopped
removal from finishing: it was answered with ``RemovalWaits`` ("X was not removed ... The removal
of A ... has to finish first ... then remove X again"), as if X were a library folder that would
go once space is freed, and removing it again then said "not one of the library's folders". Now
the path is checked first: a typo is told so at once, and only a library folder waits."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import service
from core.library import VideoLibrary
from tests.test_forget_whole import contents, copy_library, indexed, refuse_writes  # noqa: F401


def test_a_path_of_no_library_folder_is_refused_as_such_while_a_removal_waits(indexed, tmp_path,  # noqa: F811
                                                                             monkeypatch):
    from app.worker_messages import user_message

    a, b = indexed["a"], indexed["b"]
    lib = copy_library(indexed, tmp_path)
    typo = str(tmp_path / "no" / "such")
    with VideoLibrary(lib) as library:  # (the app's writer handle, kept open)
        refuse_writes(monkeypatch, lambda meta: a not in (meta.settings.folders or []))
        with pytest.raises(OSError):
            service.forget_folder(library, a)
        with pytest.raises(service.NotInLibrary) as caught:
            service.forget_folder(library, typo)
        said = user_message(caught.value, "forget-folder")
        assert said.startswith(f"{typo} is not one of the library's folders"), said
        assert library.forgetting == a  # (nothing tried for it: the disk is still full)
        with pytest.raises(service.RemovalWaits):  # a library folder still waits
            service.forget_folder(library, b)
    folders, videos = contents(lib)
    assert b in folders and str(Path(b) / "blue.mp4") in videos


def test_a_folder_above_the_waiting_one_finishes_it_and_counts_its_videos(indexed, tmp_path,  # noqa: F811
                                                                         monkeypatch):
    """The parent of the folder whose removal waits, removed once space is freed: the waiting
    removal is finished first and its videos are counted, not '0 videos' nor 'not a library folder'."""
    a, b = indexed["a"], indexed["b"]
    lib = copy_library(indexed, tmp_path)
    with VideoLibrary(lib) as library:
        refuse_writes(monkeypatch, lambda meta: a not in (meta.settings.folders or []))
        with pytest.raises(OSError):
            service.forget_folder(library, a)
        monkeypatch.undo()
        n = service.forget_folder(library, str(Path(a).parent))
        assert n == 3, n  # a's red and green, b's blue
        assert library.forgetting is None
    folders, videos = contents(lib)
    assert folders == [] and videos == {}
