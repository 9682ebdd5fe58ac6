"""The real window's first run offers a better hub model: checked in the background (offline here:
the hub calls are fakes), its size shown, downloaded only on a click (the model controller's one
fetch path, with progress and Cancel), and once it is here, used through File › Model…."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import huggingface_hub
import pytest
from huggingface_hub import constants
from PySide6.QtCore import Qt

import core.hub_offer
import core.model_fetch
from app.welcome import CHECKING
from core.model_fetch import FetchCancelled
from core.timefmt import format_bytes
from tests.fake_hub import SHA, cached_snapshot
from tests.test_hub_offer import FILES, WANTED

CLIP = "openai/clip-vit-base-patch32"


class FakeFetch:
    """Stands in for core.model_fetch.fetch_model: reports progress; ``hold`` waits for a cancel."""

    def __init__(self, folder: str, hold: bool = False):
        self.folder, self.hold = folder, hold
        self.calls: list[str] = []
        self.saw_cancel = threading.Event()

    def __call__(self, repo_id, progress=None, cancelled=None, **kw):
        self.calls.append(repo_id)
        total = 1_000_000
        for step in range(11):
            progress(step * total // 10 if not self.hold else 300_000, total)
            if cancelled():
                self.saw_cancel.set()
                raise FetchCancelled(f"Download of {repo_id} cancelled; nothing of it was kept.")
            time.sleep(0.5 if self.hold else 0.03)
            if self.hold and step == 10:
                raise AssertionError("never cancelled")
        return self.folder


@pytest.fixture
def hub_cache(tmp_path, monkeypatch):
    """An empty Hugging Face cache of the test's own."""
    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    return cache


@pytest.fixture
def online(monkeypatch, hub_cache):
    """The hub answers with CLIP ViT-B/32's file list; nothing may be downloaded from it."""
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(core.hub_offer, "hub_reachable", lambda timeout=3.0: True)
    monkeypatch.setattr(huggingface_hub, "model_info", lambda repo_id, **kw: SimpleNamespace(
        sha=SHA, siblings=[SimpleNamespace(rfilename=n, size=s) for n, s in FILES.items()]))
    for name in ("hf_hub_download", "snapshot_download"):  # (core.model_fetch uses the second)
        real = getattr(huggingface_hub, name)
        monkeypatch.setattr(huggingface_hub, name, lambda *a, real=real, **k: real(*a, **k)
                            if k.get("local_files_only") else pytest.fail("downloaded by a check"))


def fake_fetch(monkeypatch, tmp_path, hold: bool = False) -> FakeFetch:
    fake = FakeFetch(str(tmp_path / "snapshot"), hold)
    monkeypatch.setattr(core.model_fetch, "fetch_model", fake)
    return fake


def welcome_with_offer(qtbot, make_app_window, tmp_path):
    window = make_app_window(tmp_path / "lib")
    page = window.welcome_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page, timeout=10_000)
    qtbot.waitUntil(lambda: window.wiring.first_run.offer is not None, timeout=10_000)
    assert page.offer_text() and page.offer_text() != CHECKING
    return window, page


def test_offline_the_page_says_how_to_get_a_better_model_and_offers_no_download(
        qtbot, make_app_window, tmp_path, monkeypatch, hub_cache):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub, "model_info", lambda *a, **k: pytest.fail("network used offline"))
    fake = fake_fetch(monkeypatch, tmp_path)
    window, page = welcome_with_offer(qtbot, make_app_window, tmp_path)
    text = page.offer_text()
    assert f"hf download {CLIP} --local-dir DIR" in text and "File › Model…" in text
    assert "CLIP ViT-B/32" in text and "No connection" in text
    assert page.model_text(), "what the model in use can do is still said"
    assert not page._get.isVisible() and not page._use.isVisible()
    # the offer has been handled (its text is shown): a download it started would have set the
    # controller's fetch task then, and one already over would have called the fetch
    assert window.wiring.models._fetch is None and fake.calls == []


