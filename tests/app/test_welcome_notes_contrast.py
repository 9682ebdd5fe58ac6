"""The lines under the welcome page's two buttons ("12 generated clips…", "indexes the videos in a
folder…") were disabled labels: they looked unavailable, grey at about 1.8:1 on the page. Now they
are enabled secondary text, quieter than the page's text yet at least 4.5:1 (WCAG AA) on its
background, in a light and a dark palette, and again when the palette changes while the app runs.
The contrast is worked out here from the palette's colours (WCAG's formula), not from pixels."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.welcome import DEMO_NOTE, FOLDER_NOTE, WelcomePage

GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)


def wcag_contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def dark_palette() -> QPalette:
    palette = QPalette(QColor("#2b2b2b"))  # (Qt's own derivation from a dark button colour)
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#e6e6e6"),
                         (QPalette.ColorRole.ButtonText, "#e6e6e6")):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#5a5a5a"))
    return palette


def light_palette() -> QPalette:
    palette = QPalette(QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#bebebe"))
    return palette


@pytest.fixture
def app_palette():
    """Sets the application's palette for the test (put back after)."""
    before = QApplication.palette()
    yield QApplication.setPalette
    QApplication.setPalette(before)


def notes(page) -> list:
    labels = list(page._notes.values())
    assert sorted(label.text() for label in labels) == sorted([DEMO_NOTE, FOLDER_NOTE])
    return labels


def assert_secondary_and_readable(page) -> None:
    background = page.palette().color(QPalette.ColorRole.Window)
    text = page.palette().color(QPalette.ColorRole.WindowText)
    for label in notes(page):
        assert label.isEnabled(), "a note under a button is no disabled control"
        for group in GROUPS:
            shown = label.palette().color(group, label.foregroundRole())
            bg = page.palette().color(group, QPalette.ColorRole.Window)
            assert wcag_contrast(shown, bg) >= 4.5, (label.text()[:20], group, shown.name(), bg.name())
        shown = label.palette().color(label.foregroundRole())
        assert wcag_contrast(shown, background) < wcag_contrast(text, background)  # quieter than the page's text


@pytest.mark.parametrize("make_palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_the_notes_under_the_buttons_are_readable_secondary_text(show_view, app_palette, make_palette):
    app_palette(make_palette())
    page = show_view(WelcomePage(), (800, 600))
    assert_secondary_and_readable(page)


def test_the_notes_follow_a_palette_changed_while_the_app_runs(show_view, qtbot, app_palette):
    app_palette(light_palette())
    page = show_view(WelcomePage(), (800, 600))
    assert_secondary_and_readable(page)
    app_palette(dark_palette())  # (the system switched to dark)
    qtbot.waitUntil(lambda: page.palette().color(QPalette.ColorRole.Window) == QColor("#2b2b2b"), timeout=10_000)
    assert_secondary_and_readable(page)
