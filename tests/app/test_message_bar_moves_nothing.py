"""A status message moves nothing in the window and never sets its minimum size. At the window's
minimum width (751 px) a message too long for the room beside the status bar's permanent parts took
rows of its own above them while it lasted: the results and preview 18 px shorter for one line
(526 -> 508 px), 32 for two (494), for its 10-15 s and back, the layout jumping twice (at a 1.5x
font 505 -> 480 / 459); and the window's minimum height grew with the rows (275 -> 293 / 307 px;
327 -> 352 / 373), so the window could not be dragged shorter while it showed. Now a message is
one line in a room the bar keeps whatever it shows (a row of its own above the parts at such a
width, its height the bar's whether a message shows or not): the central area, the parts and the
window's minimum the same before, during and after any message."""

from __future__ import annotations

import pytest

from app.requests import MOMENT_GONE
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401
from tests.app.test_message_bar_keeps_controls import _over
from tests.app.test_status_bar_fits import COMMON, HUGE, LONG, narrowest_window

PATH = "/media/footage/" + "/".join(f"trip-{i:02d}-the-long-way-round-by-the-coast" for i in range(6)) + "/a.mp4"
LONG_PATH = f"Cannot play {PATH}: the file is not there."  # (a path wider than the bar)
MESSAGES = [*COMMON, LONG, MOMENT_GONE, LONG_PATH, HUGE, "Two lines\nfrom a caller that broke them"]


def cut_or_whole(label, text: str) -> bool:
    """``text`` on the label's one line: whole, no tooltip; or cut at its end with "…", whole in
    its tooltip. Inside the label's width either way; its accessible name the whole message."""
    line = " ".join(text.splitlines())
    shown = label.text()
    inside = "\n" not in shown and label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    if shown == line:
        return inside and label.toolTip() == ""
    return inside and shown.endswith("…") and line.startswith(shown[:-1]) and label.toolTip() == text


def _layout(window):
    """What a message must not move: the central area, the status bar and its parts."""
    parts = window.status_widgets
    return (window.centralWidget().geometry(), window.statusBar().geometry(),
            parts.library_label.geometry(), parts.model_label.geometry())


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
@pytest.mark.parametrize("lowest", [False, True], ids=["600px", "min-height"])
def test_a_message_moves_nothing_in_the_window(qtbot, make_app_window, demo_library, scaled_font, lowest,
                                               no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, scaled_font)
    if lowest:
        window.resize(window.width(), window.minimumSizeHint().height())
        settle(qtbot)
    bar, size, before = window.statusBar(), window.size(), _layout(window)
    whole = 0
    for text in MESSAGES:
        bar.showMessage(text, 15_000)
        settle(qtbot)
        label = bar.message_label
        assert label.isVisible() and label.accessibleName() == text
        assert _layout(window) == before and window.size() == size, (text, _layout(window), before)
        assert cut_or_whole(label, text) and not _over(bar, label), (text, label.text(), label.toolTip())
        whole += label.text() == text
        for w in (window.status_widgets.library_label, window.status_widgets.model_label):
            assert not label.geometry().intersects(w.geometry()) and not _over(bar, w)
        bar.clearMessage()
        settle(qtbot)
        assert _layout(window) == before and window.size() == size and not label.isVisible()
    assert whole >= len(COMMON)  # (the common ones whole at this width: test_status_bar_fits)


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_the_windows_minimum_size_is_not_the_messages(qtbot, make_app_window, demo_library, scaled_font,
                                                      no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, scaled_font)
    bar = window.statusBar()
    least = window.minimumSizeHint()
    for text in MESSAGES:
        bar.showMessage(text, 15_000)
        settle(qtbot)
        assert window.minimumSizeHint() == least, (text, window.minimumSizeHint(), least)
    # dragged as short as it goes while a long one shows: as short as without it
    bar.showMessage(LONG, 15_000)
    window.resize(window.width(), 100)
    settle(qtbot)
    assert window.height() == least.height() and window.minimumSizeHint() == least
    bar.clearMessage()
    settle(qtbot)
    assert window.minimumSizeHint() == least and window.height() == least.height()


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_a_wide_window_keeps_no_row_for_messages(qtbot, make_app_window, demo_library, scaled_font,
                                                 no_real_dialogs):
    """The messages' own row only where the parts leave a short room: at 1280 px (1.5x font: 1800)
    a message goes beside them, the bar one row tall, and the window's minimum height less."""
    window = narrowest_window(qtbot, make_app_window, demo_library, scaled_font)
    bar, counts = window.statusBar(), window.status_widgets.library_label
    narrow, narrow_least = bar.height(), window.minimumSizeHint().height()
    assert counts.y() > bar.message_label.fontMetrics().height()  # (a row above the parts)
    window.resize(int(1280 * scaled_font), 600)
    settle(qtbot)
    wide, before = bar.height(), _layout(window)
    assert wide < narrow and window.minimumSizeHint().height() < narrow_least
    for text in (COMMON[1], LONG):
        bar.showMessage(text, 15_000)
        settle(qtbot)
        label = bar.message_label
        assert label.text() == text and label.geometry().right() < counts.x() and not _over(bar, label)
        assert _layout(window) == before
    bar.clearMessage()
    settle(qtbot)
    assert _layout(window) == before
