"""Status messages are read whole at the window's minimum width (751 px): one too long for the
room beside the status bar's permanent parts was cut to one line of the bar's width, "Cannot play
/media/footage/the-afternoon-…", "The clip these were like is no longer in the library (its video
was re-indexed or r…" (MOMENT_GONE, shown for 15 s), the rest only in a tooltip no one knew to
look for. Now such a message is wrapped onto the lines it needs above the parts (a path broken
where it is wider than a line), the bar taller while it shows; only one longer than
``MAX_LINES`` lines is cut at its end, whole in its tooltip."""

from __future__ import annotations

import pytest

from app import message_bar
from app.requests import MOMENT_GONE
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401
from tests.app.test_message_bar_keeps_controls import _over
from tests.app.test_status_bar_fits import LONG, narrowest_window

PATH = "/media/footage/" + "/".join(f"trip-{i:02d}-the-long-way-round-by-the-coast" for i in range(6)) + "/a.mp4"
LONG_PATH = f"Cannot play {PATH}: the file is not there."  # (a path wider than the bar: broken, not cut)
HUGE = f"Cannot play {PATH * 16}: the file is not there."


def _no_spaces(text: str) -> str:
    return "".join(text.split())


def read_whole(bar, text: str) -> bool:
    """``text`` shown whole by the bar's message label: its lines, line breaks aside, are the text;
    each inside the label's width, all of them inside its height; no part of the bar over it."""
    label = bar.message_label
    lines, fm, rect = label.text().split("\n"), label.fontMetrics(), label.contentsRect()
    return (label.isVisible() and _no_spaces(label.text()) == _no_spaces(text) and "…" not in label.text()
            and all(fm.horizontalAdvance(line) <= rect.width() for line in lines)
            and rect.height() >= fm.boundingRect(rect, 0, label.text()).height() and not _over(bar, label))


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_a_long_message_is_read_whole_at_the_windows_minimum_width(qtbot, make_app_window, demo_library,
                                                                   scaled_font, no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, scaled_font)
    bar, parts = window.statusBar(), window.status_widgets
    one_row = bar.height()
    for text in (LONG, MOMENT_GONE, LONG_PATH):
        bar.showMessage(text, 15_000)
        settle(qtbot)
        label = bar.message_label
        assert read_whole(bar, text), (text, label.text(), label.size())
        assert label.toolTip() == "" and label.accessibleName() == text
        assert label.text().count("\n") + 1 <= message_bar.MAX_LINES
        assert bar.height() >= one_row + label.height()  # (the parts below it, all in view)
        for w in (parts.library_label, parts.model_label):
            assert w.isVisible() and not _over(bar, w) and not label.geometry().intersects(w.geometry())
    assert window.width() == window.minimumSizeHint().width()  # (no message widened the window)

    # longer than MAX_LINES lines: cut at its end, whole in its tooltip
    bar.showMessage(HUGE, 15_000)
    settle(qtbot)
    label = bar.message_label
    lines = label.text().split("\n")
    assert len(lines) == message_bar.MAX_LINES and lines[-1].endswith("…")
    assert label.text().startswith("Cannot play /media/")
    assert all(label.fontMetrics().horizontalAdvance(line) <= label.contentsRect().width() for line in lines)
    assert label.toolTip() == HUGE and label.accessibleName() == HUGE

    bar.clearMessage()
    settle(qtbot)
    assert bar.height() == one_row and not bar.message_label.isVisible()
