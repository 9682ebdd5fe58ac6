"""Removing folder B while a full disk still keeps folder A's stopped removal from finishing: the
removal of B first finishes A's, refused again, and the window said "Removing the folder stopped:
... Its videos are no longer searched ... remove the folder again", naming no folder, while B was
untouched and still searched (reviewer's D5). It now names both: B not removed, A's removal waiting."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import service
from core.library import VideoLibrary
from tests.test_forget_whole import contents, copy_library, indexed, refuse_writes  # noqa: F401


def test_removing_another_folder_while_the_disk_is_full_names_both_and_changes_nothing(indexed, tmp_path,  # noqa: F811
                                                                                    monkeypatch):
    from app.worker_messages import user_message

    a, b = indexed["a"], indexed["b"]
    lib = copy_library(indexed, tmp_path)
    with VideoLibrary(lib) as library:  # (the app's writer handle, kept open)
        refuse_writes(monkeypatch, lambda meta: a not in (meta.settings.folders or []))
        with pytest.raises(OSError):
            service.forget_folder(library, a)
        with pytest.raises(service.RemovalWaits) as caught:
            service.forget_folder(library, b)
        said = user_message(caught.value, "forget-folder")  # (what the window says)
        assert said.startswith(f"{b} was not removed: nothing changed for it, and its videos are still searched. "
                               f"The removal of {a}, which a full disk stopped earlier"), said
        assert "disk holding the library is still full" in said
        assert library.forgetting == a
    folders, videos = contents(lib)
    assert b in folders and str(Path(b) / "blue.mp4") in videos  # B untouched
