"""The library dock of a first run in a big window cut its folders' own names: 40 folders in a
1920 px window read "Wedding o… & Tom 01" and "Family trip - S… in Brittany 01" in a dock of 274 px
beside a grid with room to spare. Until the user sizes it, the dock now widens to show each
folder's own name and its count whole, up to a fifth of the window; a width the user dragged it
to, or one kept from an earlier session, stays."""

from __future__ import annotations

from app.library_panel import LibraryPanel
from app.session import Session
from app.settings import AppSettings
from app.window import MainWindow
from tests.app.dock_drag import drag_dock
from tests.app.layout_settle import settle
from tests.app.test_library_panel_rows_cut import shown_rows

PARENT = "/home/anna/Videos/"
NAMES = [f"{name} {i:02d}" for name in ("Family trip - Summer in Brittany", "Hiking the Pyrenees - Day by day",
                                        "Wedding of Anna & Tom") for i in range(1, 4)]


def window_with_panel(qtbot, width: int = 1920, saved=None, style=None):
    window = MainWindow(Session(), AppSettings())
    qtbot.addWidget(window)
    if style is not None:
        window.setStyle(style)
    panel = LibraryPanel()
    window.set_library_panel(panel)
    if saved:
        window.dock_width.restore(saved)
    window.resize(width, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.library_dock.width() > 0 and window.width() == width, timeout=10_000)
    settle(qtbot)
    return window, panel


def add_folders(panel, names=NAMES) -> None:
    folders = [PARENT + name for name in names]
    panel.set_folders(folders, counts={f: 12 for f in folders})


def test_a_first_runs_dock_widens_to_its_folders_names(qtbot):
    window, panel = window_with_panel(qtbot)
    before = window.library_dock.width()
    add_folders(panel)
    qtbot.waitUntil(lambda: all(name + "  ·  12 videos" in text for name, text in zip(NAMES, shown_rows(panel))),
                    timeout=10_000)
    assert before < window.library_dock.width() <= window.width() // 5


def test_at_most_a_fifth_of_the_window(qtbot):
    """(a quarter took 20 px of a 1024 px window's grid: 3 cards a row down to 2)"""
    window, panel = window_with_panel(qtbot, width=1024)
    before = window.library_dock.width()
    window.dock_width.offer(600)  # (rows that would need 600 px)
    settle(qtbot)  # (the dock's fit done: it is what stays)
    assert window.library_dock.width() == max(before, 1024 // 5)


def test_a_width_kept_from_an_earlier_session_stays(qtbot):
    window, panel = window_with_panel(qtbot, saved=[250, 1920])
    qtbot.waitUntil(lambda: window.library_dock.width() == 250, timeout=10_000)
    add_folders(panel)
    settle(qtbot)  # (the dock's fit done: it is what stays)
    assert window.library_dock.width() == 250


def test_a_width_the_user_dragged_the_dock_to_stays(qtbot):
    window, panel = window_with_panel(qtbot)
    dock = window.library_dock
    dragged = dock.width() + 10
    drag_dock(qtbot, window, dragged)
    add_folders(panel)
    settle(qtbot)  # (the dock's fit done: it is what stays)
    assert dock.width() == dragged
