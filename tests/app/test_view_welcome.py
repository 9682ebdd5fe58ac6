"""WelcomePage: the two choices, their signals, and the busy state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from app.welcome import DEMO_NOTE, WelcomePage


@pytest.fixture
def page(show_view, no_real_dialogs):
    return show_view(WelcomePage(), (800, 600))


def test_says_what_it_is_and_what_the_demo_does(page):
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert "Seekframe" in texts
    assert DEMO_NOTE in texts and "demo library of their own" in DEMO_NOTE and "demo model" in DEMO_NOTE
    assert "stays on this computer" in page._intro.text()
    assert page._demo.text() == "Try the demo library" and page._folder.text() == "Add my videos folder…"
    assert page._demo.height() >= 2 * page._demo.fontMetrics().height(), "large buttons"


def test_the_paragraph_is_not_clipped(page, qtbot):
    qtbot.waitExposed(page)
    intro = page._intro
    qtbot.waitUntil(lambda: intro.height() >= intro.heightForWidth(intro.width()), timeout=10_000)


def test_demo_button(page, qtbot):
    with qtbot.waitSignal(page.demo_requested):
        qtbot.mouseClick(page._demo, Qt.MouseButton.LeftButton)


def test_folder_button_asks_for_a_directory(page, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    with qtbot.waitSignal(page.folder_chosen) as sig:
        qtbot.mouseClick(page._folder, Qt.MouseButton.LeftButton)
    assert sig.args == [str(tmp_path)]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    with qtbot.assertNotEmitted(page.folder_chosen):
        qtbot.mouseClick(page._folder, Qt.MouseButton.LeftButton)


def test_busy_shows_progress_and_blocks_the_buttons(page, qtbot):
    assert not page._progress.isVisible() and not page._status.isVisible()
    page.set_busy(True, "Writing the demo clips… 4 of 12")
    assert page._progress.isVisible() and page._status.text() == "Writing the demo clips… 4 of 12"
    assert not page._demo.isEnabled() and not page._folder.isEnabled()
    with qtbot.assertNotEmitted(page.demo_requested):
        qtbot.mouseClick(page._demo, Qt.MouseButton.LeftButton)
    page.set_busy(False)
    assert not page._progress.isVisible() and page._demo.isEnabled() and page._folder.isEnabled()
