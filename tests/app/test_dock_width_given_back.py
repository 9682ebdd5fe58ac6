"""The library dock gets its width back when the window that narrowed it grows again: a window made
narrow takes the width it lacks from the dock (down to its minimum), and made wide again Qt gave all
the room to the grid, so the dock stayed narrow for good, its folders cut ("/w…d/videos") beside a
grid with room to spare (seen in screenshots at 1280 x 800 after the window had been made small),
and was saved so for the next start."""

from __future__ import annotations

from tests.app.dock_drag import drag_dock
from tests.app.layout_settle import settle

WIDE = (1280, 800)


def _resize(qtbot, window, size) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == max(size[0], window.minimumSizeHint().width()), timeout=10_000)
    settle(qtbot)  # (the layout's posted work)


def test_the_dock_gets_back_its_width_when_the_window_grows_again(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    dock = window.library_dock
    _resize(qtbot, window, WIDE)
    assert dock.isVisible() and dock.width() > dock.minimumSizeHint().width()
    for wanted in (dock.width(), dock.width() + 150):  # as it opened; as the user dragged it wider
        drag_dock(qtbot, window, wanted)
        _resize(qtbot, window, (400, 600))  # as narrow as it goes
        assert dock.width() < wanted - 20, "the narrow window did not narrow the dock: nothing to check"
        _resize(qtbot, window, WIDE)
        qtbot.waitUntil(lambda: abs(dock.width() - wanted) <= 2, timeout=10_000)
        assert window.results_view.width() > 300  # (the grid keeps room of its own)


def test_a_window_grown_a_little_gives_the_dock_only_what_it_gained(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    dock = window.library_dock
    _resize(qtbot, window, WIDE)
    wanted = 360
    drag_dock(qtbot, window, wanted)
    _resize(qtbot, window, (400, 600))
    narrow, width = dock.width(), window.width()
    assert narrow < wanted - 20
    gained = 5  # (within a small window's fair share, a quarter of it: test_dock_fair_share)
    assert narrow + gained <= (width + gained) // 4
    _resize(qtbot, window, (width + gained, 600))
    qtbot.waitUntil(lambda: dock.width() == narrow + gained, timeout=10_000)
    _resize(qtbot, window, WIDE)
    qtbot.waitUntil(lambda: abs(dock.width() - wanted) <= 2, timeout=10_000)
