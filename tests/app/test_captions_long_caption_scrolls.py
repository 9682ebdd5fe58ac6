"""A caption may be up to 1000 characters (``core.captions.MAX_CAPTION_CHARS``); the captions list
wraps it onto the lines it needs (``app.captions_view``). At the window's minimum width a long one
made a row several times the list's height, and the list scrolled by whole rows: scrolled to its
end, that row's top sat at the list's top and the rest of the caption, its score and its source
could never be brought into view. Now the list scrolls by pixels: every line of it can be read."""

from __future__ import annotations

from app.captions_panel import captions_title
from core.search import CaptionResult
from tests.app.test_captions_list_fits import CAPS, CLIP, settle


def test_a_caption_taller_than_the_list_can_be_scrolled_to_its_last_line(qtbot, make_app_window, demo_library,
                                                                         no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    panel = window.captions_panel
    long = " ".join(f"word{i}" for i in range(150))  # (~1000 characters)
    panel.show_captions(captions_title("/videos/red-ball-beach.mp4", 72.0),
                        CAPS + [CaptionResult(long, 0.01, "imported", "c9", "v4", "/v/x.mp4", 0, 4)], CLIP)
    window.resize(400, 800)  # as narrow as it goes
    qtbot.waitUntil(lambda: window.width() == window.minimumSizeHint().width(), timeout=10_000)
    settle(qtbot)
    tree = panel._tree
    others = tree.topLevelItem(1)
    item = others.child(others.childCount() - 1)
    assert item.text(0) == long
    view = tree.viewport().height()
    assert tree.visualItemRect(item).height() > view  # (the case: a row taller than the list)
    bar = tree.verticalScrollBar()
    bar.setValue(bar.maximum())
    settle(qtbot)
    rect = tree.visualItemRect(item)
    assert rect.bottom() <= view, (rect.getRect(), view)  # its last line (and score, source) in view
    bar.setValue(bar.maximum() - view // 2)  # and each line on the way
    settle(qtbot)
    assert 0 < tree.visualItemRect(item).bottom() - view < rect.height()
