"""The library panel's line for videos a re-scan of one folder removed and keeps by content a while
(``LibraryPanel.set_kept``) was the whole of ``seekframe status``'s sentence ("Kept by content: 1 video
a re-scan of one folder removed, kept for up to 30 days in case it turns up in another of the
library's folders; not searchable until a re-scan of that folder finds it there."): seven lines in the
library dock at its usual width, under the folders, saying again at length what the index strip and
the status bar had just said. The panel now says it in three lines there (at most four asked, for
another font's slack), the whole sentence in its tooltip and accessible description."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from app.library_panel import LibraryPanel
from core.kept_words import status_text
from tests.app.palettes import dark_palette


def _kept(panel) -> QLabel:
    return panel.findChild(QLabel, "kept_by_content")


@pytest.mark.parametrize("n", [1, 3])
def test_the_kept_by_content_line_fits_the_library_dock_in_a_few_lines(show_view, qtbot, n):
    panel = show_view(LibraryPanel(), (220, 500))  # (the dock's width in a 1100-wide window)
    panel.setPalette(dark_palette())
    panel.set_kept(n)
    kept = _kept(panel)
    qtbot.waitUntil(kept.isVisible)
    lines = kept.heightForWidth(kept.width()) / kept.fontMetrics().lineSpacing()
    assert lines <= 4, (round(lines, 1), kept.width(), kept.text())
    assert f"{n} video" in kept.text() and "Kept by content" in kept.text()
    assert "not searchable" in kept.text()  # (why it is no longer found, said where it is seen)
    assert kept.toolTip() == status_text(n) == kept.accessibleDescription()  # (the whole sentence)
    panel.set_kept(0)
    assert kept.isHidden()
