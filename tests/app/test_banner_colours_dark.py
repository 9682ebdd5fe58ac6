"""The window's banner (errors, warnings, info) and its notices kept their light colours in a dark
palette, a glaring strip in a dark window, as the yellow notes did (16455de). Their colours now come
from the one place that chooses by the palette (``app.level_colours``, the notes' too): dark ones
with light words in a dark palette, the light ones as before in a light palette, and chosen again
when the palette changes while a banner shows."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from app.muted import contrast
from tests.app.palettes import dark_palette, light_palette

LIGHT_LOOK = {"error": "#f8d7da", "warning": "#fff3cd", "info": "#cfe2ff"}  # (the banner's backgrounds before)


@pytest.fixture
def restore_palette(qapp):
    before = QPalette(qapp.palette())
    yield
    qapp.setPalette(before)


def _painted(widget) -> QColor:
    """The colour most of the widget's pixels are painted in (its background)."""
    image = widget.grab().toImage()
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    return QColor.fromRgb(max(counts, key=counts.get)) if counts else QColor()


def _dark(colour: QColor) -> bool:
    return colour.isValid() and colour.lightness() < 80


def test_the_banners_are_dark_in_a_dark_palette(qapp, qtbot, make_app_window, demo_library, restore_palette):
    qapp.setPalette(dark_palette())
    window = make_app_window(demo_library, ready=False)
    for level in ("error", "warning", "info"):
        window.banner.show_message(level, f"An {level} said in a dark window.")
        qtbot.waitUntil(lambda: _dark(_painted(window.banner)), timeout=5_000)
        words = window.banner.label.palette().color(QPalette.ColorRole.WindowText)
        assert contrast(words, _painted(window.banner)) >= 4.5, (level, words.name())
    window.repair_notice.show_notice()  # (a notice: the banner's look, with a button)
    qtbot.waitUntil(lambda: _dark(_painted(window.repair_notice)), timeout=5_000)


def test_the_banner_follows_a_palette_change(qapp, qtbot, make_app_window, demo_library, restore_palette):
    qapp.setPalette(light_palette())
    window = make_app_window(demo_library, ready=False)
    window.banner.show_message("error", "Could not read the file.")
    qtbot.waitUntil(lambda: _painted(window.banner) == QColor(LIGHT_LOOK["error"]), timeout=5_000)  # (as before)
    qapp.setPalette(dark_palette())
    qtbot.waitUntil(lambda: _dark(_painted(window.banner)), timeout=5_000)
    qapp.setPalette(light_palette())
    qtbot.waitUntil(lambda: _painted(window.banner) == QColor(LIGHT_LOOK["error"]), timeout=5_000)
    for level, background in LIGHT_LOOK.items():
        window.banner.show_message(level, "Said in a light window.")
        qtbot.waitUntil(lambda background=background: _painted(window.banner) == QColor(background), timeout=5_000)
