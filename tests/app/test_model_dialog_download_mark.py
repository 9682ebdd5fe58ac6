"""File › Model…'s "needs download" mark, Qt's own arrow, is black whatever the palette: on a dark
palette it was 1.2:1 on the list, gone. It is now drawn in the list's text colour (its selected
row's in the selected text colour): 3:1 or more, as WCAG asks of a control's marks."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from app.model_dialog import ModelDialog, ModelEntry
from app.muted import contrast

DARK = {QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#353535", QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#2f65ca", QPalette.ColorRole.HighlightedText: "#ffffff"}


@pytest.fixture
def dark():
    before = QApplication.palette()
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    QApplication.setPalette(palette)
    yield palette
    QApplication.setPalette(before)


def mark_colour(icon: QIcon, mode: QIcon.Mode) -> QColor:
    """The mean colour of the icon's drawn pixels."""
    image = icon.pixmap(16, 16, mode).toImage()
    drawn = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())
             if image.pixelColor(x, y).alpha() > 200]
    assert drawn
    return QColor(*(round(sum(getattr(c, part)() for c in drawn) / len(drawn)) for part in ("red", "green", "blue")))


@pytest.mark.parametrize("palette_of", ["dark", "light"])
def test_the_needs_download_mark_reads_on_the_list(qtbot, request, palette_of):
    if palette_of == "dark":
        request.getfixturevalue("dark")
    dialog = ModelDialog([ModelEntry("bundled", "/res/real", "Real model", "for your videos"),
                          ModelEntry("hub", "openai/clip-vit-base-patch32", "CLIP ViT-B/32", "download",
                                     needs_download=True)], "/res/real", 3)
    qtbot.addWidget(dialog)
    item, view = dialog._list.item(1), dialog._list
    base = view.palette().color(QPalette.ColorRole.Base)
    assert contrast(mark_colour(item.icon(), QIcon.Mode.Normal), base) >= 3.0
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    assert contrast(mark_colour(item.icon(), QIcon.Mode.Selected), highlight) >= 3.0


def test_a_gap_between_the_models_in_the_list(qtbot):
    """(each model's name, detail and card lines ran on into the next model's, no gap between them)"""
    dialog = ModelDialog([ModelEntry("bundled", "/res/real", "Real model", "for your videos"),
                          ModelEntry("demo", "/res/demo", "Demo model", "for the demo clips")], "/res/real", 3)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog._list
    first, second = view.visualItemRect(view.item(0)), view.visualItemRect(view.item(1))
    assert second.top() - first.bottom() - 1 >= max(4, view.fontMetrics().height() // 4), (first, second)
