"""The yellow notes above the results ("No strong match …", the end of a long query the model did
not read) kept their light yellow in a dark palette, a glaring strip in a dark window. Their colours
now follow the palette, also when it changes while the window is open."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from app.muted import contrast
from app.note_label import DARK, LIGHT
from tests.app.palettes import dark_palette, light_palette


@pytest.fixture
def restore_palette(qapp):
    from PySide6.QtGui import QPalette
    before = QPalette(qapp.palette())
    yield
    qapp.setPalette(before)


def _painted(label) -> QColor:
    """The colour most of the label's pixels are painted in (its background)."""
    image = label.grab().toImage()
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    return QColor.fromRgb(max(counts, key=counts.get)) if counts else QColor()  # (not laid out yet)


def _notes(window):
    panel = window.search_panel
    panel.unread_label.setText("…the end of the query")
    for label in (window.no_match_label, panel.unread_label):
        label.setVisible(True)
    return window.no_match_label, panel.unread_label


def test_the_notes_are_dark_in_a_dark_palette(qapp, qtbot, make_app_window, demo_library, restore_palette):
    qapp.setPalette(dark_palette())
    window = make_app_window(demo_library, ready=False)
    for label in _notes(window):
        qtbot.waitUntil(lambda label=label: _painted(label) == QColor(DARK[0]), timeout=5_000)
        assert contrast(QColor(DARK[1]), QColor(DARK[0])) >= 4.5


def test_the_notes_follow_a_palette_change(qapp, qtbot, make_app_window, demo_library, restore_palette):
    qapp.setPalette(light_palette())
    window = make_app_window(demo_library, ready=False)
    notes = _notes(window)
    for label in notes:
        qtbot.waitUntil(lambda label=label: _painted(label) == QColor(LIGHT[0]), timeout=5_000)
    qapp.setPalette(dark_palette())
    for label in notes:
        qtbot.waitUntil(lambda label=label: _painted(label) == QColor(DARK[0]), timeout=5_000)
    qapp.setPalette(light_palette())
    for label in notes:
        qtbot.waitUntil(lambda label=label: _painted(label) == QColor(LIGHT[0]), timeout=5_000)
