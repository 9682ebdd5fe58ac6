"""The captions list is read at the window's narrowest: at its minimum width (751 px) the Caption
column got ~20 px ("a…") while Score (ResizeToContents) and Source (14 characters) took the rest,
and the header "3 other captions, cl…" was cut with no tooltip. Now the caption keeps at least half
the list and wraps onto the lines it needs; score and source go beside it when there is room, on a
line under it when there is not; section headers span the row and wrap (tooltip whole). That line
wraps too: cut in its middle it read "0.17 · yo…4 at 0:16" for "your note on car-detection.mp4 at
0:16" (found driving the window over real clips: a note, then another clip's similar captions)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics

from app.captions_panel import captions_title
from core.search import CaptionResult
from tests.app.test_captions_title_fits import at_the_narrowest, scaled_font, settle  # noqa: F401

CLIP = ("v1", 72.0, 76.0)
CAPS = [
    CaptionResult("a dog on the sand chasing a red ball into the waves while the sun sets", 0.31, "imported",
                  "c2", "v1", "/v/beach.mp4", 70.0, 74.0),
    CaptionResult("Rex's first catch", 0.52, "note", "c1", "v1", "/v/beach.mp4", 72.0, 76.0),
    CaptionResult("waves at sunset", 0.12, "imported", "c3"),
    CaptionResult("Bella asleep on the sofa", 0.40, "note", "c4", "v2", "/v/sofa-with-a-long-name.mp4", 8.0, 12.0),
    CaptionResult("the-beach-at-noon-in-one-long-word-with-no-space", 0.20, "imported", "c5", "v3", "/v/o.mp4", 0, 4),
]
WRAP = int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere)


def lines_height(font, text: str, width: int) -> int:
    return QFontMetrics(font).boundingRect(QRect(0, 0, max(1, width), 100_000), WRAP, text).height()


def check_list(tree) -> None:
    view = tree.viewport().width()
    header = tree.header()
    shown = [c for c in range(3) if not header.isSectionHidden(c)]
    assert sum(tree.columnWidth(c) for c in shown) <= view, [tree.columnWidth(c) for c in shown]
    for i in range(tree.topLevelItemCount()):
        section = tree.topLevelItem(i)
        rect = tree.visualItemRect(section)
        assert section.toolTip(0) == section.text(0)
        assert rect.width() >= view - 1 and rect.height() >= lines_height(section.font(0), section.text(0),
                                                                         rect.width() - 8), section.text(0)
        for j in range(section.childCount()):
            item = section.child(j)
            if item.data(0, Qt.ItemDataRole.UserRole) is None:
                continue
            cell = tree.visualRect(tree.indexFromItem(item, 0))
            assert cell.width() >= min(view // 2, QFontMetrics(item.font(0)).horizontalAdvance(item.text(0))), \
                (item.text(0), cell.width(), view)
            needs = lines_height(item.font(0), item.text(0), cell.width() - 8)
            fm = QFontMetrics(item.font(1))
            if header.isSectionHidden(1):  # score and source under the caption, wrapped, never cut
                detail = f"{item.text(1)} · {item.text(2)}"
                plain = item.font(1)
                plain.setBold(False)
                under = max(fm.height(), lines_height(plain, detail, cell.width() - 8))
                assert header.isSectionHidden(2) and cell.height() >= needs + under, (item.text(0), detail, cell)
            else:
                assert cell.height() >= needs, (item.text(0), cell.height(), needs)
                assert tree.columnWidth(1) >= fm.horizontalAdvance(item.text(1))
                assert tree.columnWidth(2) >= fm.averageCharWidth() * 8 and item.toolTip(2) == item.text(2)


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_the_captions_list_is_read_at_the_windows_minimum_width(qtbot, make_app_window, demo_library,
                                                                scaled_font, no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    panel = window.captions_panel
    panel.show_captions(captions_title("/videos/red-ball-beach.mp4", 72.0), CAPS, CLIP)
    at_the_narrowest(qtbot, window, 900, scaled_font)
    check_list(panel._tree)
    window.resize(1600, 900)  # room: three columns, the caption still first
    settle(qtbot)
    assert not panel._tree.header().isSectionHidden(2)
    check_list(panel._tree)
