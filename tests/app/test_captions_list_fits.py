"""The captions list is read at the window's narrowest: at its minimum width (751 px) the Caption
column got ~20 px ("a…") while Score (ResizeToContents) and Source (14 characters) took the rest,
and the header "3 other captions, cl…" was cut with no tooltip. Now the caption keeps at least half
the list and wraps onto the lines it needs; score and source go beside it when there is room, on a
line under it when there is not; section headers span the row and wrap (tooltip whole). That line
wraps too: cut in its middle it read "0.17 · yo…4 at 0:16" for "your note on car-detection.mp4 at
0:16" (found driving the window over real clips: a note, then another clip's similar captions).
At 1280x800 the Source column was kept while 10 characters of it fit: every similar caption's source
read "your n…t 0:16", the whole only in a tooltip. Now a source that does not fit whole stacks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle

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
    window.resize(int(2400 * scaled_font), 900)  # room for the whole source: three columns, the caption first
    settle(qtbot)
    assert not panel._tree.header().isSectionHidden(2)
    check_list(panel._tree)


NOTES = [CaptionResult(f"a silver car passing the crossing {i}", 0.4 - i / 100, "note", f"n{i}", "v9",
                       "/v/car-detection.mp4", 16.0, 20.0) for i in range(3)]


@pytest.mark.parametrize("scaled_font", [1.0, 1.5], indirect=True)
def test_every_source_is_read_whole_at_1280x800(qtbot, make_app_window, demo_library, scaled_font,
                                                no_real_dialogs):
    window = make_app_window(demo_library)
    window.show_search()
    window.resize(1280, 800)
    panel = window.captions_panel
    panel.show_captions(captions_title("/videos/red-ball-beach.mp4", 72.0), NOTES + CAPS, CLIP)
    settle(qtbot)
    tree = panel._tree
    assert tree.isVisible() and tree.viewport().width() > 0
    check_list(tree)
    margin = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)
    sources = []
    for i in range(tree.topLevelItemCount()):
        section = tree.topLevelItem(i)
        for j in range(section.childCount()):
            item = section.child(j)
            if item.data(0, Qt.ItemDataRole.UserRole) is None or not item.text(2):
                continue
            sources.append(item.text(2))
            if not tree.header().isSectionHidden(2):  # beside the caption: whole in its column
                need = QFontMetrics(item.font(2)).horizontalAdvance(item.text(2)) + margin
                assert tree.columnWidth(2) >= need, (item.text(2), tree.columnWidth(2), need)
    assert "your note on car-detection.mp4 at 0:16" in sources, sources
