"""What status found of a library folder since its last index (its videos found moved, or copied elsewhere, or it
back) was chosen in three places, each with its own precedence: `seekframe status`'s line, ``--json``'s "why" and
the window's library panel tooltip (rv_2's finding 5). One function chooses it now
(``core.folder_moved.found_since``, ``FolderStatus.found``): the three say the same, each with its own way out."""

from __future__ import annotations

import pytest

from app.folder_tips import back_tip, moved_tip
from core.folder_moved import WINDOW
from core.library_status import FolderStatus

MISSING = ("/v/Videos", False, "missing", "the folder is missing or cannot be read (an unmounted drive?)", 3, 3, 0, 0)


@pytest.mark.parametrize("folder", [FolderStatus(*MISSING, 1, moved_to="/v/Films"),
                                    FolderStatus(*MISSING, 3, copied=("/v/Films", 3)),
                                    FolderStatus("/v/Videos", True, None, None, 3, 3, 0, 0, 2, back="device")],
                         ids=["moved", "copied", "back"])
def test_status_json_and_the_window_say_the_same_found_words(folder):
    said = folder.found()
    assert said and folder.to_json()["why"] == said and "seekframe" in said
    # (the window's tooltip, from the tuples app.engine puts in SessionStatus)
    moved = ((folder.path, folder.moved_to, folder.offline),) if folder.moved_to else ()
    copied = ((folder.path, *folder.copied),) if folder.copied else ()
    back = ((folder.path, folder.back, folder.videos[1]),) if folder.back else ()
    tip = moved_tip(folder.path, moved, copied) or back_tip(folder.path, back)
    window = folder.found(WINDOW)
    assert tip == f"{window[:1].upper()}{window[1:]}{'' if window.endswith('.') else '.'}" and window != said
    assert "seekframe" not in tip and ("Remove" in tip or "Re-scan" in tip), tip


def test_a_folder_with_nothing_found_keeps_its_own_why():
    folder = FolderStatus(*MISSING, 3)
    assert folder.found() == "" and folder.to_json()["why"] == MISSING[3]
    assert moved_tip(folder.path, (), ()) == back_tip(folder.path, ()) == ""
