"""What status found of a library folder since its last index (its videos found moved, or copied elsewhere, or it
back) was chosen in three places, each with its own precedence: `seekframe status`'s line, ``--json``'s "why" and
the window's library panel tooltip (rv_2's finding 5), and the panel still chose between a moved/copied tooltip
and a back one itself (rv_8's finding 3). One function chooses it now (``core.folder_moved.found_since``,
``FolderStatus.found``), the window's words reach the panel as chosen (``SessionStatus.folder_found``,
``app.folder_tips.found_tip``): the three say the same, each with its own way out, in these exact words."""

from __future__ import annotations

import pytest

from app.folder_tips import found_tip
from core.folder_moved import WINDOW
from core.library_status import FolderStatus

MISSING = ("/v/Videos", False, "missing", "the folder is missing or cannot be read (an unmounted drive?)", 3, 3, 0, 0)
COPIES = ("3 videos of /v/Videos, which is missing, were found in /v/Films (the folder renamed?), but the library has "
          "no record of the drive it was on (indexed by an earlier release): taken as copies, not moved, their "
          "moments copied and their notes left on the videos of /v/Videos, which stay listed, marked offline. If it "
          "was renamed, {how}; if it is a drive unplugged, nothing is lost: its videos are back when it is.")
SAID = {  # (the CLI's words, the window's tooltip)
    "moved": ("its videos were found moved to /v/Films (the folder renamed?); 1 video not found there is kept, "
              "marked offline: if it was renamed, `seekframe forget \"/v/Videos\"` takes it off the library's folders "
              "with that video",
              "Its videos were found moved to /v/Films (the folder renamed?); 1 video not found there is kept, "
              "marked offline: if it was renamed, Remove it from the library with that video."),
    "copied": (COPIES.format(how="`seekframe forget \"/v/Videos\"` takes it off the library's folders and puts its "
                                 "notes on the copies"),
               COPIES.format(how="Remove it in the library panel: its notes go onto the copies")),
    "back": ("back: its last index found another drive at its place, without some of its videos; they are there "
             "again; `seekframe index` brings it up to date (2 videos marked offline are found again then)",
             "Back: its last index found another drive at its place, without some of its videos; they are there "
             "again; Re-scan brings it up to date (2 videos marked offline are found again then)."),
}


@pytest.mark.parametrize("kind, folder", [("moved", FolderStatus(*MISSING, 1, moved_to="/v/Films")),
                                          ("copied", FolderStatus(*MISSING, 3, copied=("/v/Films", 3))),
                                          ("back", FolderStatus("/v/Videos", True, None, None, 3, 3, 0, 0, 2,
                                                                back="device"))])
def test_status_json_and_the_window_say_the_same_found_words(kind, folder):
    cli, tip = SAID[kind]
    assert folder.found() == cli and folder.to_json()["why"] == cli
    # (the window's tooltip, from what app.engine puts in SessionStatus.folder_found)
    assert found_tip(folder.path, ((folder.path, folder.found(WINDOW)),)) == tip
    assert found_tip("/v/Other", ((folder.path, folder.found(WINDOW)),)) == ""


def test_a_folder_with_nothing_found_keeps_its_own_why():
    folder = FolderStatus(*MISSING, 3)
    assert folder.found() == folder.found(WINDOW) == "" and folder.to_json()["why"] == MISSING[3]
    assert found_tip(folder.path, ()) == ""
