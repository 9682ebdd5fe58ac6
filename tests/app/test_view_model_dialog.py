"""ModelDialog: listing, what switching means, confirmation, fetch progress, success and failure."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.model_dialog import ModelDialog, ModelEntry, known_hub_models

DEMO = "/app/resources/models/demo"
STUDENT = "/home/me/.local/share/seekframe/models/student-2024"
CLIP32 = "openai/clip-vit-base-patch32"


@pytest.fixture(autouse=True)
def _no_real_dialogs(no_real_dialogs):
    pass


def entries():
    return [ModelEntry("bundled", DEMO, "Demo model", "knows the generated demo world"),
            ModelEntry("exported", STUDENT, "student-2024", "trained 2024-05-01"),
            *known_hub_models()]


def make(qtbot, videos=12, active=DEMO, items=None):
    d = ModelDialog(items if items is not None else entries(), active, videos)
    qtbot.addWidget(d)
    d.show()
    return d


def row_text(d, source):
    for i in range(d._list.count()):
        if d._list.item(i).data(Qt.ItemDataRole.UserRole) == source:
            return d._list.item(i).text()
    raise KeyError(source)


def confirm(monkeypatch, d, answer):
    asked = []
    monkeypatch.setattr(d, "confirm_switch", lambda label, n: asked.append((label, n)) or answer)
    return asked


def test_known_hub_models():
    ids = [e.source for e in known_hub_models()]
    assert ids == [CLIP32, "openai/clip-vit-base-patch16", "wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M"]
    assert all(e.kind == "hub" and e.needs_download for e in known_hub_models())
    assert [e.needs_download for e in known_hub_models({CLIP32})] == [False, True, True]


def test_lists_models_marks_active_and_explains(qtbot):
    d = make(qtbot)
    assert "(in use)" in row_text(d, DEMO)  # (its name drawn bold: tests/app/test_model_dialog_bold_name.py)
    assert "needs download" in row_text(d, CLIP32) and "in use" not in row_text(d, STUDENT)
    assert d._intro.text() == ("The library was indexed with Demo model; switching re-indexes your 12 videos "
                               "with the new model (captions and notes are kept).")
    assert not d._use_button.isEnabled(), "the active model is already in use"


def test_an_active_model_not_listed_is_added(qtbot):
    d = make(qtbot, active="/models/mine")
    assert d.entries()[0] == ModelEntry("exported", "/models/mine", "mine")
    assert "(in use)" in row_text(d, "/models/mine")


def test_switching_asks_first_and_no_changes_nothing(qtbot, monkeypatch):
    d = make(qtbot)
    asked = confirm(monkeypatch, d, False)
    d.select_source(STUDENT)
    assert d._use_button.isEnabled()
    with qtbot.assertNotEmitted(d.chosen):
        qtbot.mouseClick(d._use_button, Qt.MouseButton.LeftButton)
    assert asked == [("student-2024", 12)] and d.isVisible()
    confirm(monkeypatch, d, True)
    with qtbot.waitSignal(d.chosen) as sig:
        qtbot.mouseClick(d._use_button, Qt.MouseButton.LeftButton)
    assert sig.args == [STUDENT]
    assert d.result() == QDialog.DialogCode.Accepted and not d.isVisible()


def test_no_confirmation_without_indexed_videos(qtbot, monkeypatch):
    d = make(qtbot, videos=0)
    monkeypatch.setattr(d, "confirm_switch", lambda *a: pytest.fail("nothing to re-index"))
    assert d._intro.text().startswith("No videos are indexed yet")
    d.select_source(STUDENT)
    with qtbot.waitSignal(d.chosen) as sig:
        qtbot.mouseClick(d._use_button, Qt.MouseButton.LeftButton)
    assert sig.args == [STUDENT]


def test_confirm_switch_asks_with_the_count(qtbot, monkeypatch):
    d = make(qtbot)
    seen = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: seen.append(text) or QMessageBox.StandardButton.Yes)
    assert d.confirm_switch("student-2024", 12)
    assert "12 indexed videos will be re-indexed" in seen[0] and "Captions and notes are kept" in seen[0]


def test_fetch_progress_then_finished_makes_it_usable(qtbot, monkeypatch):
    d = make(qtbot)
    d.select_source(CLIP32)
    assert not d._use_button.isEnabled() and d._fetch.isEnabled()
    assert "downloaded first" in d._message.text()
    with qtbot.waitSignal(d.fetch_requested) as sig:
        qtbot.mouseClick(d._fetch, Qt.MouseButton.LeftButton)
    assert sig.args == [CLIP32]
    assert d._progress.isVisible() and d._progress.maximum() == 0, "indeterminate until sizes are known"
    assert not d._fetch.isEnabled()
    d.set_fetch_progress(50_000_000, 600_000_000)
    assert d._progress.maximum() == 1000 and d._progress.value() == 83
    assert d._progress_label.text() == f"Downloading {CLIP32}: 50.0 MB of 600.0 MB"
    d.fetch_finished("/home/me/.cache/huggingface/hub/models--openai--clip-vit-base-patch32/snapshots/abc")
    assert not d._progress.isVisible()
    assert "needs download" not in row_text(d, CLIP32)
    assert d._list.currentItem().data(Qt.ItemDataRole.UserRole) == CLIP32 and d._use_button.isEnabled()
    assert "is ready" in d._message.text()
    confirm(monkeypatch, d, True)
    with qtbot.waitSignal(d.chosen) as sig:
        qtbot.mouseClick(d._use_button, Qt.MouseButton.LeftButton)
    assert sig.args == [CLIP32]


def test_fetch_failure_is_shown_and_keeps_the_current_model(qtbot):
    d = make(qtbot)
    d.select_source(CLIP32)
    qtbot.mouseClick(d._fetch, Qt.MouseButton.LeftButton)
    msg = "Could not get the model 'openai/clip-vit-base-patch32' … hf download openai/clip-vit-base-patch32"
    d.fetch_failed(msg)
    assert d._message.isVisible() and d._message.text() == msg
    assert d._message.accessibleDescription() == "error"
    assert d._list.currentItem().data(Qt.ItemDataRole.UserRole) == DEMO
    assert not d._progress.isVisible() and not d._use_button.isEnabled()
    assert "needs download" in row_text(d, CLIP32)


def test_cancel_download(qtbot):
    d = make(qtbot)
    d.select_source(CLIP32)
    qtbot.mouseClick(d._fetch, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(d.fetch_cancel_requested):
        qtbot.mouseClick(d._cancel_fetch, Qt.MouseButton.LeftButton)
    assert "Cancelling" in d._progress_label.text()


def test_another_hub_id_is_fetched_and_added(qtbot, monkeypatch):
    d = make(qtbot)
    d._other.setText("laion/CLIP-ViT-B-32-laion2B-s34B-b79K")
    assert d._fetch.isEnabled() and not d._use_button.isEnabled()
    with qtbot.waitSignal(d.fetch_requested) as sig:
        qtbot.mouseClick(d._fetch, Qt.MouseButton.LeftButton)
    assert sig.args == ["laion/CLIP-ViT-B-32-laion2B-s34B-b79K"]
    d.fetch_finished("/cache/laion")
    assert d.entries()[-1].source == "laion/CLIP-ViT-B-32-laion2B-s34B-b79K"
    assert d._other.text() == "" and d._use_button.isEnabled()


def test_a_model_folder_typed_or_browsed(qtbot, monkeypatch, tmp_path):
    d = make(qtbot)
    not_model = tmp_path / "photos"
    not_model.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(not_model))
    qtbot.mouseClick(d._browse, Qt.MouseButton.LeftButton)
    assert d._other.text() == str(not_model)
    assert not d._use_button.isEnabled() and "not a model folder" in d._message.text()
    assert not d._fetch.isEnabled()
    model = tmp_path / "my-student"
    model.mkdir()
    (model / "config.json").write_text("{}")
    d._other.setText(str(model))
    assert d._use_button.isEnabled()
    confirm(monkeypatch, d, True)
    with qtbot.waitSignal(d.chosen) as sig:
        qtbot.mouseClick(d._use_button, Qt.MouseButton.LeftButton)
    assert sig.args == [str(model)]
