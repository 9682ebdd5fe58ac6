"""Light and dark palettes as the app meets them, and WCAG's contrast worked out independently of
``app.muted`` (for the secondary-text tests: colours the app's code is given, not pixels).

* light: Fusion's own (Disabled Text #bebebe, PlaceholderText #80000000, on a white Base);
* dark: the usual dark Fusion recipe (Base #1e1e1e, Text #e6e6e6, Disabled Text Qt's darkGray
  #808080, PlaceholderText the text at half alpha as Qt derives it, Highlight #2a82da under black)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

R, G = QPalette.ColorRole, QPalette.ColorGroup
GROUPS = (G.Active, G.Inactive)


def light_palette() -> QPalette:
    return QPalette(QApplication.style().standardPalette())


def dark_palette() -> QPalette:
    palette = QPalette(QColor("#353535"))
    for role, colour in ((R.Window, "#2b2b2b"), (R.WindowText, "#e6e6e6"), (R.Base, "#1e1e1e"),
                         (R.AlternateBase, "#2b2b2b"), (R.Text, "#e6e6e6"), (R.ButtonText, "#e6e6e6"),
                         (R.Highlight, "#2a82da"), (R.HighlightedText, "#000000")):
        palette.setColor(role, QColor(colour))
    palette.setColor(R.PlaceholderText, QColor(230, 230, 230, 128))
    for role in (R.Text, R.WindowText, R.ButtonText):
        palette.setColor(G.Disabled, role, QColor("#808080"))
    return palette


PALETTES = pytest.mark.parametrize("make_palette", [light_palette, dark_palette], ids=["light", "dark"])


def over(colour: QColor, background: QColor, opacity: float = 1.0) -> QColor:
    a = colour.alphaF() * opacity
    return QColor.fromRgbF(*(a * x + (1 - a) * y for x, y in zip(colour.getRgbF()[:3], background.getRgbF()[:3])))


def wcag(colour: QColor, background: QColor, opacity: float = 1.0) -> float:
    """WCAG's contrast of ``colour`` painted (at ``opacity``, with its alpha) on ``background``."""
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())
    hi, lo = sorted((lum(over(colour, background, opacity)), lum(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def assert_secondary(colour: QColor, background: QColor, primary: QColor, what: str) -> None:
    """``colour`` reads on ``background`` at WCAG AA (4.5:1; as well as the palette's own
    ``primary`` text where even that has less) and is no louder than it."""
    own = wcag(primary, background)
    assert wcag(colour, background) >= min(4.5, own) - 1e-6, (what, colour.name(), background.name(),
                                                              round(wcag(colour, background), 2))
    assert wcag(colour, background) <= own + 1e-6, (what, colour.name(), primary.name())


@pytest.fixture
def app_palette():
    """``app_palette(palette)`` sets the application's palette for the test (put back after)."""
    before = QApplication.palette()
    yield QApplication.setPalette
    QApplication.setPalette(before)
