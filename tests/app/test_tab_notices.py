"""The notices over the results (a message, the file, gone, repair and model notices) and the
welcome page came after the status bar's model button in Tab order: from the search field, where
the window starts, a user tabbed through the results, the preview, the captions, the library and
the status bar before reaching "Repair library" shown at the top, and in each notice its ✕ came
before its button. Now Tab reaches the shown notices right after the search row, top to bottom,
each its button then its ✕; on the welcome page, the page, the library, the status bar last."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.app.conftest import SESSION_TIMEOUT_MS


def tab_cycle(qtbot, start, limit: int = 40) -> list:
    """The widgets Tab reaches from ``start`` until it comes back to it (pressed like a user)."""
    stops = []
    for _ in range(limit):
        before = QApplication.focusWidget()
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not before, timeout=10_000)
        now = QApplication.focusWidget()
        if now is start:
            return stops
        stops.append(now)
    raise AssertionError(f"Tab never came back to {start!r}: {stops}")


def _name(window, widget) -> str:
    for name, notice in (("message", window.banner), ("file", window.file_notice), ("gone", window.gone_notice),
                         ("repair", window.repair_notice), ("model", window.model_notice)):
        if widget is notice.close_button:
            return f"{name} ✕"
        if widget is getattr(notice, "button", None):
            return f"{name} button"
        if widget is getattr(notice, "again_button", None):
            return f"{name} again"
    for name, panel in (("search", window.search_panel), ("results", window.results_view),
                        ("preview", window.preview), ("captions", window.captions_panel),
                        ("library", window.library_panel), ("welcome", window.welcome_page),
                        ("index", window.index_panel), ("status", window.statusBar())):
        if widget is panel or panel.isAncestorOf(widget):
            return name
    return f"other:{type(widget).__name__}"


def _parts(names: list[str]) -> list[str]:
    return [n for i, n in enumerate(names) if i == 0 or n != names[i - 1]]  # (a panel's stops as one)


def _start(qtbot, window, widget) -> None:
    window.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=10_000)


def test_tab_from_the_search_field_reaches_the_notices_after_the_search_row(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.main_splitter, timeout=SESSION_TIMEOUT_MS)
    window.show_message("error", "Something went wrong.")
    window.repair_notice.show_notice()
    window.model_notice.show_notice()
    qtbot.waitUntil(lambda: window.model_notice.isVisible() and window.banner.isVisible(), timeout=10_000)
    field = window.search_panel.field
    _start(qtbot, window, field)
    parts = _parts(["search"] + [_name(window, w) for w in tab_cycle(qtbot, field)])
    # as the screen reads them, top to bottom (each notice's button before its ✕), before the results
    assert parts[:7] == ["search", "message ✕", "repair button", "repair ✕", "model button", "model ✕",
                         "results"], " / ".join(parts)
    assert parts[-1] == "status", " / ".join(parts)


def test_try_again_comes_before_the_notices_close_button(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.main_splitter, timeout=SESSION_TIMEOUT_MS)
    window.repair_notice.show_not_read_now()
    qtbot.waitUntil(window.repair_notice.isVisible, timeout=10_000)
    field = window.search_panel.field
    _start(qtbot, window, field)
    parts = _parts(["search"] + [_name(window, w) for w in tab_cycle(qtbot, field)])
    assert parts[:4] == ["search", "repair again", "repair ✕", "results"], " / ".join(parts)


def test_tab_on_the_welcome_page_goes_page_library_status(qtbot, make_app_window, tmp_path):
    window = make_app_window(tmp_path / "library")
    welcome = window.welcome_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is welcome and window.library_panel.isEnabled()
                    and window.library_panel.isVisible(), timeout=SESSION_TIMEOUT_MS)
    window.repair_notice.show_notice()
    qtbot.waitUntil(window.repair_notice.isVisible, timeout=10_000)
    start = welcome._demo
    _start(qtbot, window, start)
    parts = _parts(["welcome"] + [_name(window, w) for w in tab_cycle(qtbot, start)])
    # the page, the library beside it, the status bar; the notice above the page comes before it
    assert parts[0] == "welcome" and "library" in parts, " / ".join(parts)
    assert parts.index("library") < parts.index("status") < parts.index("repair button"), " / ".join(parts)
    assert parts[parts.index("repair button"):] == ["repair button", "repair ✕"], " / ".join(parts)