def test_online_the_offer_shows_the_size_and_nothing_downloads_without_a_click(
        qtbot, make_app_window, tmp_path, monkeypatch, online):
    fake = fake_fetch(monkeypatch, tmp_path)
    window, page = welcome_with_offer(qtbot, make_app_window, tmp_path)
    size = format_bytes(sum(FILES[n] for n in WANTED))
    expected = f"A better model for real footage: CLIP ViT-B/32 (OpenAI), open vocabulary, {size} to download"
    assert page.offer_text().startswith(expected)
    assert page._get.isVisible() and page._get.text() == "Get it…" and not page._use.isVisible()
    # (as above: the offer is handled, so a download it started would show now)
    assert fake.calls == [] and window.wiring.models._fetch is None, "no download starts unasked"


def test_get_it_fetches_once_with_progress_then_offers_to_use_it(
        qtbot, make_app_window, tmp_path, monkeypatch, online):
    fake = fake_fetch(monkeypatch, tmp_path)
    window, page = welcome_with_offer(qtbot, make_app_window, tmp_path)
    seen = []
    window.wiring.models.fetch_progress.connect(lambda repo, done, total: seen.append((repo, done, total)))
    qtbot.mouseClick(page._get, Qt.MouseButton.LeftButton)
    assert page._fetch_bar.isVisible() and page._cancel.isVisible() and not page._get.isVisible()
    page._get.click()  # a second click (the button is gone) starts nothing
    with qtbot.waitSignal(window.wiring.models.fetch_done, timeout=10_000):
        pass
    assert fake.calls == [CLIP], "exactly one download"
    assert seen and seen[-1] == (CLIP, 1_000_000, 1_000_000)
    assert page._use.isVisible() and not page._fetch_bar.isVisible() and "ready" in page.offer_text()
    qtbot.waitUntil(lambda: window.wiring.models._fetch is None, timeout=10_000)


def test_cancel_stops_the_download_and_offers_it_again(qtbot, make_app_window, tmp_path, monkeypatch, online):
    fake = fake_fetch(monkeypatch, tmp_path, hold=True)
    window, page = welcome_with_offer(qtbot, make_app_window, tmp_path)
    qtbot.mouseClick(page._get, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page._fetch_bar.maximum() == 1000 and page._fetch_bar.value() == 300, timeout=10_000)
    with qtbot.waitSignal(window.wiring.models.fetch_failed, timeout=10_000):
        qtbot.mouseClick(page._cancel, Qt.MouseButton.LeftButton)
    assert fake.saw_cancel.is_set() and fake.calls == [CLIP]
    assert "cancelled" in page.offer_text() and page._get.isVisible() and not page._cancel.isVisible()
    qtbot.waitUntil(lambda: window.wiring.models._fetch is None, timeout=10_000)


def test_a_cached_model_is_offered_ready_to_use_through_the_model_dialog(
        qtbot, make_app_window, tmp_path, monkeypatch, hub_cache):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    fake = fake_fetch(monkeypatch, tmp_path)
    cached_snapshot(hub_cache, CLIP, SHA)
    window, page = welcome_with_offer(qtbot, make_app_window, tmp_path)
    assert "ready on this computer" in page.offer_text() and "CLIP ViT-B/32" in page.offer_text()
    assert page._use.isVisible() and not page._get.isVisible()
    qtbot.mouseClick(page._use, Qt.MouseButton.LeftButton)
    models = window.wiring.models
    qtbot.waitUntil(lambda: models.dialog is not None and models.dialog.isVisible(), timeout=30_000)
    entry = models.dialog._current_entry()
    assert entry.source == CLIP and not entry.needs_download
    assert models.dialog._use_button.isEnabled()  # switching goes through the dialog, as always
    models.dialog.reject()
    assert fake.calls == []
