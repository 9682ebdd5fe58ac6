"""The preview's Play / Pause button drew Qt's standard media icon, a black pixmap whatever the
palette: on a dark palette (Fusion's, as Qt uses on Windows' dark mode, or a desktop's dark theme)
the button showed black on #2b2b2b, a contrast of 1.4:1, the control all but invisible. Now the icon
is drawn in the button's text colour, and again when the palette changes while the window is open."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.muted import contrast
from app.player import PreviewPlayer

DARK = {QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#353535", QPalette.ColorRole.ButtonText: "#e6e6e6"}


def dark_palette() -> QPalette:
    palette = QPalette(QApplication.palette())
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def restore_palette(qapp):
    before = QPalette(qapp.palette())
    yield
    qapp.setPalette(before)


def icon_colour(player) -> QColor:
    """The mean colour of the button icon's drawn pixels (alpha over half)."""
    image = player._button.icon().pixmap(24, 24).toImage()
    drawn = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())
             if image.pixelColor(x, y).alpha() > 128]
    assert drawn, "the Play button has no icon"
    return QColor(*(round(sum(getattr(c, part)() for c in drawn) / len(drawn)) for part in ("red", "green", "blue")))


def test_the_play_icon_is_seen_on_a_dark_palette(qapp, show_view, restore_palette):
    qapp.setPalette(dark_palette())
    player = show_view(PreviewPlayer(), (480, 360))
    behind = player._button.palette().color(QPalette.ColorRole.Window)
    assert contrast(icon_colour(player), behind) >= 3.0  # (WCAG 1.4.11: a control's graphics)


def test_the_play_icon_follows_a_palette_change(qapp, show_view, restore_palette):
    player = show_view(PreviewPlayer(), (480, 360))
    light = icon_colour(player)
    assert contrast(light, player._button.palette().color(QPalette.ColorRole.Window)) >= 3.0
    qapp.setPalette(dark_palette())
    qapp.processEvents()
    assert contrast(icon_colour(player), player._button.palette().color(QPalette.ColorRole.Window)) >= 3.0
