"""Two texts the app draws read below WCAG AA (1.4.3, 4.5:1) on Fusion's light palette: a selected
result card's name, times and score, HighlightedText (white) on Highlight (#308cc6), 3.69:1; and the
search field's placeholder, PlaceholderText (half-transparent black) on white, 4.0:1. Now the
selected card's background is the Highlight shaded just as far as its words need
(``app.muted.behind``), and the field's placeholder is secondary text (``app.muted.secondary``), on
a light palette and a dark one, followed when the palette changes while the app runs."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from app.muted import contrast
from app.results import ResultsModel, ResultsView
from app.search_panel import SearchPanel
from core.search import SearchResult
from tests.app.palettes import PALETTES, wcag
from tests.app.test_play_icon_dark_palette import restore_palette  # noqa: F401 (a fixture)
from tests.app.test_result_card_selected import _readability

AA = 4.5


@PALETTES
def test_a_selected_result_card_reads_at_aa(qapp, qtbot, tmp_path, restore_palette, make_palette):  # noqa: F811
    qapp.setPalette(make_palette())
    view = ResultsView()
    qtbot.addWidget(view)
    model = ResultsModel()
    model.set_results(None, [SearchResult(str(tmp_path / "v0.mp4"), 0, 4, 0.6, "v0", "m0", 2.0, strength="strong")])
    assert _readability(view, model, 0, selected=True) >= AA
    assert _readability(view, model, 0, selected=False) >= AA  # (unselected: as before)


def _placeholder_reads(field) -> float:
    """The least contrast of the field's placeholder on its Base, Active and Inactive."""
    palette = field.palette()
    return min(wcag(palette.color(g, QPalette.ColorRole.PlaceholderText), palette.color(g, QPalette.ColorRole.Base))
               for g in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive))


@PALETTES
def test_the_search_fields_placeholder_reads_at_aa(qapp, show_view, restore_palette, make_palette):  # noqa: F811
    qapp.setPalette(make_palette())
    panel = show_view(SearchPanel(), (700, 80))
    qapp.processEvents()
    assert _placeholder_reads(panel.field) >= AA
    text = panel.field.palette().color(QPalette.ColorRole.Text)
    base = panel.field.palette().color(QPalette.ColorRole.Base)
    placeholder = panel.field.palette().color(QPalette.ColorRole.PlaceholderText)
    assert contrast(placeholder, base) <= contrast(text, base)  # (quieter than the text, never louder)


def test_the_placeholder_follows_a_palette_change(qapp, show_view, restore_palette):  # noqa: F811
    from tests.app.palettes import dark_palette, light_palette

    qapp.setPalette(light_palette())
    panel = show_view(SearchPanel(), (700, 80))
    qapp.processEvents()
    light = QColor(panel.field.palette().color(QPalette.ColorRole.PlaceholderText))
    qapp.setPalette(dark_palette())
    qapp.processEvents()
    assert _placeholder_reads(panel.field) >= AA
    assert panel.field.palette().color(QPalette.ColorRole.PlaceholderText) != light
