"""The library panel's tooltip of a folder whose index stopped in its full pass said twice that its
videos were searchable through their quick pass's moments: the stopped run's line ("3 searchable
already through their quick pass's moments, ...") and the line of its quick videos ("3 videos are
searchable through their quick pass's moments only ..."), as `seekframe status` did. Said once now,
by the quick line; the stopped line says how many files were still to index besides them."""

from __future__ import annotations

from app.library_panel import LibraryPanel


def test_the_tooltip_says_the_quick_moments_once(qtbot):
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_folders(["/v/D"], counts={"/v/D": 5}, quick={"/v/D": 3}, stopped={"/v/D": 4})
    tip = panel._list.item(0).toolTip()
    # (the 3 quick ones counted once, beside its videos: 1 more file still to index, s59)
    assert "Its last index stopped before it finished (1 file was still to index besides the 3 above); " in tip, tip
    assert ("3 videos are searchable through their quick pass's moments only (keyframes): their full moments "
            "are still to come; Finish indexing completes them.") in tip, tip
    assert tip.count("quick pass's moments") == 1, tip
