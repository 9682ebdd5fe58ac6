"""Choosing the bundled real-footage model in File › Model… said "Loading model real…" in the status
bar (its folder's name) while it loaded, then "Model: Seekframe everyday scenes (bundled)": the
status bar now names the model loading as the dialog named it (s57 M)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.model_dialog import ModelDialog
from core.errors import ModelError
from tests.app.conftest import SESSION_TIMEOUT_MS
from tests.app.test_integration_models import open_dialog, select


def test_a_model_chosen_in_the_dialog_loads_under_its_name(qtbot, make_app_window, demo_library, loader,
                                                           monkeypatch, bundled_real):
    real = str(bundled_real)

    def demo_only(source):  # (the switch fails once named: nothing is re-indexed)
        if Path(str(source)) == Path(real):
            raise ModelError("not loaded in this test")
        return loader(source)

    window = make_app_window(demo_library, model_loader=demo_only)
    session = window.session
    monkeypatch.setattr(ModelDialog, "confirm_switch", lambda self, label, n: True)
    dialog = open_dialog(qtbot, window)
    select(dialog, real)
    said = []
    session.model_loading.connect(lambda _source: said.append(window.status_widgets.model_label.text()))
    with qtbot.waitSignal(session.model_switch_failed, timeout=SESSION_TIMEOUT_MS):
        qtbot.mouseClick(dialog._use_button, Qt.MouseButton.LeftButton)
    assert said == ["Loading model Seekframe everyday scenes (bundled)…"]
