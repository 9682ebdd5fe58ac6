"""A small window: 1280x720 with a side dock leaves ~800 px; the window could not be narrower than
910 px at the normal font (the library panel's row of three buttons, the captions panel's two).
And the search panel's "clips like" line, squeezed, was cut ("Clips lik…4 at 0:12", then the
file name alone): it wraps now, a name wider than the line broken, never cut."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton

from app.requests import SearchRequest
from app.search_panel import SearchPanel
from tests.app.layout_settle import settle


def test_the_window_fits_800_px_at_the_normal_font_with_every_button_shown(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    assert window.library_dock.isVisible() and window.preview_area.isVisible()
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() <= 800, timeout=10_000)
    window.resize(400, 600)  # as narrow as it goes
    qtbot.waitUntil(lambda: window.width() == window.minimumSizeHint().width(), timeout=10_000)
    settle(qtbot)  # (the layout's posted work)
    for panel in (window.library_panel, window.captions_panel, window.search_panel):
        for button in panel.findChildren(QAbstractButton):
            if button.isVisibleTo(window) and button.text():  # (each action still shown, its text whole)
                needs = button.fontMetrics().horizontalAdvance(button.text())
                if button in window.search_panel.compact.buttons and window.search_panel.compact.compact:
                    needs = button.iconSize().width()  # (drawn as its icon: app.compact_buttons)
                assert button.width() >= needs, (button.text(), button.width(), needs)
    names = {b.text() for p in (window.library_panel, window.captions_panel)
             for b in p.findChildren(QAbstractButton) if b.isVisibleTo(window)}
    assert {"Add folder…", "Remove", "Re-scan", "Import captions…", "Add note…"} <= names


def test_a_squeezed_clips_like_line_reads_whole_its_long_name_broken_never_cut(qtbot, show_view):
    panel = show_view(SearchPanel(), (900, 120))
    name = "a-very-long-name-of-a-car-detection-video-from-the-dashboard-camera.mp4"
    label = f"Clips like {name} at 0:12 in other videos"
    panel.show_request(SearchRequest(similar_to="moment-1"), label)
    line = panel.context_label
    qtbot.waitUntil(lambda: line.text() == label, timeout=10_000)  # room enough: whole, on one line
    panel.resize(panel.minimumSizeHint().width(), 300)  # the narrowest panel
    qtbot.waitUntil(lambda: line.text() != label, timeout=10_000)
    rect = line.contentsRect()
    fm = line.fontMetrics()
    assert fm.horizontalAdvance(name) > rect.width()  # (the name alone is wider than the line)
    assert line.shown_text() == label and "…" not in line.text() and line.toolTip() == label
    needs = fm.boundingRect(QRect(0, 0, rect.width(), 100_000), int(Qt.TextFlag.TextWordWrap), line.text())
    assert needs.width() <= rect.width() and needs.height() <= rect.height()  # every line in, all shown
