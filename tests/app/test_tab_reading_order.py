"""Tab with the window active went search row → results → the status bar's model button → the
library dock → the preview → the captions: not as the window reads. Now it goes the search row, the
results, the preview, its captions, the library dock, the status bar last. Each panel keeps the order
it sets itself; the window moves only the status bar's button (helper H's setTabOrder over every
panel's controls crashed Qt 6.11 later, in the captions list's clear: see the child-process test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.app.conftest import SESSION_TIMEOUT_MS, type_query
from tests.app.test_session_search import RED_BALL

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("search", "results", "preview", "captions", "library", "status")


def _part(window, widget) -> str:
    for name, panel in (("search", window.search_panel), ("results", window.results_view),
                        ("preview", window.preview), ("captions", window.captions_panel),
                        ("library", window.library_panel), ("status", window.statusBar())):
        if widget is panel or panel.isAncestorOf(widget):
            return name
    return f"other:{type(widget).__name__}"


def test_tab_from_the_search_field_goes_as_the_window_reads(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    results = type_query(qtbot, window, RED_BALL.query)
    qtbot.waitUntil(lambda: window.preview.current_path() == results[0].path, timeout=SESSION_TIMEOUT_MS)
    captions = window.captions_panel
    qtbot.waitUntil(lambda: captions.title() != "Captions" and not captions.loading(), timeout=SESSION_TIMEOUT_MS)
    window.activateWindow()
    field = window.search_panel.field
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=10_000)
    stops = []
    for _ in range(14):
        before = QApplication.focusWidget()
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not before, timeout=10_000)
        stops.append(_part(window, QApplication.focusWidget()))
    seen = [p for i, p in enumerate(stops) if p not in stops[:i]]
    # each part reached once, in the window's reading order, until Tab comes back to the search row
    back = stops.index("search", stops.index("status"))
    assert seen[:len(PARTS)] == list(PARTS), " ".join(stops)
    assert stops[:back] == sorted(stops[:back], key=PARTS.index), " ".join(stops)


CHILD = r"""
import faulthandler, os, sys
faulthandler.enable()
sys.path.insert(0, sys.argv[1])
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.session import Session
from app.settings import AppSettings
from app.wiring import build_window
settings = AppSettings(); settings.first_run_done = True
window = build_window(Session(loader=lambda *a, **k: None), settings)
window.show(); app.processEvents()
captions = window.captions_panel
for i in range(300):  # another clip asked, its captions shown, none, the list cleared: the pages change
    captions.show_loading(f"clip {i}.mp4")
    app.processEvents()
    captions.show_captions(f"clip {i}.mp4", [])
    captions.clear()
    if i % 10 == 0:
        captions._tree.setFocus(); app.processEvents()
        window.repair_notice.show_not_read_now() if i % 20 else window.repair_notice.show_notice()
        window.model_notice.show_notice(); app.processEvents()
        for button in (window.repair_notice.button, window.repair_notice.again_button,
                       window.model_notice.close_button):
            button.setFocus(); app.processEvents()
        window.repair_notice.dismiss(); window.model_notice.dismiss(); app.processEvents()
        window.search_panel.field.setFocus(); app.processEvents()
window.close()
print("done")
"""


@pytest.mark.slow  # (9.0 s under load)
def test_captions_pages_change_many_times_with_the_tab_order_set():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "done" in done.stdout, done.stderr[-3000:]
