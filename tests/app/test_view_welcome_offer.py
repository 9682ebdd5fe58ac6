"""WelcomePage's hub offer: what each state says and which button it shows; one click, one request."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from app.welcome import CHECKING, WelcomePage

REPO = "openai/clip-vit-base-patch32"


@pytest.fixture
def page(show_view):
    return show_view(WelcomePage(), (900, 700))


def offer(state, size=0, how_to=""):
    return SimpleNamespace(repo_id=REPO, state=state, size=size, folder="", how_to=how_to)


def test_no_offer_until_told(page):
    assert page.offer_text() == "" and not page._get.isVisible() and not page._use.isVisible()
    page.set_checking()
    assert page.offer_text() == CHECKING and not page._get.isVisible()


def test_download_offer_shows_the_size_and_one_click_asks_once(page, qtbot):
    page.set_offer(offer("download", size=605_157_884), "CLIP ViT-B/32")
    assert "CLIP ViT-B/32, open vocabulary, 605.2 MB" in page.offer_text()
    assert page._get.isVisible() and not page._use.isVisible() and not page._fetch_bar.isVisible()
    asked = []
    page.get_model_requested.connect(asked.append)
    qtbot.mouseClick(page._get, Qt.MouseButton.LeftButton)
    page._get.click()
    assert asked == [REPO]
    assert page._fetch_bar.isVisible() and page._cancel.isVisible() and not page._get.isVisible()


def test_progress_cancel_and_failure(page, qtbot):
    page.set_offer(offer("download", size=1000), "CLIP ViT-B/32")
    page.set_fetch_progress(250_000_000, 1_000_000_000)
    assert page._fetch_bar.value() == 250 and "250.0 MB of 1.0 GB" in page._fetch_bar.toolTip()
    with qtbot.waitSignal(page.fetch_cancel_requested):
        qtbot.mouseClick(page._cancel, Qt.MouseButton.LeftButton)
    assert not page._cancel.isEnabled()
    page.fetch_failed("Download of openai/clip-vit-base-patch32 cancelled; nothing of it was kept.")
    assert "cancelled" in page.offer_text() and page._get.isVisible() and not page._fetch_bar.isVisible()


def test_finished_then_use_it(page, qtbot):
    page.set_offer(offer("download", size=1000), "CLIP ViT-B/32")
    page.set_fetch_progress(0, 0)
    page.fetch_finished()
    assert page._use.isVisible() and not page._get.isVisible() and "ready" in page.offer_text()
    with qtbot.waitSignal(page.use_model_requested) as sig:
        qtbot.mouseClick(page._use, Qt.MouseButton.LeftButton)
    assert sig.args == [REPO]


def test_ready_and_offline_states(page):
    page.set_offer(offer("ready"), "CLIP ViT-B/32")
    assert "ready on this computer" in page.offer_text() and page._use.isVisible() and not page._get.isVisible()
    how_to = "On a computer with internet access run\n    hf download x --local-dir DIR\ncopy DIR…"
    page.set_offer(offer("offline", how_to=how_to), "CLIP ViT-B/32")
    assert how_to in page.offer_text() and not page._use.isVisible() and not page._get.isVisible()
    page.set_offer(None)
    assert page.offer_text() == ""
