"""The search bar's checked toggle (Moments / Videos, Filters) was marked by a bar under its text
only (test_mode_toggle_checked), which read as an underline, a link, not as a selected toggle. Now
a checked one is also filled: its button colour tinted towards the palette's Highlight, its text
kept at AA contrast on that fill (WCAG 1.4.3), on a light palette and a dark one; an unchecked one
keeps the style's plain button."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor, QPalette

from app.muted import AA_CONTRAST, contrast
from app.search_panel import SearchPanel
from tests.app.test_play_icon_dark_palette import dark_palette, restore_palette  # noqa: F401 (a fixture)


def _fill(button) -> QColor:
    """The colour most of the button's inside is painted (its frame, bar and text left out)."""
    image = button.grab().toImage()
    scale = image.width() / button.width()
    inside = [image.pixelColor(x, y).rgb() for x in range(int(5 * scale), int(image.width() - 5 * scale))
              for y in range(int(5 * scale), int(image.height() / 2))]
    return QColor.fromRgb(Counter(inside).most_common(1)[0][0])


def _hue_gap(a: QColor, b: QColor) -> int:
    gap = abs(a.hsvHue() - b.hsvHue()) % 360
    return min(gap, 360 - gap)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_checked_toggle_is_filled_with_a_tint_of_highlight(qapp, show_view, restore_palette, dark):  # noqa: F811
    if dark:
        qapp.setPalette(dark_palette())
    panel = show_view(SearchPanel(), (700, 120))
    qapp.processEvents()
    palette = panel.palette()
    highlight, text = palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.ButtonText)
    for button in (panel.moments_button, panel.videos_button, panel.filters_button):
        button.setChecked(True)
        qapp.processEvents()
        on = _fill(button)
        button.setChecked(False) if button is panel.filters_button else (
            panel.videos_button if button is panel.moments_button else panel.moments_button).setChecked(True)
        qapp.processEvents()
        off = _fill(button)
        name = (button.text(), "dark" if dark else "light")
        assert off.hsvSaturationF() < 0.08, (name, off.name())  # (the plain button: grey)
        assert on.hsvSaturationF() >= 0.15 and _hue_gap(on, highlight) <= 30, (name, on.name(), highlight.name())
        assert contrast(text, on) >= AA_CONTRAST, (name, on.name())
