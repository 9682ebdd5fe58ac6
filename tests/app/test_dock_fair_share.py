"""The library dock takes a fair share of a small window: a width saved on a big screen (600 px of
a 1920 px window) was restored as is in a laptop's 1024 px window, where Qt left it 456 px beside
a central pane at its minimum (results in two columns, the search field showing "iving on a road",
the preview 150 px wide, next to a mostly empty folder list). Now in a window narrower than the
one the user left it in, the dock gives up its width first, down to about a quarter of the window
(never below its minimum), and gets it back as the window grows; a width the user drags it to in
the small window is kept."""

from __future__ import annotations

from tests.app.dock_drag import drag_dock
from tests.app.test_captions_title_fits import settle

BIG, SMALL = (1920, 1000), (1024, 640)


def _resize(qtbot, window, size) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=10_000)
    settle(qtbot)


def _fair(window) -> int:
    dock = window.library_dock
    return max(window.width() // 4, dock.minimumSizeHint().width())


def _big_window_with_a_wide_dock(qtbot, make_app_window, library, wanted=600):
    window = make_app_window(library)
    window.show_search()
    _resize(qtbot, window, BIG)
    drag_dock(qtbot, window, wanted)
    settle(qtbot)
    return window


def test_a_dock_saved_wide_on_a_big_screen_opens_at_a_fair_share_of_a_small_window(qtbot, make_app_window,
                                                                                      demo_library):
    window = _big_window_with_a_wide_dock(qtbot, make_app_window, demo_library)
    window.close()  # (saves the layout)
    window = make_app_window(demo_library)  # the next start, on a laptop
    window.show_search()
    _resize(qtbot, window, SMALL)
    dock = window.library_dock
    qtbot.waitUntil(lambda: abs(dock.width() - _fair(window)) <= 2, timeout=10_000)
    assert window.main_splitter.width() > window.width() * 0.7, window.main_splitter.width()
    _resize(qtbot, window, BIG)  # back on the big screen: the width the user chose there
    qtbot.waitUntil(lambda: dock.width() == 600, timeout=10_000)


def test_a_window_made_small_narrows_the_dock_first_and_gives_it_back(qtbot, make_app_window, demo_library):
    window = _big_window_with_a_wide_dock(qtbot, make_app_window, demo_library)
    dock = window.library_dock
    for size in (SMALL, (1280, 720), (1366, 768)):
        _resize(qtbot, window, size)
        qtbot.waitUntil(lambda: abs(dock.width() - _fair(window)) <= 2, timeout=10_000)
        assert window.results_view.width() > window.width() // 3, (size, window.results_view.width())
    _resize(qtbot, window, (1800, 1000))  # 120 px narrower than where the dock was left: 120 px off the dock
    qtbot.waitUntil(lambda: dock.width() == 480, timeout=10_000)
    _resize(qtbot, window, BIG)
    qtbot.waitUntil(lambda: dock.width() == 600, timeout=10_000)


def test_a_width_dragged_in_the_small_window_is_kept(qtbot, make_app_window, demo_library):
    window = _big_window_with_a_wide_dock(qtbot, make_app_window, demo_library)
    dock = window.library_dock
    _resize(qtbot, window, SMALL)
    qtbot.waitUntil(lambda: abs(dock.width() - _fair(window)) <= 2, timeout=10_000)
    drag_dock(qtbot, window, 400)  # the user wants it wider here
    _resize(qtbot, window, (1024, 700))  # (a resize that keeps the width: nothing to fit)
    settle(qtbot)
    assert dock.width() == 400
    _resize(qtbot, window, (1200, 700))
    settle(qtbot)
    assert dock.width() == 400
    window.close()
    window = make_app_window(demo_library)  # kept for the next start too
    window.show_search()
    _resize(qtbot, window, SMALL)
    qtbot.waitUntil(lambda: window.library_dock.width() == 400, timeout=10_000)


def test_a_layout_saved_without_the_width_the_user_chose_is_fitted_too(qtbot, make_app_window, demo_library,
                                                                       monkeypatch):
    """(settings saved by an older version hold the dock's width in Qt's state only: a dock wider
    than a quarter of the window it opens in is taken as left in a window 4 times its width)"""
    import app.window

    # (the window opens at its own first size, 1200 px, as on a big screen: not fitted to the test's)
    monkeypatch.setattr(app.window, "within_screen", lambda window, width, height: window.resize(width, height))
    window = _big_window_with_a_wide_dock(qtbot, make_app_window, demo_library)
    window.close()
    settings = window.settings
    settings._s.remove("window/library_dock")
    settings._s.remove("window/geometry")  # (the window opens at its own size, not clamped to the test's screen)
    settings.sync()
    window = make_app_window(demo_library)
    window.show_search()
    _resize(qtbot, window, SMALL)
    dock = window.library_dock
    qtbot.waitUntil(lambda: abs(dock.width() - _fair(window)) <= 2, timeout=10_000)
