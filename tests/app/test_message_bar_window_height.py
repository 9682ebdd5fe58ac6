"""A status message never changes the window's size: one too long for the room beside the status
bar's permanent parts took rows of its own above them, and a window at its minimum height grew by
them (275 -> 307 px for two lines, 335 for four) and stayed that tall once the message was gone (Qt
grows a window whose minimum grows and never shrinks it back). Now the rows are capped to the
window's spare height: at its minimum height the message goes beside the parts, cut with "…"; with
room for two lines it takes two, the rest cut; whole in its tooltip whenever it is cut."""

from __future__ import annotations

import pytest

from app import message_bar
from app.requests import MOMENT_GONE
from tests.app.test_captions_title_fits import scaled_font, settle  # noqa: F401
from tests.app.test_message_bar_keeps_controls import _over
from tests.app.test_status_bar_fits import HUGE, LONG, narrowest_window


def _lines_inside(label) -> bool:
    lines, fm, rect = label.text().split("\n"), label.fontMetrics(), label.contentsRect()
    return all(fm.horizontalAdvance(line) <= rect.width() for line in lines) \
        and rect.height() >= len(lines) * fm.height()


def _check_shown(bar, parts, text: str, size, window) -> list[str]:
    """The message's lines once shown: inside its label, the parts uncovered, the window's size
    kept; whole, or cut with "…" and whole in its tooltip."""
    label = bar.message_label
    assert window.size() == size, (text, window.size(), size)
    assert label.isVisible() and label.accessibleName() == text and _lines_inside(label), (text, label.text())
    for w in (parts.library_label, parts.model_label):
        assert w.isVisible() and not _over(bar, w) and not label.geometry().intersects(w.geometry())
    if "".join(label.text().split()) != "".join(text.split()):
        assert label.text().endswith("…") and label.toolTip() == text, (text, label.text(), label.toolTip())
    return label.text().split("\n")


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_a_long_message_never_makes_the_window_taller(qtbot, make_app_window, demo_library, scaled_font,
                                                      no_real_dialogs):
    window = narrowest_window(qtbot, make_app_window, demo_library, scaled_font, height=100)
    bar, parts = window.statusBar(), window.status_widgets
    window.resize(window.width(), window.minimumSizeHint().height())  # (its minimum height)
    settle(qtbot)
    lowest, one_row = window.size(), bar.height()
    assert lowest.height() == window.minimumSizeHint().height()

    # at its minimum height: no rows to spare, the message cut beside the parts
    for text in (LONG, MOMENT_GONE, HUGE):
        bar.showMessage(text, 15_000)
        settle(qtbot)
        assert _check_shown(bar, parts, text, lowest, window) == [bar.message_label.text()]
        assert bar.message_label.text().endswith("…") and bar.height() == one_row
    bar.clearMessage()
    settle(qtbot)
    assert window.size() == lowest and bar.height() == one_row

    # room for two lines: two, the rest cut; taller, the lines it needs (at most MAX_LINES)
    spacing = bar.message_label.fontMetrics().lineSpacing()
    two = lowest.height() + 2 * spacing + 2 * message_bar.PAD + spacing // 2
    window.resize(lowest.width(), two)
    settle(qtbot)
    size = window.size()
    assert size.height() == two
    bar.showMessage(HUGE, 15_000)
    settle(qtbot)
    assert len(_check_shown(bar, parts, HUGE, size, window)) == 2
    bar.clearMessage()
    settle(qtbot)
    assert window.size() == size and bar.height() == one_row and not bar.message_label.isVisible()
    bar.showMessage(HUGE, 15_000)
    settle(qtbot)
    window.resize(lowest.width(), two + 10 * spacing)  # (made taller while it shows: more of it)
    settle(qtbot)
    size = window.size()
    assert len(_check_shown(bar, parts, HUGE, size, window)) == message_bar.MAX_LINES
    bar.clearMessage()
    settle(qtbot)
    assert window.size() == size and bar.height() == one_row
