"""A model switch named the model by its config's name or its folder where the status bar and the model
dialog name it by its card's title: "Switch to Seekframe everyday scenes (bundled)?" was followed by
"Re-indexing the library with seekframe-everyday", a failed switch said "The current model
(/…/models/demo) stays in use", and a hub model loaded as "clip-vit-base-patch32" where the welcome page
and the dialog offered "CLIP ViT-B/32 (OpenAI)". Every word a switch says names it as the dialog does
(s58 E)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from app.model_dialog import ModelDialog
from app.requests import SessionStatus
from core.encoders.card import CLIP_CARD
from core.errors import ModelError
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_integration_models import open_dialog, select

TITLE = "Tiny scenes (a test card)"
DEMO_TITLE = "Seekframe demo model"  # (the bundled demo model's card: File › Model… lists it so)


def test_a_switch_says_the_models_card_title(qtbot, make_app_window, demo_library, tiny_model_dir, tmp_path,
                                             monkeypatch):
    models = tmp_path / "models"
    folder = shutil.copytree(tiny_model_dir, models / "tiny")
    (folder / "card.json").write_text(json.dumps({"title": TITLE, "summary": "for a test", "domain": "real"}))
    monkeypatch.setenv("SEEKFRAME_MODELS", str(models))
    window = make_app_window(demo_library)
    session = window.session
    qtbot.waitUntil(lambda: session.status.videos == 12, timeout=10_000)
    said = []
    session.message.connect(lambda _level, text: said.append(text))
    monkeypatch.setattr(ModelDialog, "confirm_switch", lambda self, label, n: True)
    dialog = open_dialog(qtbot, window)
    select(dialog, str(folder))
    with qtbot.waitSignal(session.model_switched, timeout=SESSION_TIMEOUT_MS):
        qtbot.mouseClick(dialog._use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not session.indexing and session.status.library_model_id == session.encoder.model_id,
                    timeout=SESSION_TIMEOUT_MS)  # (re-indexed, and a status read since says so)
    qtbot.waitUntil(lambda: window.status_widgets.model_label.text() == f"Model: {TITLE}", timeout=10_000)
    assert any(f"Re-indexing the library with {TITLE};" in text for text in said), said
    assert not any("tiny" in text for text in said), said  # (its config's name, its folder's)


def test_a_failed_switch_names_the_model_kept_by_its_title(qtbot, make_app_window, demo_library, loader,
                                                          monkeypatch):
    def fails(source):
        if str(source) == "seekframe-tests/no-such-model":
            raise ModelError("not loaded in this test")
        return loader(source)

    window = make_app_window(demo_library, model_loader=fails)
    session = window.session
    title = session.status.model_title
    assert title and title != session.status.model_name  # (the demo model's card has a title of its own)
    errors = []
    session.message.connect(lambda level, text: level == "error" and errors.append(text))
    with qtbot.waitSignal(session.model_switch_failed, timeout=SESSION_TIMEOUT_MS):
        session.switch_model("seekframe-tests/no-such-model")
    assert errors and errors[-1].endswith(f"The current model ({title}) stays in use."), errors
    assert window.status_widgets.model_label.text() == f"Model: {title}"


def test_a_known_hub_model_is_named_as_the_welcome_page_offers_it(qtbot, make_app_window, demo_library, loader):
    hub = "openai/clip-vit-base-patch32"
    status = SessionStatus(model_name="clip-vit-base-patch32", model_source=hub, model_card=CLIP_CARD)
    assert status.model_title == "CLIP ViT-B/32 (OpenAI)"  # (the CLIP family's card names no one model)

    def fails(source):
        if str(source) == hub:
            raise ModelError("offline in this test")
        return loader(source)

    window = make_app_window(demo_library, model_loader=fails)
    session = window.session
    loading = []
    session.model_loading.connect(lambda _source: loading.append(window.status_widgets.model_label.text()))
    with qtbot.waitSignal(session.model_switch_failed, timeout=SESSION_TIMEOUT_MS):
        session.switch_model(hub)  # (no name given: as at an open, where no dialog named it)
    assert loading == ["Loading model CLIP ViT-B/32 (OpenAI)…"]
    assert Path(session.status.model_source).name == "demo"  # (the model kept)


def test_a_library_of_another_model_names_the_model_in_hand_by_its_title(demo_library, tiny_model_dir, tmp_path,
                                                                          loader):
    from app.engine import make_searcher
    from core.library import VideoLibrary

    folder = shutil.copytree(tiny_model_dir, tmp_path / "models" / "tiny")
    (folder / "card.json").write_text(json.dumps({"title": TITLE, "summary": "for a test", "domain": "real"}))
    with VideoLibrary(demo_library) as library:  # (indexed with the demo model)
        searcher, said = make_searcher(library, loader(str(folder)))
        demo = library.meta.model_source
    assert searcher is None and f"so the model {TITLE} cannot search it" in said, said
    assert f"switch to {TITLE} again" in said and str(folder) not in said, said
    # the library's model too, as File › Model… lists it (its card's title), never by its folder (s58 fr_4 F1)
    assert said.startswith(f"This library was indexed with the model {DEMO_TITLE}, so"), said
    assert demo and demo not in said, said


def test_the_windows_own_refusal_names_the_librarys_model_without_a_look_at_its_folder(
        qtbot, make_app_window, demo_library, tiny_model_dir, tmp_path, loader, monkeypatch):
    """The refusal made in the GUI thread (``Session.search_with``: a switch's end, another process's
    re-index) names the library's model by the title the last status read (a worker's) gave it: its
    card is never read in the GUI thread, where a model on a share that stopped answering hangs it."""
    import threading

    import core.encoders.card

    window = make_app_window(demo_library)
    session = window.session
    qtbot.waitUntil(lambda: session.status.library_model_title == DEMO_TITLE, timeout=SESSION_TIMEOUT_MS)
    folder = shutil.copytree(tiny_model_dir, tmp_path / "models" / "tiny")
    (folder / "card.json").write_text(json.dumps({"title": TITLE, "summary": "for a test", "domain": "real"}))
    tiny = loader(str(folder))
    read_in = []
    real = core.encoders.card.card_of_source
    monkeypatch.setattr(core.encoders.card, "card_of_source",
                        lambda source: read_in.append(threading.current_thread()) or real(source))
    session.search_with(tiny)
    assert session.searcher is None
    assert session.mismatch.startswith(f"This library was indexed with the model {DEMO_TITLE}, so the model "
                                       f"{TITLE} cannot search it."), session.mismatch
    assert threading.main_thread() not in read_in
