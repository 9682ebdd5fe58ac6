"""The model dialog's list: the model in use stood out by its whole row in bold, its description
("knows the generated demo world") and what it knows read as a heading while the other models'
read plain. Now only its first line, its name with "(in use)", is drawn bold
(``app.model_rows.ModelRows``); the lines under it are drawn in the list's own font, as the others'."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

import app.model_rows
from app.model_dialog import ModelDialog, ModelEntry
from core.encoders.card import ModelCard

DEMO, STUDENT = "/app/resources/models/demo", "/home/me/models/student-2024"


@pytest.fixture(autouse=True)
def _no_real_dialogs(no_real_dialogs):
    pass


def painted_lines(qtbot, monkeypatch, dialog) -> dict[str, bool]:
    """{line: drawn bold} of every line the list paints."""
    drawn = {}
    real = app.model_rows.wrapped

    def recording(text, font, width):
        drawn[text] = font.bold()
        return real(text, font, width)

    monkeypatch.setattr(app.model_rows, "wrapped", recording)
    dialog._list.viewport().repaint()
    qtbot.waitUntil(lambda: bool(drawn), timeout=10_000)
    return drawn


def test_only_the_name_of_the_model_in_use_is_bold(qtbot, monkeypatch):
    card = ModelCard(title="Demo", summary="coloured shapes moving on plain backgrounds")
    entries = [ModelEntry("demo", DEMO, "Demo model", "knows the generated demo world", card=card),
               ModelEntry("exported", STUDENT, "student-2024", "trained 2024-05-01")]
    dialog = ModelDialog(entries, DEMO, 3)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    item = dialog._list.item(0)
    assert item.data(Qt.ItemDataRole.UserRole) == DEMO and "(in use)" in item.text()
    assert not item.font().bold(), "the whole row, its description too, was bold"
    drawn = painted_lines(qtbot, monkeypatch, dialog)
    assert drawn.get("Demo model  (in use)") is True, drawn
    assert drawn.get("knows the generated demo world") is False, drawn
    assert drawn.get("Knows: coloured shapes moving on plain backgrounds") is False, drawn
    assert drawn.get("student-2024") is False and drawn.get("trained 2024-05-01") is False, drawn


def test_a_long_description_still_wraps_within_its_row(qtbot):
    long = " ".join(["a description of what this model was trained on"] * 6)
    dialog = ModelDialog([ModelEntry("demo", DEMO, "Demo model", long)], DEMO, 0)
    qtbot.addWidget(dialog)
    dialog.resize(360, 400)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog._list
    rect = view.visualRect(view.model().index(0, 0))
    line = view.fontMetrics().height()
    assert rect.height() >= 4 * line, (rect.height(), line)  # (name, then the description on 3+ lines)
