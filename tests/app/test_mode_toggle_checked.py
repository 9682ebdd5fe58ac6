"""The search bar's Moments / Videos toggle (and Filters) showed which one is on only by the
style's checked look: on a dark palette (Fusion's, as on Windows' dark mode) a checked tool button
is its button colour a shade darker, 1.1:1 beside the other, so Moments (checked) and Videos looked
the same and the mode in use could not be told (seen in a window pass, notes/s42/window_pass.md,
step 16b). Now a checked one is marked by a bar under its text of at least 3:1 against the button
(WCAG 1.4.11, a control's state), on a light palette and a dark one."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from app.muted import contrast
from app.search_panel import SearchPanel
from tests.app.test_play_icon_dark_palette import dark_palette, restore_palette  # noqa: F401 (a fixture)


def _changed(a, b) -> int:
    """How many pixels of the images ``a`` and ``b`` (one size) differ by 3:1 or more."""
    assert a.size() == b.size()
    return sum(contrast(QColor(a.pixelColor(x, y)), QColor(b.pixelColor(x, y))) >= 3.0
               for x in range(a.width()) for y in range(a.height()))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_checked_mode_is_seen(qapp, show_view, restore_palette, dark):  # noqa: F811
    if dark:
        qapp.setPalette(dark_palette())
    panel = show_view(SearchPanel(), (700, 120))
    qapp.processEvents()
    for button, other in ((panel.moments_button, panel.videos_button), (panel.videos_button, panel.moments_button),
                          (panel.filters_button, None)):
        button.setChecked(True)
        qapp.processEvents()
        on = button.grab().toImage()
        (other.setChecked(True) if other is not None else button.setChecked(False))
        qapp.processEvents()
        off = button.grab().toImage()
        assert not button.isChecked()
        # (at least a line across half the button: the state seen, not a pixel of anti-aliasing)
        assert _changed(on, off) >= on.width() // 2, (button.text(), "dark" if dark else "light")
    assert panel.palette().color(QPalette.ColorRole.Button).lightness() < 128 if dark else True
