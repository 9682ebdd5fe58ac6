"""The captions list shows at least three captions at the default window size (1280x800), at a
1.5x font too: the preview area was split 3:2 whatever its width, the player ~420 px tall for a
picture ~365 px wide (a 16:9 frame needs ~205), and the list under it kept ~180 px at a 1.5x font:
a section header, the greyed note of a clip with no caption of its own and one caption. Now the
video gets what a 16:9 picture at its width and its controls need, the captions panel the rest,
until the user drags the handle between them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from app.captions_panel import captions_title
from tests.app.test_captions_list_fits import CAPS, CLIP, NOTES, check_list
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401

OTHERS = NOTES + [c for c in CAPS if c.path and c.path != "/v/beach.mp4"]  # (5: as many as a clip's follow)


def whole_captions(tree) -> list[str]:
    """The captions whose rows are in view whole, without scrolling."""
    view, seen = tree.viewport().rect(), []
    for i in range(tree.topLevelItemCount()):
        section = tree.topLevelItem(i)
        for j in range(section.childCount()):
            item = section.child(j)
            if item.data(0, Qt.ItemDataRole.UserRole) is not None and view.contains(tree.visualItemRect(item)):
                seen.append(item.text(0))
    return seen


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_three_captions_are_in_view_at_1280x800(qtbot, make_app_window, demo_library, scaled_font,
                                                no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    window.resize(1280, 800)
    settle(qtbot)
    panel, area = window.captions_panel, window.preview_area
    title = captions_title("/videos/red-ball-beach.mp4", 72.0)
    for captions in (OTHERS, NOTES + CAPS):  # none of the clip's own (its greyed note), then two
        panel.show_captions(title, captions, CLIP)
        settle(qtbot)
        tree = panel._tree
        assert tree.verticalScrollBar().value() == 0
        assert len(whole_captions(tree)) >= 3, (whole_captions(tree), tree.viewport().height(), area.sizes())
        check_list(tree)
    # the video still has a 16:9 picture's height at its width, its controls beside
    player = window.preview
    assert player.height() >= area.width() * 9 / 16 + player.minimumSizeHint().height() - 1, \
        (player.size(), area.size())

    # the user drags the handle: the split is theirs, kept through a resize of the window
    handle = area.handle(1)
    at = QPoint(handle.width() // 2, handle.height() // 2)
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=at)
    for step in range(1, 5):
        qtbot.mouseMove(handle, at + QPoint(0, 25 * step))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=at + QPoint(0, 100))
    settle(qtbot)
    dragged = player.height()
    assert dragged >= area.width() * 9 / 16 + 80, (dragged, area.sizes())
    window.resize(1300, 820)
    settle(qtbot)
    assert player.height() >= dragged, (player.height(), dragged)
