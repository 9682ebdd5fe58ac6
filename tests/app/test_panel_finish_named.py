"""The library panel's tooltip of a folder whose index stopped in its full pass named two ways to
finish it: "Re-scan completes them" (its videos with quick moments only) beside "Finish indexing
indexes the rest" (the stopped run's files), where the panel shows the Finish indexing button. One
action, one name now: the button shown, as `seekframe status` names `seekframe index` in both lines.
A folder with quick videos and no stopped run still names Re-scan (no Finish indexing is shown)."""

from __future__ import annotations

import pytest

from app.library_panel import LibraryPanel


def _tip(qtbot, **kw) -> tuple[str, LibraryPanel]:
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_folders(["/v/D"], counts={"/v/D": 5}, quick={"/v/D": 3}, **kw)
    return panel._list.item(0).toolTip(), panel


@pytest.mark.parametrize("full", [False, True])
def test_a_stopped_folder_names_the_finish_button_in_both_lines(qtbot, full):
    tip, panel = _tip(qtbot, stopped={"/v/D": 4}, full=("/v/D",) if full else ())
    assert "Finish indexing completes them." in tip, tip
    assert "Finish indexing indexes the rest." in tip, tip
    assert "Re-scan" not in tip, tip
    assert not panel._finish.isHidden() and panel._finish.text() == "Finish indexing"


def test_an_offline_stopped_folder_says_once_it_is_back_in_both(qtbot):
    tip, _ = _tip(qtbot, stopped={"/v/D": 4}, offline={"/v/D"})
    assert "Finish indexing completes them once their folder is back (offline now)." in tip, tip
    assert "once it is back, Finish indexing indexes the rest." in tip and "Re-scan" not in tip, tip


def test_a_folder_with_quick_videos_only_names_re_scan(qtbot):
    tip, panel = _tip(qtbot)
    assert "Re-scan completes them." in tip and "Finish indexing" not in tip, tip
    assert panel._finish.isHidden()
