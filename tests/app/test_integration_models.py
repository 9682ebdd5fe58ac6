"""The real window, wired: the model dialog from the menu and the status bar; switching asks
first and re-indexes; a hub fetch offline says so and keeps the model."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from app.model_dialog import ModelDialog
from tests.app.conftest import SESSION_TIMEOUT_MS, type_query
from tests.app.test_session_search import RED_BALL


def open_dialog(qtbot, window, via_status_bar: bool = False) -> ModelDialog:
    if via_status_bar:
        qtbot.mouseClick(window.status_widgets.model_label, Qt.MouseButton.LeftButton)
    else:
        window.model_action.trigger()
    qtbot.waitUntil(lambda: window.wiring.models.dialog is not None and window.wiring.models.dialog.isVisible(),
                    timeout=10_000)
    return window.wiring.models.dialog


def select(dialog, source: str) -> None:
    dialog.select_source(source)
    assert dialog._current_entry().source == source


@pytest.fixture
def exported_tiny(tmp_path, monkeypatch, tiny_model_dir):
    """The tiny model as an exported student in the models folder (so the dialog lists it)."""
    models = tmp_path / "models"
    folder = shutil.copytree(tiny_model_dir, models / "tiny")
    monkeypatch.setenv("SEEKFRAME_MODELS", str(models))
    return str(folder)


def test_switching_model_asks_first_no_keeps_everything_yes_reindexes(qtbot, make_app_window, demo_library,
                                                                      exported_tiny, monkeypatch, loader):
    window = make_app_window(demo_library)
    session = window.session
    qtbot.waitUntil(lambda: session.status.videos == 12, timeout=10_000)
    before = (session.encoder, session.status.library_model_id)
    asked = []
    monkeypatch.setattr(ModelDialog, "confirm_switch", lambda self, label, n: asked.append((label, n)) or False)
    dialog = open_dialog(qtbot, window)
    sources = [e.source for e in dialog.entries()]
    assert exported_tiny in sources and session.status.model_source in sources
    assert sum(e.kind == "hub" for e in dialog.entries()) == 3  # the known hub models, once each
    assert "(in use)" in dialog._list.item(sources.index(session.status.model_source)).text()
    assert "re-indexes your 12 videos" in dialog._intro.text()
    select(dialog, exported_tiny)
    loading = []
    session.model_loading.connect(loading.append)
    with qtbot.assertNotEmitted(dialog.chosen):  # the dialog's one way to the session: a switch never starts
        qtbot.mouseClick(dialog._use_button, Qt.MouseButton.LeftButton)
    assert asked == [("tiny", 12)] and dialog.isVisible()  # asked, answered no: nothing happens
    assert loading == [] and (session.encoder, session.status.library_model_id) == before and not session.indexing
    dialog.reject()

    monkeypatch.setattr(ModelDialog, "confirm_switch", lambda self, label, n: asked.append((label, n)) or True)
    dialog = open_dialog(qtbot, window, via_status_bar=True)
    select(dialog, exported_tiny)
    kinds = []
    session.index_event.connect(lambda ev: kinds.append(ev.kind))
    with qtbot.waitSignal(session.model_switched, timeout=SESSION_TIMEOUT_MS):
        qtbot.mouseClick(dialog._use_button, Qt.MouseButton.LeftButton)
    assert window.wiring.models.dialog is None and len(asked) == 2  # the dialog closed
    qtbot.waitUntil(lambda: "finished" in kinds and not session.indexing, timeout=SESSION_TIMEOUT_MS)
    qtbot.waitUntil(lambda: session.status.videos == 12, timeout=10_000)
    tiny = loader(exported_tiny)
    assert session.encoder is tiny and session.status.library_model_id == tiny.model_id
    assert window.status_widgets.model_label.text() == "Model: tiny"
    assert window.settings.model_source == exported_tiny
    assert type_query(qtbot, window, RED_BALL.query)  # the re-indexed library answers


def test_fetching_a_hub_model_offline_says_so_and_keeps_the_model(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    session = window.session
    encoder, source = session.encoder, session.status.model_source
    dialog = open_dialog(qtbot, window)
    hub = next((e for e in dialog.entries() if e.kind == "hub" and e.needs_download), None)
    if hub is None:
        pytest.skip("every known hub model is in this machine's cache")
    select(dialog, hub.source)
    assert dialog._fetch.isEnabled() and not dialog._use_button.isEnabled()
    qtbot.mouseClick(dialog._fetch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog._message.isVisible() and "could not be reached" in dialog._message.text(),
                    timeout=30_000)
    assert "no network" in dialog._message.text()
    assert f"hf download {hub.source}" in dialog._message.text()  # what to do instead
    assert f"The current model ({session.status.model_title}) stays in use." in dialog._message.text()
    assert dialog._message.accessibleDescription() == "error"
    qtbot.waitUntil(lambda: window.wiring.models._fetch is None, timeout=10_000)
    assert dialog._current_entry().source == source  # back on the model in use
    assert session.encoder is encoder and session.status.model_source == source
    dialog.reject()
    assert type_query(qtbot, window, RED_BALL.query)
