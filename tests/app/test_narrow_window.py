"""A small window: 1280x720 with a side dock leaves ~800 px; the window could not be narrower than
910 px at the normal font (the library panel's row of three buttons, the captions panel's two).
And the search panel's "clips like" line, squeezed, cut the file name and the words around it
alike ("Clips lik…4 at 0:12"): the name is what is cut now."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton

from app.requests import SearchRequest
from app.search_panel import SearchPanel


def test_the_window_fits_800_px_at_the_normal_font_with_every_button_shown(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    assert window.library_dock.isVisible() and window.preview_area.isVisible()
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() <= 800, timeout=5_000)
    window.resize(400, 600)  # as narrow as it goes
    qtbot.waitUntil(lambda: window.width() == window.minimumSizeHint().width(), timeout=5_000)
    qtbot.wait(50)
    for panel in (window.library_panel, window.captions_panel, window.search_panel):
        for button in panel.findChildren(QAbstractButton):
            if button.isVisibleTo(window) and button.text():  # (each action still shown, its text whole)
                needs = button.fontMetrics().horizontalAdvance(button.text())
                assert button.width() >= needs, (button.text(), button.width(), needs)
    names = {b.text() for p in (window.library_panel, window.captions_panel)
             for b in p.findChildren(QAbstractButton) if b.isVisibleTo(window)}
    assert {"Add folder…", "Remove", "Re-scan", "Import captions…", "Add note…"} <= names


def test_a_squeezed_clips_like_line_cuts_the_file_name_not_its_words(qtbot, show_view):
    panel = show_view(SearchPanel(), (900, 120))
    name = "a-very-long-name-of-a-car-detection-video.mp4"
    label = f"Clips like {name} at 0:12 in other videos"
    panel.show_request(SearchRequest(similar_to="moment-1"), label, name)
    line = panel.context_label
    qtbot.waitUntil(lambda: line.text() == label, timeout=5_000)  # room enough: whole
    panel.resize(panel.minimumSizeHint().width(), 120)  # the narrowest window
    qtbot.waitUntil(lambda: line.text() != label, timeout=5_000)
    shown = line.text()
    assert shown.startswith("Clips like a") and shown.endswith("4 at 0:12 in other videos"), shown
    assert "…" in shown and line.toolTip() == label
    fm = line.fontMetrics()
    room = fm.horizontalAdvance("Clips like ") + fm.horizontalAdvance(" at 0:12 in other videos")
    line.resize(room + fm.horizontalAdvance("a-very-lo…video.mp4") + 4, line.height())
    shown = line.text()
    assert shown.startswith("Clips like a-very") and shown.endswith("video.mp4 at 0:12 in other videos"), shown
    assert fm.horizontalAdvance(shown) <= line.contentsRect().width()
